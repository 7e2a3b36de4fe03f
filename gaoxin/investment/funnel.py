"""The investment funnel (招商漏斗): per stage of ``choices.FUNNEL``, how many leads reached it,
how many are in it now, the conversion from the previous stage and the median days it took.

A lead reached a stage when it has the entry date of that stage or of any later one (a lead
negotiating without a recorded visit still passed the visit stage). The counts are one
aggregate query; the days are the differences of the entry dates, computed by the database
and their median taken here (medians are not portable SQL).
"""

from __future__ import annotations

import statistics
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Coalesce

from .choices import FUNNEL, LeadStatus


def _date_field(status: str) -> str:
    return f"{status}_on"


def _reached_q(index: int) -> Q:
    q = Q()
    for status in FUNNEL[index:]:
        q |= Q(**{f"{_date_field(status)}__isnull": False})
    return q


def _conversion(reached: int, previous: int | None) -> Decimal | None:
    if not previous:
        return None
    return (Decimal(reached) * 100 / previous).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _median_days(leads: QuerySet, index: int) -> Decimal | None:
    """Median days from the entry of the previous stage reached (the nearest earlier date)."""
    if index == 0:
        return None
    current = _date_field(FUNNEL[index])
    earlier = [F(_date_field(s)) for s in reversed(FUNNEL[:index])]
    start = Coalesce(*earlier) if len(earlier) > 1 else earlier[0]
    rows = (
        leads.filter(**{f"{current}__isnull": False})
        .annotate(took=ExpressionWrapper(F(current) - start, output_field=DurationField()))
        .exclude(took__isnull=True)
        .values_list("took", flat=True)
    )
    days = [took.days for took in rows]
    if not days:
        return None
    return Decimal(str(statistics.median(days))).quantize(Decimal("0.1"))


def funnel(leads: QuerySet) -> list[dict]:
    """One dict per FUNNEL status, in order: status, label, reached, current, conversion (%
    of the previous stage's reached, Decimal, or None), median_days (Decimal or None)."""
    aggregates = {}
    for index, status in enumerate(FUNNEL):
        aggregates[f"reached_{status}"] = Count("pk", filter=_reached_q(index))
        aggregates[f"current_{status}"] = Count("pk", filter=Q(status=status))
    counts = leads.order_by().aggregate(**aggregates)
    rows, previous = [], None
    for index, status in enumerate(FUNNEL):
        reached = counts[f"reached_{status}"]
        rows.append(
            {
                "status": str(status),
                "label": str(LeadStatus(status).label),
                "reached": reached,
                "current": counts[f"current_{status}"],
                "conversion": _conversion(reached, previous) if index else None,
                "median_days": _median_days(leads.order_by(), index),
            }
        )
        previous = reached
    return rows
