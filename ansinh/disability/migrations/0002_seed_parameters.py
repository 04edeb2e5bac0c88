"""Seed the dated parameters of disability determination (domain.md §7) as rules.Parameter rows:
the score thresholds of Mẫu 03 (unconfirmed), the council's quorum, the complaint deadline and the
meeting allowances. The review cycle of re-assessments is not seeded: the district sets it
(`disability.review_cycle_months`).

The data is written out here so that the migration keeps giving the same result whatever the
code becomes. `seed` is idempotent (tests call it again after a transactional test empties the
tables).
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

C = "confirmed"
U = "unconfirmed"
TT01 = "01/2019/TT-BLĐTBXH"
TT01_START = date(2019, 2, 18)

# key, value, valid from, clause, confidence, note
PARAMETERS = [
    (
        "disability.score.especially_severe_min",
        "14",
        TT01_START,
        "Mẫu 03, Phần 2 (sửa đổi bởi TT 08/2023/TT-BLĐTBXH)",
        U,
        "Tổng điểm 10 hoạt động từ mức này trở lên: khuyết tật đặc biệt nặng. Ngưỡng theo nguồn thứ cấp "
        "(domain.md §7), cần đối chiếu văn bản gốc.",
    ),
    (
        "disability.score.severe_min",
        "7",
        TT01_START,
        "Mẫu 03, Phần 2 (sửa đổi bởi TT 08/2023/TT-BLĐTBXH)",
        U,
        "Tổng điểm từ mức này đến dưới ngưỡng đặc biệt nặng: khuyết tật nặng; dưới mức này: nhẹ. Ngưỡng theo "
        "nguồn thứ cấp (domain.md §7), cần đối chiếu văn bản gốc.",
    ),
    (
        "disability.council_quorum_share",
        "0.6667",
        TT01_START,
        "Điều 3 (nguyên tắc làm việc của Hội đồng)",
        C,
        "Hội đồng họp khi có ít nhất 2/3 số thành viên (ghi 0,6667 = 2/3); kết luận theo đa số, ngang phiếu "
        "theo ý kiến Chủ tịch Hội đồng. Điều khoản theo nguồn thứ cấp.",
    ),
    (
        "deadline.disability_complaint_answer",
        "5",
        TT01_START,
        "Điều 6",
        U,
        "Trả lời khiếu nại, kiến nghị về kết luận của Hội đồng (domain.md §7).",
    ),
    (
        "disability.allowance.chair",
        "70000",
        TT01_START,
        "Chưa xác định văn bản quy định mức chi",
        U,
        "Bồi dưỡng Chủ tịch Hội đồng mỗi phiên họp (domain.md §7). Cần ghi đúng văn bản quy định mức chi.",
    ),
    (
        "disability.allowance.member",
        "50000",
        TT01_START,
        "Chưa xác định văn bản quy định mức chi",
        U,
        "Bồi dưỡng mỗi thành viên Hội đồng dự họp mỗi phiên (domain.md §7).",
    ),
    (
        "disability.allowance.water",
        "15000",
        TT01_START,
        "Chưa xác định văn bản quy định mức chi",
        U,
        "Nước uống cho mỗi người tham dự mỗi phiên họp (domain.md §7).",
    ),
]


def seed(apps, schema_editor):
    LegalDocument = apps.get_model("rules", "LegalDocument")
    Parameter = apps.get_model("rules", "Parameter")
    source = LegalDocument.objects.filter(number=TT01).first()
    if source is None:
        return  # the law seed is missing (an emptied test database); ensure_reference_data seeds it first
    for key, value, start, clause, confidence, note in PARAMETERS:
        Parameter.objects.get_or_create(
            key=key,
            valid_from=start,
            defaults={
                "value": Decimal(value),
                "source": source,
                "clause": clause,
                "confidence": confidence,
                "note": note,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("rules", "Parameter").objects.filter(
        key__in=[key for key, *_ in PARAMETERS], valid_from=TT01_START
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("disability", "0001_initial"), ("rules", "0002_seed_law")]

    operations = [migrations.RunPython(seed, unseed)]
