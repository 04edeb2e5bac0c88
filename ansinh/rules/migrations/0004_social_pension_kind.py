"""The social pension as a second programme (issue 15 item 3): its category kind and its two categories,
valid from 01/07/2025 (Luật BHXH 41/2024/QH15 Arts 21-22; NĐ 176/2025/NĐ-CP; domain.md §5).

The amount is the dated parameter `social_pension` seeded by 0002 (500.000 đ from 07/2025, 540.000 đ from
07/2026, unconfirmed), not a coefficient of the standard rate, so the categories have no coefficient
rows. Written out here (not imported from app code) so the migration keeps its result; `seed` may run
again without duplicating (tests/fixtures.py re-runs it after a transactional test emptied the tables).
"""

from datetime import date

from django.db import migrations, models

PENSION_START = date(2025, 7, 1)
# code, name, order, min age, max age, source, clause, confidence, note
CATEGORIES = [
    (
        "HTXH.75",
        "Hưu trí xã hội, từ đủ 75 tuổi",
        200,
        75,
        None,
        "41/2024/QH15",
        "Điều 21 khoản 1 điểm a",
        "confirmed",
        "Công dân từ đủ 75 tuổi trở lên không hưởng lương hưu, trợ cấp BHXH hằng tháng.",
    ),
    (
        "HTXH.70",
        "Hưu trí xã hội, từ đủ 70 đến dưới 75 tuổi, hộ nghèo, cận nghèo",
        210,
        70,
        74,
        "176/2025/NĐ-CP",
        "(chưa rõ điều khoản)",
        "unconfirmed",
        "Độ tuổi 70 theo NĐ 176/2025 (nguồn thứ cấp; Luật BHXH 2024 Điều 21 quy định từ đủ 75 tuổi).",
    ),
]


# key, value (working days), source, clause, confidence, note
PARAMETERS = [
    (
        "deadline.social_pension_decision",
        10,
        "176/2025/NĐ-CP",
        "(chưa rõ điều khoản)",
        "unconfirmed",
        "Thủ tục 1.014027: trong 10 ngày làm việc kể từ khi nhận văn bản đề nghị, Chủ tịch UBND xã quyết định "
        "hoặc trả lời bằng văn bản nêu rõ lý do (nguồn thứ cấp).",
    ),
]


def seed(apps, schema_editor):
    LegalDocument = apps.get_model("rules", "LegalDocument")
    Category = apps.get_model("rules", "Category")
    Parameter = apps.get_model("rules", "Parameter")
    for key, value, number, clause, confidence, note in PARAMETERS:
        source = LegalDocument.objects.filter(number=number).first()
        if source is None or Parameter.objects.filter(key=key, valid_from=PENSION_START).exists():
            continue
        Parameter.objects.create(
            key=key,
            value=value,
            valid_from=PENSION_START,
            valid_to=None,
            source=source,
            clause=clause,
            confidence=confidence,
            note=note,
        )
    for code, name, order, min_age, max_age, number, clause, confidence, note in CATEGORIES:
        source = LegalDocument.objects.filter(number=number).first()
        if source is None or Category.objects.filter(code=code).exists():
            continue
        Category.objects.create(
            code=code,
            name=name,
            kind="social_pension",
            care_kind="",
            order=order,
            min_age=min_age,
            max_age=max_age,
            valid_from=PENSION_START,
            valid_to=None,
            source=source,
            clause=clause,
            confidence=confidence,
            note=note,
        )


def unseed(apps, schema_editor):
    apps.get_model("rules", "Parameter").objects.filter(key__in=[row[0] for row in PARAMETERS]).delete()
    apps.get_model("rules", "Category").objects.filter(code__in=[row[0] for row in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rules", "0003_cremation_and_education_parameters"),
    ]

    operations = [
        migrations.AlterField(
            model_name="category",
            name="kind",
            field=models.CharField(
                choices=[
                    ("allowance", "Trợ cấp xã hội hằng tháng"),
                    ("care", "Hỗ trợ kinh phí chăm sóc, nuôi dưỡng"),
                    ("social_pension", "Trợ cấp hưu trí xã hội"),
                ],
                max_length=20,
                verbose_name="loại",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
