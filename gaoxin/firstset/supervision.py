"""Supervision of the caps' spending (资金使用进度): per qualification, what was allocated and paid
against its cap, how much of its validity window is left, and whether the money is at risk of
going unused (资金闲置风险); the same summed per recommending unit (工信局); the pace chart; the
monthly alerts.

The rule (stated on the page and in docs/firstset.md): a qualification is **at risk** on a day
when less than ``AT_RISK_USED_SHARE`` (half) of its cap is allocated while less than
``AT_RISK_LEFT_SHARE`` (a quarter) of its window is left. Exactly half allocated, or exactly a
quarter left, is not at risk. The window counts whole days, both ends included; on a day, the
days left are those after it (on the last day of the window none is left, but the window is
still open). After its last day the window has **lapsed** and its unused remainder with it.
Revoked qualifications are listed apart and never at risk. A qualification without a cap is
never at risk (there is nothing to measure against).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.core.money import format_yuan, to_yuan
from gaoxin.funds.choices import EntryKind

from .choices import CapEntryKind, QualificationStatus
from .models import CapEntry, Qualification, SubsidyClaim

AT_RISK_USED_SHARE = Decimal("0.5")
"""At risk when less than this share of the cap is allocated …"""
AT_RISK_LEFT_SHARE = Decimal("0.25")
"""… while less than this share of the validity window is left."""
ZERO = Decimal("0.00")

ON_TRACK, AT_RISK, LAPSED, NOT_STARTED, REVOKED = (
    "on_track",
    "at_risk",
    "lapsed",
    "not_started",
    "revoked",
)

STATE_LABELS = {
    ON_TRACK: gettext_lazy("On track"),
    AT_RISK: gettext_lazy("At risk"),
    LAPSED: gettext_lazy("Lapsed"),
    NOT_STARTED: gettext_lazy("Not started"),
    REVOKED: gettext_lazy("Revoked"),
}


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def window_days(q: Qualification) -> int:
    """The days of the window, both ends included."""
    return (q.valid_to - q.valid_from).days + 1


def days_left(q: Qualification, day: datetime.date) -> int:
    """Whole days of the window after ``day`` (0 on its last day and after it)."""
    if day < q.valid_from:
        return window_days(q)
    return max(0, (q.valid_to - day).days)


def elapsed_share(q: Qualification, day: datetime.date) -> Decimal:
    """The share of the window elapsed at the end of ``day`` (0 before it, 1 from its end)."""
    return 1 - Decimal(days_left(q, day)) / Decimal(window_days(q))


def used_share(q: Qualification) -> Decimal | None:
    if not q.cap:
        return None
    return q.used / q.cap


def state_of(q: Qualification, day: datetime.date) -> str:
    """revoked, lapsed, not_started, at_risk or on_track (see the module's rule)."""
    if q.status == QualificationStatus.REVOKED:
        return REVOKED
    if day > q.valid_to:
        return LAPSED
    if day < q.valid_from:
        return NOT_STARTED
    share = used_share(q)
    left = Decimal(days_left(q, day)) / Decimal(window_days(q))
    if share is not None and share < AT_RISK_USED_SHARE and left < AT_RISK_LEFT_SHARE:
        return AT_RISK
    return ON_TRACK


def whole_percent(share: Decimal) -> int:
    """A share (0..1) as a whole percentage, rounded half up: 0.345 → 35, 0.994 → 99."""
    return int((Decimal(share) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Row:
    """One qualification's figures on ``day``."""

    qualification: Qualification
    paid: Decimal
    days_left: int
    elapsed: Decimal  # share of the window, 0..1
    used_share: Decimal | None  # share of the cap allocated, 0..1
    state: str

    @property
    def remaining(self) -> Decimal:
        return self.qualification.remaining or ZERO

    @property
    def at_risk(self) -> bool:
        return self.state == AT_RISK

    @property
    def state_label(self) -> str:
        return state_label(self.state)

    @property
    def lapsed(self) -> bool:
        return self.state == LAPSED

    @property
    def elapsed_percent(self) -> int:
        return whole_percent(self.elapsed)

    @property
    def used_percent(self) -> int | None:
        return None if self.used_share is None else whole_percent(self.used_share)

    @property
    def amount_at_risk(self) -> Decimal:
        return self.remaining if self.at_risk else ZERO

    @property
    def lapsed_remainder(self) -> Decimal:
        return self.remaining if self.lapsed else ZERO


def commitment_owners(ids) -> dict[int, int]:
    """Commitment id → qualification id, for the money committed on each qualification: its
    subsidy claims' commitments, and commitments whose source is the qualification itself (a
    subsidy recorded from outside the platform, as the demo's 2024 ones)."""
    from django.contrib.contenttypes.models import ContentType

    from gaoxin.funds.models import Commitment

    ids = list(ids)
    owners = dict(
        SubsidyClaim.objects.filter(qualification_id__in=ids, commitment__isnull=False).values_list(
            "commitment_id", "qualification_id"
        )
    )
    kind = ContentType.objects.get_for_model(Qualification)
    owners.update(
        Commitment.objects.filter(content_type=kind, object_id__in=ids).values_list(
            "pk", "object_id"
        )
    )
    return owners


def paid_by_qualification(ids) -> dict[int, Decimal]:
    """What was paid (disbursed, net of claw-backs) on each qualification's commitments."""
    from gaoxin.funds.models import Commitment

    owners = commitment_owners(ids)
    paid: dict[int, Decimal] = {}
    for pk, disbursed in Commitment.objects.filter(pk__in=owners).values_list("pk", "disbursed"):
        paid[owners[pk]] = paid.get(owners[pk], ZERO) + disbursed
    return paid


def rows_of(qualifications, day: datetime.date | None = None) -> list[Row]:
    day = day or timezone.localdate()
    qualifications = list(qualifications)
    paid = paid_by_qualification(q.pk for q in qualifications)
    return [
        Row(
            qualification=q,
            paid=paid.get(q.pk, ZERO),
            days_left=days_left(q, day),
            elapsed=elapsed_share(q, day),
            used_share=used_share(q),
            state=state_of(q, day),
        )
        for q in qualifications
    ]


# --- the report per recommending unit (工信局) ------------------------------------------------


@dataclass
class UnitLine:
    unit: str
    qualifications: int = 0
    cap: Decimal = ZERO
    allocated: Decimal = ZERO
    paid: Decimal = ZERO
    remaining: Decimal = ZERO
    at_risk: int = 0
    amount_at_risk: Decimal = ZERO
    lapsed_remainder: Decimal = ZERO
    revoked: int = 0
    rows: list = field(default_factory=list, repr=False)

    def add(self, row: Row) -> None:
        q = row.qualification
        self.qualifications += 1
        if row.state == REVOKED:
            self.revoked += 1
            return
        self.cap += q.cap or ZERO
        self.allocated += q.used
        self.paid += row.paid
        self.remaining += row.remaining
        self.at_risk += int(row.at_risk)
        self.amount_at_risk += row.amount_at_risk
        self.lapsed_remainder += row.lapsed_remainder

    @property
    def used_percent(self) -> int | None:
        return whole_percent(self.allocated / self.cap) if self.cap else None

    @property
    def pace(self) -> str:
        """One sentence on the unit's pace, e.g. "3 项资格中 1 项存在资金闲置风险"."""
        active = self.qualifications - self.revoked
        if self.at_risk:
            return _(
                "%(risk)s of %(count)s qualifications at risk of money going unused "
                "(%(amount)s yuan)."
            ) % {
                "risk": self.at_risk,
                "count": active,
                "amount": format_yuan(self.amount_at_risk),
            }
        if self.lapsed_remainder:
            return _("No qualification at risk; %(amount)s yuan lapsed unused.") % {
                "amount": format_yuan(self.lapsed_remainder)
            }
        return _("%(count)s qualifications, none at risk of money going unused.") % {
            "count": active
        }


def report(rows: list[Row]) -> tuple[list[UnitLine], UnitLine]:
    """One line per recommending unit (by name; "" is shown as not recorded) and the totals."""
    units: dict[str, UnitLine] = {}
    total = UnitLine(unit="")
    for row in rows:
        name = row.qualification.recommending_unit
        units.setdefault(name, UnitLine(unit=name)).add(row)
        total.add(row)
    return [units[name] for name in sorted(units)], total


# --- the pace chart ---------------------------------------------------------------------------


def _month_end(day: datetime.date) -> datetime.date:
    first_next = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return first_next - datetime.timedelta(days=1)


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    ends, day = [], _month_end(first)
    while True:
        ends.append(day)
        if day >= last:
            return ends
        day = _month_end(day + datetime.timedelta(days=1))


def _net_by_month(entries, ends: list[datetime.date], adding: str) -> list[Decimal]:
    """The net movement per month: entries of kind ``adding`` up, every other kind down."""
    moves = [ZERO] * len(ends)
    for entry in entries:
        when = timezone.localtime(entry.created_at).date()
        index = next((i for i, end in enumerate(ends) if when <= end), len(ends) - 1)
        moves[index] += entry.amount if entry.kind == adding else -entry.amount
    return moves


def _cumulative(moves: list[Decimal], ends: list[datetime.date], day) -> list[str | None]:
    out, running = [], ZERO
    for end, move in zip(ends, moves, strict=True):
        running += move
        out.append(str(running) if end.replace(day=1) <= day else None)
    return out


def _paid_entries(qualifications):
    """The fund ledger's payments and claw-backs on the qualifications' commitments."""
    from gaoxin.funds.models import LedgerEntry

    commitments = list(commitment_owners(q.pk for q in qualifications))
    return LedgerEntry.objects.filter(
        commitment_id__in=commitments, kind__in=[EntryKind.DISBURSEMENT, EntryKind.CLAWBACK]
    ).only("kind", "amount", "created_at")


def _even(qualifications, end: datetime.date) -> Decimal:
    return sum(
        (to_yuan((q.cap or ZERO) * elapsed_share(q, end)) for q in qualifications),
        ZERO,
    )


def pace_series(qualifications, day: datetime.date | None = None) -> dict:
    """Month by month over the selection's windows: cumulative allocated (allocations minus
    releases and claw-backs, by the date of each cap entry) and the cumulative paid (the fund
    ledger's payments minus claw-backs on the claims' commitments) against the even pace (the
    caps × the share of each window elapsed at the month's end). Decimal strings, ``None`` for
    months to come; the shape static/js/fund_pace.js draws (committed → allocated, calendar →
    even pace)."""
    day = day or timezone.localdate()
    qualifications = [q for q in qualifications if q.status != QualificationStatus.REVOKED]
    if not qualifications:
        return {"months": [], "committed": [], "paid": [], "calendar": [], "budget": "0.00"}
    ends = _months(
        min(q.valid_from for q in qualifications), max(q.valid_to for q in qualifications)
    )
    entries = CapEntry.objects.filter(qualification__in=qualifications).only(
        "kind", "amount", "created_at"
    )
    allocated = _net_by_month(entries, ends, CapEntryKind.ALLOCATE)
    paid = _net_by_month(_paid_entries(qualifications), ends, EntryKind.DISBURSEMENT)
    return {
        "months": [f"{end:%Y-%m}" for end in ends],
        "committed": _cumulative(allocated, ends, day),
        "paid": _cumulative(paid, ends, day),
        "calendar": [str(_even(qualifications, end)) for end in ends],
        "budget": str(sum((q.cap or ZERO for q in qualifications), ZERO)),
    }


# --- alerts -----------------------------------------------------------------------------------


def _recipients(q: Qualification):
    from gaoxin.accounts.choices import Role
    from gaoxin.accounts.models import User

    enterprise_users = User.objects.filter(
        is_active=True, role=Role.ENTERPRISE_USER, organisation_id=q.enterprise.organisation_id
    )
    officials = [
        u
        for u in User.objects.filter(is_active=True, role=Role.ZONE_OFFICIAL)
        .select_related("organisation")
        .order_by("pk")
        if u.zone is not None and u.zone.pk == q.enterprise.zone_id
    ]
    return [(u, "enterprise") for u in enterprise_users.order_by("pk")] + [
        (u, "official") for u in officials
    ]


def _alert_text(row: Row) -> tuple[str, str]:
    q = row.qualification
    title = _("First-set cap at risk of going unused: %(number)s %(equipment)s") % {
        "number": q.number,
        "equipment": q.equipment_name,
    }
    body = _(
        "%(enterprise)s: cap %(cap)s yuan, allocated %(used)s yuan, remaining %(remaining)s "
        "yuan, %(days)s days left of the window (until %(until)s). Less than half of the cap "
        "is allocated with less than a quarter of the window left."
    ) % {
        "enterprise": q.enterprise.name,
        "cap": format_yuan(q.cap),
        "used": format_yuan(q.used),
        "remaining": format_yuan(row.remaining),
        "days": row.days_left,
        "until": q.valid_to.isoformat(),
    }
    return title, body


def _date_on(note, day: datetime.date) -> None:
    """A run for another day than today (a demo day, a catch-up) dates its notifications on
    that day, so the monthly rule counts them in the month they are about."""
    now = timezone.localtime()
    if day != now.date():
        stamp = timezone.make_aware(datetime.datetime.combine(day, now.time()))
        type(note).objects.filter(pk=note.pk).update(created_at=stamp)


@transaction.atomic
def alert_at_risk(*, day: str | datetime.date | None = None) -> int:
    """Tell each active user of the enterprise and the zone's officials about every
    qualification at risk on ``day`` (default today): at most one notification per recipient
    and qualification per calendar month. Audited once per run. Returns the number sent."""
    from gaoxin.audit.services import record
    from gaoxin.notifications.choices import NotificationKind
    from gaoxin.notifications.models import Notification

    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    day = day or timezone.localdate()
    candidates = Qualification.objects.filter(
        status=QualificationStatus.QUALIFIED, valid_from__lte=day, valid_to__gte=day
    ).select_related("enterprise")
    at_risk = [row for row in rows_of(candidates, day) if row.at_risk]
    month_start = day.replace(day=1)
    sent = 0
    for row in at_risk:
        title, body = _alert_text(row)
        link = reverse("firstset:supervision_detail", kwargs={"pk": row.qualification.pk})
        for user, _who in _recipients(row.qualification):
            already = Notification.objects.filter(
                recipient=user,
                kind=NotificationKind.FIRSTSET_AT_RISK,
                link=link,
                created_at__date__gte=month_start,
                created_at__date__lte=_month_end(day),
            ).exists()
            if already:
                continue
            note = Notification.objects.create(
                recipient=user,
                kind=NotificationKind.FIRSTSET_AT_RISK,
                title=title[:200],
                body=body,
                link=link,
            )
            _date_on(note, day)
            sent += 1
    record(
        action="firstset.alerts.send",
        actor=None,
        obj=None,
        summary=_(
            "Alerts on first-set caps at risk for %(day)s: %(count)s qualifications, "
            "%(sent)s notifications sent"
        )
        % {"day": day.isoformat(), "count": len(at_risk), "sent": sent},
        data={"day": day.isoformat(), "at_risk": len(at_risk), "sent": sent},
    )
    return sent
