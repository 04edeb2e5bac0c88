"""The BHYT list as files: the XLSX in the agency's layout (Mẫu D03-TS, columns from `layout.py`)
and the signed PDF the commune sends to the labour office and the BHXH office. Both print the
lines as they were sent (a sent list is frozen) and never the allowance category."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from ansinh.core.printing import render_pdf
from ansinh.core.xlsx import Style, open_sheet
from ansinh.insurance.layout import COLUMN_TITLES, list_columns
from ansinh.insurance.models import BhytLine, BhytList, Direction
from ansinh.rules.formatting import format_money

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
LINE_ID_HEADER = "Mã dòng (không sửa)"
WIDTHS = {"number": 6, "full_name": 26, "address": 34, "reason": 26, "correction": 12}
SEX = {"male": "Nam", "female": "Nữ"}


def _title(bhyt_list: BhytList) -> str:
    return f"DANH SÁCH NGƯỜI CHỈ THAM GIA BHYT TĂNG, GIẢM THÁNG {bhyt_list.month:%m/%Y}"


def _value(key: str, number: int, line: BhytLine) -> Any:
    if key == "number":
        return number
    if key == "birth_date":
        return line.birth_date.strftime("%d/%m/%Y") if line.birth_date else str(line.birth_year)
    if key == "sex":
        return SEX.get(line.sex, line.sex)
    if key == "from_date":
        return line.from_date
    if key == "to_date":
        return line.to_date
    if key == "reason":
        return line.get_reason_display()
    if key == "correction":
        return f"{line.corrects_month:%m/%Y}" if line.corrects_month else None
    return getattr(line, key) or None


def _groups(bhyt_list: BhytList) -> list[tuple[str, list[BhytLine]]]:
    lines = list(bhyt_list.lines.order_by("direction", "full_name", "id"))
    return [
        ("A. TĂNG", [line for line in lines if line.direction == Direction.INCREASE]),
        ("B. GIẢM", [line for line in lines if line.direction == Direction.DECREASE]),
    ]


def list_xlsx(bhyt_list: BhytList) -> bytes:
    """One row per person, grouped under increases and decreases; a last column with the line's id
    lets BHXH fill in the card numbers and upload the file back (`uploads.check_cards_file`)."""
    keys = list_columns()
    headers = [COLUMN_TITLES[key] for key in keys] + [
        LINE_ID_HEADER,
        "Mã thẻ BHYT đã cấp",
        "Thẻ có giá trị từ ngày",
        "Thẻ có giá trị đến ngày",
    ]
    widths = [WIDTHS.get(key, 14) for key in keys] + [10, 18, 14, 14]
    date_columns = {index for index, key in enumerate(keys) if key in ("from_date", "to_date")}
    styles = tuple(Style.DATE if index in date_columns else Style.CELL for index in range(len(headers)))
    target = BytesIO()
    with open_sheet(target, title=f"BHYT {bhyt_list.month:%m-%Y}", widths=widths, freeze="C5") as sheet:
        sheet.row([_title(bhyt_list)], Style.BOLD)
        sheet.row(
            [
                f"Đơn vị: UBND {bhyt_list.commune.name} · Mã đối tượng BHYT: nhà nước đóng · "
                f"Mức đóng: {format_money(bhyt_list.premium_per_person)}/người/tháng"
            ],
            Style.ITALIC,
        )
        sheet.blank()
        sheet.row(headers, Style.HEADER, height=32)
        number = 0
        for heading, lines in _groups(bhyt_list):
            sheet.row([heading], Style.TOTAL)
            for line in lines:
                number += 1
                sheet.row(
                    [_value(key, number, line) for key in keys]
                    + [line.pk, line.card_number if line.direction == Direction.INCREASE else None, None, None],
                    styles,
                )
        sheet.blank()
        sheet.row([f"Tổng số người được cấp thẻ trong tháng: {bhyt_list.covered}"], Style.BOLD)
        sheet.row([f"Tổng tiền Nhà nước đóng: {format_money(bhyt_list.premium_total)}"], Style.BOLD)
    return target.getvalue()


def list_pdf(bhyt_list: BhytList, *, district_name: str, today: date) -> bytes:
    """The list signed by the commune (the sender and the date it was sent), landscape A4."""
    commune = bhyt_list.commune
    context = {
        "issuer_parent": f"UBND {district_name.upper()}" if district_name else "",
        "issuer": f"UBND {commune.name.upper()}",
        "number": "",
        "place": commune.name,  # the bare name ("Lục Nam"); full_name adds the kind
        "signed_on": bhyt_list.sent_at.date() if bhyt_list.sent_at else today,
        "title": _title(bhyt_list),
        "bhyt_list": bhyt_list,
        "groups": [
            (heading, [(index, line) for index, line in enumerate(lines, 1)]) for heading, lines in _groups(bhyt_list)
        ],
        "per_person": format_money(bhyt_list.premium_per_person),
        "premium_total": format_money(bhyt_list.premium_total),
        "recipients": ["Bảo hiểm xã hội huyện", "Phòng Lao động - Thương binh và Xã hội", "Lưu: VT"],
        "signer_title": "CHỦ TỊCH",
        "signer_name": bhyt_list.sent_by.get_full_name() if bhyt_list.sent_by else "",
        "sent": bhyt_list.is_sent,
    }
    return render_pdf("insurance/print/list.html", context)
