"""Creating and editing a fund: every input checked, one fund per policy and year, the budget
never below what is committed, the cap never below an enterprise's total, audited before → after."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.enterprises.tests.factories import EnterpriseFactory
from gaoxin.funds.models import Fund, FundEnterpriseTotal
from gaoxin.funds.services import LedgerError, commitment_create, fund_create, fund_update

from .factories import make_commitment, make_policy

D = Decimal
THIS_YEAR = datetime.date.today().year


def update(fund, actor, **changes):
    data = {
        "name": fund.name,
        "budget": fund.budget,
        "per_enterprise_cap": fund.per_enterprise_cap,
        "reason": "",
    }
    return fund_update(actor=actor, fund=fund, **{**data, **changes})


# --- fund_create ------------------------------------------------------------------------------


def test_create_names_the_fund_after_the_policy_and_audits(world, official):
    policy = make_policy(world.a.zone)
    fund = fund_create(actor=official, policy=policy, year=THIS_YEAR, budget=D("2000000"))
    assert fund.name.startswith(policy.title) and str(THIS_YEAR) in fund.name
    event = AuditEvent.objects.get(action="funds.fund.create", object_id=str(fund.pk))
    assert event.actor_id == official.pk and event.data["budget"] == "2000000.00"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"year": 1999}, "year"),
        ({"year": THIS_YEAR + 6}, "year"),
        ({"year": "二〇二六"}, "year"),
        ({"budget": D("0")}, "budget"),
        ({"budget": D("-5")}, "budget"),
        ({"budget": 1.5}, "budget"),
        ({"per_enterprise_cap": D("0")}, "per_enterprise_cap"),
        ({"name": "名" * 201}, "name"),
    ],
)
def test_create_refuses_bad_input_naming_the_field(world, official, kwargs, field):
    data = {"year": THIS_YEAR, "budget": D("1000000"), **kwargs}
    with pytest.raises(DomainError) as exc:
        fund_create(actor=official, policy=make_policy(world.a.zone), **data)
    assert exc.value.field == field
    assert not Fund.objects.exists()


def test_one_fund_per_policy_and_year(world, official):
    policy = make_policy(world.a.zone)
    fund_create(actor=official, policy=policy, year=THIS_YEAR, budget=D("100"))
    with pytest.raises(DomainError) as exc:
        fund_create(actor=official, policy=policy, year=THIS_YEAR, budget=D("200"))
    assert exc.value.field == "year" and exc.value.code == "duplicate"
    assert policy.title in exc.value.message
    fund_create(actor=official, policy=policy, year=THIS_YEAR - 1, budget=D("200"))
    assert Fund.objects.filter(policy=policy).count() == 2


def test_only_the_policys_zone_officials_create_its_fund(world, auditor):
    policy = make_policy(world.a.zone)
    for user in (world.b.users[Role.ZONE_OFFICIAL], auditor, world.a.users[Role.PARK_OPERATOR]):
        with pytest.raises(PermissionDeniedError):
            fund_create(actor=user, policy=policy, year=THIS_YEAR, budget=D("100"))
    assert not Fund.objects.exists()


# --- fund_update ------------------------------------------------------------------------------


def test_update_audits_before_and_after_with_the_reason(fund, official):
    old_name = fund.name
    update(fund, official, name="研发后补助（调整）", budget=D("1500000"), reason="追加预算")
    fund.refresh_from_db()
    assert fund.name == "研发后补助（调整）" and fund.budget == D("1500000.00")
    event = AuditEvent.objects.get(action="funds.fund.update")
    assert event.reason == "追加预算" and event.actor_id == official.pk
    assert event.data["changes"] == {
        "name": [old_name, "研发后补助（调整）"],
        "budget": ["1000000.00", "1500000.00"],
    }


def test_nothing_changed_records_nothing(fund, official):
    update(fund, official)
    assert not AuditEvent.objects.filter(action="funds.fund.update").exists()


def test_a_new_name_alone_needs_no_reason(fund, official):
    old_name = fund.name
    update(fund, official, name="新名称")
    assert AuditEvent.objects.get(action="funds.fund.update").data["changes"] == {
        "name": [old_name, "新名称"]
    }


@pytest.mark.parametrize(
    "changes",
    [{"budget": D("900000")}, {"per_enterprise_cap": D("250000")}, {"per_enterprise_cap": None}],
)
def test_a_money_change_needs_a_reason(fund, official, changes):
    with pytest.raises(DomainError) as exc:
        update(fund, official, reason="  ", **changes)
    assert exc.value.field == "reason"
    assert Fund.objects.get(pk=fund.pk).budget == D("1000000.00")


def test_the_budget_cannot_go_below_what_is_committed(commitment, official):
    fund = commitment.fund  # 200 000 committed
    with pytest.raises(LedgerError) as exc:
        update(fund, official, budget=D("199999.99"), reason="压缩预算")
    assert exc.value.field == "budget" and exc.value.code == "budget_below_committed"
    assert "200,000.00" in exc.value.message
    fund.refresh_from_db()
    assert fund.budget == D("1000000.00")
    assert not AuditEvent.objects.filter(action="funds.fund.update").exists()
    update(fund, official, budget=D("200000"), reason="压缩到已承诺")  # exactly committed is fine
    assert Fund.objects.get(pk=fund.pk).budget == D("200000.00")


def test_a_stale_fund_cannot_slip_the_budget_under_a_new_commitment(fund, world, official):
    stale = Fund.objects.get(pk=fund.pk)  # read before the commitment below
    make_commitment(fund, world.a.enterprise, "300000")
    with pytest.raises(LedgerError):
        update(stale, official, budget=D("299999"), reason="压缩预算")
    assert Fund.objects.get(pk=fund.pk).budget == D("1000000.00")


def test_the_cap_cannot_go_below_an_enterprises_total(commitment, world, official):
    fund = commitment.fund  # cap 300 000, enterprise A 200 000
    other = EnterpriseFactory(zone=world.a.zone, name="乙企业")
    make_commitment(fund, other, "50000")
    with pytest.raises(LedgerError) as exc:
        update(fund, official, per_enterprise_cap=D("150000"), reason="收紧上限")
    assert exc.value.field == "per_enterprise_cap"
    assert exc.value.code == "cap_below_enterprise_total"
    assert world.a.enterprise.name in exc.value.message and "200,000.00" in exc.value.message
    assert set(FundEnterpriseTotal.objects.values_list("cap", flat=True)) == {D("300000.00")}
    assert Fund.objects.get(pk=fund.pk).per_enterprise_cap == D("300000.00")


def test_a_new_cap_is_copied_onto_every_enterprise_total(commitment, world, official):
    fund = commitment.fund
    update(fund, official, per_enterprise_cap=D("200000"), reason="统一上限")
    assert set(FundEnterpriseTotal.objects.values_list("cap", flat=True)) == {D("200000.00")}
    with pytest.raises(LedgerError) as exc:  # the enterprise is at the new cap
        make_commitment(fund, world.a.enterprise, "0.01")
    assert exc.value.code == "over_enterprise_cap"
    event = AuditEvent.objects.get(action="funds.fund.update")
    assert event.data["changes"] == {"per_enterprise_cap": ["300000.00", "200000.00"]}
    update(fund, official, per_enterprise_cap=None, reason="取消上限")
    assert set(FundEnterpriseTotal.objects.values_list("cap", flat=True)) == {None}
    make_commitment(fund, world.a.enterprise, "500000")


def test_a_commitment_through_a_stale_fund_copies_the_new_cap(fund, world, official):
    stale = Fund.objects.get(pk=fund.pk)  # cap 300 000 in memory
    update(fund, official, per_enterprise_cap=D("100000"), reason="收紧上限")
    with pytest.raises(LedgerError) as exc:
        commitment_create(
            actor=official,
            fund=stale,
            enterprise=world.a.enterprise,
            amount=D("150000"),
            source=fund.policy,
            reason="评审通过",
        )
    assert exc.value.code == "over_enterprise_cap"


def test_the_database_refuses_a_cap_under_a_total(commitment):
    with pytest.raises(IntegrityError), transaction.atomic():
        FundEnterpriseTotal.objects.filter(fund=commitment.fund).update(cap=D("100"))


def test_only_the_zones_officials_edit_a_fund(fund, world, auditor):
    for user in (world.b.users[Role.ZONE_OFFICIAL], auditor):
        with pytest.raises(PermissionDeniedError):
            update(fund, user, name="改名")
    assert Fund.objects.get(pk=fund.pk).name == fund.name
