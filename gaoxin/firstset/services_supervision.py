"""Fraud handling (P11): claw-back through both ledgers, revocation and a ban on applying.

One transaction: the fund ledger (``funds.services.clawback_create`` when the claim's money
was paid, ``commitment_release`` when it was not), the cap ledger (``ledger.give_back`` with
the same amount, kind claw-back or release), the qualification revoked (if still qualified)
and a ``Ban`` of the enterprise from today for N years (default: the rulebook parameter
``fraud_ban_years`` of the CN set), audited ``firstset.ban.create``. Zone officials of the
enterprise's zone only: they manage the fund (``funds.services._require_manager``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.core.money import format_yuan
from gaoxin.funds import services as fund_services
from rulebook.firstset import NATIONAL
from rulebook.firstset.calc import parameter_sets

from . import ledger
from .choices import CapEntryKind, QualificationStatus
from .models import Ban, Qualification, SubsidyClaim
from .rules import can_claw_back
from .workflows import QUALIFICATION

MAX_BAN_YEARS = 10


def default_ban_years(day: datetime.date | None = None) -> int:
    """The rulebook's ban after fraud (P11, CN ``fraud_ban_years``) in force on ``day``."""
    day = day or timezone.localdate()
    parameter = parameter_sets()[NATIONAL]["fraud_ban_years"]
    value = parameter.at_or_none(day) or parameter.values[0]  # before its first date: the first
    return int(value.value)


def years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def money_mode(claim: SubsidyClaim | None) -> str | None:
    """``clawback`` when the claim's commitment was paid, ``release`` when not, None without
    money (no claim, or a claim never committed)."""
    if claim is None or claim.commitment_id is None:
        return None
    return CapEntryKind.CLAWBACK if claim.commitment.disbursed > 0 else CapEntryKind.RELEASE


@dataclass
class FraudOutcome:
    ban: Ban
    mode: str | None
    amount: Decimal | None


def _check_amount(claim, mode, amount) -> Decimal | None:
    if mode is None:
        if amount:
            raise DomainError(
                _("Amount: there is no committed money on this claim to claw back."),
                field="amount",
            )
        return None
    if amount is None or amount <= 0:
        raise DomainError(_("Amount: give an amount of more than zero yuan."), field="amount")
    commitment = claim.commitment
    limit = commitment.disbursed if mode == CapEntryKind.CLAWBACK else commitment.remaining
    if amount > limit:
        message = (
            _("Amount: %(amount)s yuan is more than the %(limit)s yuan paid on this claim.")
            if mode == CapEntryKind.CLAWBACK
            else _("Amount: %(amount)s yuan is more than the %(limit)s yuan still unpaid.")
        )
        raise DomainError(
            message % {"amount": format_yuan(amount), "limit": format_yuan(limit)},
            code="over_commitment",
            field="amount",
        )
    return amount


def _move_money(actor, q, claim, mode, amount, reference, reason) -> None:
    if mode == CapEntryKind.CLAWBACK:
        fund_services.clawback_create(
            actor=actor, commitment=claim.commitment, amount=amount, reference=reference,
            reason=reason,
        )  # fmt: skip
    else:
        fund_services.commitment_release(
            actor=actor, commitment=claim.commitment, amount=amount, reason=reason
        )
    ledger.give_back(
        actor=actor, qualification=q, amount=amount, kind=mode, claim=claim, note=reason
    )


@transaction.atomic
def clawback_and_ban(
    *,
    actor,
    qualification: Qualification,
    claim: SubsidyClaim | None,
    amount: Decimal | None,
    reference: str,
    reason: str,
    ban_years: int,
    today: datetime.date | None = None,
) -> FraudOutcome:
    """Claw back (or release) ``amount`` of ``claim``, revoke ``qualification`` and ban its
    enterprise for ``ban_years`` from ``today``."""
    today = today or timezone.localdate()
    if not can_claw_back(actor, qualification):
        raise PermissionDeniedError(
            _("Only the officials of the enterprise's zone claw back and record a ban.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Reason: say what the fraud was."), field="reason")
    if not 1 <= int(ban_years) <= MAX_BAN_YEARS:
        raise DomainError(
            _("Ban: give between 1 and %(max)s years.") % {"max": MAX_BAN_YEARS},
            field="ban_years",
        )
    if claim is not None and claim.qualification_id != qualification.pk:
        raise DomainError(_("Claim: it belongs to another qualification."), field="claim")
    mode = money_mode(claim)
    amount = _check_amount(claim, mode, amount)
    if mode is not None:
        _move_money(actor, qualification, claim, mode, amount, reference, reason)
    if qualification.status == QualificationStatus.QUALIFIED:
        QUALIFICATION.apply(
            qualification,
            "revoke",
            actor=actor,
            summary=_("Qualification %(number)s revoked for fraud")
            % {"number": qualification.number},
            reason=reason,
        )
    ban = _ban(actor, qualification, reason, today, int(ban_years), mode, amount)
    return FraudOutcome(ban=ban, mode=mode, amount=amount)


def _ban(actor, q, reason, today, years, mode, amount) -> Ban:
    ban = Ban.objects.create(
        enterprise=q.enterprise, qualification=q, starts_on=today,
        ends_on=years_after(today, years), reason=reason, created_by=actor,
    )  # fmt: skip
    record(
        action="firstset.ban.create",
        actor=actor,
        obj=q.enterprise,
        summary=_("%(enterprise)s barred from the first-set program until %(until)s")
        % {"enterprise": q.enterprise.name, "until": ban.ends_on.isoformat()},
        reason=reason,
        data={
            "ban": ban.pk,
            "qualification": q.pk,
            "years": years,
            "money": mode,
            "amount": None if amount is None else str(amount),
        },
    )
    return ban


@transaction.atomic
def export_recorded(*, actor, what: str, rows: int) -> None:
    """Audit an export of the supervision list or the report per 工信局."""
    record(
        action="firstset.supervision.export",
        actor=actor,
        summary=_("Exported the first-set supervision %(what)s") % {"what": what},
        data={"what": what, "rows": rows},
    )
