"""A cluster target against its actuals and forecast (目标 · 实际 · 预测 · 缺口).

The rules (docs/parks.md, "Targets"):

- **members**: the distinct enterprises of the cluster's segments (of the target's segment and
  its sub-segments for a segment target), zone members only (partners left out);
- **actual(Y)**: the sum of the target's metric (``output_value`` or ``revenue``) of the
  members' verified yearly figures for year Y (``YearlyFact`` holds only verified values);
  given only for years with figures;
- **forecast(Y)**, for the years after the last year with actuals (L): actual(L) + the
  ``expected_output`` of the pipeline's leads in those segments whose status is signed,
  settled or producing, whose ``production_year`` ≤ Y, and whose enterprise (if any) has no
  verified figure of the metric for L yet (else it is counted in the actual already); with no
  actual at all, L is none and the forecast is the pipeline alone;
- **milestone(Y)**: the target's milestone for Y; for the target year without one, the
  target's amount;
- **gap(Y)** = milestone(Y) − (actual(Y) or else forecast(Y)); none without a milestone or
  without a figure to compare.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises.choices import Membership
from gaoxin.enterprises.models import YearlyFact
from gaoxin.investment.choices import LeadStatus
from gaoxin.investment.models import Lead

from .cluster_selectors import subtree_ids
from .models import ChainSegment, ClusterTarget, SegmentMembership
from .scoping import visible_clusters

PIPELINE_STATUSES = (LeadStatus.SIGNED, LeadStatus.SETTLED, LeadStatus.PRODUCING)


def target_segments(target: ClusterTarget) -> list[int]:
    if target.segment_id:
        return subtree_ids(target.segment)
    return list(ChainSegment.objects.filter(cluster=target.cluster_id).values_list("pk", flat=True))


def member_ids(segment_ids) -> list[int]:
    """The distinct zone-member enterprises of these segments."""
    return list(
        SegmentMembership.objects.filter(
            segment_id__in=segment_ids, enterprise__membership=Membership.ZONE
        )
        .values_list("enterprise_id", flat=True)
        .distinct()
    )


def actuals(metric: str, enterprise_ids, *, up_to: int | None = None) -> dict[int, Decimal]:
    """Year → the sum of ``metric`` over the enterprises' verified figures (years with one)."""
    facts = YearlyFact.objects.filter(
        enterprise_id__in=enterprise_ids, **{f"{metric}__isnull": False}
    )
    if up_to is not None:
        facts = facts.filter(year__lte=up_to)
    rows = facts.values("year").annotate(total=Sum(metric)).order_by("year")
    return {row["year"]: row["total"] for row in rows}


def pipeline_leads(segment_ids, metric: str, last_year: int | None):
    """Leads that add to the forecast: signed, settled or producing in these segments, with a
    production year, whose enterprise has no verified figure for ``last_year`` yet."""
    leads = Lead.objects.filter(
        segment_id__in=segment_ids,
        status__in=PIPELINE_STATUSES,
        production_year__isnull=False,
        expected_output__isnull=False,
    )
    if last_year is not None:
        counted = YearlyFact.objects.filter(year=last_year, **{f"{metric}__isnull": False})
        leads = leads.filter(
            Q(enterprise__isnull=True) | ~Q(enterprise_id__in=counted.values("enterprise_id"))
        )
    return leads


def _forecast(base: Decimal, leads: list[tuple[int, Decimal]], year: int) -> Decimal:
    return base + sum((amount for start, amount in leads if start <= year), Decimal(0))


def target_progress(target: ClusterTarget, *, user=None) -> list[dict]:
    """One dict per year from the base year to the target year: ``year``, ``milestone``,
    ``actual``, ``forecast``, ``gap`` (Decimal yuan or None). With ``user``, the target's
    cluster must be one the user sees (else ``PermissionDeniedError``)."""
    if user is not None and not visible_clusters(user).filter(pk=target.cluster_id).exists():
        raise PermissionDeniedError(_("This target's cluster is not one you can see."))
    segments = target_segments(target)
    by_year = actuals(target.metric, member_ids(segments), up_to=target.target_year)
    last = max(by_year) if by_year else None
    base = by_year[last] if last is not None else Decimal(0)
    leads = [
        (lead.production_year, lead.expected_output)
        for lead in pipeline_leads(segments, target.metric, last).only(
            "production_year", "expected_output"
        )
    ]
    milestones = {m.year: m.amount for m in target.milestones.all()}
    milestones.setdefault(target.target_year, target.amount)
    rows = []
    for year in range(target.base_year, target.target_year + 1):
        actual = by_year.get(year)
        forecast = _forecast(base, leads, year) if last is None or year > last else None
        milestone = milestones.get(year)
        reached = actual if actual is not None else forecast
        gap = milestone - reached if milestone is not None and reached is not None else None
        rows.append(
            {
                "year": year,
                "milestone": milestone,
                "actual": actual,
                "forecast": forecast,
                "gap": gap,
            }
        )
    return rows


def last_actual_year(target: ClusterTarget) -> int | None:
    years = actuals(target.metric, member_ids(target_segments(target)), up_to=target.target_year)
    return max(years) if years else None


def segment_progress(cluster, metric: str, last_year: int | None, until: int) -> dict[int, dict]:
    """Per segment (its own members): the actual of ``last_year`` and the forecast
    contribution of the pipeline (leads producing by ``until`` not yet in the actual)."""
    found: dict[int, dict] = {}
    members = SegmentMembership.objects.filter(
        segment__cluster=cluster, enterprise__membership=Membership.ZONE
    )
    if last_year is not None:
        facts = f"enterprise__yearly_facts__{metric}"
        rows = members.values("segment_id").annotate(
            total=Sum(facts, filter=Q(enterprise__yearly_facts__year=last_year))
        )
        for row in rows.order_by():
            found.setdefault(row["segment_id"], {})["actual"] = row["total"]
    segments = ChainSegment.objects.filter(cluster=cluster).values_list("pk", flat=True)
    leads = pipeline_leads(list(segments), metric, last_year).filter(production_year__lte=until)
    for row in leads.values("segment_id").annotate(total=Sum("expected_output")).order_by():
        found.setdefault(row["segment_id"], {})["pipeline"] = row["total"]
    return found
