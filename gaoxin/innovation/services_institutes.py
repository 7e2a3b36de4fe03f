"""Every write of the institutes part: an institute with its fields and kinds of work, its
member units (one lead), and the criteria of each stage gate.

Each write checks who may do it first (zone officials of the institute's zone; park
operators for an institute in a park they run), validates (``full_clean`` and the list rules
below), runs in one transaction and is audited in it. ``actor=None`` is the system (the demo
loader): no permission check, still validated and audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.audit.changes import field_changes, snapshot
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.enterprises.scoping import visible_enterprises

from .choices import GATES, MemberRole, WorkKind
from .models import GateCriterion, Institute, InstituteMember
from .scoping import can_manage_institute

INSTITUTE_FIELDS = (
    "name",
    "short_name",
    "level",
    "unveiled_on",
    "host",
    "park",
    "fields",
    "planned_fields",
    "work_kinds",
    "description",
    "source",
)
MEMBER_FIELDS = ("role", "name", "enterprise", "organisation", "joined_on", "note", "order")
TEXT_FIELDS = ("short_name", "description", "source", "name", "note")
LIST_FIELDS = ("fields", "planned_fields", "work_kinds")
# The organisations (not enterprises) that may be members: universities and the like.
MEMBER_ORGANISATION_KINDS = (
    OrganisationKind.UNIVERSITY_INSTITUTE,
    OrganisationKind.INDUSTRY_ASSOCIATION,
    OrganisationKind.ADVISOR_INSTITUTION,
)
MAX_LIST = 30
MAX_ITEM = 60


class ConflictError(DomainError):
    """A well-formed request the institute's present state refuses (409 in the API): a second
    lead, a criterion listed twice, a member that still leads projects."""

    status = 409

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message, code="conflict", field=field)


# --- permission -------------------------------------------------------------------------


def _check_manager(actor, institute: Institute) -> None:
    """The actor may work on this (possibly unsaved) institute."""
    if actor is None:
        return
    if not actor.is_authenticated or actor.role not in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR):
        raise PermissionDeniedError(
            _("Only zone officials and park operators work on research institutes.")
        )
    if institute.pk and not can_manage_institute(actor, institute):
        raise PermissionDeniedError(
            _(
                "Only the zone's officials, or the operator of the institute's park, "
                "work on this institute."
            )
        )


def _check_placement(actor, institute: Institute) -> None:
    """Where the institute sits is within the actor's reach: an official's own zone; an
    operator's own park."""
    if institute.park_id and institute.park.zone_id != institute.zone_id:
        raise DomainError(_("Park: choose one of the zone's parks."), field="park")
    if actor is None:
        return
    if actor.role == Role.ZONE_OFFICIAL and institute.zone_id != getattr(actor.zone, "pk", None):
        raise PermissionDeniedError(_("You work on the institutes of your own zone only."))
    if actor.role == Role.PARK_OPERATOR and (
        not institute.park_id or institute.park.operator_id != actor.organisation_id
    ):
        raise DomainError(_("Park: choose one of the parks your organisation runs."), field="park")


# --- validation -------------------------------------------------------------------------


def _full_clean(obj, **kwargs) -> None:
    """The model's own checks as a DomainError naming the first field at fault."""
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        name, errors = next(iter(exc.message_dict.items()))
        raise DomainError(errors[0], field=None if name == NON_FIELD_ERRORS else name) from exc


def clean_text_list(value: Any, *, field: str, label: str) -> list[str]:
    """A list of short, non-empty texts without duplicates (surrounding spaces dropped)."""
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise DomainError(_("%(label)s: give a list of texts.") % {"label": label}, field=field)
    items: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise DomainError(
                _("%(label)s: every entry must be a non-empty text.") % {"label": label},
                field=field,
            )
        _no_control_characters(item, field)
        text = item.strip()
        if len(text) > MAX_ITEM:
            raise DomainError(
                _("%(label)s: “%(item)s” is longer than %(max)d characters.")
                % {"label": label, "item": text[:20] + "…", "max": MAX_ITEM},
                field=field,
            )
        if text in items:
            raise DomainError(
                _("%(label)s: “%(item)s” is listed twice; keep it once.")
                % {"label": label, "item": text},
                field=field,
            )
        items.append(text)
    if len(items) > MAX_LIST:
        raise DomainError(
            _("%(label)s: at most %(max)d entries.") % {"label": label, "max": MAX_LIST},
            field=field,
        )
    return items


def _clean_lists(institute: Institute) -> None:
    institute.fields = clean_text_list(institute.fields, field="fields", label=_("Current fields"))
    institute.planned_fields = clean_text_list(
        institute.planned_fields, field="planned_fields", label=_("Planned fields")
    )
    both = [f for f in institute.planned_fields if f in institute.fields]
    if both:
        raise DomainError(
            _(
                "Planned fields: “%(item)s” is already a current field; a field is either "
                "current or planned."
            )
            % {"item": both[0]},
            field="planned_fields",
        )
    kinds = clean_text_list(institute.work_kinds, field="work_kinds", label=_("Kinds of work"))
    unknown = [k for k in kinds if k not in WorkKind.values]
    if unknown:
        raise DomainError(
            _("Kinds of work: “%(item)s” is not one of the five kinds of work.")
            % {"item": unknown[0]},
            field="work_kinds",
        )
    # Always in the order of WorkKind, so pages and exports list them alike.
    institute.work_kinds = [k for k in WorkKind.values if k in kinds]


def _no_control_characters(text: str, field: str) -> None:
    if "\x00" in text:
        raise DomainError(_("This text holds a NUL character; remove it."), field=field)


def _assign(obj, data: Mapping[str, Any], allowed: tuple[str, ...]) -> set[str]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    for name, value in data.items():
        if value is None and name in TEXT_FIELDS:
            value = ""
        if value is None and name in LIST_FIELDS:
            value = []
        if isinstance(value, str):
            _no_control_characters(value, name)
            value = value.strip()
        setattr(obj, name, value)
    return set(data)


def _check_host(institute: Institute) -> None:
    if institute.host_id and institute.host.zone_id != institute.zone_id:
        raise DomainError(_("Host: choose an enterprise of the zone."), field="host")


# --- institutes -------------------------------------------------------------------------


def _zone_for(actor, data: Mapping[str, Any]):
    park = data.get("park")
    if park is not None:
        return park.zone
    return actor.zone if actor is not None else None


@transaction.atomic
def institute_create(
    *, actor, data: Mapping[str, Any], zone=None, is_sample: bool = False
) -> Institute:
    """Record a research institute in the actor's zone (the system passes ``zone``)."""
    institute = Institute(is_sample=is_sample, created_by=actor)
    _check_manager(actor, institute)
    _assign(institute, data, INSTITUTE_FIELDS)
    institute.zone = zone if zone is not None else _zone_for(actor, data)
    if institute.zone is None:
        raise PermissionDeniedError(_("Your organisation does not belong to a zone."))
    _check_placement(actor, institute)
    _check_host(institute)
    _clean_lists(institute)
    _full_clean(institute)
    institute.save()
    record(
        action="innovation.institute.create",
        actor=actor,
        obj=institute,
        summary=_("Research institute recorded: %(name)s") % {"name": institute.name},
        data=snapshot(institute, INSTITUTE_FIELDS),
    )
    return institute


@transaction.atomic
def institute_update(*, actor, institute: Institute, data: Mapping[str, Any]) -> Institute:
    """Change an institute's facts, fields or kinds of work (only what ``data`` holds)."""
    institute = Institute.objects.select_for_update().get(pk=institute.pk)
    _check_manager(actor, institute)
    before = snapshot(institute, INSTITUTE_FIELDS)
    changed = _assign(institute, data, INSTITUTE_FIELDS)
    if "park" in changed:
        _check_placement(actor, institute)
    _check_host(institute)
    _clean_lists(institute)
    _full_clean(institute)
    institute.save()
    changes = field_changes(before, snapshot(institute, INSTITUTE_FIELDS))
    if changes:
        record(
            action="innovation.institute.update",
            actor=actor,
            obj=institute,
            summary=_("Research institute changed: %(name)s") % {"name": institute.name},
            changes=changes,
        )
    return institute


# --- members ----------------------------------------------------------------------------


def _clean_member(actor, member: InstituteMember, changed: set[str]) -> None:
    if (
        actor is not None
        and "enterprise" in changed
        and member.enterprise_id
        and not visible_enterprises(actor).filter(pk=member.enterprise_id).exists()
    ):
        raise DomainError(_("Enterprise: choose an enterprise you can see."), field="enterprise")
    if (
        "organisation" in changed
        and member.organisation_id
        and member.organisation.kind not in MEMBER_ORGANISATION_KINDS
    ):
        raise DomainError(
            _(
                "Organisation: choose a university, research institute or association; "
                "an enterprise is chosen as the enterprise."
            ),
            field="organisation",
        )
    if member.enterprise_id and member.organisation_id:
        raise DomainError(
            _("Choose either an enterprise or an organisation for the member, not both."),
            field="organisation",
        )
    if not member.name:
        linked = member.enterprise or member.organisation
        member.name = linked.name if linked is not None else ""
    if not member.name:
        raise DomainError(
            _("Name: give the member's name, or choose its enterprise or organisation."),
            field="name",
        )
    if member.role == MemberRole.LEAD:
        lead = (
            InstituteMember.objects.filter(institute=member.institute, role=MemberRole.LEAD)
            .exclude(pk=member.pk)
            .first()
        )
        if lead is not None:
            raise ConflictError(
                _(
                    "Role: %(name)s already leads the institute; an institute has one lead. "
                    "Change that member's role first."
                )
                % {"name": lead.name},
                field="role",
            )
    _full_clean(member)


@transaction.atomic
def member_add(*, actor, institute: Institute, data: Mapping[str, Any]) -> InstituteMember:
    institute = Institute.objects.select_for_update().get(pk=institute.pk)
    _check_manager(actor, institute)
    member = InstituteMember(institute=institute)
    changed = _assign(member, data, MEMBER_FIELDS)
    if "order" not in data or data.get("order") is None:
        member.order = institute.members.count() + 1
    _clean_member(actor, member, changed)
    member.save()
    record(
        action="innovation.institute.member_add",
        actor=actor,
        obj=institute,
        summary=_("Member added to %(institute)s: %(name)s (%(role)s)")
        % {"institute": institute.name, "name": member.name, "role": member.get_role_display()},
        data={"member": member.pk, **snapshot(member, MEMBER_FIELDS)},
    )
    return member


@transaction.atomic
def member_update(*, actor, member: InstituteMember, data: Mapping[str, Any]) -> InstituteMember:
    institute = Institute.objects.select_for_update().get(pk=member.institute_id)
    _check_manager(actor, institute)
    member = InstituteMember.objects.get(pk=member.pk)
    before = snapshot(member, MEMBER_FIELDS)
    changed = _assign(member, data, MEMBER_FIELDS)
    _clean_member(actor, member, changed)
    member.save()
    changes = field_changes(before, snapshot(member, MEMBER_FIELDS))
    if changes:
        record(
            action="innovation.institute.member_update",
            actor=actor,
            obj=institute,
            summary=_("Member of %(institute)s changed: %(name)s")
            % {"institute": institute.name, "name": member.name},
            data={"member": member.pk},
            changes=changes,
        )
    return member


@transaction.atomic
def member_remove(*, actor, member: InstituteMember, reason: str = "") -> None:
    """Take a unit off the institute. A unit that leads projects stays until they have
    another lead."""
    institute = Institute.objects.select_for_update().get(pk=member.institute_id)
    _check_manager(actor, institute)
    led = member.led_projects.count()
    if led:
        raise ConflictError(
            _(
                "%(name)s leads %(count)d project(s) of the institute; give them another lead "
                "before removing it."
            )
            % {"name": member.name, "count": led}
        )
    data = {"member": member.pk, **snapshot(member, MEMBER_FIELDS)}
    name = member.name
    member.delete()
    record(
        action="innovation.institute.member_remove",
        actor=actor,
        obj=institute,
        summary=_("Member removed from %(institute)s: %(name)s")
        % {"institute": institute.name, "name": name},
        data=data,
        reason=reason,
    )


# --- gate criteria ----------------------------------------------------------------------


@transaction.atomic
def criterion_add(*, actor, institute: Institute, gate: str, text: str) -> GateCriterion:
    institute = Institute.objects.select_for_update().get(pk=institute.pk)
    _check_manager(actor, institute)
    if gate not in GATES:
        raise DomainError(_("Gate: choose one of the project's stage gates."), field="gate")
    _no_control_characters(text or "", "text")
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Criterion: write what a project must show."), field="text")
    if institute.gate_criteria.filter(gate=gate, text=text).exists():
        raise ConflictError(
            _("Criterion: this criterion is already listed for the gate."), field="text"
        )
    order = institute.gate_criteria.filter(gate=gate).count() + 1
    criterion = GateCriterion(institute=institute, gate=gate, text=text, order=order)
    _full_clean(criterion)
    criterion.save()
    record(
        action="innovation.institute.criterion_add",
        actor=actor,
        obj=institute,
        summary=_("Gate criterion added to %(institute)s: %(text)s")
        % {"institute": institute.name, "text": text},
        data={"criterion": criterion.pk, "gate": gate, "text": text},
    )
    return criterion


@transaction.atomic
def criterion_remove(*, actor, criterion: GateCriterion) -> None:
    institute = Institute.objects.select_for_update().get(pk=criterion.institute_id)
    _check_manager(actor, institute)
    data = {"criterion": criterion.pk, "gate": criterion.gate, "text": criterion.text}
    criterion.delete()
    record(
        action="innovation.institute.criterion_remove",
        actor=actor,
        obj=institute,
        summary=_("Gate criterion removed from %(institute)s: %(text)s")
        % {"institute": institute.name, "text": data["text"]},
        data=data,
    )


# --- exports ----------------------------------------------------------------------------


@transaction.atomic
def institute_export_recorded(*, actor, what: str, rows: int, institute=None) -> None:
    """An export of institute data leaves the platform: audited."""
    record(
        action="innovation.institute.export",
        actor=actor,
        obj=institute,
        summary=_("Exported research institute data (%(what)s, %(rows)d rows)")
        % {"what": what, "rows": rows},
        data={"what": what, "rows": rows},
    )
