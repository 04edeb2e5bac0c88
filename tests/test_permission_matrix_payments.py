"""Every payment page and action for every kind of actor. The post office sees only the lists sent
to it and never the register; refused requests change nothing (tests/permissions.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from ansinh.core.months import YearMonth
from ansinh.core.tests import samples
from ansinh.payments.actions import (
    authorisation_create,
    payroll_approve,
    payroll_generate,
    payroll_send,
    recoveries_detect,
)
from ansinh.payments.models import PayrollLine, PayrollMonth, Recovery
from ansinh.payments.tests.conftest import ACKNOWLEDGED, beneficiary, run_month
from ansinh.registry.models import LifeStatus
from tests.permissions import LOGIN, Endpoint, check_allowed_write, check_endpoint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_reform")]  # the district flow (conftest)
AUGUST, SEPTEMBER = YearMonth(2024, 8), YearMonth(2024, 9)

EVERYONE = {
    "own_commune_officer", "own_commune_chair", "own_council_officer", "other_commune_officer", "labour_officer",
    "labour_head", "district_chair", "finance_officer", "social_insurance_officer", "post_office_officer",
    "culture_officer", "vocational_officer", "province_viewer", "admin",
}  # fmt: skip
LIST_READERS = {"own_commune_officer", "own_commune_chair", "other_commune_officer", "labour_officer", "labour_head"}
LIST_READERS |= {"district_chair", "finance_officer", "province_viewer", "admin"}
READERS_OF_DOI_NGO = LIST_READERS - {"other_commune_officer"}
PAGE_READERS = LIST_READERS | {"post_office_officer"}
REGISTER_READERS = {"own_commune_officer", "own_commune_chair", "own_council_officer", "other_commune_officer"}
REGISTER_READERS |= {"labour_officer", "labour_head", "district_chair", "admin"}
KEEPERS = {"own_commune_officer", "labour_officer", "labour_head"}
AUTHORISATION_READERS = READERS_OF_DOI_NGO - {"finance_officer", "province_viewer"}


def expect(**groups: tuple[set[str], int | str]) -> dict[str, int | str]:
    """Status per actor: the first group naming an actor wins; everyone must be named."""
    result: dict[str, int | str] = {"anonymous": LOGIN}
    for members, status in groups.values():
        for name in members:
            result.setdefault(name, status)
    assert set(result) == EVERYONE | {"anonymous"}, sorted(EVERYONE - set(result))
    return result


@pytest.fixture
def world(actors, lucnam):
    """August: Đồi Ngô's list sent and paid, one beneficiary dead in July (a recovery); an
    authorisation with its scan. September: Đồi Ngô's list sent, waiting for results."""
    an, _ = beneficiary(lucnam.doi_ngo, "Nguyễn Văn An", coefficient="1.5")
    dead, _ = beneficiary(lucnam.doi_ngo, "Vũ Văn Mất", coefficient="2.0")
    run_month(actors, AUGUST, commune=lucnam.doi_ngo)
    dead.life_status, dead.death_date = LifeStatus.DEAD, date(2024, 7, 10)
    dead.save()
    recoveries_detect(actor=actors.labour_officer)
    authorisation = authorisation_create(
        actor=actors.own_commune_officer,
        person=an,
        authorised_name="Nguyễn Văn Con",
        reference="01/UQ",
        valid_from=date(2024, 7, 1),
        scan=ContentFile(samples.PDF, name="uq.pdf"),  # type: ignore[arg-type]
    )
    run_month(actors, SEPTEMBER, commune=lucnam.doi_ngo, pay=False)
    september = PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=SEPTEMBER.first_day)
    september = payroll_send(
        actor=actors.labour_head,
        payroll=payroll_approve(actor=actors.labour_head, payroll=september, acknowledgement=ACKNOWLEDGED),
    )
    return {
        "person": an,
        "august": PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=AUGUST.first_day),
        "september": september,
        "recovery": Recovery.objects.get(),
        "authorisation": authorisation,
    }


def test_pages_of_the_month(actors, world):
    outsiders = EVERYONE - PAGE_READERS
    for name in [
        "payments:month",
        "payments:reconciliation",
        "payments:district_summary",
        "payments:post_office_report",
    ]:
        expected = expect(readers=(PAGE_READERS, 200), outsiders=(outsiders, 403))
        check_endpoint(Endpoint(name, reverse(name), data={"thang": "2024-08"}), actors.named(), expected)


def test_one_list_and_its_documents(actors, world):
    september = world["september"]
    for name in ["payments:payroll_detail", "payments:payroll_xlsx", "payments:payroll_signature_pdf"]:
        expected = expect(readers=(READERS_OF_DOI_NGO | {"post_office_officer"}, 200), others=(EVERYONE, 404))
        check_endpoint(Endpoint(name, reverse(name, args=[september.pk])), actors.named(), expected)
    line = PayrollLine.objects.filter(payroll=september).first()
    assert line is not None
    expected = expect(readers=(READERS_OF_DOI_NGO | {"post_office_officer"}, 200), others=(EVERYONE, 404))
    check_endpoint(Endpoint("line", reverse("payments:line_detail", args=[line.pk])), actors.named(), expected)


def test_the_post_office_never_sees_a_draft_nor_the_register(actors, world, lucnam):
    beneficiary(lucnam.cam_ly, "Phạm Thị Dung", coefficient="1.0")
    payroll_generate(actor=actors.labour_officer, month=YearMonth(2024, 10))
    draft = PayrollMonth.objects.get(commune=lucnam.doi_ngo, month=YearMonth(2024, 10).first_day)
    post_office = {"post_office_officer": actors.post_office_officer}
    for name in ["payments:payroll_detail", "payments:payroll_xlsx"]:
        check_endpoint(Endpoint(name, reverse(name, args=[draft.pk])), post_office, {"post_office_officer": 404})
    for name in ["registry:person_list", "payments:authorisations", "payments:recoveries", "payments:rate_changes"]:
        check_endpoint(Endpoint(name, reverse(name)), post_office, {"post_office_officer": 403})
    check_endpoint(
        Endpoint("person", reverse("registry:person_detail", args=[world["person"].pk])),
        post_office,
        {"post_office_officer": 404},
    )


def test_recoveries(actors, world):
    recovery = world["recovery"]
    readers = LIST_READERS
    check_endpoint(
        Endpoint("recoveries", reverse("payments:recoveries")),
        actors.named(),
        expect(readers=(readers, 200), others=(EVERYONE, 403)),
    )
    check_endpoint(
        Endpoint("recovery", reverse("payments:recovery_detail", args=[recovery.pk])),
        actors.named(),
        expect(readers=(READERS_OF_DOI_NGO, 200), others=(EVERYONE, 404)),
    )
    repay = Endpoint(
        "repay", reverse("payments:recovery_repay", args=[recovery.pk]), "POST", {"amount": 1000, "on": "01/09/2024"}
    )
    check_endpoint(
        repay,
        actors.named(),
        expect(
            labour=({"labour_officer", "labour_head"}, 302),
            readers=(READERS_OF_DOI_NGO, 403),
            others=(EVERYONE, 404),
        ),
    )
    write_off = Endpoint(
        "write_off",
        reverse("payments:recovery_write_off", args=[recovery.pk]),
        "POST",
        {"decision_reference": "QĐ 5", "on": "01/09/2024"},
    )
    check_endpoint(
        write_off,
        actors.named(),
        expect(head=({"labour_head"}, 302), readers=(READERS_OF_DOI_NGO, 403), others=(EVERYONE, 404)),
    )
    offset = Endpoint("offset", reverse("payments:offset_setting"), "POST", {"offset_recoveries": "on"})
    check_endpoint(
        offset, actors.named(), expect(deciders=({"labour_head", "district_chair"}, 302), others=(EVERYONE, 403))
    )


def test_authorisations(actors, world):
    authorisation, person = world["authorisation"], world["person"]
    check_endpoint(
        Endpoint("list", reverse("payments:authorisations")),
        actors.named(),
        expect(readers=(AUTHORISATION_READERS | {"other_commune_officer"}, 200), others=(EVERYONE, 403)),
    )
    check_endpoint(
        Endpoint("scan", reverse("payments:authorisation_scan", args=[authorisation.pk])),
        actors.named(),
        expect(readers=(AUTHORISATION_READERS, 200), others=(EVERYONE, 404)),
    )
    sees_person = REGISTER_READERS - {"other_commune_officer"}
    for name, target, readers, posted in (
        ("payments:authorisation_create", person.pk, sees_person, AUTHORISATION_FORM),
        ("payments:authorisation_renew", authorisation.pk, AUTHORISATION_READERS, AUTHORISATION_FORM),
    ):
        url = reverse(name, args=[target])
        expected = expect(keepers=(KEEPERS, 200), readers=(readers, 403), others=(EVERYONE, 404))
        check_endpoint(Endpoint(name, url), actors.named(), expected)
        refused = {actor: status for actor, status in expected.items() if status != 200}
        submit = Endpoint(name, url, "POST", posted)
        check_endpoint(submit, {actor: actors.named()[actor] for actor in refused}, refused)
        check_allowed_write(submit, "own_commune_officer", actors.own_commune_officer)
    revoke = Endpoint(
        "revoke",
        reverse("payments:authorisation_revoke", args=[authorisation.pk]),
        "POST",
        {"on": "01/09/2024", "reason": "Yêu cầu"},
    )
    check_endpoint(
        revoke,
        actors.named(),
        expect(keepers=(KEEPERS, 302), readers=(AUTHORISATION_READERS, 403), others=(EVERYONE, 404)),
    )


# a new authorisation (and a renewal of the existing one), as the commune's form posts it
AUTHORISATION_FORM = {
    "authorised_name": "Nguyễn Thị Cháu",
    "relation": "Cháu",
    "reference": "02/UQ",
    "valid_from": "01/10/2024",
    "valid_to": "31/12/2025",
}


def test_rate_changes(actors, world):
    expected = expect(readers=(REGISTER_READERS, 200), others=(EVERYONE, 403))
    data = {"before": "06/2024", "after": "07/2024"}
    check_endpoint(Endpoint("rates", reverse("payments:rate_changes"), data=data), actors.named(), expected)


def test_writes_on_a_list(actors, world, lucnam):
    september = world["september"]
    generate = Endpoint(
        "generate", reverse("payments:generate"), "POST", {"month": "09/2024", "commune": lucnam.doi_ngo.pk}
    )
    check_endpoint(
        generate, actors.named(), expect(labour=({"labour_officer", "labour_head"}, 302), others=(EVERYONE, 403))
    )
    for name in ["payments:payroll_approve", "payments:payroll_send"]:
        endpoint = Endpoint(name, reverse(name, args=[september.pk]), "POST")
        expected = expect(
            head=({"labour_head"}, 302),
            readers=(READERS_OF_DOI_NGO | {"post_office_officer"}, 403),
            others=(EVERYONE, 404),
        )
        check_endpoint(endpoint, actors.named(), expected)
    line = PayrollLine.objects.filter(payroll=september).first()
    assert line is not None
    result = Endpoint(
        "result",
        reverse("payments:payroll_result", args=[september.pk]),
        "POST",
        {"line": line.pk, "not_paid_reason": "Đi vắng"},
    )
    upload = Endpoint("upload", reverse("payments:payroll_upload", args=[september.pk]), "POST", {})
    for endpoint, done in ((result, 302), (upload, 400)):
        expected = expect(
            post_office=({"post_office_officer"}, done), readers=(READERS_OF_DOI_NGO, 403), others=(EVERYONE, 404)
        )
        check_endpoint(endpoint, actors.named(), expected)
    report = Endpoint("report", reverse("payments:post_office_report"), "POST", {"month": "13/2024"})
    check_endpoint(
        report,
        actors.named(),
        expect(post_office=({"post_office_officer"}, 400), readers=(PAGE_READERS, 403), others=(EVERYONE, 403)),
    )


def test_after_the_reform_the_commune_chair_approves_and_the_district_offices_only_read(actors, lucnam, today_is):
    """07/2025: Xã Lục Nam's list is made by its officer and approved and sent by its chair (payments.policies,
    dated by the month); the labour office, the district chair and the finance office are an archive."""
    from tests.fixtures import make_user

    today_is(date(2025, 7, 20))
    commune = lucnam["07444@2025"]
    named = {
        **actors.named(),
        "new_commune_officer": make_user("xa.lucnam", "ubnd-07444-2025", "officer"),
        "new_commune_chair": make_user("xa.lucnam.ct", "ubnd-07444-2025", "chair"),
        "other_new_chair": make_user("xa.dongphu.ct", "ubnd-07450-2025", "chair"),
    }
    beneficiary(commune, "Nguyễn Văn Bảy", coefficient="1.5", start=YearMonth(2025, 7))
    july = Endpoint("generate", reverse("payments:generate"), "POST", {"month": "07/2025", "commune": commune.pk})
    check_allowed_write(july, "new_commune_officer", named["new_commune_officer"])
    payroll_generate(actor=named["new_commune_officer"], month=YearMonth(2025, 7), commune=commune)
    payroll = PayrollMonth.objects.get(commune=commune, month=date(2025, 7, 1))
    district = {"labour_officer", "labour_head", "district_chair", "finance_officer"}
    for name in ["payments:payroll_approve", "payments:payroll_send"]:
        endpoint = Endpoint(name, reverse(name, args=[payroll.pk]), "POST", {"acknowledgement": ACKNOWLEDGED})
        # the district archive and the province read the list; the post office sees it once approved
        post_office = {"post_office_officer"} if name == "payments:payroll_send" else set()
        expected = expect_with(
            named,
            chair=({"new_commune_chair"}, 302),
            readers=({"new_commune_officer", "admin", "province_viewer"} | district | post_office, 403),
            others=(set(named) - {"anonymous"}, 404),
        )
        if name == "payments:payroll_send":  # sent only once approved
            payroll_approve(actor=named["new_commune_chair"], payroll=payroll, acknowledgement=ACKNOWLEDGED)
        check_endpoint(endpoint, named, expected)
    archive = {name: named[name] for name in district}
    for name in district:  # every district office still reads the lists of its months
        check_endpoint(
            Endpoint("month", reverse("payments:month"), data={"thang": "06/2025"}), {name: archive[name]}, {name: 200}
        )


def expect_with(named: dict[str, object], **groups: tuple[set[str], int | str]) -> dict[str, int | str]:
    result: dict[str, int | str] = {"anonymous": LOGIN}
    for members, status in groups.values():
        for name in members:
            result.setdefault(name, status)
    assert set(result) == set(named), sorted(set(named) - set(result))
    return result
