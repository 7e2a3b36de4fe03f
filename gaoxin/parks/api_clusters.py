"""The clusters API, mounted at /api/clusters: the same scoping, selectors and services as the
pages. Zone officials, park operators (the clusters of their parks) and provincial reviewers
read (403 for other roles, 401 anonymous; another organisation's cluster or segment is 404);
the zone's officials and the operators of the cluster's parks change memberships."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from gaoxin.core.api import ErrorOut, IdPath
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises.scoping import visible_enterprises

from . import cluster_selectors as selectors
from . import clusters, rules
from .cluster_schemas import (
    ClusterChainOut,
    ClusterOut,
    SegmentMemberIn,
    SegmentMemberOut,
    SegmentOut,
    TargetOut,
)
from .targets import target_progress

router = Router(tags=["clusters"])
READ_ERRORS = {401: ErrorOut, 403: ErrorOut}
OBJECT_ERRORS = {**READ_ERRORS, 404: ErrorOut}


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _reader(user) -> None:
    if not rules.can_view_clusters(user):
        raise PermissionDeniedError(
            _("Clusters are for zone officials, park operators and provincial reviewers.")
        )


def _manager(user, cluster) -> None:
    if not rules.can_manage(user, cluster):
        raise PermissionDeniedError(
            _("Only the zone's officials and the operators of the cluster's parks manage it.")
        )


def cluster_body(cluster) -> dict:
    summary = selectors.cluster_summary(cluster)
    target = selectors.main_target(cluster)
    progress = None
    if target is not None and summary["output"] is not None and target.metric == "output_value":
        progress = int(summary["output"] * 100 / target.amount)
    return {
        "id": cluster.pk,
        "name": cluster.name,
        "description": cluster.description,
        "zone": cluster.zone_id,
        "parks": [p.name for p in cluster.parks.all()],
        "segments": cluster.segments.count(),
        "enterprises": summary["enterprises"],
        "output": _money(summary["output"]),
        "target_id": target.pk if target else None,
        "target": _money(target.amount) if target else None,
        "target_year": target.target_year if target else None,
        "progress": progress,
    }


def segment_row_body(row: dict) -> dict:
    segment = row["segment"]
    return {
        "id": segment.pk,
        "name": segment.name,
        "parent": segment.parent_id,
        "position": segment.position,
        "depth": row["depth"],
        "enterprises": row["enterprises"],
        "stages": {stage: row[f"stage_{stage}"] for stage in selectors.STAGES},
        "output": _money(row["output"]),
        "signings": row["signings"],
        "gap": row["gap"],
        "policies": [p.pk for p in row["policies"]],
        "advisors": [a.name for a in row["advisors"]],
    }


def member_body(membership) -> dict:
    enterprise = membership.enterprise
    return {
        "enterprise": enterprise.pk,
        "name": enterprise.name,
        "stage": enterprise.stage,
        "park": enterprise.park.name if enterprise.park_id else None,
        "output": _money(getattr(membership, "latest", None)),
        "note": membership.note,
    }


@router.get("", response={200: list[ClusterOut], **READ_ERRORS}, summary="The clusters you see")
def list_clusters(request):
    _reader(request.auth)
    return [cluster_body(c) for c in selectors.cluster_list(request.auth)]


@router.get("/{int:cluster_id}", response={200: ClusterOut, **OBJECT_ERRORS}, summary="One cluster")
def get_cluster(request, cluster_id: IdPath):
    _reader(request.auth)
    return cluster_body(selectors.cluster_get(request.auth, cluster_id))


@router.get(
    "/{int:cluster_id}/chain",
    response={200: ClusterChainOut, **OBJECT_ERRORS},
    summary="The chain map: every segment with its figures and gap flag",
    description="Depth first, upstream to downstream. A gap (招商目标) is a segment with no "
    "firm ('empty') or none past R&D ('rnd_only'); a parent is a gap when it and all its "
    "sub-segments are.",
)
def get_chain(request, cluster_id: IdPath):
    _reader(request.auth)
    cluster = selectors.cluster_get(request.auth, cluster_id)
    return {
        "cluster": cluster.pk,
        "segments": [segment_row_body(r) for r in selectors.chain_rows(cluster)],
    }


@router.get(
    "/{int:cluster_id}/targets",
    response={200: list[TargetOut], **OBJECT_ERRORS},
    summary="The cluster's targets with milestone, actual, forecast and gap by year",
)
def list_targets(request, cluster_id: IdPath):
    _reader(request.auth)
    cluster = selectors.cluster_get(request.auth, cluster_id)
    out = []
    for target in cluster.targets.prefetch_related("milestones"):
        progress = [
            {
                "year": r["year"],
                **{k: _money(r[k]) for k in ("milestone", "actual", "forecast", "gap")},
            }
            for r in target_progress(target, user=request.auth)
        ]
        out.append(
            {
                "id": target.pk,
                "name": target.name,
                "segment": target.segment_id,
                "metric": target.metric,
                "base_year": target.base_year,
                "target_year": target.target_year,
                "amount": _money(target.amount),
                "source": target.source,
                "progress": progress,
            }
        )
    return out


def segment_body(segment, user) -> dict:
    return {
        "id": segment.pk,
        "cluster": segment.cluster_id,
        "name": segment.name,
        "parent": segment.parent_id,
        "position": segment.position,
        "description": segment.description,
        "children": list(segment.children.values_list("pk", flat=True)),
        "advisors": [a.name for a in segment.advisors.all()],
        "members": [member_body(m) for m in selectors.segment_members(segment, user)],
    }


@router.get(
    "/segments/{int:segment_id}",
    response={200: SegmentOut, **OBJECT_ERRORS},
    summary="One chain segment with its enterprises",
)
def get_segment(request, segment_id: IdPath):
    _reader(request.auth)
    return segment_body(selectors.segment_get(request.auth, segment_id), request.auth)


@router.post(
    "/segments/{int:segment_id}/members",
    response={201: SegmentMemberOut, 400: ErrorOut, **OBJECT_ERRORS, 409: ErrorOut},
    summary="Put an enterprise of the zone into the segment",
    description="409 `duplicate` when it is in the segment already.",
)
def add_member(request, segment_id: IdPath, payload: SegmentMemberIn):
    _reader(request.auth)
    segment = selectors.segment_get(request.auth, segment_id)
    _manager(request.auth, segment.cluster)
    enterprise = (
        visible_enterprises(request.auth)
        .filter(pk=payload.enterprise, zone=segment.cluster.zone_id)
        .first()
    )
    if enterprise is None:
        raise Http404
    membership = clusters.membership_add(
        actor=request.auth, segment=segment, enterprise=enterprise, note=payload.note
    )
    return Status(201, member_body(membership))


@router.delete(
    "/segments/{int:segment_id}/members/{int:enterprise_id}",
    response={204: None, **OBJECT_ERRORS},
    summary="Take an enterprise out of the segment",
)
def remove_member(request, segment_id: IdPath, enterprise_id: IdPath):
    _reader(request.auth)
    segment = selectors.segment_get(request.auth, segment_id)
    _manager(request.auth, segment.cluster)
    membership = segment.memberships.select_related("enterprise").filter(
        enterprise_id=enterprise_id, enterprise__in=visible_enterprises(request.auth)
    )
    found = membership.first()
    if found is None:
        raise Http404
    clusters.membership_remove(actor=request.auth, segment=segment, enterprise=found.enterprise)
    return Status(204, None)
