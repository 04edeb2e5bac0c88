"""Properties of the calculator over generated people (hypothesis): the amount is the sum of the
lines and never negative, the highest-only rule holds, and amounts scale with the rate."""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ansinh.core.months import YearMonth
from ansinh.rules.calculator import STACKS_WITH_SINGLE_PARENT, CategoryKind, RateComponent, assess
from ansinh.rules.facts import CaredPerson, CareKind, Child, Disability, Facts, Household

months = st.builds(YearMonth, st.integers(2021, 2027), st.integers(1, 12)).filter(lambda m: m >= YearMonth(2021, 7))
births = st.dates(date(1915, 1, 1), date(2021, 6, 30))
children = st.lists(st.builds(Child, birth_date=births, studying=st.booleans()), max_size=4)
cared = st.lists(
    st.builds(
        CaredPerson,
        kind=st.sampled_from(list(CareKind)),
        category=st.sampled_from(["5.1", "5.5d", "5.6"]),
        birth_date=births,
        disability=st.none() | st.sampled_from(list(Disability)),
    ),
    max_size=3,
)
people = st.builds(
    Facts,
    id=st.just("p"),
    month=months,
    birth_date=births,
    province=st.sampled_from(["24", "01"]),
    household=st.sampled_from(list(Household)),
    difficult_area=st.booleans(),
    without_support=st.booleans(),
    studying=st.booleans(),
    hiv=st.booleans(),
    stable_income=st.booleans(),
    no_supporter=st.booleans(),
    pension=st.booleans(),
    taken_in=st.booleans(),
    single_parent=st.booleans(),
    children=children.map(tuple),
    disability=st.none() | st.sampled_from(list(Disability)),
    pregnant=st.booleans(),
    cares_for=cared.map(tuple),
)


def test_properties(seeded_loader):
    @settings(max_examples=600, deadline=None, database=None)
    @given(person=people, factor=st.integers(1, 5))
    def check(person: Facts, factor: int) -> None:
        rules = seeded_loader.rulebook(person.month, person.province)
        result = assess(person, rules)
        allowance_codes = {category.code for category in rules.allowance_categories}
        allowance_lines = [line for line in result.lines if line.code in allowance_codes]

        # The amount is the sum of the lines, never negative, each line rate × coefficient.
        assert result.amount == sum(line.amount for line in result.lines) >= 0
        for line in result.lines:
            assert line.amount >= 0
            assert line.amount == int(line.coefficient * result.standard_rate + 0)  # seeded coefficients are exact

        # qualifying is in category order; every paid allowance line qualifies.
        order = [category.code for category in rules.allowance_categories]
        assert list(result.qualifying) == sorted(result.qualifying, key=order.index)
        assert {line.code for line in allowance_lines} <= set(result.qualifying)

        # Highest only: one allowance line, the highest single amount; or 5.4 plus one of 5.5*, 5.6, 5.8.
        single = {
            code: assess(person, dataclasses.replace(rules, categories=(rules.by_code[code],))).amount
            for code in result.qualifying
        }
        if single:
            paid = sum(line.amount for line in allowance_lines)
            assert paid >= max(single.values())
            if len(allowance_lines) == 1:
                assert paid == max(single.values())
            else:
                assert len(allowance_lines) == 2
                assert allowance_lines[0].code == "5.4" and allowance_lines[1].code in STACKS_WITH_SINGLE_PARENT
                assert allowance_lines[1].amount == max(
                    single[code] for code in single if code in STACKS_WITH_SINGLE_PARENT
                )
        else:
            assert allowance_lines == []

        # Care lines only use care categories.
        care_codes = {category.code for category in rules.categories if category.kind == CategoryKind.CARE}
        assert {line.code for line in result.lines} - allowance_codes <= care_codes

        # Scales with the rate: every rate × factor gives every amount × factor.
        scaled = dataclasses.replace(
            rules, rates=tuple(RateComponent(rate.label, rate.value * factor, rate.basis) for rate in rules.rates)
        )
        again = assess(person, scaled)
        assert again.amount == result.amount * factor
        assert again.qualifying == result.qualifying
        assert [line.code for line in again.lines] == [line.code for line in result.lines]

    check()
