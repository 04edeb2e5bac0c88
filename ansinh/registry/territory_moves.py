"""What the register moves when a territorial change is applied (territory.changes): people and
households, with a new `Residence` from the change's date (the old one ends the day before, so the
months before the change keep their old commune and village)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Case, F, IntegerField, Value, When

from ansinh.registry.models import Household, Person, Residence
from ansinh.territory.changes import Change, ChangeReport


def _village_case(change: Change) -> Case | None:
    if not change.village_of:
        return None
    return Case(
        *(When(village_id=old, then=Value(new)) for old, new in change.village_of.items()),
        default=F("village_id"),
        output_field=IntegerField(),
    )


def move_people(change: Change, report: ChangeReport) -> None:
    village = _village_case(change)
    for old, new in change.pairs():
        people = Person.objects.filter(commune_id=old)
        # the open residence ends the day before; one that starts on or after the date is re-pointed
        Residence.objects.filter(person__commune_id=old, valid_to__isnull=True, valid_from__lt=change.day).update(
            valid_to=change.last_old_day
        )
        Residence.objects.filter(commune_id=old, valid_from__gte=change.day).update(
            commune_id=new, **({"village_id": village} if village is not None else {})
        )
        moved = people.update(commune_id=new, **({"village_id": village} if village is not None else {}))
        report.add((old, new), "people", moved)
        if not moved:
            continue
        with connection.cursor() as cursor:
            cursor.execute(
                """INSERT INTO registry_residence (person_id, commune_id, village_id, valid_from, valid_to, source)
                   SELECT p.id, p.commune_id, p.village_id, %s, NULL, %s FROM registry_person p
                   WHERE p.commune_id = %s AND NOT EXISTS (
                       SELECT 1 FROM registry_residence r WHERE r.person_id = p.id AND r.valid_to IS NULL)""",
                [change.day, f"Sắp xếp đơn vị hành chính ngày {change.day:%d/%m/%Y}", new],
            )
        households = Household.objects.filter(commune_id=old).update(
            commune_id=new, **({"village_id": village} if village is not None else {})
        )
        report.add((old, new), "households", households)
