"""Seed the dated deadlines of the monthly report up the chain as rules.Parameter rows.

The monthly report comes from the district's own dispatch (domain.md §10: "the seed also asks for
monthly reports"), not from a decree: the days below are the project's reading of that request and
are marked unconfirmed until the district states them. The day is a day of the month after the
month reported. `seed` is idempotent (tests call it again after a transactional test empties the
tables)."""

from datetime import date

from django.db import migrations

TT02 = "02/2021/TT-BLĐTBXH"
START = date(2021, 7, 1)
CLAUSE = "Điều 6 (chế độ báo cáo); hạn báo cáo tháng theo yêu cầu của huyện"
NOTE = "Ngày trong tháng sau tháng báo cáo. Theo yêu cầu báo cáo tháng của huyện (domain.md §10), cần xác nhận."

# key, value, clause, note
PARAMETERS = [
    ("reports.monthly_due_day.commune", "5", CLAUSE, "Xã gửi báo cáo tháng. " + NOTE),
    ("reports.monthly_due_day.district", "10", CLAUSE, "Phòng LĐ-TB&XH gửi báo cáo tháng tổng hợp. " + NOTE),
]


def seed(apps, schema_editor):
    LegalDocument = apps.get_model("rules", "LegalDocument")
    Parameter = apps.get_model("rules", "Parameter")
    source = LegalDocument.objects.filter(number=TT02).first()
    if source is None:
        return
    for key, value, clause, note in PARAMETERS:
        Parameter.objects.get_or_create(
            key=key,
            valid_from=START,
            defaults={"value": value, "source": source, "clause": clause, "confidence": "unconfirmed", "note": note},
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("rules", "0002_seed_law")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
