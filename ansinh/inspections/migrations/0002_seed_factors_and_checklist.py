"""The risk factors with their weights, and the checklist per topic with its legal basis (issue 20).

The weights are the project's choice, not law (no legal text weighs inspection risks): a payment to the
wrong person weighs most, then recoveries opened (late death reports); each counts once per case in
the 12 months before the ranking day. Months since the last inspection count up to 36 (never inspected
= 36). Each plan keeps the weights it was built with."""

from decimal import Decimal

from django.db import migrations

FACTORS = [
    ("recoveries", "Khoản thu hồi mới phát sinh (báo tử chậm, dừng hưởng muộn)", "3", None),
    ("wrong_payee", "Khoản chi sai người nhận", "5", None),
    ("overdue_dossiers", "Hồ sơ đang quá hạn xử lý", "1", None),
    ("complaints", "Khiếu nại, phản ánh về việc giải quyết hồ sơ", "2", None),
    ("review_differences", "Chế độ đang chi khác quy định chưa điều chỉnh (rà soát)", "1", None),
    ("late_lists", "Danh sách chi trả gửi chậm", "2", None),
    ("months_since_inspection", "Số tháng từ lần kiểm tra gần nhất", "0.5", 36),
]

TOPICS = [
    (
        "ho_so",
        "Hồ sơ, sổ theo dõi đối tượng",
        "NĐ 20/2021/NĐ-CP Điều 7, Điều 8; TT 02/2021/TT-BLĐTBXH",
        [
            "Hồ sơ đề nghị có đủ tờ khai và giấy tờ theo quy định",
            "Sổ theo dõi đối tượng ghi đầy đủ, khớp với quyết định",
            "Hồ sơ được xem xét đúng thời hạn 7 ngày làm việc",
        ],
    ),
    (
        "niem_yet",
        "Niêm yết công khai",
        "NĐ 20/2021/NĐ-CP Điều 8 khoản 1 điểm b",
        [
            "Danh sách được niêm yết đủ 2 ngày làm việc tại trụ sở UBND xã",
            "Thông tin về HIV không được niêm yết",
            "Khiếu nại trong thời gian niêm yết được trả lời đúng hạn",
        ],
    ),
    (
        "chi_tra",
        "Chi trả và ủy quyền nhận thay",
        "NĐ 20/2021/NĐ-CP Điều 34; TT 02/2021/TT-BLĐTBXH Điều 6",
        [
            "Người nhận tiền là đối tượng, người giám hộ hoặc người được ủy quyền còn hiệu lực",
            "Giấy ủy quyền được lưu và còn thời hạn",
            "Không chi cho người đã chết, mất tích; khoản chi sai đã lập thu hồi",
        ],
    ),
    (
        "bhyt",
        "Danh sách tăng, giảm thẻ BHYT",
        "TT 30/2019/TT-BLĐTBXH; NĐ 146/2018/NĐ-CP Điều 7",
        [
            "Đối tượng hưởng trợ cấp được lập danh sách cấp thẻ BHYT",
            "Người thôi hưởng được báo giảm kịp thời",
        ],
    ),
    (
        "hoi_dong",
        "Hội đồng xác định mức độ khuyết tật",
        "Luật Người khuyết tật 2010 Điều 16; TT 01/2019/TT-BLĐTBXH",
        [
            "Hội đồng có đủ thành phần theo quy định",
            "Biên bản họp và kết luận được lưu đầy đủ",
            "Đơn đề nghị được giải quyết trong 20 ngày làm việc",
        ],
    ),
]


def seed(apps, schema_editor):
    RiskFactor = apps.get_model("inspections", "RiskFactor")
    ChecklistTopic = apps.get_model("inspections", "ChecklistTopic")
    ChecklistItem = apps.get_model("inspections", "ChecklistItem")
    for order, (key, label, weight, cap) in enumerate(FACTORS, start=1):
        RiskFactor.objects.update_or_create(
            key=key, defaults={"label": label, "weight": Decimal(weight), "cap": cap, "order": order}
        )
    for topic_order, (code, title, basis, items) in enumerate(TOPICS, start=1):
        topic, _created = ChecklistTopic.objects.update_or_create(
            code=code, defaults={"title": title, "legal_basis": basis, "order": topic_order}
        )
        for order, text in enumerate(items, start=1):
            ChecklistItem.objects.update_or_create(
                topic=topic, order=order, defaults={"text": text, "legal_basis": basis}
            )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
