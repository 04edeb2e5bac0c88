"""Mẫu số 10c (NĐ 20/2021 Art 36(1); TT 02/2021 Art 6): results of the policies for the elderly over a
reporting period, for a commune, a district (before 07/2025) or a province; rows and columns as printed
(forms.md §3: Số TT | Chỉ tiêu | Đơn vị tính | Tổng số | Nam | Nữ).

Built on 10d's machinery (`form10d.people_sql`, `compute_population`), the project's choices marked:
- **The elderly** (rows 1–5, 10) are the people of the register aged 60 or more on the last day
  (Luật Người cao tuổi 2009 Art 2; the age rule of 10a), alive, living in the unit. The register holds
  the people known to the social assistance service, not the census: row 1 counts those.
- 2 poor household (as 10a); 3 a support fact "no supporter" in force (NĐ 20 Art 5(5)(a)); 4 a
  disability fact in force; 5 an income fact with a pension in force; 10 a BHYT card valid that day.
- 7 counts the Art 5 entitlements payable in the last month of people aged 60 or more (as 10a):
  7.1 = 5.5a; 7.2 = 5.5c and, under it, those of poor households; 7.3 = 5.6 at the severe and especially
  severe levels; 7.4 = every other Art 5 category (5.5b, 5.5d and the rest). The social pension
  (HTXH, Luật BHXH 2024) is another programme and is not counted. Rows 7 and 7.4 may include the HIV
  categories (5.3, 5.8): names behind them only for readers of restricted facts.
- 8 = 5.5d (taken care of in the community, as 10a's I.5.3).
- 6 (người có công), 9 (facilities), 11–26 (health records, housing, fee reductions, longevity
  celebrations, associations, clubs, funds, training, spending by policy) are not kept in this
  system: blank cells, never 0.
"""

from __future__ import annotations

from collections.abc import Iterable

from ansinh.reports.form10a import ELDERLY, ESPECIALLY_SEVERE, FROM_60, SEVERE, Cell, Criteria, Figures, Period
from ansinh.reports.form10d import COLUMNS, Population, Row, compute_population
from ansinh.reports.form10d import drilldown_people as _drilldown_people

__all__ = ["COLUMNS", "HIV_ROWS", "ROWS", "ROWS_BY_KEY", "compute", "drilldown_people", "rows_with_cells"]

ART5 = ("5.1", "5.2", "5.3", "5.4", "5.5a", "5.5b", "5.5c", "5.5d", "5.6", "5.7", "5.8")
OTHER = tuple(code for code in ART5 if code not in ("5.5a", "5.5c", "5.6"))
ELDERLY_SQL = f"({{band}}) = {FROM_60}"
P, ESTABLISHMENTS, TIMES, COMMUNES, CLUBS, MILLIONS = "Người", "Cơ sở", "Lượt người", "Xã", "CLB", "Triệu đồng"


def _w(**where: int | str) -> tuple[tuple[str, int | str], ...]:
    return tuple(where.items())


def _n(key: str, number: str, label: str, unit: str = P, depth: int = 0) -> Row:
    """A row this system does not keep: blank cells."""
    return Row(key, number, label, unit, depth=depth, untracked=True)


ROWS: tuple[Row, ...] = (
    Row("1", "1", "Tổng số người cao tuổi", where=_w()),
    Row("2", "2", "Số người cao tuổi thuộc hộ nghèo", where=_w(poor=1)),
    Row("3", "3", "Số người cao tuổi không có người có quyền và nghĩa vụ phụng dưỡng", where=_w(no_supporter=1)),
    Row("4", "4", "Số người cao tuổi khuyết tật", where=_w(disabled=1)),
    Row("5", "5", "Số người cao tuổi đang hưởng lương hưu, trợ cấp bảo hiểm xã hội", where=_w(pension=1)),
    _n("6", "6", "Số người cao tuổi đang hưởng trợ cấp người có công"),
    Row("7", "7", "Số người cao tuổi đang hưởng trợ cấp xã hội hàng tháng", criteria=Criteria(ART5, ELDERLY)),
    Row(
        "7.1",
        "7.1",
        "Người cao tuổi thuộc hộ gia đình nghèo không có người có quyền, nghĩa vụ phụng dưỡng",
        depth=1,
        criteria=Criteria(("5.5a",), ELDERLY),
    ),
    Row(
        "7.2",
        "7.2",
        "Người từ đủ 80 tuổi không có lương hưu, trợ cấp bảo hiểm xã hội",
        depth=1,
        criteria=Criteria(("5.5c",), ELDERLY),
    ),
    Row("7.2.poor", "", "Trong đó: thuộc diện hộ nghèo", "", 2, criteria=Criteria(("5.5c",), ELDERLY, poor=True)),
    Row(
        "7.3",
        "7.3",
        "Người cao tuổi khuyết tật nặng, đặc biệt nặng",
        depth=1,
        criteria=Criteria(("5.6",), ELDERLY, (SEVERE, ESPECIALLY_SEVERE)),
    ),
    Row("7.4", "7.4", "Đối tượng người cao tuổi khác", depth=1, criteria=Criteria(OTHER, ELDERLY)),
    Row(
        "8",
        "8",
        "Số người cao tuổi đang được nhận chăm sóc, nuôi dưỡng tại cộng đồng",
        criteria=Criteria(("5.5d",), ELDERLY),
    ),
    _n("9", "9", "Số người cao tuổi đang nuôi dưỡng, chăm sóc trong cơ sở bảo trợ xã hội, nhà xã hội"),
    Row("10", "10", "Số người cao tuổi có thẻ bảo hiểm y tế", where=_w(card=1)),
    _n("11", "11", "Số người cao tuổi được lập hồ sơ theo dõi sức khỏe"),
    _n("12", "12", "Số người cao tuổi được hỗ trợ nhà ở"),
    _n("13", "13", "Số cơ sở văn hóa, thể thao giải trí có bán vé, thu phí trên địa bàn", ESTABLISHMENTS),
    _n("13.in", "", "Trong đó:", "", 1),
    _n(
        "13.a",
        "",
        "- Số cơ sở văn hóa, thể thao giải trí thực hiện miễn, giảm giá vé, phí cho người cao tuổi",
        ESTABLISHMENTS,
        1,
    ),
    _n("13.b", "", "- Số lượt người cao tuổi được miễn giảm vé, phí dịch vụ", TIMES, 1),
    _n(
        "14",
        "14",
        "Số tổ chức cung cấp dịch vụ vận tải thực hiện giảm giá vé, phí dịch vụ cho người cao tuổi",
        "Tổ chức",
    ),
    _n("14.a", "", "Trong đó: Số lượt người cao tuổi được miễn, giảm", TIMES, 1),
    _n("15", "15", "Số người cao tuổi được chúc thọ, mừng thọ"),
    _n("15.100", "", "Trong đó: - 100 tuổi", P, 1),
    _n("15.90", "", "- 90 tuổi", P, 1),
    _n("15.over100", "", "- Trên 100 tuổi", P, 1),
    _n("15.other", "", "- Tuổi 70, 75, 80, 85, 95", P, 1),
    _n("16", "16", "Số người cao tuổi tham gia Hội người cao tuổi"),
    _n(
        "17",
        "17",
        "Số người cao tuổi tham gia công tác Đảng, chính quyền, Mặt trận tổ quốc và các tổ chức đoàn thể",
    ),
    _n(
        "18",
        "18",
        "Số người cao tuổi trên địa bàn tham gia công tác khuyến học, thanh tra nhân dân, hòa giải, tổ an ninh…",
    ),
    _n(
        "19",
        "19",
        "Số xã, phường, thị trấn (gọi chung xã) có các loại hình câu lạc bộ có người cao tuổi tham gia",
        COMMUNES,
    ),
    _n("20", "20", "Tổng số câu lạc bộ có người cao tuổi tham gia trên địa bàn", CLUBS),
    _n("20.a", "", "Trong đó: Câu lạc bộ Liên thế hệ giúp nhau", CLUBS, 1),
    _n("21", "21", "Số người cao tuổi tham gia các loại hình câu lạc bộ trên địa bàn"),
    _n("21.a", "", "Trong đó: Câu lạc bộ Liên thế hệ giúp nhau", P, 1),
    _n("22", "22", "Số cơ sở chăm sóc người cao tuổi", P),  # "Người" as printed (forms.md: sic)
    _n("23", "23", "Số bệnh viện có khoa lão khoa, hoặc phòng điều trị riêng cho người cao tuổi", "Bệnh viện"),
    _n(
        "24",
        "24",
        "Số xã/phường/thị trấn (gọi chung xã) có Quỹ chăm sóc và phát huy vai trò người cao tuổi",
        COMMUNES,
    ),
    _n("24.in", "", "Trong đó:", "", 1),
    _n("24.a", "", "- Tổng số tiền của Quỹ chăm sóc và phát huy vai trò người cao tuổi", MILLIONS, 1),
    _n(
        "24.b",
        "",
        "- Tổng số tiền huy động trong năm của Quỹ chăm sóc và phát huy vai trò người cao tuổi",
        MILLIONS,
        1,
    ),
    _n("25", "25", "Số cán bộ được tập huấn về công tác người cao tuổi", TIMES),
    _n("26", "26", "Kinh phí thực hiện chính sách", MILLIONS),
    _n("26.a", "", "Chính sách trợ giúp xã hội", MILLIONS, 1),
    _n("26.b", "", "Chúc thọ mừng thọ", MILLIONS, 1),
    _n("26.c", "", "Các chế độ chính sách khác", MILLIONS, 1),
)
ROWS_BY_KEY = {row.key: row for row in ROWS}
HIV_ROWS = frozenset({"7", "7.4"})
ELDERLY_PEOPLE = Population(ROWS, ELDERLY_SQL, ("poor", "pension", "card", "disabled", "no_supporter"), ART5)


def compute(period: Period, unit_id: int) -> Figures:
    return compute_population(period, unit_id, ELDERLY_PEOPLE)


def drilldown_people(period: Period, unit_id: int, row: Row, column: str) -> list[tuple[int, int]]:
    return _drilldown_people(period, unit_id, row, column, ELDERLY_SQL)


def rows_with_cells(form: Figures) -> Iterable[tuple[Row, Cell | None]]:
    for row in ROWS:
        yield row, form.cell(row.key)
