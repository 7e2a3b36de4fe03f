"""The policy sandbox service: a draft against the published version in force, set-based,
exact Decimal costs, scoped to the enterprises the official may see in the policy's zone."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from gaoxin.accounts.choices import Role
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises.models import YearlyFact
from gaoxin.enterprises.tests.factories import (
    EnterpriseFactory,
    QualificationFactory,
    YearlyFactFactory,
)
from gaoxin.policies.matching.catalog import CATALOG
from gaoxin.policies.matching.facts import enterprise_facts
from gaoxin.policies.sandbox import compare
from gaoxin.policies.services import policy_create
from gaoxin.policies.tests.conftest import RND, RND_FORMULA
from rulebook.criteria import compile_formula, evaluate_amount

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 6, 30)  # yearly figures of 2025
D = Decimal


@pytest.fixture(autouse=True, params=["sql", "frame"])
def path(request, monkeypatch):
    """Every test runs both ways: SQL matching (large scopes) and one facts frame (small)."""
    monkeypatch.setattr("gaoxin.policies.sandbox.FRAME_MAX", 0 if request.param == "sql" else 10**9)
    return request.param


def firm(side, name: str, *, revenue="100000000", rnd: str | None, high_tech=True, park=True):
    """An enterprise of ``side``'s zone with 2025 figures and, optionally, 高新技术企业."""
    enterprise = EnterpriseFactory(
        name=name, zone=side.zone, park=side.park if park else None, region_code="410171"
    )
    YearlyFactFactory(
        enterprise=enterprise,
        year=2025,
        revenue=D(revenue),
        rnd_expense=None if rnd is None else D(rnd),
    )
    if high_tech:
        QualificationFactory(
            enterprise=enterprise, kind="high_tech", valid_from=datetime.date(2020, 1, 1)
        )
    return enterprise


@pytest.fixture
def firms(world):
    """Zone A: R&D intensity 2.5 %, 3.5 %, 4.5 % and 6 % (all 高新), and one 4 % without 高新."""
    a = world.a
    return {
        "low": firm(a, "低研发", rnd="2500000"),
        "mid": firm(a, "中研发", rnd="3500000.55"),
        "high": firm(a, "高研发", rnd="4500000.05"),
        "top": firm(a, "顶研发", rnd="6000000", park=False),
        "plain": firm(a, "无资质", rnd="4000000", high_tech=False),
    }


def official(world):
    return world.a.users[Role.ZONE_OFFICIAL]


def raised(threshold) -> dict:
    criteria = {"and": [dict(RND["and"][0]), RND["and"][1]]}
    criteria["and"][0] = {**RND["and"][0], "rule": {">=": [{"var": "rnd_ratio"}, threshold]}}
    return criteria


def ten_percent(*values: str) -> Decimal:
    """min(R&D / 10, 5 000 000) per enterprise, rounded to the fen half up, summed."""
    formula = compile_formula(RND_FORMULA, CATALOG)
    return sum((evaluate_amount(formula, {"rnd_expense": D(v)}) for v in values), D(0))


def test_raising_a_threshold_makes_some_leave(world, policy, firms):
    result = compare(
        user=official(world),
        policy=policy,
        criteria=raised(4),
        formula=RND_FORMULA,
        as_of=AS_OF,
    )
    assert result.published.number == 1 and result.as_of == AS_OF
    assert (result.count_before, result.count_after) == (3, 2)
    assert result.leaving_ids == [firms["mid"].pk]
    assert result.entering_ids == [] and result.entering == []
    assert result.staying == 2 and result.changed_count == 0
    assert [row.name for row in result.leaving] == ["中研发"]
    assert result.leaving[0].amount_before == D("350000.06")  # 350 000.055 half up
    assert result.leaving[0].amount_after is None
    assert result.cost_before == ten_percent("3500000.55", "4500000.05", "6000000")
    assert result.cost_before == D("1400000.07")  # 350 000.06 + 450 000.01 + 600 000
    assert result.cost_after == D("1050000.01")
    assert result.cost_difference == D("-350000.06")
    assert result.count_difference == -1


def test_lowering_it_lets_some_enter(world, policy, firms):
    result = compare(
        user=official(world), policy=policy, criteria=raised(2), formula=RND_FORMULA, as_of=AS_OF
    )
    assert result.entering_ids == [firms["low"].pk] and result.leaving_ids == []
    row = result.entering[0]
    assert (row.name, row.uscc, row.park) == ("低研发", firms["low"].uscc, world.a.park.name)
    assert row.amount_before is None and row.amount_after == D("250000.00")
    assert result.cost_difference == D("250000.00")


def test_a_formula_change_keeps_the_set_and_changes_the_cost(world, policy, firms):
    formula = {"*": [{"var": "rnd_expense"}, D("0.15")]}
    result = compare(
        user=official(world), policy=policy, criteria=RND, formula=formula, as_of=AS_OF
    )
    assert result.entering_ids == [] and result.leaving_ids == []
    assert result.count_before == result.count_after == result.staying == 3
    assert result.changed_count == 3
    assert [row.name for row in result.changed] == ["顶研发", "高研发", "中研发"]  # by |change|
    top = result.changed[0]
    assert (top.amount_before, top.amount_after, top.change) == (
        D("600000.00"),
        D("900000.00"),
        D("300000.00"),
    )
    assert result.cost_after == D("525000.08") + D("675000.01") + D("900000.00")
    assert result.cost_difference == D("2100000.09") - D("1400000.07")


def test_the_amounts_are_those_of_evaluate_amount(world, policy, firms):
    formula = {"/": [{"var": "rnd_expense"}, 7]}
    result = compare(
        user=official(world), policy=policy, criteria=RND, formula=formula, as_of=AS_OF
    )
    compiled = compile_formula(formula, CATALOG)
    expected = {
        row.enterprise_id: evaluate_amount(compiled, enterprise_facts(firms[key], AS_OF))
        for key in ("mid", "high", "top")
        for row in result.changed
        if row.enterprise_id == firms[key].pk
    }
    assert {row.enterprise_id: row.amount_after for row in result.changed} == expected
    assert result.cost_after == sum(expected.values(), D(0))


def test_without_a_published_version_everything_enters(world, firms):
    draft_only = policy_create(
        actor=None, zone=world.a.zone, data={"title": "新政策", "issuing_body": "管委会"}
    )
    result = compare(
        user=official(world), policy=draft_only, criteria=RND, formula=RND_FORMULA, as_of=AS_OF
    )
    assert result.published is None and result.count_before == 0
    assert result.count_after == 3 and result.leaving_ids == []
    assert sorted(result.entering_ids) == sorted(firms[k].pk for k in ("mid", "high", "top"))
    assert result.cost_before == D("0.00") and result.cost_after == D("1400000.07")


def test_before_the_published_version_starts_nothing_is_in_force(world, policy, firms):
    result = compare(
        user=official(world),
        policy=policy,
        criteria=RND,
        formula=RND_FORMULA,
        as_of=datetime.date(2024, 12, 31),
    )
    assert result.published is None and result.count_before == 0


def test_another_zones_enterprises_never_appear(world, policy, firms):
    firm(world.b, "乙区企业", rnd="9000000")
    everything = {">=": [{"var": "revenue"}, 0]}
    result = compare(
        user=official(world), policy=policy, criteria=everything, formula=None, as_of=AS_OF
    )
    names = {row.name for row in result.entering} | {row.name for row in result.leaving}
    assert "乙区企业" not in names
    assert result.count_after == 5 and result.scope_count == 6  # world.a.enterprise: no figures
    assert result.cost_after == D("0.00") and result.unknown_after == 5


def test_only_the_policys_zone_officials_may_compare(world, policy):
    for user in (world.b.users[Role.ZONE_OFFICIAL], world.a.users[Role.PARK_OPERATOR]):
        with pytest.raises(PermissionDeniedError):
            compare(user=user, policy=policy, criteria=RND, formula=None, as_of=AS_OF)


def test_an_unknown_amount_is_counted_apart(world, policy, firms):
    formula = {"+": [{"var": "export_value"}, {"var": "rnd_expense"}]}
    firms["high"].yearly_facts.update(export_value=None)
    result = compare(
        user=official(world), policy=policy, criteria=RND, formula=formula, as_of=AS_OF
    )
    assert result.unknown_after == 1 and result.unknown_before == 0
    assert result.cost_after == D("3500000.55") + D("6000000.00")
    unknown = [row for row in result.changed if row.enterprise_id == firms["high"].pk]
    assert unknown and unknown[0].amount_after is None


def test_constant_formulas_load_no_facts(world, policy, firms, monkeypatch, path):
    if path == "frame":
        pytest.skip("the frame path loads the facts for the criteria anyway")

    def refuse(*args, **kwargs):
        raise AssertionError("facts loaded for a constant formula")

    monkeypatch.setattr("gaoxin.policies.sandbox.facts_frame", refuse)
    policy.versions.update(formula=200000)
    result = compare(user=official(world), policy=policy, criteria=RND, formula=300000, as_of=AS_OF)
    assert (result.cost_before, result.cost_after) == (D("600000.00"), D("900000.00"))


def test_top_and_shown_limit_the_rows_not_the_figures(world, policy, firms):
    result = compare(
        user=official(world),
        policy=policy,
        criteria=raised(2),
        formula=300000,
        as_of=AS_OF,
        top=1,
        shown=0,
    )
    assert result.entering == [] and result.entering_count == 1
    assert len(result.changed) == 1 and result.changed_count == 3


# -- what a leaving firm now fails ---------------------------------------------------------------


def test_a_leaving_firm_says_which_clause_it_now_fails(world, policy, firms):
    with translation.override("zh-hans"):
        result = compare(
            user=official(world),
            policy=policy,
            criteria=raised(4),
            formula=RND_FORMULA,
            as_of=AS_OF,
        )
    (row,) = result.leaving
    assert row.now_fails == ("研发投入占比 3.5%, 需 ≥ 4%, 差 0.5 个百分点 (第三条)",)
    with translation.override("en"):
        result = compare(
            user=official(world),
            policy=policy,
            criteria=raised(4),
            formula=RND_FORMULA,
            as_of=AS_OF,
        )
    assert result.leaving[0].now_fails == (
        "R&D intensity 3.5%, needs ≥ 4%, short by 0.5 percentage points (第三条)",
    )
    assert all(not row.now_fails for row in result.entering + result.changed)


def test_an_unlabelled_clause_and_a_missing_figure_are_said_too(world, policy, firms):
    """A clause the explanation has no figures for reads as the builder's sentence; one that
    cannot be decided names the figure missing."""
    criteria = {
        "and": [
            {"in": ["srdi", {"var": "qualifications"}]},
            {">=": [{"var": "employees"}, 10]},
        ]
    }
    YearlyFact.objects.filter(enterprise=firms["mid"]).update(employees=None)
    with translation.override("zh-hans"):
        result = compare(
            user=official(world), policy=policy, criteria=criteria, formula=None, as_of=AS_OF
        )
    assert {row.name for row in result.leaving} == {"中研发", "高研发", "顶研发"}
    fails = {row.name: row.now_fails for row in result.leaving}
    assert fails["高研发"] == ("有效资质 包含 专精特新中小企业",)
    assert fails["中研发"] == (
        "有效资质 包含 专精特新中小企业",
        "从业人数 ≥ 10 人：缺少 从业人数 的数据",
    )


def test_only_the_leaving_firms_shown_are_explained(world, policy, firms, monkeypatch):
    from gaoxin.policies import sandbox

    explained = []
    real = sandbox.explain
    monkeypatch.setattr(sandbox, "explain", lambda *a, **k: explained.append(1) or real(*a, **k))
    result = compare(
        user=official(world), policy=policy, criteria=raised(7), formula=None, as_of=AS_OF, shown=1
    )
    assert result.leaving_count == 3 and len(result.leaving) == 1
    assert len(explained) == 1 and result.leaving[0].now_fails
