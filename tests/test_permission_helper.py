"""The permission matrix's write watch sees writes to application tables and nothing else."""

from ansinh.accounts.models import Office
from tests.permissions import writes_recorded


def test_a_write_to_an_application_table_is_seen(lucnam):
    with writes_recorded() as writes:
        office = Office.objects.first()
        office.name = office.name + " (sửa)"
        office.save()
    assert writes and writes[0].lstrip().upper().startswith("UPDATE")


def test_reads_and_sessions_are_not_writes(lucnam, client, actors):
    client.force_login(actors.own_commune_officer)
    with writes_recorded() as writes:
        list(Office.objects.all())
        client.get("/")
    assert writes == []
