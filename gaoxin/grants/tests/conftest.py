"""Fixtures of the 免申即享 tests: a no-application R&D policy of zone A and three enterprises
of zone A that meet it (plus one that does not, and one of zone B that would)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.enterprises.tests.factories import (
    EnterpriseFactory,
    QualificationFactory,
    YearlyFactFactory,
)
from gaoxin.policies.choices import DeliveryMode
from gaoxin.policies.services import article_set, policy_create, version_publish

AS_OF = datetime.date(2025, 6, 30)
# R&D ratio ≥ 3 % and R&D expense ≥ 500 000; 10 % of R&D expense, at most 5 000 000.
CRITERIA = {
    "and": [
        {
            "clause": {"article": "第三条", "label": "研发投入占比≥3%"},
            "rule": {">=": [{"var": "rnd_ratio"}, 3]},
        },
        {">=": [{"var": "rnd_expense"}, 500000]},
    ]
}
FORMULA = {"min": [{"*": [{"var": "rnd_expense"}, Decimal("0.1")]}, 5000000]}


def make_policy(zone, *, title="研发费用后补助（免申即享）", mode=DeliveryMode.NO_APPLICATION):
    policy = policy_create(
        actor=None,
        zone=zone,
        data={
            "title": title,
            "issuing_body": "管委会",
            "doc_number": "郑开管〔2025〕1号",
            "delivery_mode": mode,
        },
    )
    article_set(actor=None, policy=policy, articles=[("第三条", "研发投入占比不低于3%。")])
    version_publish(
        actor=None,
        policy=policy,
        criteria=CRITERIA,
        formula=FORMULA,
        effective_from=datetime.date(2025, 1, 1),
    )
    policy.refresh_from_db()
    return policy


def figures(enterprise, *, revenue: str, rnd: str, year: int = 2024):
    YearlyFactFactory(
        enterprise=enterprise, year=year, revenue=Decimal(revenue), rnd_expense=Decimal(rnd)
    )


@pytest.fixture
def zone_a(world):
    """World A's enterprise and two more meet the policy; one does not; B's would but is
    another zone."""
    a = world.a
    figures(a.enterprise, revenue="100000000", rnd="3456789.15")  # 345 678.915 → 345 678.92
    second = EnterpriseFactory(name="乙科技有限公司", zone=a.zone, park=a.park)
    figures(second, revenue="10000000", rnd="800000")  # 80 000.00
    third = EnterpriseFactory(name="丙智能有限公司", zone=a.zone, park=None)
    figures(third, revenue="900000000", rnd="90000000")  # capped at 5 000 000
    low = EnterpriseFactory(name="丁贸易有限公司", zone=a.zone)
    figures(low, revenue="100000000", rnd="1000000")  # 1 %: not met
    figures(world.b.enterprise, revenue="100000000", rnd="5000000")
    QualificationFactory(enterprise=third, kind="high_tech")
    a.second, a.third, a.low = second, third, low
    return a


def make_funds(policy, years=range(2024, 2028), budget="100000000"):
    """The policy's fund of each year (confirming a round commits its amounts in one)."""
    from gaoxin.funds.services import fund_create

    for year in years:
        if not policy.funds.filter(year=year).exists():
            fund_create(actor=None, policy=policy, year=year, budget=Decimal(budget))


@pytest.fixture
def policy(world, zone_a):
    policy = make_policy(world.a.zone)
    make_funds(policy)
    return policy


@pytest.fixture
def official(world):
    return world.a.users[Role.ZONE_OFFICIAL]
