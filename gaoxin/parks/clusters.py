"""Writes of the clusters (产业集群): the cluster, its tree of chain segments (产业链环节), the
enterprises in each segment, a segment's advisors, and the cluster's targets with their yearly
milestones. Every write checks who may make it, validates, and is audited in its transaction.

Who: zone officials of the cluster's zone create and edit a cluster; they and the operators of
the cluster's parks manage its segments, memberships, advisors and targets
(``scoping.can_manage_cluster``). ``actor=None`` is the system (the demo loader).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.audit.changes import field_changes, snapshot
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.core.money import FEN
from gaoxin.enterprises.scoping import visible_enterprises

from .choices import ChainPosition, TargetMetric
from .models import (
    ChainSegment,
    Cluster,
    ClusterTarget,
    Park,
    SegmentMembership,
    TargetMilestone,
)
from .scoping import can_manage_cluster

MAX_AMOUNT = Decimal("99999999999999.99")
CLUSTER_FIELDS = ("name", "description", "parks")
SEGMENT_FIELDS = ("name", "position", "parent", "description", "order")
TARGET_FIELDS = ("name", "segment", "metric", "base_year", "target_year", "amount", "source")


# --- checks ----------------------------------------------------------------------------------


def _require_zone_official(actor, zone) -> None:
    if actor is None:
        return
    home = actor.organisation.home_zone if actor.organisation_id else None
    if actor.role != Role.ZONE_OFFICIAL or home is None or home.pk != zone.pk:
        raise PermissionDeniedError(_("Only the officials of the zone create and edit clusters."))


def _require_manager(actor, cluster: Cluster) -> None:
    if actor is not None and not can_manage_cluster(actor, cluster):
        raise PermissionDeniedError(
            _("Only the zone's officials and the operators of the cluster's parks manage it.")
        )


def _clean(obj, exclude: Iterable[str] = ()) -> None:
    """The fields' own checks (lengths, choices, digits); the first message is raised on its
    field. Uniqueness and the constraints are the services' own checks, on named fields."""
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        name, errors = next(iter(exc.message_dict.items()))
        raise DomainError(errors[0], field=None if name == NON_FIELD_ERRORS else name) from exc


def _text(value, field: str, *, required: bool = True) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise DomainError(_("This field is required; please fill it in."), field=field)
    return text


def _amount(value, field: str = "amount", *, allow_zero: bool = False) -> Decimal:
    if isinstance(value, float | bool) or not isinstance(value, Decimal | int | str):
        raise DomainError(_("Give the amount as a decimal number of yuan."), field=field)
    try:
        amount = Decimal(str(value).strip())
    except ArithmeticError as exc:
        raise DomainError(_("Give the amount as a decimal number of yuan."), field=field) from exc
    low_ok = amount >= 0 if allow_zero else amount > 0
    if not amount.is_finite() or not low_ok:
        raise DomainError(
            _("The amount cannot be negative.")
            if allow_zero
            else _("The amount must be more than zero."),
            field=field,
        )
    if amount != amount.quantize(FEN) or amount > MAX_AMOUNT:
        raise DomainError(
            _("The amount must be in yuan with at most two decimal places."), field=field
        )
    return amount.quantize(FEN)


def _year(value, field: str) -> int:
    if isinstance(value, bool | float):
        value = None
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not 1949 <= year <= 2100:
        raise DomainError(_("Give a year between 1949 and 2100."), field=field)
    return year


def _duplicate(message: str, field: str) -> DomainError:
    return DomainError(message, code="duplicate", field=field)


# --- cluster ---------------------------------------------------------------------------------


def _parks(zone, parks) -> list[Park]:
    parks = list(parks or [])
    if any(park.zone_id != zone.pk for park in parks):
        raise DomainError(_("Choose parks of the cluster's own zone."), field="parks")
    return parks


def _save_cluster(cluster: Cluster) -> None:
    if Cluster.objects.filter(zone=cluster.zone, name=cluster.name).exclude(pk=cluster.pk).exists():
        raise _duplicate(_("The zone already has a cluster of this name."), "name")
    try:
        with transaction.atomic():
            cluster.save()
    except IntegrityError as exc:
        raise _duplicate(_("The zone already has a cluster of this name."), "name") from exc


@transaction.atomic
def cluster_create(
    *, actor, zone, name: str, description: str = "", parks=(), is_sample: bool = False
) -> Cluster:
    """A new cluster of ``zone`` (its officials), planned through ``parks`` of that zone."""
    _require_zone_official(actor, zone)
    cluster = Cluster(
        zone=zone,
        name=_text(name, "name"),
        description=_text(description, "description", required=False),
        is_sample=is_sample,
    )
    parks = _parks(zone, parks)
    _clean(cluster, exclude=["parks"])
    _save_cluster(cluster)
    cluster.parks.set(parks)
    record(
        action="parks.cluster.create",
        actor=actor,
        obj=cluster,
        summary=_("Created the cluster %(name)s") % {"name": cluster.name},
        data={"zone": zone.pk, "parks": [p.pk for p in parks]},
    )
    return cluster


def _cluster_snapshot(cluster: Cluster) -> dict:
    values = snapshot(cluster, ("name", "description"))
    values["parks"] = sorted(p.name for p in cluster.parks.all())
    return values


@transaction.atomic
def cluster_update(
    *, actor, cluster: Cluster, name: str, description: str = "", parks=()
) -> Cluster:
    """Rename a cluster, change its description or its parks (the zone's officials). Works on
    a fresh copy: a refusal leaves the caller's object as it was."""
    _require_zone_official(actor, cluster.zone)
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    before = _cluster_snapshot(cluster)
    cluster.name = _text(name, "name")
    cluster.description = _text(description, "description", required=False)
    parks = _parks(cluster.zone, parks)
    _clean(cluster, exclude=["parks"])
    _save_cluster(cluster)
    cluster.parks.set(parks)
    changes = field_changes(before, _cluster_snapshot(cluster))
    record(
        action="parks.cluster.update",
        actor=actor,
        obj=cluster,
        summary=_("Edited the cluster %(name)s") % {"name": cluster.name},
        changes=changes,
    )
    return cluster


# --- segments --------------------------------------------------------------------------------


def _check_parent(segment: ChainSegment, parent: ChainSegment | None) -> None:
    """The parent is a segment of the same cluster, and not the segment or one below it."""
    if parent is None:
        return
    if parent.cluster_id != segment.cluster_id:
        raise DomainError(
            _("The parent segment must be a segment of the same cluster."), field="parent"
        )
    node = parent
    while node is not None:
        if segment.pk is not None and node.pk == segment.pk:
            raise DomainError(
                _("A segment cannot be placed under itself or one of its own sub-segments."),
                field="parent",
            )
        node = node.parent


def _fill_segment(segment: ChainSegment, data: dict) -> None:
    parent = data.get("parent")
    _check_parent(segment, parent)
    segment.parent = parent
    segment.name = _text(data.get("name"), "name")
    position = parent.position if parent is not None else data.get("position")
    if position not in ChainPosition.values:
        raise DomainError(
            _("Choose the chain position: upstream, midstream or downstream."), field="position"
        )
    segment.position = position
    segment.description = _text(data.get("description"), "description", required=False)
    order = data.get("order") or 0
    if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= 32767:
        raise DomainError(_("Give the order as a whole number from 0 to 32767."), field="order")
    segment.order = order


def _save_segment(segment: ChainSegment) -> None:
    taken = ChainSegment.objects.filter(cluster=segment.cluster_id, name=segment.name)
    message = _("The cluster already has a segment of this name.")
    if taken.exclude(pk=segment.pk).exists():
        raise _duplicate(message, "name")
    try:
        with transaction.atomic():
            segment.save()
    except IntegrityError as exc:
        raise _duplicate(message, "name") from exc


@transaction.atomic
def segment_create(*, actor, cluster: Cluster, data: dict, is_sample: bool = False) -> ChainSegment:
    """A segment of ``cluster``: ``data`` has name, position (taken from the parent for a
    sub-segment), parent (a segment of the same cluster or None), description, order."""
    _require_manager(actor, cluster)
    segment = ChainSegment(cluster=cluster, is_sample=is_sample)
    _fill_segment(segment, data)
    _clean(segment, exclude=["enterprises", "advisors"])
    _save_segment(segment)
    record(
        action="parks.segment.create",
        actor=actor,
        obj=segment,
        summary=_("Added the segment %(name)s to the cluster %(cluster)s")
        % {"name": segment.name, "cluster": cluster.name},
        data={"cluster": cluster.pk, "parent": segment.parent_id, "position": segment.position},
    )
    return segment


@transaction.atomic
def segment_update(*, actor, segment: ChainSegment, data: dict) -> ChainSegment:
    """Edit a segment (same fields as ``segment_create``); its sub-segments follow a change of
    position. Works on a fresh copy: a refusal leaves the caller's object as it was."""
    _require_manager(actor, segment.cluster)
    segment = ChainSegment.objects.select_for_update().get(pk=segment.pk)
    before = snapshot(segment, SEGMENT_FIELDS)
    _fill_segment(segment, data)
    _clean(segment, exclude=["enterprises", "advisors"])
    _save_segment(segment)
    _propagate_position(segment)
    record(
        action="parks.segment.update",
        actor=actor,
        obj=segment,
        summary=_("Edited the segment %(name)s") % {"name": segment.name},
        changes=field_changes(before, snapshot(segment, SEGMENT_FIELDS)),
    )
    return segment


def _propagate_position(segment: ChainSegment) -> None:
    for child in segment.children.all():
        if child.position != segment.position:
            child.position = segment.position
            child.save(update_fields=["position", "updated_at"])
        _propagate_position(child)


@transaction.atomic
def segment_delete(*, actor, segment: ChainSegment) -> None:
    """Delete an empty segment: no sub-segment, no enterprise, no lead or signing, no target."""
    _require_manager(actor, segment.cluster)
    if (
        segment.children.exists()
        or segment.memberships.exists()
        or segment.targets.exists()
        or segment.leads.exists()
        or segment.signings.exists()
    ):
        raise DomainError(
            _(
                "Only an empty segment can be deleted: move or delete its sub-segments, remove "
                "its enterprises, and its leads, signings and targets first."
            ),
            code="not_empty",
        )
    name, cluster = segment.name, segment.cluster
    record(
        action="parks.segment.delete",
        actor=actor,
        obj=segment,
        summary=_("Deleted the segment %(name)s of the cluster %(cluster)s")
        % {"name": name, "cluster": cluster.name},
        data={"cluster": cluster.pk, "name": name},
    )
    segment.delete()


@transaction.atomic
def segment_set_advisors(*, actor, segment: ChainSegment, experts) -> ChainSegment:
    """The segment's advisors: experts of the cluster's zone."""
    _require_manager(actor, segment.cluster)
    experts = list(experts or [])
    if any(expert.zone_id != segment.cluster.zone_id for expert in experts):
        raise DomainError(_("Choose experts of the cluster's own zone."), field="advisors")
    before = sorted(e.name for e in segment.advisors.all())
    segment.advisors.set(experts)
    after = sorted(e.name for e in experts)
    record(
        action="parks.segment.advisors",
        actor=actor,
        obj=segment,
        summary=_("Set the advisors of the segment %(name)s") % {"name": segment.name},
        changes=field_changes({"advisors": before}, {"advisors": after}),
    )
    return segment


# --- memberships -----------------------------------------------------------------------------


def _require_in_scope(actor, enterprise) -> None:
    """The demo (actor None) places any firm; a user only the firms they see."""
    if actor is not None and not visible_enterprises(actor).filter(pk=enterprise.pk).exists():
        raise DomainError(_("Choose an enterprise in your scope."), field="enterprise")


@transaction.atomic
def membership_add(
    *, actor, segment: ChainSegment, enterprise, note: str = "", is_sample: bool = False
) -> SegmentMembership:
    """Put an enterprise of the cluster's zone into the segment (once); a user places only
    the enterprises they see (an operator: those of its parks)."""
    _require_manager(actor, segment.cluster)
    if enterprise.zone_id != segment.cluster.zone_id:
        raise DomainError(_("Choose an enterprise of the cluster's own zone."), field="enterprise")
    _require_in_scope(actor, enterprise)
    message = _("The enterprise is already in this segment.")
    if segment.memberships.filter(enterprise=enterprise).exists():
        raise _duplicate(message, "enterprise")
    membership = SegmentMembership(
        segment=segment,
        enterprise=enterprise,
        note=_text(note, "note", required=False),
        is_sample=is_sample,
    )
    _clean(membership, exclude=["segment", "enterprise"])
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:
        raise _duplicate(message, "enterprise") from exc
    record(
        action="parks.membership.add",
        actor=actor,
        obj=segment,
        summary=_("Added %(enterprise)s to the segment %(segment)s")
        % {"enterprise": enterprise.name, "segment": segment.name},
        data={"enterprise": enterprise.pk, "note": membership.note},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor, segment: ChainSegment, enterprise) -> None:
    _require_manager(actor, segment.cluster)
    _require_in_scope(actor, enterprise)
    deleted, _rows = segment.memberships.filter(enterprise=enterprise).delete()
    if not deleted:
        raise DomainError(_("The enterprise is not in this segment."), field="enterprise")
    record(
        action="parks.membership.remove",
        actor=actor,
        obj=segment,
        summary=_("Removed %(enterprise)s from the segment %(segment)s")
        % {"enterprise": enterprise.name, "segment": segment.name},
        data={"enterprise": enterprise.pk},
    )


# --- targets ---------------------------------------------------------------------------------


def _fill_target(target: ClusterTarget, data: dict) -> None:
    segment = data.get("segment")
    if segment is not None and segment.cluster_id != target.cluster_id:
        raise DomainError(_("Choose a segment of the same cluster."), field="segment")
    target.segment = segment
    target.name = _text(data.get("name"), "name")
    if data.get("metric") not in TargetMetric.values:
        raise DomainError(_("Choose what the target is measured in."), field="metric")
    target.metric = data["metric"]
    target.base_year = _year(data.get("base_year"), "base_year")
    target.target_year = _year(data.get("target_year"), "target_year")
    if target.target_year < target.base_year:
        raise DomainError(_("The target year cannot be before the base year."), field="target_year")
    target.amount = _amount(data.get("amount"))
    target.source = _text(data.get("source"), "source", required=False)


@transaction.atomic
def target_create(*, actor, cluster: Cluster, data: dict, is_sample: bool = False) -> ClusterTarget:
    """A target of the cluster (or of one of its segments): ``data`` has name, segment, metric,
    base_year, target_year, amount (yuan) and source."""
    _require_manager(actor, cluster)
    target = ClusterTarget(cluster=cluster, is_sample=is_sample)
    _fill_target(target, data)
    _clean(target)
    target.save()
    record(
        action="parks.target.create",
        actor=actor,
        obj=target,
        summary=_("Set the target %(name)s of the cluster %(cluster)s")
        % {"name": target.name, "cluster": cluster.name},
        data=snapshot(target, TARGET_FIELDS),
    )
    return target


@transaction.atomic
def target_update(*, actor, target: ClusterTarget, data: dict) -> ClusterTarget:
    """Edit a target; milestones outside the new years are refused until removed. Works on a
    fresh copy: a refusal leaves the caller's object as it was."""
    _require_manager(actor, target.cluster)
    target = ClusterTarget.objects.select_for_update().get(pk=target.pk)
    before = snapshot(target, TARGET_FIELDS)
    _fill_target(target, data)
    outside = target.milestones.exclude(year__range=(target.base_year, target.target_year))
    if outside.exists():
        raise DomainError(
            _("The target has milestones outside these years; change or remove them first."),
            field="target_year",
        )
    _clean(target)
    target.save()
    record(
        action="parks.target.update",
        actor=actor,
        obj=target,
        summary=_("Edited the target %(name)s") % {"name": target.name},
        changes=field_changes(before, snapshot(target, TARGET_FIELDS)),
    )
    return target


@transaction.atomic
def milestone_set(*, actor, target: ClusterTarget, year, amount) -> TargetMilestone | None:
    """What the target asks for by the end of ``year`` (between its base and target years);
    an empty amount removes that year's milestone."""
    _require_manager(actor, target.cluster)
    year = _year(year, "year")
    if not target.base_year <= year <= target.target_year:
        raise DomainError(
            _("Give a year from %(base)d to %(target)d (the target's years).")
            % {"base": target.base_year, "target": target.target_year},
            field="year",
        )
    existing = target.milestones.filter(year=year).first()
    before = {"amount": str(existing.amount) if existing else None}
    if amount in (None, ""):
        milestone = None
        if existing is not None:
            existing.delete()
    else:
        milestone = existing or TargetMilestone(target=target, year=year)
        milestone.amount = _amount(amount, allow_zero=True)
        milestone.save()
    after = {"amount": str(milestone.amount) if milestone else None}
    record(
        action="parks.milestone.set",
        actor=actor,
        obj=target,
        summary=_("Set the %(year)d milestone of the target %(name)s")
        % {"year": year, "name": target.name},
        data={"year": year},
        changes=field_changes(before, after),
    )
    return milestone


@transaction.atomic
def cluster_export_recorded(*, actor, cluster: Cluster, what: str, rows: int) -> None:
    """An export of a cluster's figures is itself recorded (who took which data away);
    ``what`` is ``chain`` (the chain map's table) or ``targets``."""
    label = _("the chain map") if what == "chain" else _("the targets")
    record(
        action="parks.cluster.export",
        actor=actor,
        obj=cluster,
        summary=_("Exported %(what)s of the cluster %(name)s (%(rows)d rows)")
        % {"what": label, "name": cluster.name, "rows": rows},
        data={"what": what, "rows": rows},
    )
