"""Days off and weekend days worked by public offices in 2024–2026 (domain.md §11, from
secondary sources: check them against each year's official notice and correct in the UI)."""

from datetime import date

from django.db import migrations

SOURCE = "domain.md §11 (nguồn thứ cấp, cần đối chiếu thông báo chính thức hằng năm)"
NEW_YEAR, TET, HUNG_KINGS = "Tết Dương lịch", "Tết Nguyên đán", "Giỗ Tổ Hùng Vương"
APRIL_MAY, NATIONAL_DAY = "Ngày Chiến thắng 30/4, Quốc tế Lao động 1/5", "Quốc khánh 2/9"

DAYS_OFF = [
    (date(2024, 1, 1), NEW_YEAR),
    *[(date(2024, 2, day), TET) for day in (8, 9, 12, 13, 14)],
    (date(2024, 4, 18), HUNG_KINGS),
    *[(day, APRIL_MAY) for day in (date(2024, 4, 29), date(2024, 4, 30), date(2024, 5, 1))],
    (date(2024, 9, 2), NATIONAL_DAY),
    (date(2024, 9, 3), NATIONAL_DAY),
    (date(2025, 1, 1), NEW_YEAR),
    *[(date(2025, 1, day), TET) for day in range(27, 32)],
    (date(2025, 4, 7), HUNG_KINGS),
    *[(day, APRIL_MAY) for day in (date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2))],
    (date(2025, 9, 1), NATIONAL_DAY),
    (date(2025, 9, 2), NATIONAL_DAY),
    (date(2026, 1, 1), NEW_YEAR),
    (date(2026, 1, 2), NEW_YEAR),
    *[(date(2026, 2, day), TET) for day in range(16, 21)],
    (date(2026, 4, 27), HUNG_KINGS),
    (date(2026, 4, 30), APRIL_MAY),
    (date(2026, 5, 1), APRIL_MAY),
    *[(day, NATIONAL_DAY) for day in (date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2))],
]
WORKING_WEEKEND_DAYS = [date(2024, 5, 4), date(2025, 4, 26), date(2026, 1, 10), date(2026, 8, 22)]


def load(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    rows = [CalendarDay(day=day, kind="day_off", name=name, source=SOURCE) for day, name in DAYS_OFF]
    rows += [
        CalendarDay(day=day, kind="working_saturday", name="Làm bù cho ngày nghỉ hoán đổi", source=SOURCE)
        for day in WORKING_WEEKEND_DAYS
    ]
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)


def unload(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarDay.objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
