"""The layout of the list for the social-insurance agency (Mẫu D03-TS "Danh sách người chỉ tham gia
BHYT", as amended by QĐ 490/QĐ-BHXH of 28/3/2023; forms.md; docs/bhyt-list.md).

The source is a secondary page, not the official scan: column A (sequence), B (full name), the
social-insurance code and column (2), the citizen ID, are described; the others are **unconfirmed**.
So the columns are configuration: `settings.BHYT_LIST_COLUMNS` (a list of keys of `COLUMN_TITLES`)
replaces `DEFAULT_COLUMNS` when the official template is known, without touching the code.

The BHYT group code of a State-paid card of a social-assistance beneficiary is "BT" (the participant
group "người thuộc diện hưởng trợ cấp xã hội hằng tháng"); it is configuration too
(`settings.BHYT_GROUP_CODE`), unconfirmed. The allowance category is never printed: the HIV
categories 5.3 and 5.8 must not reach the social-insurance office.
"""

from __future__ import annotations

from django.conf import settings

COLUMN_TITLES: dict[str, str] = {
    "number": "STT",
    "full_name": "Họ và tên",
    "citizen_id": "Số CCCD/ĐDCN",
    "card_number": "Mã số BHXH/Mã thẻ BHYT",
    "birth_date": "Ngày sinh",
    "sex": "Giới tính",
    "address": "Địa chỉ",
    "group_code": "Mã đối tượng",
    "from_date": "Từ ngày",
    "to_date": "Đến ngày",
    "reason": "Lý do tăng, giảm",
    "correction": "Điều chỉnh tháng",
}
DEFAULT_COLUMNS = list(COLUMN_TITLES)
DEFAULT_GROUP_CODE = "BT"


def list_columns() -> list[str]:
    configured = getattr(settings, "BHYT_LIST_COLUMNS", None) or DEFAULT_COLUMNS
    return [key for key in configured if key in COLUMN_TITLES]


def group_code() -> str:
    return str(getattr(settings, "BHYT_GROUP_CODE", DEFAULT_GROUP_CODE))
