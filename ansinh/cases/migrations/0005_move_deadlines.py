"""Deadlines of a change of residence (NĐ 20/2021/NĐ-CP Art 9; domain.md §5): within the
district the new commune forwards within 3 working days and the labour office decides within 3;
from another district the new labour office has 5. Dated rules parameters owned by cases."""

from datetime import date

from django.db import migrations

START = date(2021, 7, 1)
ROWS = [
    ("deadline.move_commune", 3, "Điều 9", "Xã nơi chuyển đến chuyển hồ sơ (chuyển nơi hưởng)."),
    ("deadline.move_labour", 3, "Điều 9", "Phòng LĐ-TB&XH xử lý hồ sơ chuyển nơi hưởng trong huyện."),
    ("deadline.move_labour_external", 5, "Điều 9", "Phòng LĐ-TB&XH nơi đến xử lý hồ sơ chuyển từ huyện khác."),
]


def seed(apps, schema_editor):
    LegalDocument = apps.get_model("rules", "LegalDocument")
    Parameter = apps.get_model("rules", "Parameter")
    source = LegalDocument.objects.filter(number="20/2021/NĐ-CP").first()
    if source is None:
        return
    for key, value, clause, note in ROWS:
        if not Parameter.objects.filter(key=key).exists():
            Parameter.objects.create(
                key=key,
                value=value,
                valid_from=START,
                valid_to=None,
                source=source,
                clause=clause,
                confidence="unconfirmed",
                note=note,
            )


def unseed(apps, schema_editor):
    apps.get_model("rules", "Parameter").objects.filter(key__in=[row[0] for row in ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_suspension_arrears"),
        ("rules", "0002_seed_law"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
