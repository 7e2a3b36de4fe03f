"""The pace of a fund's spending against the calendar, and the money at risk of going unused.

The calendar line: budget × the share of the year elapsed (by day, Asia/Shanghai). The rule for
money at risk (stated on the fund page): at the pace of payment so far (paid ÷ share of the year
elapsed), the year would end with ``budget − projected`` unpaid; that amount is at risk when it
is more than ``RISK_SHARE`` of the budget once ``MIN_ELAPSED`` of the year has passed. For a year
that has ended, everything unpaid is at risk (it lapses); a year not begun has none.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from gaoxin.core.money import to_yuan

from .choices import EntryKind
from .models import Fund

RISK_SHARE = Decimal("0.10")
MIN_ELAPSED = Decimal("0.25")
ZERO = Decimal("0.00")


def elapsed_share(year: int, day: datetime.date) -> Decimal:
    """The share of ``year`` elapsed at the end of ``day`` (0 before it, 1 after it)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if day < first:
        return Decimal(0)
    if day >= last:
        return Decimal(1)
    return Decimal((day - first).days + 1) / Decimal((last - first).days + 1)


@dataclass(frozen=True)
class Risk:
    at_risk: bool
    amount: Decimal  # projected unpaid at the end of the year
    expected_paid: Decimal  # the calendar line today
    elapsed: Decimal


def risk_of(fund: Fund, today: datetime.date | None = None) -> Risk:
    today = today or timezone.localdate()
    share = elapsed_share(fund.year, today)
    expected = to_yuan(fund.budget * share)
    if share == 0:
        return Risk(False, ZERO, expected, share)
    projected = min(fund.budget, fund.paid / share)
    amount = to_yuan(max(ZERO, fund.budget - projected))
    flagged = amount > 0 and (
        share == 1 or (share >= MIN_ELAPSED and amount > fund.budget * RISK_SHARE)
    )
    return Risk(flagged, amount, expected, share)


def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def pace_series(fund: Fund, entries) -> dict:
    """Month by month of the fund's year: cumulative committed and paid (net of releases and
    claw-backs) and the calendar line, as decimal strings for the chart."""
    committed = [ZERO] * 12
    paid = [ZERO] * 12
    for entry in entries:
        when = timezone.localtime(entry.created_at).date()
        month = 0 if when.year < fund.year else 11 if when.year > fund.year else when.month - 1
        if entry.kind == EntryKind.COMMITMENT:
            committed[month] += entry.amount
        elif entry.kind == EntryKind.RELEASE:
            committed[month] -= entry.amount
        elif entry.kind == EntryKind.DISBURSEMENT:
            paid[month] += entry.amount
        elif entry.kind == EntryKind.CLAWBACK:
            paid[month] -= entry.amount
            committed[month] -= entry.amount
    today = timezone.localdate()
    shown = 12 if today.year > fund.year else max(1, today.month) if today.year == fund.year else 0
    months, cum_c, cum_p, line = [], ZERO, ZERO, []
    out_c, out_p = [], []
    for m in range(12):
        cum_c += committed[m]
        cum_p += paid[m]
        months.append(f"{fund.year}-{m + 1:02d}")
        line.append(
            str(to_yuan(fund.budget * elapsed_share(fund.year, _month_end(fund.year, m + 1))))
        )
        out_c.append(str(cum_c) if m < shown else None)
        out_p.append(str(cum_p) if m < shown else None)
    return {
        "months": months,
        "committed": out_c,
        "paid": out_p,
        "calendar": line,
        "budget": str(fund.budget),
    }
