"""Cremation support (NQ 17/2019/NQ-HĐND Bắc Giang), education supports (TTLT 42/2013, QĐ 53/2015) and the
emergency rounds' months and deadline (NĐ 20/2021 Art 12) as dated parameters (domain.md §7). The cremation amount, its deadlines and every QĐ 53/2015 number are unconfirmed:
officers see "chưa xác nhận" beside them. The base salary (NĐ 38/2019, 24/2023, 73/2024) is seeded by 0002."""

from datetime import date
from decimal import Decimal

from django.db import migrations

START = date(2021, 7, 1)  # the system's first month (NĐ 20/2021/NĐ-CP in force)
FROM_MEMORY = "Theo trí nhớ của nhóm phát triển; cần đối chiếu văn bản gốc."
# key, value, from, document number, clause, confidence, note
ROWS = [
    (
        "cremation_support.province.24",
        10000000,
        START,
        "17/2019/NQ-HĐND",
        "(chưa rõ điều khoản)",
        "unconfirmed",
        "Mức chưa xác nhận: 10.000.000 đ/trường hợp là đề xuất 2025/26 của tỉnh sau sáp nhập (domain.md §7); "
        "ngày áp dụng lấy từ tháng đầu của hệ thống.",
    ),
    (
        "deadline.cremation_commune",
        2,
        START,
        "17/2019/NQ-HĐND",
        "(chưa rõ điều khoản)",
        "unconfirmed",
        "Lấy như hỗ trợ mai táng (NĐ 20/2021 Điều 11): xã 2 ngày làm việc.",
    ),
    (
        "deadline.cremation_labour",
        3,
        START,
        "17/2019/NQ-HĐND",
        "(chưa rõ điều khoản)",
        "unconfirmed",
        "Lấy như hỗ trợ mai táng (NĐ 20/2021 Điều 11): Phòng LĐ-TB&XH 3 ngày làm việc.",
    ),
    (
        "education.disabled_learner_months_higher",
        10,
        date(2014, 1, 1),
        "42/2013/TTLT-BGDĐT-BLĐTBXH-BTC",
        "Điều 7 khoản 1",
        "unconfirmed",
        "10 tháng/năm học ở đại học, cao đẳng. " + FROM_MEMORY,
    ),
    (
        "education.disabled_learner_months_other",
        9,
        date(2014, 1, 1),
        "42/2013/TTLT-BGDĐT-BLĐTBXH-BTC",
        "Điều 7 khoản 1",
        "unconfirmed",
        "9 tháng/năm học ở các bậc khác. " + FROM_MEMORY,
    ),
    (
        "education.boarding_share",
        Decimal("1"),
        date(2015, 12, 15),
        "53/2015/QĐ-TTg",
        "Điều 5",
        "unconfirmed",
        "Học bổng chính sách (nội trú) cho học sinh, sinh viên học cao đẳng, trung cấp: nhóm và mức chưa xác "
        "nhận (domain.md §7). " + FROM_MEMORY,
    ),
    (
        "education.boarding_months",
        10,
        date(2015, 12, 15),
        "53/2015/QĐ-TTg",
        "Điều 5",
        "unconfirmed",
        "Tối đa 10 tháng/năm học. " + FROM_MEMORY,
    ),
    (
        "emergency.rice_months_max",
        3,
        START,
        "20/2021/NĐ-CP",
        "Điều 12",
        "confirmed",
        "15 kg gạo/người/tháng, tối đa 3 tháng mỗi đợt sau thiên tai (domain.md §7). " + FROM_MEMORY,
    ),
    (
        "emergency.rice_months_tet",
        1,
        START,
        "20/2021/NĐ-CP",
        "Điều 12",
        "confirmed",
        "Hỗ trợ gạo dịp Tết: 1 tháng (domain.md §7). " + FROM_MEMORY,
    ),
    (
        "deadline.emergency_decision",
        2,
        START,
        "20/2021/NĐ-CP",
        "Điều 12",
        "unconfirmed",
        "Chủ tịch UBND xã quyết định trong 2 ngày kể từ khi nhận danh sách; tính theo ngày làm việc (chưa xác nhận).",
    ),
]


def seed(apps, schema_editor):
    LegalDocument = apps.get_model("rules", "LegalDocument")
    Parameter = apps.get_model("rules", "Parameter")
    for key, value, start, number, clause, confidence, note in ROWS:
        source = LegalDocument.objects.filter(number=number).first()
        if source is None or Parameter.objects.filter(key=key, valid_from=start).exists():
            continue
        Parameter.objects.create(
            key=key,
            value=value,
            valid_from=start,
            valid_to=None,
            source=source,
            clause=clause,
            confidence=confidence,
            note=note,
        )


def unseed(apps, schema_editor):
    apps.get_model("rules", "Parameter").objects.filter(key__in=[row[0] for row in ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("rules", "0002_seed_law")]

    operations = [migrations.RunPython(seed, unseed)]
