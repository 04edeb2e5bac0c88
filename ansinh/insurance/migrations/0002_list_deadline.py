"""The deadline of the monthly BHYT increase/decrease list (dated parameter `deadline.bhyt_list`).

TT 30/2019/TT-BLĐTBXH asks the lists quarterly; the district's dispatch asks them monthly and names
late lists as a failing, without a day. Project choice, unconfirmed: 5 working days from the first
day of the month the list is for. Base salary and the 4.5 % State rate already exist (rules 0002)."""

from datetime import date

from django.db import migrations

KEY = "deadline.bhyt_list"


def seed(apps, schema_editor):
    LegalDocument = apps.get_model("rules", "LegalDocument")
    Parameter = apps.get_model("rules", "Parameter")
    source = LegalDocument.objects.filter(number="30/2019/TT-BLĐTBXH").first()
    if source is None or Parameter.objects.filter(key=KEY).exists():
        return
    Parameter.objects.create(
        key=KEY,
        value=5,
        valid_from=date(2020, 2, 15),
        valid_to=None,
        source=source,
        clause="(chưa rõ điều khoản)",
        confidence="unconfirmed",
        note="Hạn gửi danh sách tăng, giảm thẻ BHYT hằng tháng: số ngày làm việc kể từ ngày đầu tháng "
        "(huyện yêu cầu gửi hằng tháng; thông tư quy định theo quý). Chưa xác nhận.",
    )


def unseed(apps, schema_editor):
    apps.get_model("rules", "Parameter").objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("insurance", "0001_initial"),
        ("rules", "0002_seed_law"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
