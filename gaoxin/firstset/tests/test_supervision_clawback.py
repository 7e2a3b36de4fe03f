"""Claw-back and ban (P11): both ledgers, the revocation, the ban, the refusals."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.firstset import bans
from gaoxin.firstset.models import Ban, CapEntry
from gaoxin.firstset.services_supervision import clawback_and_ban, default_ban_years
from gaoxin.funds.models import LedgerEntry

from .factories_supervision import make_claim, make_qualification

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 6)


@pytest.fixture
def paid_claim(world):
    q = make_qualification(world.a.enterprise, cap="1000000")
    return make_claim(q, "300000", paid="300000")


def _run(world, claim, amount="300000", **kw):
    args = {
        "actor": world.a.users[Role.ZONE_OFFICIAL], "qualification": claim.qualification,
        "claim": claim, "amount": Decimal(amount), "reference": "缴库-2026-001",
        "reason": "虚报保费", "ban_years": 3, "today": TODAY, **kw,
    }  # fmt: skip
    return clawback_and_ban(**args)


def test_default_ban_is_the_rulebook_parameter():
    assert default_ban_years(TODAY) == 3
    assert default_ban_years(datetime.date(2020, 1, 1)) == 3


def test_paid_money_is_clawed_back_in_both_ledgers_revoked_and_banned(world, paid_claim):
    outcome = _run(world, paid_claim)
    q = paid_claim.qualification
    q.refresh_from_db()
    assert outcome.mode == "clawback"
    assert q.used == 0 and q.status == "revoked"
    cap_entry = CapEntry.objects.get(kind="clawback")
    assert (cap_entry.amount, cap_entry.claim_id) == (Decimal("300000.00"), paid_claim.pk)
    fund_entry = LedgerEntry.objects.get(kind="clawback")
    assert fund_entry.amount == Decimal("300000.00") and fund_entry.reference == "缴库-2026-001"
    paid_claim.commitment.refresh_from_db()
    assert paid_claim.commitment.disbursed == 0
    ban = Ban.objects.get()
    assert (ban.starts_on, ban.ends_on) == (TODAY, datetime.date(2029, 12, 6))
    assert ban.enterprise == world.a.enterprise and ban.qualification == q
    assert AuditEvent.objects.filter(action="firstset.ban.create").count() == 1
    assert AuditEvent.objects.filter(action="firstset.qualification.revoke").count() == 1
    with pytest.raises(DomainError) as refused:
        bans.require_not_banned(world.a.enterprise, TODAY + datetime.timedelta(days=400))
    assert refused.value.code == "banned"
    bans.require_not_banned(world.a.enterprise, datetime.date(2029, 12, 6))  # ended


def test_unpaid_money_is_released_instead(world):
    q = make_qualification(world.a.enterprise, cap="1000000")
    claim = make_claim(q, "300000")
    outcome = _run(world, claim, amount="300000")
    assert outcome.mode == "release"
    assert CapEntry.objects.filter(kind="release", amount=Decimal("300000")).exists()
    assert LedgerEntry.objects.filter(kind="release", amount=Decimal("300000")).exists()
    claim.commitment.refresh_from_db()
    assert claim.commitment.amount == 0


def test_over_paid_is_refused_and_nothing_is_saved(world, paid_claim):
    with pytest.raises(DomainError) as refused:
        _run(world, paid_claim, amount="300000.01")
    assert refused.value.field == "amount"
    paid_claim.qualification.refresh_from_db()
    assert paid_claim.qualification.status == "qualified"
    assert paid_claim.qualification.used == Decimal("300000.00")
    assert not Ban.objects.exists() and not CapEntry.objects.filter(kind="clawback").exists()


def test_a_clawback_needs_the_repayment_reference(world, paid_claim):
    with pytest.raises(DomainError) as refused:
        _run(world, paid_claim, reference="")
    assert refused.value.field == "reference"
    assert not Ban.objects.exists()


def test_other_zone_official_and_reviewer_are_refused(world, paid_claim):
    for user in (world.b.users[Role.ZONE_OFFICIAL], world.a.users[Role.PROVINCIAL_REVIEWER]):
        with pytest.raises(PermissionDeniedError):
            _run(world, paid_claim, actor=user)
    assert not Ban.objects.exists()


def test_ban_without_money(world):
    q = make_qualification(world.a.enterprise, cap="1000000")
    outcome = clawback_and_ban(
        actor=world.a.users[Role.ZONE_OFFICIAL], qualification=q, claim=None, amount=None,
        reference="", reason="伪造检测报告", ban_years=2, today=TODAY,
    )  # fmt: skip
    assert outcome.mode is None and outcome.ban.ends_on == datetime.date(2028, 12, 6)


def test_the_confirmation_page(world, paid_claim, as_user):
    url = reverse("firstset:supervision_clawback", kwargs={"pk": paid_claim.qualification.pk})
    client = as_user(world.a.users[Role.ZONE_OFFICIAL])
    page = client.get(url)
    assert page.status_code == 200
    assert "was paid: the amount is clawed back" in page.content.decode()
    assert page.context["form"].initial["ban_years"] == 3
    form = {
        "claim": paid_claim.pk, "amount": "400000", "reference": "R1", "reason": "虚报",
        "ban_years": "3", "confirm": "on",
    }  # fmt: skip
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "more than the 300,000.00 yuan paid" in refused.content.decode()
    done = client.post(url, {**form, "amount": "100000"})
    assert done.status_code == 302
    assert Ban.objects.count() == 1
    detail = client.get(done["Location"])
    assert "Barred from applying to the first-set program" in detail.content.decode()


def test_the_page_is_the_zone_officials(world, paid_claim, as_user):
    url = reverse("firstset:supervision_clawback", kwargs={"pk": paid_claim.qualification.pk})
    assert as_user(world.a.users[Role.PROVINCIAL_REVIEWER]).get(url).status_code == 403
    assert as_user(world.a.users[Role.AUDITOR]).get(url).status_code == 403
    assert as_user(world.b.users[Role.ZONE_OFFICIAL]).get(url).status_code == 404
    assert as_user(world.a.users[Role.ENTERPRISE_USER]).get(url).status_code == 403
