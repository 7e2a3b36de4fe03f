"""Property tests (hypothesis) of the first-set rules.

- the subsidy never exceeds 80 % of the premium (CN regimes), 90 % in Zhejiang (each compared
  with that share rounded to the fen, since the subsidy itself is rounded half-up);
- the CN 2024 total never exceeds the cap left after earlier grants;
- no chain of continuous cover is paid for more than three years (CN legacy, Zhejiang);
- a new dated value from date D changes the result only of policies starting on or after D.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rulebook.engine.errors import CaseError
from rulebook.engine.money import round_fen
from rulebook.firstset.calc import calculate
from rulebook.firstset.case import CASE_FIELDS, POLICY_FIELDS, QUALIFICATION_FIELDS
from rulebook.firstset.indicators import check
from rulebook.tests.helpers import add_dated_value, copy_parameters

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)
SETTINGS = settings(max_examples=80, deadline=None)


def yuan(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


premium_cents = st.one_of(
    st.integers(0, 30_000_000),  # up to 300 000 yuan: around the 200 000 threshold
    st.integers(0, 1_000_000_000),  # up to 10 000 000 yuan: around the 5 000 000 ceiling
)
sum_insured_cents = st.integers(0, 50_000_000_000)  # up to 500 000 000 yuan
gaps = st.sampled_from([0, 0, 0, 0, 1, 30])  # mostly continuous cover, sometimes a break


@st.composite
def policies(draw, first: datetime.date, last: datetime.date) -> list[dict]:
    """Chains of 1-5 policies for 1-3 equipments, starting between ``first`` and ``last``,
    in a shuffled input order."""
    items = []
    for equipment in range(draw(st.integers(1, 3))):
        start = draw(st.dates(first, last))
        for position in range(draw(st.integers(1, 5))):
            end = start + datetime.timedelta(days=draw(st.integers(0, 365)))
            items.append(
                {
                    "id": f"e{equipment}-{position}",
                    "equipment": f"e{equipment}",
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "sum_insured": yuan(draw(sum_insured_cents)),
                    "premium": yuan(draw(premium_cents)),
                }
            )
            start = end + ONE_DAY + datetime.timedelta(days=draw(gaps))
    return draw(st.permutations(items))


@st.composite
def legacy_cases(draw) -> dict:
    return {"jurisdiction": "CN", "policies": draw(policies(D(2014, 6, 1), D(2023, 12, 31)))}


@st.composite
def zhejiang_cases(draw) -> dict:
    tier = draw(st.sampled_from(["international", "national", "provincial"]))
    items = draw(policies(D(2022, 10, 1), D(2026, 12, 31)))
    return {"jurisdiction": "ZJ", "tier": tier, "policies": items}


@st.composite
def cn_2024_cases(draw) -> dict:
    cap = draw(st.integers(0, 500_000_000))
    granted = draw(st.integers(0, cap))
    valid_from = draw(st.dates(D(2024, 6, 1), D(2025, 12, 31)))
    valid_to = valid_from + datetime.timedelta(days=draw(st.integers(0, 1500)))
    qualification = {
        "cap": yuan(cap),
        "granted_before": yuan(granted),
        "valid_from": valid_from.isoformat(),
        "valid_to": valid_to.isoformat(),
    }
    items = draw(policies(valid_from - datetime.timedelta(days=90), valid_to))
    return {"jurisdiction": "CN", "qualification": qualification, "policies": items}


def by_id(case: dict) -> dict[str, dict]:
    return {policy["id"]: policy for policy in case["policies"]}


def assert_share_not_exceeded(case: dict, result: dict, share: str) -> None:
    inputs = by_id(case)
    for policy in result["policies"]:
        premium = Decimal(inputs[policy["id"]]["premium"])
        assert Decimal(policy["subsidy"]) <= round_fen(Decimal(share) * premium), policy["id"]
        assert Decimal(policy["subsidy"]) >= 0


def assert_total_is_the_sum(result: dict) -> None:
    total = sum((Decimal(policy["subsidy"]) for policy in result["policies"]), Decimal(0))
    assert Decimal(result["total"]) == total


@SETTINGS
@given(legacy_cases())
def test_cn_legacy_never_pays_more_than_80_percent_of_the_premium(case):
    result = calculate(case)
    assert result["regime"] == "cn_legacy"
    assert_share_not_exceeded(case, result, "0.80")
    assert_total_is_the_sum(result)


@SETTINGS
@given(cn_2024_cases())
def test_cn_2024_never_exceeds_80_percent_nor_the_cap(case):
    result = calculate(case)
    qualification = case["qualification"]
    available = Decimal(qualification["cap"]) - Decimal(qualification["granted_before"])
    assert_share_not_exceeded(case, result, "0.80")
    assert_total_is_the_sum(result)
    assert Decimal(result["total"]) <= available
    assert Decimal(result["cap_remaining"]) == available - Decimal(result["total"])


@SETTINGS
@given(zhejiang_cases())
def test_zhejiang_never_pays_more_than_90_percent_nor_the_ceiling(case):
    result = calculate(case)
    assert_share_not_exceeded(case, result, "0.90")
    assert_total_is_the_sum(result)
    assert all(Decimal(policy["subsidy"]) <= 5_000_000 for policy in result["policies"])


def continuous_runs(case: dict) -> list[list[str]]:
    """Policy ids grouped in runs of continuous cover, computed independently of the rules."""
    chains: dict[str, list[dict]] = defaultdict(list)
    for policy in case["policies"]:
        chains[policy["equipment"]].append(policy)
    runs: list[list[str]] = []
    for chain in chains.values():
        chain.sort(key=lambda policy: policy["start"])
        previous_end = None
        for policy in chain:
            start = D.fromisoformat(policy["start"])
            if previous_end is None or start != previous_end + ONE_DAY:
                runs.append([])
            runs[-1].append(policy["id"])
            previous_end = D.fromisoformat(policy["end"])
    return runs


@SETTINGS
@given(st.one_of(legacy_cases(), zhejiang_cases()))
def test_no_chain_is_paid_for_more_than_three_years(case):
    result = calculate(case)
    paid = {policy["id"] for policy in result["policies"] if Decimal(policy["subsidy"]) > 0}
    for run in continuous_runs(case):
        assert len([policy_id for policy_id in run if policy_id in paid]) <= 3, run
    assert all(policy["year"] <= 3 for policy in result["policies"] if policy["id"] in paid)


CHANGES = [
    # (jurisdiction, parameter, from date D, new value, cases)
    ("CN", "subsidy_ratio", D(2019, 7, 1), "0.70", legacy_cases()),
    ("CN", "premium_rate_cap", D(2020, 3, 15), "0.025", legacy_cases()),
    ("CN", "new_application_premium_threshold", D(2019, 6, 1), "250000.00", legacy_cases()),
    ("CN", "compensated_years_max", D(2020, 1, 1), 2, legacy_cases()),
    ("CN", "break_in_cover_rule", D(2019, 1, 1), "continue", legacy_cases()),
    ("CN", "subsidy_ratio", D(2025, 6, 1), "0.60", cn_2024_cases()),
    ("CN", "policy_window_rule", D(2025, 9, 1), "starts_inside", cn_2024_cases()),
    (
        "ZJ",
        "first_year_ratio",
        D(2024, 3, 1),
        {"international": "0.85", "national": "0.75", "provincial": "0.65"},
        zhejiang_cases(),
    ),
    ("ZJ", "yearly_ceiling", D(2024, 1, 1), "1000000.00", zhejiang_cases()),
    ("ZJ", "step_down_mode", D(2023, 10, 1), "relative", zhejiang_cases()),
]


@pytest.fixture(scope="module")
def changed_roots(tmp_path_factory):
    """One modified copy of the parameter folders per change of :data:`CHANGES`."""
    roots = {}
    for jurisdiction, name, effective, value, _ in CHANGES:
        root = copy_parameters(tmp_path_factory.mktemp(f"{name}-{effective}"))
        add_dated_value(root, jurisdiction, name, effective, value)
        roots[(name, effective)] = root
    return roots


@pytest.mark.parametrize(
    ("jurisdiction", "name", "effective", "value", "cases"),
    CHANGES,
    ids=[f"{change[1]}-from-{change[2]}" for change in CHANGES],
)
def test_a_new_dated_value_changes_only_policies_starting_from_its_date(
    changed_roots, jurisdiction, name, effective, value, cases
):
    root = changed_roots[(name, effective)]

    @settings(
        max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(cases)
    def check(case):
        before = {policy["id"]: policy for policy in calculate(case)["policies"]}
        after = {policy["id"]: policy for policy in calculate(case, root)["policies"]}
        for policy in case["policies"]:
            if D.fromisoformat(policy["start"]) < effective:
                assert after[policy["id"]] == before[policy["id"]], policy["id"]

    check()


def test_the_change_does_reach_policies_from_its_date(changed_roots):
    """Guard against a vacuous property: the modified copy is really used."""
    case = {
        "jurisdiction": "CN",
        "policies": [
            {
                "id": "before",
                "equipment": "a",
                "start": "2019-06-30",
                "end": "2020-06-29",
                "sum_insured": "50000000",
                "premium": "1250000",
            },
            {
                "id": "after",
                "equipment": "b",
                "start": "2019-07-01",
                "end": "2020-06-30",
                "sum_insured": "50000000",
                "premium": "1250000",
            },
        ],
    }
    root = changed_roots[("subsidy_ratio", D(2019, 7, 1))]
    result = {policy["id"]: policy["subsidy"] for policy in calculate(case, root)["policies"]}
    assert result == {"before": "1000000.00", "after": "875000.00"}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)


@SETTINGS
@given(st.one_of(legacy_cases(), cn_2024_cases(), zhejiang_cases()), st.data())
def test_a_malformed_field_gives_a_case_error_never_a_crash(case, data):
    """Whatever a caller sends in one field, the answer is a result or a CaseError."""
    target = data.draw(st.sampled_from(["case", "policy", "qualification"]))
    if target == "policy":
        mapping = data.draw(st.sampled_from(case["policies"]))
        keys = [*POLICY_FIELDS, "extra"]
    elif target == "qualification" and "qualification" in case:
        mapping, keys = case["qualification"], [*QUALIFICATION_FIELDS, "extra"]
    else:
        mapping, keys = case, [*CASE_FIELDS, "extra"]
    mapping[data.draw(st.sampled_from(keys))] = data.draw(json_values)
    try:
        result = calculate(case)
    except CaseError as error:
        assert error.field
        assert error.message_zh
        assert error.message_en
    else:
        assert_total_is_the_sum(result)


@SETTINGS
@given(st.dictionaries(st.sampled_from(["indicators", "declared", "x"]), json_values))
def test_the_indicator_check_never_crashes(payload):
    try:
        check(payload)
    except CaseError as error:
        assert error.field
