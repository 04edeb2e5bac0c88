"""What a citizen brings and where they file (NĐ 20/2021 Art 7-8 and its appendix forms,
as extracted in forms.md). Pure."""

from __future__ import annotations

from collections.abc import Iterable

FORMS = {
    "1a": "Mẫu số 1a – Tờ khai đề nghị trợ giúp xã hội (trẻ em không có nguồn nuôi dưỡng; người từ 16 đến 22 tuổi "
    "đang đi học; trẻ em dưới 3 tuổi thuộc hộ nghèo, cận nghèo ở vùng đặc biệt khó khăn)",
    "1b": "Mẫu số 1b – Tờ khai đề nghị trợ giúp xã hội (người nhiễm HIV/AIDS thuộc hộ nghèo)",
    "1c": "Mẫu số 1c – Tờ khai đề nghị trợ giúp xã hội (người đơn thân nghèo đang nuôi con), "
    "kèm thông tin từng người con",
    "1d": "Mẫu số 1d – Tờ khai đề nghị trợ giúp xã hội (người cao tuổi)",
    "1đ": "Mẫu số 1đ – Tờ khai đề nghị trợ giúp xã hội (người khuyết tật nặng, đặc biệt nặng), "
    "ghi cả số con dưới 36 tháng tuổi nếu có",
    "2a": "Mẫu số 2a – Tờ khai hộ gia đình có người khuyết tật (hộ trực tiếp chăm sóc người khuyết tật đặc biệt nặng)",
    "2b": "Mẫu số 2b – Tờ khai nhận chăm sóc, nuôi dưỡng (người nhận chăm sóc khai)",
    "03": "Mẫu số 03 – Tờ khai đối tượng được nhận chăm sóc, nuôi dưỡng (nếu người được chăm sóc "
    "chưa hưởng trợ cấp xã hội hằng tháng)",
}

# forms.md §2: 1a for Art 5(1),(2),(7); 1b for (3),(8); 1c for (4); 1d for (5); 1đ for (6);
# 2a, 2b and 03 make the care-support dossier (Art 7(2)).
CATEGORY_FORMS: dict[str, tuple[str, ...]] = {
    "5.1": ("1a",),
    "5.2": ("1a",),
    "5.7": ("1a",),
    "5.3": ("1b",),
    "5.8": ("1b",),
    "5.4": ("1c",),
    "5.5a": ("1d",),
    "5.5b": ("1d",),
    "5.5c": ("1d",),
    "5.5d": ("1d",),
    "5.6": ("1đ",),
    "20.2a": ("1đ",),
    "20.2c": ("2a",),
    "20.1a": ("2b", "03"),
    "20.1b": ("2b", "03"),
    "20.2d": ("2b", "03"),
}

DISABILITY_CERTIFICATE = "Giấy xác nhận khuyết tật (bản sao) do UBND xã cấp"
NEEDS_CERTIFICATE = {"5.6", "20.2a", "20.2c", "20.2d"}
IDENTITY = "Căn cước công dân của người đề nghị (để cán bộ đối chiếu thông tin ghi trên tờ khai)"


def documents_to_bring(codes: Iterable[str]) -> list[str]:
    """The forms and papers for these categories, each once, in a stable order."""
    codes = list(codes)
    wanted: list[str] = []
    for code in codes:
        for form in CATEGORY_FORMS.get(code, ()):
            if FORMS[form] not in wanted:
                wanted.append(FORMS[form])
    if not wanted:
        return []
    if NEEDS_CERTIFICATE.intersection(codes):
        wanted.append(DISABILITY_CERTIFICATE)
    return [*wanted, IDENTITY]


WHERE_TO_FILE_DISTRICT = (
    "Nộp hồ sơ cho Chủ tịch UBND xã, thị trấn nơi người đó cư trú (qua công chức Lao động - Thương binh và Xã hội). "
    "Xã xem xét trong 7 ngày làm việc và niêm yết công khai 2 ngày làm việc (thông tin về HIV không niêm yết), "
    "rồi gửi Phòng Lao động - Thương binh và Xã hội huyện thẩm định; Chủ tịch UBND huyện quyết định."
)
WHERE_TO_FILE_COMMUNE = (
    "Nộp hồ sơ cho Chủ tịch UBND xã, phường nơi người đó cư trú. Chủ tịch UBND xã quyết định trong 10 ngày làm việc "
    "sau khi đối chiếu với Cơ sở dữ liệu quốc gia về dân cư; trợ cấp được hưởng từ tháng Chủ tịch ký quyết định."
)
