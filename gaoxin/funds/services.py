"""Writes of the fund ledgers: commit, disburse, release, claw back (and create a fund).

The totals can never pass a budget, a cap or a commitment, whatever runs at the same time:
each total moves by one conditional UPDATE (``... WHERE committed <= budget - amount``) that
changes no row when the money is not there (→ ``LedgerError``), and the CheckConstraints of
``models`` refuse what a conditional UPDATE would have let through (→ ``LedgerError`` too).
Rows are always updated in the same order (commitment, fund, enterprise total, then the audit
chain head), so two writers never wait on each other in a cycle.

A disbursement carries an idempotency key: its entry is inserted first, in a savepoint; when
the key's unique constraint refuses it, the entry stored under the key is returned (the same
request) or the request is refused (``idempotency_key_reused``: another request under that key).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.audit.changes import field_changes, snapshot
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.core.fields import yuan_value
from gaoxin.core.money import FEN, format_yuan

from . import rules as fund_rules
from .choices import EntryKind
from .models import Commitment, Fund, FundEnterpriseTotal, LedgerEntry

MAX_AMOUNT = Decimal("99999999999999.99")  # 16 digits, 2 places


class LedgerError(DomainError):
    """The ledger refuses a movement: over the budget, a cap or a commitment, or a reused key."""

    status = 409

    def __init__(self, message: str, *, code: str, field: str | None = None):
        super().__init__(message, code=code, field=field)


# --- checks ------------------------------------------------------------------------------


def _require_manager(actor, fund: Fund) -> None:
    """``actor=None`` is the system (another app's service acting for its own actor)."""
    if actor is not None and not fund_rules.can_manage_fund(actor, fund):
        raise PermissionDeniedError(_("Only the officials of the policy's zone manage its fund."))


def _amount(value, field: str = "amount") -> Decimal:
    if isinstance(value, float) or not isinstance(value, Decimal | int | str):
        raise DomainError(_("Give the amount as a decimal number of yuan."), field=field)
    try:
        amount = Decimal(value)
    except ArithmeticError as exc:
        raise DomainError(_("Give the amount as a decimal number of yuan."), field=field) from exc
    if not amount.is_finite() or amount <= 0:
        raise DomainError(_("The amount must be more than zero."), field=field)
    if amount != amount.quantize(FEN) or amount > MAX_AMOUNT:
        raise DomainError(
            _("The amount must be in yuan with at most two decimal places."), field=field
        )
    return amount.quantize(FEN)


def _text(value, field: str, message: str, max_length: int) -> str:
    text = (value or "").strip() if isinstance(value, str | type(None)) else ""
    if not text:
        raise DomainError(message, field=field)
    if len(text) > max_length:
        raise DomainError(_("At most %(n)d characters, please.") % {"n": max_length}, field=field)
    return text


def _guard(queryset: models.QuerySet, error: Callable[[], LedgerError], **changes) -> None:
    """One conditional UPDATE that must change exactly one row, else ``error()`` is raised; a
    CheckConstraint refusing the UPDATE (the database's second guard) raises it too. The error
    is built after the refusal, so its message names the amounts as they are."""
    try:
        with transaction.atomic():
            rows = queryset.update(**changes)
    except IntegrityError as exc:
        raise error() from exc
    if rows != 1:
        raise error()


# --- fund ----------------------------------------------------------------------------------

FUND_FIELDS = ("name", "budget", "per_enterprise_cap")
FIRST_YEAR = 2000
YEARS_AHEAD = 5


def default_fund_name(title: str, year) -> str:
    """The name a new fund is given when none is typed: the policy's title and the year."""
    return _("%(title)s, %(year)s fund") % {"title": title, "year": year}


def _year(value) -> int:
    last = timezone.localdate().year + YEARS_AHEAD
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if isinstance(value, bool | float) or not FIRST_YEAR <= year <= last:
        raise DomainError(
            _("Give a year between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": last},
            field="year",
        )
    return year


def _cap(value) -> Decimal | None:
    return None if value in (None, "") else _amount(value, "per_enterprise_cap")


def _clean_fund(fund: Fund) -> None:
    """The fields' own checks (lengths, digits); the constraints are the services' business."""
    try:
        fund.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        name, errors = next(iter(exc.message_dict.items()))
        raise DomainError(errors[0], field=None if name == NON_FIELD_ERRORS else name) from exc


def _duplicate(policy, year: int) -> DomainError:
    return DomainError(
        _("The policy %(policy)s already has a fund for %(year)d; edit that one instead.")
        % {"policy": policy.title, "year": year},
        code="duplicate",
        field="year",
    )


@transaction.atomic
def fund_create(
    *, actor, policy, year: int, budget, per_enterprise_cap=None, name: str = "", is_sample=False
) -> Fund:
    """A policy's fund for ``year`` (one per policy and year), managed by the policy's zone."""
    year = _year(year)
    fund = Fund(
        policy=policy,
        year=year,
        name=(name or "").strip() or default_fund_name(policy.title, year),
        budget=_amount(budget, "budget"),
        per_enterprise_cap=_cap(per_enterprise_cap),
        is_sample=is_sample,
    )
    _require_manager(actor, fund)
    _clean_fund(fund)
    if Fund.objects.filter(policy=policy, year=year).exists():
        raise _duplicate(policy, year)
    try:
        with transaction.atomic():
            fund.save(force_insert=True)
    except IntegrityError as exc:  # the same fund created at the same moment
        raise _duplicate(policy, year) from exc
    record(
        action="funds.fund.create",
        actor=actor,
        obj=fund,
        summary=_("Created the fund %(fund)s with a budget of %(budget)s yuan")
        % {"fund": fund, "budget": format_yuan(fund.budget)},
        data={"policy": policy.pk, "year": year, "budget": str(fund.budget)},
    )
    return fund


def _below_committed(fund_id: int, budget: Decimal) -> Callable[[], LedgerError]:
    def build() -> LedgerError:
        fund = Fund.objects.get(pk=fund_id)
        return LedgerError(
            _(
                "The budget cannot be %(budget)s yuan: %(committed)s yuan of the fund are "
                "already committed; give at least that, or release commitments first."
            )
            % {"budget": format_yuan(budget), "committed": format_yuan(fund.committed)},
            code="budget_below_committed",
            field="budget",
        )

    return build


def _below_enterprise_total(fund_id: int, cap: Decimal) -> LedgerError:
    largest = (
        FundEnterpriseTotal.objects.filter(fund_id=fund_id, committed__gt=cap)
        .select_related("enterprise")
        .order_by("-committed")
        .first()
    )
    return LedgerError(
        _(
            "The cap per enterprise cannot be %(cap)s yuan: %(enterprise)s is already committed "
            "%(committed)s yuan of this fund; give at least that, or leave the cap empty."
        )
        % {
            "cap": format_yuan(cap),
            "enterprise": largest.enterprise if largest else "—",
            "committed": format_yuan(largest.committed if largest else cap),
        },
        code="cap_below_enterprise_total",
        field="per_enterprise_cap",
    )


def _copy_cap(fund_id: int, cap: Decimal | None) -> None:
    """Copy the fund's new cap onto every enterprise total of the fund: only onto the totals
    within it (a conditional UPDATE); a total left out means an enterprise already has more."""
    totals = FundEnterpriseTotal.objects.filter(fund_id=fund_id)
    within = totals if cap is None else totals.filter(committed__lte=cap)
    try:
        with transaction.atomic():
            moved = within.update(cap=cap)
    except IntegrityError as exc:  # the CheckConstraint, the second guard
        raise _below_enterprise_total(fund_id, cap) from exc
    if moved != totals.count():
        raise _below_enterprise_total(fund_id, cap)


@transaction.atomic
def fund_update(*, actor, fund: Fund, name: str, budget, per_enterprise_cap, reason: str) -> Fund:
    """Rename a fund, change its budget or its cap per enterprise (a reason is required for the
    money). The budget cannot go below what is committed, nor the cap below an enterprise's
    total: conditional UPDATEs refuse it, the CheckConstraints behind them."""
    _require_manager(actor, fund)
    locked = Fund.objects.select_for_update().select_related("policy").get(pk=fund.pk)
    before = snapshot(locked, FUND_FIELDS)
    locked.name = _text(name, "name", _("Give the fund a name."), 200)
    locked.budget = _amount(budget, "budget")
    locked.per_enterprise_cap = _cap(per_enterprise_cap)
    _clean_fund(locked)
    changes = field_changes(before, snapshot(locked, FUND_FIELDS))
    reason = (reason or "").strip()
    if not changes:
        return locked
    if {"budget", "per_enterprise_cap"} & changes.keys():
        reason = _text(reason, "reason", _("Say why the budget or the cap changes."), 500)
    _guard(
        Fund.objects.filter(pk=fund.pk, committed__lte=locked.budget),
        _below_committed(fund.pk, locked.budget),
        name=locked.name,
        budget=locked.budget,
        per_enterprise_cap=locked.per_enterprise_cap,
        updated_at=timezone.now(),
    )
    if "per_enterprise_cap" in changes:
        _copy_cap(fund.pk, locked.per_enterprise_cap)
    record(
        action="funds.fund.update",
        actor=actor,
        obj=locked,
        summary=_("Edited the fund %(fund)s") % {"fund": locked},
        reason=reason[:500],
        changes=changes,
    )
    fund.refresh_from_db()
    return fund


# --- commitment ------------------------------------------------------------------------------


def _over_budget(fund: Fund, amount: Decimal) -> LedgerError:
    fund.refresh_from_db(fields=["budget", "committed", "paid"])
    return LedgerError(
        _(
            "Over the budget: %(amount)s yuan cannot be committed from %(fund)s; of its budget "
            "of %(budget)s yuan, %(committed)s are committed and %(left)s are left."
        )
        % {
            "amount": format_yuan(amount),
            "fund": fund,
            "budget": format_yuan(fund.budget),
            "committed": format_yuan(fund.committed),
            "left": format_yuan(fund.remaining),
        },
        code="over_budget",
        field="amount",
    )


def _over_cap(total: FundEnterpriseTotal, amount: Decimal) -> LedgerError:
    total.refresh_from_db()
    return LedgerError(
        _(
            "Over the cap per enterprise: %(enterprise)s is already committed %(committed)s "
            "yuan of its cap of %(cap)s yuan; %(amount)s more would pass it."
        )
        % {
            "enterprise": total.enterprise,
            "committed": format_yuan(total.committed),
            "cap": format_yuan(total.cap),
            "amount": format_yuan(amount),
        },
        code="over_enterprise_cap",
        field="amount",
    )


def _commit_on_enterprise(fund: Fund, enterprise, amount: Decimal) -> None:
    # The fund's row is locked by the UPDATE before this, so the total is created once, with
    # the cap as stored now (``fund`` may have been read before ``fund_update`` changed it).
    cap = Fund.objects.filter(pk=fund.pk).values_list("per_enterprise_cap", flat=True).get()
    total, _created = FundEnterpriseTotal.objects.get_or_create(
        fund=fund, enterprise=enterprise, defaults={"cap": cap}
    )
    room = Q(cap__isnull=True) | Q(committed__lte=F("cap") - yuan_value(amount))
    _guard(
        FundEnterpriseTotal.objects.filter(room, pk=total.pk),
        lambda: _over_cap(total, amount),
        committed=F("committed") + yuan_value(amount),
    )


def _source_fields(source) -> dict:
    if source is None:
        return {"source_label": ""}
    if isinstance(source, str):
        return {"source_label": source.strip()[:300]}
    return {"source": source, "source_label": str(source)[:300]}


@transaction.atomic
def commitment_create(
    *, actor, fund: Fund, enterprise, amount: Decimal, source: models.Model, reason: str
) -> Commitment:
    """Commit ``amount`` of ``fund`` to ``enterprise`` (承诺), within the budget and the cap."""
    _require_manager(actor, fund)
    amount = _amount(amount)
    reason = _text(reason, "reason", _("Say why the money is committed."), 500)
    if enterprise.zone_id != fund.policy.zone_id:
        raise DomainError(
            _("%(enterprise)s is not an enterprise of the fund's zone.")
            % {"enterprise": enterprise},
            field="enterprise",
        )
    _guard(
        Fund.objects.filter(pk=fund.pk, committed__lte=F("budget") - yuan_value(amount)),
        lambda: _over_budget(fund, amount),
        committed=F("committed") + yuan_value(amount),
    )
    _commit_on_enterprise(fund, enterprise, amount)
    commitment = Commitment(
        fund=fund,
        enterprise=enterprise,
        amount=amount,
        reason=reason,
        created_by=actor,
        **_source_fields(source),
    )
    commitment.full_clean()
    commitment.save()
    _entry(commitment, EntryKind.COMMITMENT, amount, actor, note=reason)
    _audit_commitment(actor, commitment)
    fund.refresh_from_db(fields=["committed", "paid"])
    return commitment


def _audit_commitment(actor, commitment: Commitment) -> None:
    record(
        action="funds.commitment.create",
        actor=actor,
        obj=commitment,
        summary=_("Committed %(amount)s yuan of %(fund)s to %(enterprise)s")
        % {
            "amount": format_yuan(commitment.amount),
            "fund": commitment.fund,
            "enterprise": commitment.enterprise,
        },
        reason=commitment.reason,
        data={
            "fund": commitment.fund_id,
            "amount": str(commitment.amount),
            "source": commitment.source_label,
        },
    )


def _entry(commitment: Commitment, kind: str, amount: Decimal, actor, **fields) -> LedgerEntry:
    entry = LedgerEntry(
        fund_id=commitment.fund_id,
        commitment=commitment,
        kind=kind,
        amount=amount,
        actor=actor,
        **fields,
    )
    entry.save(force_insert=True)
    return entry


def _unpaid_error(commitment: Commitment, amount: Decimal, code: str = "over_commitment"):
    def build() -> LedgerError:
        commitment.refresh_from_db(fields=["amount", "disbursed"])
        return LedgerError(
            _(
                "Over the commitment: %(amount)s yuan cannot be paid to %(enterprise)s; "
                "%(disbursed)s of the %(committed)s yuan committed are paid, %(left)s are left."
            )
            % {
                "amount": format_yuan(amount),
                "enterprise": commitment.enterprise,
                "disbursed": format_yuan(commitment.disbursed),
                "committed": format_yuan(commitment.amount),
                "left": format_yuan(commitment.remaining),
            },
            code=code,
            field="amount",
        )

    return build


def _fund_error(fund_id: int, amount: Decimal) -> Callable[[], LedgerError]:
    def build() -> LedgerError:
        fund = Fund.objects.get(pk=fund_id)
        return LedgerError(
            _(
                "The fund %(fund)s cannot move %(amount)s yuan: %(committed)s yuan are "
                "committed and %(paid)s paid."
            )
            % {
                "fund": fund,
                "amount": format_yuan(amount),
                "committed": format_yuan(fund.committed),
                "paid": format_yuan(fund.paid),
            },
            code="over_budget",
            field="amount",
        )

    return build


# --- disbursement ----------------------------------------------------------------------------


def request_fingerprint(*, commitment_id: int, amount: Decimal, reference: str) -> str:
    """What makes two disbursement requests the same request (hex SHA-256)."""
    text = f"{commitment_id}|{amount.quantize(FEN)}|{reference}"
    return hashlib.sha256(text.encode()).hexdigest()


def _seen_before(fund_id: int, key: str, fingerprint: str) -> LedgerEntry | None:
    existing = LedgerEntry.objects.filter(fund_id=fund_id, idempotency_key=key).first()
    if existing is not None and existing.fingerprint != fingerprint:
        raise LedgerError(
            _(
                "The idempotency key %(key)s was used for another request (entry %(entry)s of "
                "%(amount)s yuan); send a new key for a new payment."
            )
            % {"key": key, "entry": existing.pk, "amount": format_yuan(existing.amount)},
            code="idempotency_key_reused",
            field="idempotency_key",
        )
    return existing


def _payment_request(amount, reference, key) -> tuple[Decimal, str, str]:
    return (
        _amount(amount),
        _text(reference, "reference", _("Give the payment reference."), 100),
        _text(key, "idempotency_key", _("Send an idempotency key with a payment."), 100),
    )


@transaction.atomic
def disbursement_create(
    *, actor, commitment: Commitment, amount: Decimal, reference: str, idempotency_key: str
) -> tuple[LedgerEntry, bool]:
    """Pay ``amount`` of ``commitment`` (拨付). Sent again with the same key and body, it pays
    nothing and returns the first entry: ``(entry, created)``."""
    fund = commitment.fund
    _require_manager(actor, fund)
    amount, reference, key = _payment_request(amount, reference, idempotency_key)
    fingerprint = request_fingerprint(
        commitment_id=commitment.pk, amount=amount, reference=reference
    )
    entry = LedgerEntry(
        fund=fund,
        commitment=commitment,
        kind=EntryKind.DISBURSEMENT,
        amount=amount,
        reference=reference,
        idempotency_key=key,
        fingerprint=fingerprint,
        actor=actor,
    )
    existing = _insert_once(entry)
    if existing is not None:
        return existing, False
    _pay(commitment, amount)
    record(
        action="funds.disbursement.create",
        actor=actor,
        obj=commitment,
        summary=_("Paid %(amount)s yuan of %(fund)s to %(enterprise)s (%(reference)s)")
        % {
            "amount": format_yuan(amount),
            "fund": fund,
            "enterprise": commitment.enterprise,
            "reference": reference,
        },
        data={"entry": entry.pk, "amount": str(amount), "reference": reference, "key": key},
    )
    return entry, True


def _insert_once(entry: LedgerEntry) -> LedgerEntry | None:
    """Insert ``entry`` in a savepoint; when its key's unique constraint refuses it, the entry
    already stored under the key (the same request), or ``idempotency_key_reused``. A writer
    with the same key waits at the insert until the first one commits or rolls back."""
    try:
        with transaction.atomic():
            entry.save(force_insert=True)
    except IntegrityError:
        existing = _seen_before(entry.fund_id, entry.idempotency_key, entry.fingerprint)
        if existing is None:
            raise
        return existing
    return None


def _pay(commitment: Commitment, amount: Decimal) -> None:
    _guard(
        Commitment.objects.filter(
            pk=commitment.pk, disbursed__lte=F("amount") - yuan_value(amount)
        ),
        _unpaid_error(commitment, amount),
        disbursed=F("disbursed") + yuan_value(amount),
    )
    _guard(
        Fund.objects.filter(pk=commitment.fund_id, paid__lte=F("committed") - yuan_value(amount)),
        _fund_error(commitment.fund_id, amount),
        paid=F("paid") + yuan_value(amount),
    )
    commitment.refresh_from_db(fields=["amount", "disbursed"])


# --- release and claw-back ---------------------------------------------------------------------


def _uncommit(commitment: Commitment, amount: Decimal, *, paid_back: bool) -> None:
    """Take ``amount`` off the commitment, the fund and the enterprise's total; ``paid_back``:
    it had been paid (a claw-back), so it comes off what was disbursed and paid too."""
    if paid_back:
        rows = Commitment.objects.filter(pk=commitment.pk, disbursed__gte=amount)
        changes = {
            "amount": F("amount") - yuan_value(amount),
            "disbursed": F("disbursed") - yuan_value(amount),
        }
        fund_rows = Fund.objects.filter(pk=commitment.fund_id, paid__gte=amount)
        fund_changes = {
            "committed": F("committed") - yuan_value(amount),
            "paid": F("paid") - yuan_value(amount),
        }
    else:
        rows = Commitment.objects.filter(
            pk=commitment.pk, amount__gte=F("disbursed") + yuan_value(amount)
        )
        changes = {"amount": F("amount") - yuan_value(amount)}
        fund_rows = Fund.objects.filter(
            pk=commitment.fund_id, committed__gte=F("paid") + yuan_value(amount)
        )
        fund_changes = {"committed": F("committed") - yuan_value(amount)}
    _guard(rows, _unpaid_error(commitment, amount), **changes)
    _guard(fund_rows, _fund_error(commitment.fund_id, amount), **fund_changes)
    _guard(
        FundEnterpriseTotal.objects.filter(
            fund_id=commitment.fund_id,
            enterprise_id=commitment.enterprise_id,
            committed__gte=amount,
        ),
        _fund_error(commitment.fund_id, amount),
        committed=F("committed") - yuan_value(amount),
    )
    commitment.refresh_from_db(fields=["amount", "disbursed"])


@transaction.atomic
def commitment_release(
    *, actor, commitment: Commitment, amount: Decimal | None = None, reason: str
) -> LedgerEntry:
    """Give back to the fund the part of a commitment that will not be paid (释放); ``amount``
    None releases all that is unpaid."""
    _require_manager(actor, commitment.fund)
    reason = _text(reason, "reason", _("Say why the commitment is released."), 500)
    if amount is None:
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        amount = locked.amount - locked.disbursed
        if amount <= 0:
            raise LedgerError(
                _("Nothing to release: the commitment is paid in full."),
                code="over_commitment",
                field="amount",
            )
    amount = _amount(amount)
    _uncommit(commitment, amount, paid_back=False)
    entry = _entry(commitment, EntryKind.RELEASE, amount, actor, note=reason)
    record(
        action="funds.commitment.release",
        actor=actor,
        obj=commitment,
        summary=_("Released %(amount)s yuan of the commitment to %(enterprise)s")
        % {"amount": format_yuan(amount), "enterprise": commitment.enterprise},
        reason=reason,
        data={"entry": entry.pk, "amount": str(amount)},
    )
    return entry


@transaction.atomic
def clawback_create(
    *, actor, commitment: Commitment, amount: Decimal, reference: str, reason: str
) -> LedgerEntry:
    """Record money paid and recovered (追回): it comes off what was paid and committed."""
    _require_manager(actor, commitment.fund)
    amount = _amount(amount)
    reference = _text(reference, "reference", _("Give the reference of the repayment."), 100)
    reason = _text(reason, "reason", _("Say why the payment is clawed back."), 500)
    _guard_clawback(commitment, amount)
    entry = _entry(commitment, EntryKind.CLAWBACK, amount, actor, reference=reference, note=reason)
    record(
        action="funds.clawback.create",
        actor=actor,
        obj=commitment,
        summary=_("Clawed back %(amount)s yuan paid to %(enterprise)s (%(reference)s)")
        % {
            "amount": format_yuan(amount),
            "enterprise": commitment.enterprise,
            "reference": reference,
        },
        reason=reason,
        data={"entry": entry.pk, "amount": str(amount), "reference": reference},
    )
    return entry


def _guard_clawback(commitment: Commitment, amount: Decimal) -> None:
    try:
        _uncommit(commitment, amount, paid_back=True)
    except LedgerError as exc:
        commitment.refresh_from_db(fields=["amount", "disbursed"])
        raise LedgerError(
            _(
                "Over what was paid: %(amount)s yuan cannot be clawed back from %(enterprise)s, "
                "which was paid %(disbursed)s yuan of this commitment."
            )
            % {
                "amount": format_yuan(amount),
                "enterprise": commitment.enterprise,
                "disbursed": format_yuan(commitment.disbursed),
            },
            code="over_commitment",
            field="amount",
        ) from exc


@transaction.atomic
def export_recorded(*, actor, fund: Fund | None, rows: int) -> None:
    """Audit an export of the ledgers: the list of the zone's funds, or one fund's ledger."""
    record(
        action="funds.export",
        actor=actor,
        obj=fund,
        summary=(
            _("Exported the ledger of %(fund)s") % {"fund": fund}
            if fund is not None
            else _("Exported the list of funds")
        ),
        data={"rows": rows},
    )
