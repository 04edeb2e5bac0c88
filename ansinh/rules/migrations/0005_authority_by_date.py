"""Who appraises and decides is dated data (issue 15): `authority.commune_decides` is 0 while the
district's labour office appraises and its chair decides (NĐ 20/2021 Art 8), 1 from 01/07/2025 when
the commune appraises and its chair decides (NĐ 147/2025 Art 5)."""

from datetime import date

from django.db import migrations

KEY = "authority.commune_decides"


def seed(apps, schema_editor):
    LegalDocument = apps.get_model("rules", "LegalDocument")
    Parameter = apps.get_model("rules", "Parameter")
    decree_20 = LegalDocument.objects.filter(number="20/2021/NĐ-CP").first()
    decree_147 = LegalDocument.objects.filter(number="147/2025/NĐ-CP").first()
    if decree_20 is None or decree_147 is None:
        return
    Parameter.objects.get_or_create(
        key=KEY,
        valid_from=date(2021, 7, 1),
        defaults={
            "value": 0,
            "valid_to": date(2025, 6, 30),
            "source": decree_20,
            "clause": "Điều 8 khoản 1",
            "confidence": "confirmed",
            "note": "Phòng LĐ-TB&XH thẩm định, Chủ tịch UBND cấp huyện quyết định.",
        },
    )
    Parameter.objects.get_or_create(
        key=KEY,
        valid_from=date(2025, 7, 1),
        defaults={
            "value": 1,
            "source": decree_147,
            "clause": "Điều 5",
            "confidence": "unconfirmed",
            "note": "Công chức cấp xã thẩm định, Chủ tịch UBND cấp xã quyết định.",
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("rules", "Parameter").objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [("rules", "0004_social_pension_kind")]
    operations = [migrations.RunPython(seed, unseed)]
