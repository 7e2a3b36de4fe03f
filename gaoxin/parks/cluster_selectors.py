"""Reads of the clusters: the list with its figures, one cluster's chain map (segments with
their enterprises, stages, output, signings, policies, advisors and gaps), a segment's page.

Figures are aggregated in the database, a fixed number of queries per page (never one per
segment or per firm). "Output" is each member enterprise's latest verified output value
(``YearlyFact`` holds only verified values; latest per enterprise, as the dashboard's).

A segment is a *gap* (招商目标, an investment target) when none of its firms is past R&D: it
has no firm at all (``empty``), or every member's stage is R&D or not given (``rnd_only``). A
segment with sub-segments is a gap when it and every sub-segment are gaps.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from gaoxin.enterprises.choices import Stage
from gaoxin.enterprises.models import Enterprise, YearlyFact
from gaoxin.enterprises.scoping import visible_enterprises
from gaoxin.investment.models import Signing
from gaoxin.policies.models import Policy

from .choices import ChainPosition
from .models import ChainSegment, Cluster, ClusterTarget, SegmentMembership
from .scoping import visible_clusters

STAGES = [Stage.RND, Stage.PILOT, Stage.PRODUCTION, Stage.SALES]
PAST_RND = [Stage.PILOT, Stage.PRODUCTION, Stage.SALES]
GAP_EMPTY, GAP_RND_ONLY = "empty", "rnd_only"


def cluster_get(user, pk) -> Cluster:
    """A cluster the user may see, else 404 (another organisation's cluster included)."""
    cluster = visible_clusters(user).select_related("zone").filter(pk=pk).first()
    if cluster is None:
        raise Http404
    return cluster


def segment_get(user, pk) -> ChainSegment:
    segment = (
        ChainSegment.objects.select_related("cluster", "cluster__zone", "parent")
        .filter(pk=pk, cluster__in=visible_clusters(user))
        .first()
    )
    if segment is None:
        raise Http404
    return segment


def latest_value(metric: str = "output_value") -> Subquery:
    """The enterprise's (``OuterRef("enterprise")``) latest verified value of ``metric``."""
    facts = YearlyFact.objects.filter(
        enterprise=OuterRef("enterprise"), **{f"{metric}__isnull": False}
    ).order_by("-year")
    return Subquery(facts.values(metric)[:1])


def _segment_figures(cluster: Cluster) -> dict[int, dict]:
    """Per segment of the cluster: enterprises, by stage, output (latest verified)."""
    rows = (
        SegmentMembership.objects.filter(segment__cluster=cluster)
        .annotate(latest=latest_value())
        .values("segment_id")
        .annotate(
            enterprises=Count("enterprise", distinct=True),
            output=Sum("latest"),
            **{
                f"stage_{stage}": Count("enterprise", filter=Q(enterprise__stage=stage))
                for stage in STAGES
            },
        )
        .order_by()
    )
    return {row.pop("segment_id"): row for row in rows}


def _signing_counts(cluster: Cluster) -> dict[int, int]:
    rows = (
        Signing.objects.filter(segment__cluster=cluster)
        .values("segment_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["segment_id"]: row["n"] for row in rows}


def _policies_by_segment(cluster: Cluster) -> dict[str, list[Policy]]:
    """The zone's policies per chain segment name they target (``Policy.segment_list``)."""
    found = defaultdict(list)
    policies = Policy.objects.filter(zone=cluster.zone).exclude(chain_segments="")
    for policy in policies.only("pk", "title", "chain_segments"):
        for name in policy.segment_list:
            found[name].append(policy)
    return found


def _empty_figures() -> dict:
    return {"enterprises": 0, "output": None, **{f"stage_{s}": 0 for s in STAGES}}


def _gap(row: dict, children: list[dict]) -> str | None:
    own = None
    if not row["enterprises"]:
        own = GAP_EMPTY
    elif not any(row[f"stage_{s}"] for s in PAST_RND):
        own = GAP_RND_ONLY
    if own is None or any(child["gap"] is None for child in children):
        return None
    if own == GAP_RND_ONLY or any(child["gap"] == GAP_RND_ONLY for child in children):
        return GAP_RND_ONLY
    return GAP_EMPTY


def chain_rows(cluster: Cluster) -> list[dict]:
    """One row per segment, depth first in chain order (upstream, midstream, downstream):
    the segment, its depth, its own figures (enterprises, by stage, output, signings), its
    gap (None, ``empty`` or ``rnd_only``), the policies that target it and its advisors."""
    segments = list(ChainSegment.objects.filter(cluster=cluster).prefetch_related("advisors"))
    figures = _segment_figures(cluster)
    signings = _signing_counts(cluster)
    policies = _policies_by_segment(cluster)
    children = defaultdict(list)
    for segment in segments:
        children[segment.parent_id].append(segment)
    order = {value: index for index, value in enumerate(ChainPosition.values)}
    rows: list[dict] = []

    def walk(segment: ChainSegment, depth: int) -> dict:
        row = {"segment": segment, "depth": depth, **_empty_figures()}
        row.update(figures.get(segment.pk, {}))
        row["signings"] = signings.get(segment.pk, 0)
        row["policies"] = policies.get(segment.name, [])
        row["advisors"] = list(segment.advisors.all())
        rows.append(row)
        kids = [walk(child, depth + 1) for child in children[segment.pk]]
        row["gap"] = _gap(row, kids)
        row["children"] = kids
        return row

    roots = sorted(children[None], key=lambda s: (order.get(s.position, 9), s.order, s.name))
    for root in roots:
        walk(root, 0)
    return rows


def _subtree_totals(row: dict, latest: dict[int, Decimal | None], members) -> dict:
    """Distinct enterprises of the segment and every sub-segment, their output, signings."""
    ids = set(members.get(row["segment"].pk, ()))
    signings = row["signings"]
    for child in row["children"]:
        sub = _subtree_totals(child, latest, members)
        ids |= sub["ids"]
        signings += sub["signings"]
    values = [latest[i] for i in ids if latest.get(i) is not None]
    row["total"] = {
        "enterprises": len(ids),
        "output": sum(values, Decimal(0)) if values else None,
        "signings": signings,
    }
    return {"ids": ids, "signings": signings}


def with_totals(cluster: Cluster, rows: list[dict]) -> list[dict]:
    """Add ``total`` (the segment with its sub-segments; an enterprise counted once) to each
    row: one query for every membership with the enterprise's latest output."""
    pairs = (
        SegmentMembership.objects.filter(segment__cluster=cluster)
        .annotate(latest=latest_value())
        .values_list("segment_id", "enterprise_id", "latest")
    )
    members, latest = defaultdict(list), {}
    for segment_id, enterprise_id, value in pairs:
        members[segment_id].append(enterprise_id)
        latest[enterprise_id] = value
    for row in rows:
        if row["depth"] == 0:
            _subtree_totals(row, latest, members)
    return rows


def cluster_summary(cluster: Cluster) -> dict:
    """The cluster's distinct enterprises and their latest output (one query each)."""
    members = SegmentMembership.objects.filter(segment__cluster=cluster)
    ids = members.values("enterprise_id").distinct()
    latest = (
        YearlyFact.objects.filter(enterprise_id=OuterRef("pk"), output_value__isnull=False)
        .order_by("-year")
        .values("output_value")[:1]
    )
    output = Enterprise.objects.filter(pk__in=ids).aggregate(
        n=Count("pk"), output=Sum(Subquery(latest))
    )
    return {"enterprises": output["n"], "output": output["output"]}


def cluster_list(user) -> QuerySet[Cluster]:
    return (
        visible_clusters(user)
        .prefetch_related("parks")
        .annotate(
            n_segments=Coalesce(
                Subquery(
                    ChainSegment.objects.filter(cluster=OuterRef("pk"))
                    .values("cluster")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            )
        )
        .order_by("name")
    )


def main_target(cluster: Cluster) -> ClusterTarget | None:
    """The cluster-wide target due last (the one the list shows)."""
    return cluster.targets.filter(segment__isnull=True).order_by("-target_year", "name").first()


def visible_targets(user) -> QuerySet[ClusterTarget]:
    return (
        ClusterTarget.objects.filter(cluster__in=visible_clusters(user))
        .select_related("cluster", "segment")
        .prefetch_related("milestones")
        .order_by("cluster__name", "target_year", "name")
    )


def segment_members(segment: ChainSegment, user) -> QuerySet:
    """The segment's firms the user may see (an operator: those of its parks; the chain map's
    counts are the cluster's, but names and figures are each operator's own)."""
    return (
        segment.memberships.filter(enterprise__in=visible_enterprises(user))
        .select_related("enterprise", "enterprise__park")
        .annotate(latest=latest_value())
        .order_by("enterprise__name")
    )


def segment_policies(segment: ChainSegment) -> list[Policy]:
    return _policies_by_segment(segment.cluster).get(segment.name, [])


def subtree_ids(segment: ChainSegment) -> list[int]:
    """The segment and every segment below it (one query for the cluster's tree)."""
    parents = dict(
        ChainSegment.objects.filter(cluster=segment.cluster_id).values_list("pk", "parent_id")
    )
    below = defaultdict(list)
    for pk, parent in parents.items():
        below[parent].append(pk)
    found, todo = [], [segment.pk]
    while todo:
        pk = todo.pop()
        found.append(pk)
        todo.extend(below[pk])
    return found
