"""Table-driven tests of the calculator, written from domain.md §4-§6 (not from the code).

Month 2024-08 (standard rate 500,000) unless a row says otherwise; ages are taken on the
month's last day (31/08/2024)."""

from __future__ import annotations

import pytest

from ansinh.rules.assessing import assess_input
from ansinh.rules.calculator import assess
from ansinh.rules.facts import parse_facts

POOR = {"household": "poor"}
NEAR_POOR = {"household": "near_poor"}

# (case, input fields, amount, paid line codes, qualifying)
CASES = [
    # 5.1: 2.5 under 4, 1.5 from 4; ends at 16.
    ("5.1 aged 3", {"birth_date": "2021-09-01", "without_support": True}, 1250000, ["5.1"], ["5.1"]),
    ("5.1 turns 4 on the last day", {"birth_date": "2020-08-31", "without_support": True}, 750000, ["5.1"], ["5.1"]),
    ("5.1 turns 4 next month", {"birth_date": "2020-09-01", "without_support": True}, 1250000, ["5.1"], ["5.1"]),
    ("5.1 aged 15", {"birth_date": "2009-01-01", "without_support": True}, 750000, ["5.1"], ["5.1"]),
    ("5.1 ends at 16", {"birth_date": "2008-08-01", "without_support": True}, 0, [], []),
    # 5.2: 16-22 and studying, was 5.1.
    ("5.2 aged 16", {"birth_date": "2008-08-01", "without_support": True, "studying": True}, 750000, ["5.2"], ["5.2"]),
    ("5.2 aged 22", {"birth_date": "2002-01-01", "without_support": True, "studying": True}, 750000, ["5.2"], ["5.2"]),
    ("5.2 ends at 23", {"birth_date": "2001-08-31", "without_support": True, "studying": True}, 0, [], []),
    ("5.2 needs studying", {"birth_date": "2005-01-01", "without_support": True}, 0, [], []),
    # 5.3: HIV child of a poor household, 2.5 under 4, 2.0 from 4 to 15 (also meets 5.8).
    ("5.3 aged 2", {"birth_date": "2022-01-01", "hiv": True, **POOR}, 1250000, ["5.3"], ["5.3", "5.8"]),
    ("5.3 aged 10", {"birth_date": "2014-01-01", "hiv": True, **POOR}, 1000000, ["5.3"], ["5.3", "5.8"]),
    ("5.3 not near-poor", {"birth_date": "2014-01-01", "hiv": True, **NEAR_POOR}, 0, [], []),
    # 5.4: 1.0 per child under 16, or 16-22 studying.
    (
        "5.4 two children count",
        {
            "birth_date": "1990-01-01",
            "single_parent": True,
            **POOR,
            "children": [
                {"birth_date": "2016-01-01"},
                {"birth_date": "2005-01-01", "studying": True},
                {"birth_date": "2001-01-01", "studying": True},
                {"birth_date": "2006-01-01"},
            ],
        },
        1000000,
        ["5.4"],
        ["5.4"],
    ),
    (
        "5.4 near-poor one child",
        {"birth_date": "1990-01-01", "single_parent": True, **NEAR_POOR, "children": [{"birth_date": "2020-01-01"}]},
        500000,
        ["5.4"],
        ["5.4"],
    ),
    (
        "5.4 needs a qualifying child",
        {"birth_date": "1990-01-01", "single_parent": True, **POOR, "children": [{"birth_date": "2001-01-01"}]},
        0,
        [],
        [],
    ),
    (
        "5.4 needs poverty",
        {"birth_date": "1990-01-01", "single_parent": True, "children": [{"birth_date": "2020-01-01"}]},
        0,
        [],
        [],
    ),
    (
        "5.4 needs single parent",
        {"birth_date": "1990-01-01", **POOR, "children": [{"birth_date": "2020-01-01"}]},
        0,
        [],
        [],
    ),
    # 5.5a: 1.5 aged 60-79, 2.0 from 80.
    ("5.5a aged 60", {"birth_date": "1964-08-31", "no_supporter": True, **POOR}, 750000, ["5.5a"], ["5.5a"]),
    ("5.5a 59 is too young", {"birth_date": "1964-09-01", "no_supporter": True, **POOR}, 0, [], []),
    ("5.5a aged 79", {"birth_date": "1944-09-01", "no_supporter": True, **POOR}, 750000, ["5.5a"], ["5.5a"]),
    (
        "5.5a turns 80 in the month",
        {"birth_date": "1944-08-31", "no_supporter": True, **POOR},
        1000000,
        ["5.5a"],
        ["5.5a"],
    ),
    ("5.5a needs no supporter", {"birth_date": "1950-01-01", **POOR}, 0, [], []),
    # 5.5b: 75-79, poor or near-poor, extremely difficult area, not 5.5a; ends 2025-06-30.
    ("5.5b aged 77", {"birth_date": "1947-01-01", "difficult_area": True, **NEAR_POOR}, 500000, ["5.5b"], ["5.5b"]),
    (
        "5.5b last month",
        {"month": "2025-06", "birth_date": "1947-01-01", "difficult_area": True, **NEAR_POOR},
        500000,
        ["5.5b"],
        ["5.5b"],
    ),
    ("5.5b ended", {"month": "2025-07", "birth_date": "1947-01-01", "difficult_area": True, **NEAR_POOR}, 0, [], []),
    ("5.5b not at 74", {"birth_date": "1950-01-01", "difficult_area": True, **NEAR_POOR}, 0, [], []),
    (
        "5.5b is not 5.5a",
        {"birth_date": "1947-01-01", "difficult_area": True, "no_supporter": True, **POOR},
        750000,
        ["5.5a"],
        ["5.5a"],
    ),
    # 5.5c: 80+, no pension, not 5.5a; ends 2025-06-30.
    ("5.5c aged 80", {"birth_date": "1944-08-31"}, 500000, ["5.5c"], ["5.5c"]),
    ("5.5c not at 79", {"birth_date": "1944-09-01"}, 0, [], []),
    ("5.5c pension", {"birth_date": "1940-01-01", "pension": True}, 0, [], []),
    ("5.5c last month", {"month": "2025-06", "birth_date": "1940-01-01"}, 500000, ["5.5c"], ["5.5c"]),
    ("5.5c ended", {"month": "2025-07", "birth_date": "1940-01-01"}, 0, [], []),
    ("5.5c is not 5.5a", {"birth_date": "1940-01-01", "no_supporter": True, **POOR}, 1000000, ["5.5a"], ["5.5a"]),
    # 5.5d: as 5.5a and taken in: 3.0.
    (
        "5.5d taken in",
        {"birth_date": "1955-01-01", "no_supporter": True, "taken_in": True, **POOR},
        1500000,
        ["5.5d"],
        ["5.5a", "5.5d"],
    ),
    ("5.5d needs 5.5a", {"birth_date": "1955-01-01", "taken_in": True, **POOR}, 0, [], []),
    # 5.6: all six coefficient branches, mild is nothing.
    (
        "5.6 esp. severe child",
        {"birth_date": "2014-01-01", "disability": "especially_severe"},
        1250000,
        ["5.6"],
        ["5.6"],
    ),
    (
        "5.6 esp. severe aged 16",
        {"birth_date": "2008-08-31", "disability": "especially_severe"},
        1000000,
        ["5.6"],
        ["5.6"],
    ),
    (
        "5.6 esp. severe aged 59",
        {"birth_date": "1964-09-01", "disability": "especially_severe"},
        1000000,
        ["5.6"],
        ["5.6"],
    ),
    (
        "5.6 esp. severe aged 60",
        {"birth_date": "1964-08-31", "disability": "especially_severe"},
        1250000,
        ["5.6"],
        ["5.6"],
    ),
    ("5.6 severe child", {"birth_date": "2009-01-01", "disability": "severe"}, 1000000, ["5.6"], ["5.6"]),
    ("5.6 severe adult", {"birth_date": "1980-01-01", "disability": "severe"}, 750000, ["5.6"], ["5.6"]),
    ("5.6 severe elderly", {"birth_date": "1950-01-01", "disability": "severe"}, 1000000, ["5.6"], ["5.6"]),
    ("5.6 mild", {"birth_date": "1980-01-01", "disability": "mild"}, 0, [], []),
    # 5.7: under 3, poor or near-poor, difficult area, not 5.1/5.3/5.6.
    ("5.7 aged 2", {"birth_date": "2022-01-01", "difficult_area": True, **NEAR_POOR}, 750000, ["5.7"], ["5.7"]),
    ("5.7 not at 3", {"birth_date": "2021-08-31", "difficult_area": True, **NEAR_POOR}, 0, [], []),
    ("5.7 needs the area", {"birth_date": "2022-01-01", **POOR}, 0, [], []),
    (
        "5.7 not when 5.1",
        {"birth_date": "2022-01-01", "difficult_area": True, "without_support": True, **POOR},
        1250000,
        ["5.1"],
        ["5.1"],
    ),
    (
        "5.7 not when 5.6",
        {"birth_date": "2022-01-01", "difficult_area": True, "disability": "severe", **POOR},
        1000000,
        ["5.6"],
        ["5.6"],
    ),
    # 5.8: HIV, poor, no stable income.
    ("5.8 adult", {"birth_date": "1985-01-01", "hiv": True, **POOR}, 750000, ["5.8"], ["5.8"]),
    ("5.8 stable income", {"birth_date": "1985-01-01", "hiv": True, "stable_income": True, **POOR}, 0, [], []),
    # Highest only (Art 6(2)), ties go to the first category.
    (
        "highest: 5.6 over 5.5a",
        {"birth_date": "1940-01-01", "no_supporter": True, "disability": "especially_severe", **POOR},
        1250000,
        ["5.6"],
        ["5.5a", "5.6"],
    ),
    (
        "highest: equal 2.0, first wins",
        {"birth_date": "1940-01-01", "no_supporter": True, "disability": "severe", **POOR},
        1000000,
        ["5.5a"],
        ["5.5a", "5.6"],
    ),
    # The 5.4 exception: 5.4 and the highest of 5.5*, 5.6, 5.8.
    (
        "5.4 with 5.6",
        {
            "birth_date": "1985-01-01",
            "single_parent": True,
            "disability": "severe",
            **POOR,
            "children": [{"birth_date": "2015-01-01"}, {"birth_date": "2018-01-01"}],
        },
        1750000,
        ["5.4", "5.6"],
        ["5.4", "5.6"],
    ),
    (
        "5.4 with 5.5a",
        {
            "birth_date": "1962-01-01",
            "single_parent": True,
            "no_supporter": True,
            **POOR,
            "children": [{"birth_date": "2010-01-01"}],
        },
        1250000,
        ["5.4", "5.5a"],
        ["5.4", "5.5a"],
    ),
    (
        "5.4 with 5.8",
        {
            "birth_date": "1990-01-01",
            "single_parent": True,
            "hiv": True,
            **POOR,
            "children": [{"birth_date": "2019-01-01"}],
        },
        1250000,
        ["5.4", "5.8"],
        ["5.4", "5.8"],
    ),
    (
        "5.4 with both 5.5a and 5.6: the higher of them",
        {
            "birth_date": "1960-01-01",
            "single_parent": True,
            "no_supporter": True,
            "disability": "especially_severe",
            **POOR,
            "children": [{"birth_date": "2010-01-01"}],
        },
        1750000,
        ["5.4", "5.6"],
        ["5.4", "5.5a", "5.6"],
    ),
    # Care support (Art 20), paid on top.
    (
        "20.1a child under 4 taken in",
        {
            "birth_date": "1980-01-01",
            "cares_for": [{"kind": "taken_in", "category": "5.1", "birth_date": "2022-01-01"}],
        },
        1250000,
        ["20.1a"],
        [],
    ),
    (
        "20.1b child aged 10 taken in",
        {
            "birth_date": "1980-01-01",
            "cares_for": [{"kind": "taken_in", "category": "5.1", "birth_date": "2014-01-01"}],
        },
        750000,
        ["20.1b"],
        [],
    ),
    (
        "20.1b elderly 5.5d taken in",
        {
            "birth_date": "1980-01-01",
            "cares_for": [{"kind": "taken_in", "category": "5.5d", "birth_date": "1950-01-01"}],
        },
        750000,
        ["20.1b"],
        [],
    ),
    (
        "no care support for a 16-year-old",
        {
            "birth_date": "1980-01-01",
            "cares_for": [{"kind": "taken_in", "category": "5.1", "birth_date": "2008-01-01"}],
        },
        0,
        [],
        [],
    ),
    (
        "20.2c two household members",
        {
            "birth_date": "1970-01-01",
            "cares_for": [
                {
                    "kind": "household_member",
                    "category": "5.6",
                    "birth_date": "2000-01-01",
                    "disability": "especially_severe",
                },
                {
                    "kind": "household_member",
                    "category": "5.6",
                    "birth_date": "1940-01-01",
                    "disability": "especially_severe",
                },
            ],
        },
        1000000,
        ["20.2c", "20.2c"],
        [],
    ),
    (
        "20.2c not for severe",
        {
            "birth_date": "1970-01-01",
            "cares_for": [
                {"kind": "household_member", "category": "5.6", "birth_date": "2000-01-01", "disability": "severe"}
            ],
        },
        0,
        [],
        [],
    ),
    (
        "20.2d child",
        {
            "birth_date": "1970-01-01",
            "cares_for": [
                {"kind": "taken_in", "category": "5.6", "birth_date": "2014-01-01", "disability": "especially_severe"}
            ],
        },
        1250000,
        ["20.2d"],
        [],
    ),
    (
        "20.2d adult",
        {
            "birth_date": "1970-01-01",
            "cares_for": [
                {"kind": "taken_in", "category": "5.6", "birth_date": "1990-01-01", "disability": "especially_severe"}
            ],
        },
        750000,
        ["20.2d"],
        [],
    ),
    (
        "20.2a pregnant, on top of own 5.6",
        {"birth_date": "1995-01-01", "disability": "severe", "pregnant": True},
        1500000,
        ["5.6", "20.2a"],
        ["5.6"],
    ),
    (
        "20.2a one child under 36 months",
        {"birth_date": "1995-01-01", "disability": "especially_severe", "children": [{"birth_date": "2021-09-01"}]},
        1750000,
        ["5.6", "20.2a"],
        ["5.6"],
    ),
    (
        "20.2a child of exactly 36 months does not count",
        {"birth_date": "1995-01-01", "disability": "especially_severe", "children": [{"birth_date": "2021-08-31"}]},
        1000000,
        ["5.6"],
        ["5.6"],
    ),
    (
        "20.2a pregnant and a young child: 2.0",
        {
            "birth_date": "1995-01-01",
            "disability": "severe",
            "pregnant": True,
            "children": [{"birth_date": "2023-01-01"}],
        },
        1750000,
        ["5.6", "20.2a"],
        ["5.6"],
    ),
    (
        "20.2a two young children: 2.0",
        {
            "birth_date": "1995-01-01",
            "disability": "severe",
            "children": [{"birth_date": "2023-01-01"}, {"birth_date": "2024-03-01"}],
        },
        1750000,
        ["5.6", "20.2a"],
        ["5.6"],
    ),
    ("20.2a not for mild", {"birth_date": "1995-01-01", "disability": "mild", "pregnant": True}, 0, [], []),
    (
        "allowance and care together",
        {
            "birth_date": "1950-01-01",
            "disability": "severe",
            "cares_for": [
                {
                    "kind": "household_member",
                    "category": "5.6",
                    "birth_date": "1980-01-01",
                    "disability": "especially_severe",
                }
            ],
        },
        1500000,
        ["5.6", "20.2c"],
        ["5.6"],
    ),
]


@pytest.mark.parametrize(
    ("fields", "amount", "codes", "qualifying"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_category_rules(run, fields, amount, codes, qualifying):
    output = run(**fields)

    assert "error" not in output, output
    assert output["amount"] == amount
    assert [line["code"] for line in output["lines"]] == codes
    assert output["qualifying"] == qualifying
    assert output["amount"] == sum(line["amount"] for line in output["lines"])


# The same especially severe adult (coefficient 2.0) across the rate changes (domain.md §4).
RATES = [
    ("2021-07", 360000, 720000),
    ("2024-06", 360000, 720000),
    ("2024-07", 500000, 1000000),
    ("2026-06", 500000, 1000000),
    ("2026-07", 540000, 1080000),
]


@pytest.mark.parametrize(("month", "rate", "amount"), RATES)
def test_standard_rate_by_month(run, month, rate, amount):
    output = run(month=month, birth_date="1980-01-01", disability="especially_severe")

    assert output["standard_rate"] == rate
    assert output["amount"] == amount
    assert output["lines"] == [
        {"code": "5.6", "coefficient": "2.0", "amount": amount, "basis": "NĐ 20/2021/NĐ-CP, Điều 6 khoản 1 điểm e"}
    ]


def test_a_province_without_its_own_rate_uses_the_national_rate(run):
    assert run(month="2024-08", province="01", birth_date="1980-01-01", disability="severe")["standard_rate"] == 500000


@pytest.mark.django_db
def test_a_higher_provincial_rate_applies(labour_document):
    from ansinh.rules.models import Parameter
    from ansinh.rules.rulebook import RuleBookLoader

    Parameter.objects.create(
        key="standard_rate.province.01",
        value=600000,
        valid_from="2024-01-01",
        source=labour_document,
        clause="Điều 1",
        confidence="confirmed",
    )
    loader = RuleBookLoader()
    hanoi, _ = assess_input(
        {"id": "a", "month": "2024-08", "province": "01", "birth_date": "1980-01-01", "disability": "severe"}, loader
    )
    bac_giang, _ = assess_input(
        {"id": "b", "month": "2024-08", "birth_date": "1980-01-01", "disability": "severe"}, loader
    )

    assert (hanoi["standard_rate"], hanoi["amount"]) == (600000, 900000)
    assert (bac_giang["standard_rate"], bac_giang["amount"]) == (500000, 750000)


@pytest.fixture
def labour_document(db):
    from ansinh.rules.models import LegalDocument

    return LegalDocument.objects.get(number="20/2021/NĐ-CP")


def test_the_explanation_names_each_clause_and_number(seeded_loader):
    facts = parse_facts({"id": "x", "month": "2024-08", "birth_date": "1950-05-05", "disability": "especially_severe"})

    assessment = assess(facts, seeded_loader.rulebook(facts.month, facts.province))

    text = "\n".join(assessment.explanation)
    assert assessment.age == 74
    assert "ngày cuối của tháng 08/2024 (31/08/2024)" in text
    assert "74 tuổi" in text
    assert "500.000 đ" in text and "NĐ 76/2024/NĐ-CP, Điều 1 khoản 1" in text
    assert "360.000 đ" in text  # the province's own rate, compared
    assert "Điều 5 khoản 6" in text and "Điều 6 khoản 1 điểm e" in text
    assert "hệ số 2,5" in text and "1.250.000 đ" in text


def test_the_explanation_of_the_stacking_rule(seeded_loader):
    data = {"id": "x", "month": "2024-08", "birth_date": "1940-01-01", "no_supporter": True, "household": "poor"}
    data["disability"] = "especially_severe"
    facts = parse_facts(data)

    text = "\n".join(assess(facts, seeded_loader.rulebook(facts.month, "24")).explanation)

    assert "chỉ được hưởng một mức cao nhất (NĐ 20/2021/NĐ-CP, Điều 6 khoản 2)" in text
    assert "hưởng theo diện 5.6" in text


def test_unconfirmed_rules_are_said_to_be_unconfirmed(seeded_loader):
    facts = parse_facts({"id": "x", "month": "2026-08", "birth_date": "1940-01-01"})
    text = "\n".join(assess(facts, seeded_loader.rulebook(facts.month, "24")).explanation)
    assert "chưa xác nhận" in text  # the 540,000 rate of NĐ 335/2026

    facts = parse_facts({"id": "x", "month": "2024-08", "birth_date": "1940-01-01"})
    assert "chưa được xác nhận" in "\n".join(
        assess(facts, seeded_loader.rulebook(facts.month, "24")).explanation
    )  # 5.5c


def test_a_rulebook_of_another_month_is_refused(seeded_loader):
    facts = parse_facts({"id": "x", "month": "2024-08", "birth_date": "1980-01-01"})
    with pytest.raises(ValueError, match="không dùng"):
        assess(facts, seeded_loader.rulebook(facts.month.add(1), "24"))


BAD = [
    ({"month": "2021-06", "birth_date": "1980-01-01"}, "month: "),
    ({"month": "2024-13", "birth_date": "1980-01-01"}, "month: "),
    ({"month": "08/2024", "birth_date": "1980-01-01"}, "month: "),
    ({"month": None, "birth_date": "1980-01-01"}, "month: "),
    ({"birth_date": None}, "birth_date: "),
    ({"birth_date": "2024-02-30"}, "birth_date: "),
    ({"birth_date": "05/05/1950"}, "birth_date: "),
    ({"birth_date": "2024-09-01"}, "birth_date: "),
    ({"birth_date": "1980-01-01", "household": "rich"}, "household: "),
    ({"birth_date": "1980-01-01", "disability": "light"}, "disability: "),
    ({"birth_date": "1980-01-01", "difficult_area": "yes"}, "difficult_area: "),
    ({"birth_date": "1980-01-01", "pregnant": 1}, "pregnant: "),
    ({"birth_date": "1980-01-01", "province": 24}, "province: "),
    ({"birth_date": "1980-01-01", "children": {"birth_date": "2020-01-01"}}, "children: "),
    ({"birth_date": "1980-01-01", "children": [{"birth_date": "2020-01-01"}, {}]}, "children[1].birth_date: "),
    (
        {"birth_date": "1980-01-01", "children": [{"birth_date": "2020-01-01", "studying": "no"}]},
        "children[0].studying: ",
    ),
    (
        {
            "birth_date": "1980-01-01",
            "cares_for": [{"kind": "neighbour", "category": "5.1", "birth_date": "2020-01-01"}],
        },
        "cares_for[0].kind: ",
    ),
    (
        {
            "birth_date": "1980-01-01",
            "cares_for": [{"kind": "taken_in", "category": "5.2", "birth_date": "2020-01-01"}],
        },
        "cares_for[0].category: ",
    ),
    ({"birth_date": "1980-01-01", "cares_for": ["x"]}, "cares_for[0]: "),
]


@pytest.mark.parametrize(("fields", "prefix"), BAD)
def test_bad_input_names_the_field(run, fields, prefix):
    output = run(**fields)

    assert set(output) == {"id", "error"}
    assert output["id"] == "t"
    assert output["error"].startswith(prefix)
    assert len(output["error"]) > len(prefix) + 5


def test_a_missing_id_or_a_non_object_is_an_error(seeded_loader):
    assert assess_input({"month": "2024-08", "birth_date": "1980-01-01"}, seeded_loader)[0]["error"].startswith("id: ")
    assert assess_input([1, 2], seeded_loader)[0] == {"id": None, "error": "input: mỗi dòng phải là một đối tượng JSON"}
