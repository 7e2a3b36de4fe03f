"""Every write of the institute projects: creating and changing a project, passing its stage
gates with evidence, closing and stopping it, its spending, and its outputs (patents,
standards, training, incubated firms — the last become enterprises of the registry).

Each service is one transaction: the actor's right first (``scoping.can_manage_institute``;
``actor=None`` is the system, used by the demo loader), then ``full_clean``, the write and its
audit event. Stage changes go only through ``PROJECT_WORKFLOW.apply``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.audit.changes import field_changes, snapshot
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.enterprises import scoping as enterprise_scoping
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.services import enterprise_create, enterprise_register
from gaoxin.enterprises.validators import normalise_uscc

from .choices import GATES, PatentStatus
from .models import (
    GateCriterion,
    GatePass,
    Incubation,
    Institute,
    InstituteMember,
    Patent,
    Project,
    Spending,
    Standard,
    Training,
)
from .scoping import can_manage_institute
from .workflows import PROJECT_WORKFLOW

PROJECT_FIELDS = (
    "title",
    "field",
    "description",
    "lead_member",
    "started_on",
    "planned_end",
    "budget",
)
PATENT_FIELDS = ("member", "number", "title", "kind", "status", "filed_on", "granted_on")
STANDARD_FIELDS = ("member", "title", "level", "number", "status", "started_on", "published_on")
TRAINING_FIELDS = ("held_on", "topic", "people")
ENTERPRISE_DATA = ("name", "uscc", "legal_representative", "address", "park", "stage")


# --- checks -------------------------------------------------------------------------------


def _check_manage(actor, institute: Institute) -> None:
    """The system (None) may; a person must manage the institute."""
    if actor is None:
        return
    if not can_manage_institute(actor, institute):
        raise PermissionDeniedError(_("You cannot work on the projects of this institute."))


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _clean(obj, errors: dict[str, list] | None = None) -> None:
    errors = dict(errors or {})
    try:
        obj.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, list(messages))
    if errors:
        raise ValidationError(errors)


def _reject_unknown(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})


def _decimal(value, name: str) -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({name: [_("Enter an amount in yuan, such as 12000.50.")]}) from None
    if not amount.is_finite():
        raise ValidationError({name: [_("Enter an amount in yuan, such as 12000.50.")]})
    return amount


def _member_problems(project: Project, members: list[InstituteMember] | None) -> dict:
    """The field must be the institute's (now or planned); members and lead its own."""
    errors: dict[str, list] = {}
    institute = project.institute
    allowed = [*institute.fields, *institute.planned_fields]
    if project.field and project.field not in allowed:
        errors["field"] = [
            _("Choose one of the institute's fields: %(fields)s.")
            % {"fields": "、".join(allowed) or "—"}
        ]
    if members is not None:
        strangers = [m.name for m in members if m.institute_id != institute.pk]
        if strangers:
            errors["members"] = [
                _("Not a member of the institute: %(names)s.") % {"names": "、".join(strangers)}
            ]
    lead = project.lead_member
    if lead is not None:
        involved = members if members is not None else list(project.members.all())
        if lead.institute_id != institute.pk:
            errors["lead_member"] = [_("The lead member must be a member of the institute.")]
        elif lead.pk not in {m.pk for m in involved}:
            errors["lead_member"] = [_("The lead member must be one of the members involved.")]
    return errors


def _project_snapshot(project: Project, members=None) -> dict:
    values = snapshot(project, PROJECT_FIELDS)
    if members is not None:
        values["members"] = sorted(m.name for m in members)
    return values


# --- projects -----------------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    actor,
    institute: Institute,
    data: Mapping[str, Any],
    members: Iterable[InstituteMember] = (),
    is_sample: bool = False,
) -> Project:
    """A new project of ``institute`` in R&D (研发) since its start."""
    _check_manage(actor, institute)
    _reject_unknown(data, PROJECT_FIELDS)
    members = list(members)
    project = Project(institute=institute, created_by=_user(actor), is_sample=is_sample)
    for name, value in data.items():
        setattr(project, name, value)
    if project.description is None:
        project.description = ""
    project.budget = _decimal(project.budget if project.budget is not None else 0, "budget")
    project.started_on = project.started_on or timezone.localdate()
    project.stage_since = project.started_on
    _clean(project, _member_problems(project, members))
    project.save()
    project.members.set(members)
    record(
        action="innovation.project.create",
        actor=actor,
        obj=project,
        summary=_("Created the institute project %(title)s") % {"title": project.title},
        changes=field_changes({}, _project_snapshot(project, members)),
    )
    return project


@transaction.atomic
def project_update(
    *,
    actor,
    project: Project,
    data: Mapping[str, Any],
    members: Iterable[InstituteMember] | None = None,
) -> Project:
    """Change a project's facts and members involved (its stage moves only through gates)."""
    _check_manage(actor, project.institute)
    _reject_unknown(data, PROJECT_FIELDS)
    project = Project.objects.select_for_update().get(pk=project.pk)
    old_members = list(project.members.all())
    before = _project_snapshot(project, old_members)
    for name, value in data.items():
        setattr(project, name, value)
    if project.description is None:
        project.description = ""
    project.budget = _decimal(project.budget if project.budget is not None else 0, "budget")
    new_members = list(members) if members is not None else old_members
    _clean(project, _member_problems(project, new_members))
    changes = field_changes(before, _project_snapshot(project, new_members))
    if not changes:
        return project
    project.save()
    if members is not None:
        project.members.set(new_members)
    record(
        action="innovation.project.update",
        actor=actor,
        obj=project,
        summary=_("Changed the institute project %(title)s") % {"title": project.title},
        changes=changes,
    )
    return project


def gate_criteria(project: Project, gate: str):
    return GateCriterion.objects.filter(institute_id=project.institute_id, gate=gate)


@transaction.atomic
def gate_pass(
    *,
    actor,
    project: Project,
    gate: str,
    evidence: Mapping[Any, str],
    passed_on: datetime.date,
    document=None,
    note: str = "",
) -> GatePass:
    """Pass ``gate`` (to_pilot, to_transfer, to_incubation): every criterion of the
    institute for the gate must have evidence; the GatePass and the stage move are one step."""
    _check_manage(actor, project.institute)
    if gate not in GATES:
        raise DomainError(_("Unknown gate: choose the next gate of the project."), field="gate")
    project = Project.objects.select_for_update().get(pk=project.pk)
    PROJECT_WORKFLOW.check(project, gate)
    given = {str(key): (text or "").strip() for key, text in (evidence or {}).items()}
    snapshot_rows = []
    for criterion in gate_criteria(project, gate):
        text = given.get(str(criterion.pk), "")
        if not text:
            raise DomainError(
                _("Give the evidence for the criterion “%(criterion)s”.")
                % {"criterion": criterion.text},
                field=f"evidence_{criterion.pk}",
            )
        snapshot_rows.append({"criterion": criterion.text, "evidence": text})
    if passed_on is None:
        raise DomainError(_("Give the date the gate was passed."), field="passed_on")
    if passed_on > timezone.localdate():
        raise DomainError(
            _("The date the gate was passed cannot be in the future."), field="passed_on"
        )
    if passed_on < project.stage_since:
        raise DomainError(
            _("The gate cannot be passed before the project entered its stage (%(day)s).")
            % {"day": project.stage_since.isoformat()},
            field="passed_on",
        )
    transition = PROJECT_WORKFLOW.transition(gate)
    passed = GatePass(
        project=project,
        gate=gate,
        from_stage=project.stage,
        to_stage=transition.target,
        passed_on=passed_on,
        criteria=snapshot_rows,
        note=(note or "").strip(),
        passed_by=_user(actor),
    )
    if document:
        passed.document = document
    _clean(passed)
    passed.save()
    PROJECT_WORKFLOW.apply(
        project,
        gate,
        actor=actor,
        summary=_("%(title)s: %(gate)s") % {"title": project.title, "gate": transition.label},
        reason=passed.note,
        data={"gate_pass": passed.pk, "passed_on": passed_on.isoformat()},
        fields={"stage_since": passed_on},
    )
    return passed


def _end(actor, project: Project, name: str, reason: str, ended_on) -> Project:
    _check_manage(actor, project.institute)
    project = Project.objects.select_for_update().get(pk=project.pk)
    reason = (reason or "").strip()
    PROJECT_WORKFLOW.check(project, name, reason=reason)
    ended_on = ended_on or timezone.localdate()
    if ended_on > timezone.localdate():
        raise DomainError(_("The end date cannot be in the future."), field="ended_on")
    if ended_on < project.stage_since:
        raise DomainError(
            _("The end date cannot be before the project entered its stage (%(day)s).")
            % {"day": project.stage_since.isoformat()},
            field="ended_on",
        )
    transition = PROJECT_WORKFLOW.transition(name)
    PROJECT_WORKFLOW.apply(
        project,
        name,
        actor=actor,
        summary=_("%(title)s: %(move)s") % {"title": project.title, "move": transition.label},
        reason=reason,
        data={"ended_on": ended_on.isoformat()},
        fields={"ended_on": ended_on, "stage_since": ended_on},
    )
    return project


@transaction.atomic
def project_close(*, actor, project: Project, reason: str, ended_on=None) -> Project:
    """Close (结题) a project from pilot, transfer or incubation; the reason is required."""
    return _end(actor, project, "close", reason, ended_on)


@transaction.atomic
def project_stop(*, actor, project: Project, reason: str, ended_on=None) -> Project:
    """Stop (终止) an active project; the reason is required."""
    return _end(actor, project, "stop", reason, ended_on)


# --- spending -----------------------------------------------------------------------------


@transaction.atomic
def spending_add(
    *, actor, project: Project, spent_on: datetime.date, amount, purpose: str
) -> Spending:
    """A line of spending (more than zero). Passing the budget is allowed: the page shows the
    overrun."""
    _check_manage(actor, project.institute)
    amount = _decimal(amount, "amount")
    errors = {}
    if amount <= 0:
        errors["amount"] = [_("The amount must be above zero.")]
    spending = Spending(
        project=project, spent_on=spent_on, amount=amount, purpose=(purpose or "").strip()
    )
    _clean(spending, errors)
    spending.save()
    record(
        action="innovation.spending.add",
        actor=actor,
        obj=project,
        summary=_("%(title)s: spent %(amount)s yuan on %(purpose)s")
        % {"title": project.title, "amount": f"{amount:.2f}", "purpose": spending.purpose},
        data={"spending": spending.pk, "amount": f"{amount:.2f}", "spent_on": str(spent_on)},
    )
    return spending


@transaction.atomic
def spending_remove(*, actor, spending: Spending) -> None:
    project = spending.project
    _check_manage(actor, project.institute)
    data = {"amount": f"{spending.amount:.2f}", "spent_on": str(spending.spent_on)}
    purpose = spending.purpose
    spending.delete()
    record(
        action="innovation.spending.remove",
        actor=actor,
        obj=project,
        summary=_("%(title)s: removed the spending on %(purpose)s")
        % {"title": project.title, "purpose": purpose},
        data=data,
    )


# --- outputs ------------------------------------------------------------------------------


def _member_of(project: Project, member, errors: dict) -> None:
    if member is not None and member.institute_id != project.institute_id:
        errors["member"] = [_("Choose a member of the institute.")]


def _assign(obj, data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    _reject_unknown(data, allowed)
    for name, value in data.items():
        if value is None and name in ("number",):
            value = ""
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


def _patent_problems(project: Project, patent: Patent) -> dict:
    errors: dict[str, list] = {}
    _member_of(project, patent.member, errors)
    if patent.granted_on and patent.status != PatentStatus.GRANTED:
        errors["granted_on"] = [_("A grant date is only for a granted patent.")]
    if patent.status == PatentStatus.GRANTED and not patent.granted_on:
        errors["granted_on"] = [_("Give the date the patent was granted.")]
    if patent.granted_on and patent.filed_on and patent.granted_on < patent.filed_on:
        errors["granted_on"] = [_("The grant cannot be before the filing.")]
    return errors


def _output_record(actor, project, action: str, summary: str, obj, fields) -> None:
    record(
        action=action,
        actor=actor,
        obj=project,
        summary=summary,
        data={"id": obj.pk, "model": obj._meta.model_name},
        changes=field_changes({}, snapshot(obj, fields)) if fields else None,
    )


@transaction.atomic
def patent_add(
    *, actor, project: Project, data: Mapping[str, Any], is_sample: bool = False
) -> Patent:
    _check_manage(actor, project.institute)
    patent = Patent(project=project, is_sample=is_sample)
    _assign(patent, data, PATENT_FIELDS)
    _clean(patent, _patent_problems(project, patent))
    patent.save()
    _output_record(
        actor,
        project,
        "innovation.patent.add",
        _("%(title)s: recorded the patent %(number)s")
        % {"title": project.title, "number": patent.number},
        patent,
        PATENT_FIELDS,
    )
    return patent


@transaction.atomic
def patent_update(*, actor, patent: Patent, data: Mapping[str, Any]) -> Patent:
    project = patent.project
    _check_manage(actor, project.institute)
    before = snapshot(patent, PATENT_FIELDS)
    _assign(patent, data, PATENT_FIELDS)
    _clean(patent, _patent_problems(project, patent))
    changes = field_changes(before, snapshot(patent, PATENT_FIELDS))
    if changes:
        patent.save()
        record(
            action="innovation.patent.update",
            actor=actor,
            obj=project,
            summary=_("%(title)s: changed the patent %(number)s")
            % {"title": project.title, "number": patent.number},
            data={"id": patent.pk},
            changes=changes,
        )
    return patent


@transaction.atomic
def patent_remove(*, actor, patent: Patent) -> None:
    project = patent.project
    _check_manage(actor, project.institute)
    number = patent.number
    patent.delete()
    record(
        action="innovation.patent.remove",
        actor=actor,
        obj=project,
        summary=_("%(title)s: removed the patent %(number)s")
        % {"title": project.title, "number": number},
        data={"number": number},
    )


def _standard_problems(project: Project, standard: Standard) -> dict:
    errors: dict[str, list] = {}
    _member_of(project, standard.member, errors)
    if (
        standard.published_on
        and standard.started_on
        and standard.published_on < standard.started_on
    ):
        errors["published_on"] = [_("The publication cannot be before the drafting started.")]
    return errors


@transaction.atomic
def standard_add(
    *, actor, project: Project, data: Mapping[str, Any], is_sample: bool = False
) -> Standard:
    _check_manage(actor, project.institute)
    standard = Standard(project=project, is_sample=is_sample)
    _assign(standard, data, STANDARD_FIELDS)
    _clean(standard, _standard_problems(project, standard))
    standard.save()
    _output_record(
        actor,
        project,
        "innovation.standard.add",
        _("%(title)s: recorded the standard %(standard)s")
        % {"title": project.title, "standard": standard.title},
        standard,
        STANDARD_FIELDS,
    )
    return standard


@transaction.atomic
def standard_update(*, actor, standard: Standard, data: Mapping[str, Any]) -> Standard:
    project = standard.project
    _check_manage(actor, project.institute)
    before = snapshot(standard, STANDARD_FIELDS)
    _assign(standard, data, STANDARD_FIELDS)
    _clean(standard, _standard_problems(project, standard))
    changes = field_changes(before, snapshot(standard, STANDARD_FIELDS))
    if changes:
        standard.save()
        record(
            action="innovation.standard.update",
            actor=actor,
            obj=project,
            summary=_("%(title)s: changed the standard %(standard)s")
            % {"title": project.title, "standard": standard.title},
            data={"id": standard.pk},
            changes=changes,
        )
    return standard


@transaction.atomic
def standard_remove(*, actor, standard: Standard) -> None:
    project = standard.project
    _check_manage(actor, project.institute)
    title = standard.title
    standard.delete()
    record(
        action="innovation.standard.remove",
        actor=actor,
        obj=project,
        summary=_("%(title)s: removed the standard %(standard)s")
        % {"title": project.title, "standard": title},
        data={"title": title},
    )


@transaction.atomic
def training_add(
    *, actor, project: Project, data: Mapping[str, Any], is_sample: bool = False
) -> Training:
    _check_manage(actor, project.institute)
    training = Training(project=project, is_sample=is_sample)
    _assign(training, data, TRAINING_FIELDS)
    _clean(training)
    training.save()
    _output_record(
        actor,
        project,
        "innovation.training.add",
        _("%(title)s: recorded the training %(topic)s (%(people)s people)")
        % {"title": project.title, "topic": training.topic, "people": training.people},
        training,
        TRAINING_FIELDS,
    )
    return training


@transaction.atomic
def training_remove(*, actor, training: Training) -> None:
    project = training.project
    _check_manage(actor, project.institute)
    topic = training.topic
    training.delete()
    record(
        action="innovation.training.remove",
        actor=actor,
        obj=project,
        summary=_("%(title)s: removed the training %(topic)s")
        % {"title": project.title, "topic": topic},
        data={"topic": topic},
    )


def _firm_for_incubation(actor, project: Project, data: Mapping[str, Any]) -> tuple:
    """The enterprise of ``data``: the registered one with the credit code, or a new one
    registered now (through the registry's services). Returns (enterprise, created)."""
    _reject_unknown(data, ENTERPRISE_DATA)
    uscc = normalise_uscc(str(data.get("uscc") or "").strip())
    if not uscc:
        raise ValidationError({"uscc": [_("Give the firm's unified social credit code.")]})
    existing = Enterprise.objects.filter(uscc=uscc).first()
    if existing is not None:
        if actor is not None and not enterprise_scoping.can_view(actor, existing):
            raise ValidationError(
                {"uscc": [_("This credit code is registered outside your reach: ask its zone.")]}
            )
        return existing, False
    values = {k: v for k, v in data.items() if v not in (None, "")}
    values["uscc"] = uscc
    values.setdefault("park", project.institute.park)
    values.setdefault("stage", "rnd")
    values["is_sample"] = project.is_sample
    if actor is None:
        firm = Enterprise(
            zone=project.institute.zone, **{k: v for k, v in values.items() if k != "park"}
        )
        firm.park = values.get("park")
        return enterprise_register(
            actor=None, enterprise=firm, reason=_("Incubated by an institute project")
        ), True
    return enterprise_create(actor=actor, data=values), True


@transaction.atomic
def incubation_add(
    *,
    actor,
    project: Project,
    incubated_on: datetime.date,
    enterprise: Enterprise | None = None,
    firm: Mapping[str, Any] | None = None,
    note: str = "",
    is_sample: bool = False,
) -> Incubation:
    """Record a firm the project incubated: ``enterprise`` (a registered one the actor sees),
    or ``firm`` (name, credit code, …): linked when the credit code is registered, otherwise
    registered now as a new enterprise of the registry."""
    _check_manage(actor, project.institute)
    created = False
    if enterprise is not None:
        if actor is not None and not enterprise_scoping.can_view(actor, enterprise):
            raise ValidationError({"enterprise": [_("Choose an enterprise you can see.")]})
    elif firm:
        enterprise, created = _firm_for_incubation(actor, project, firm)
    else:
        raise ValidationError(
            {"enterprise": [_("Choose a registered enterprise or give the new firm's facts.")]}
        )
    if Incubation.objects.filter(project=project, enterprise=enterprise).exists():
        raise DomainError(_("This firm is already recorded as incubated here."), field="enterprise")
    incubation = Incubation(
        project=project,
        enterprise=enterprise,
        incubated_on=incubated_on,
        note=(note or "").strip(),
        is_sample=is_sample,
    )
    _clean(incubation)
    incubation.save()
    record(
        action="innovation.incubation.add",
        actor=actor,
        obj=project,
        summary=(
            _("%(title)s: registered and incubated %(firm)s")
            if created
            else _("%(title)s: incubated %(firm)s")
        )
        % {"title": project.title, "firm": enterprise.name},
        data={"enterprise": enterprise.pk, "created": created},
    )
    return incubation


@transaction.atomic
def incubation_remove(*, actor, incubation: Incubation) -> None:
    """Remove the record of an incubation (the enterprise stays in the registry)."""
    project = incubation.project
    _check_manage(actor, project.institute)
    name = incubation.enterprise.name
    data = {"enterprise": incubation.enterprise_id}
    incubation.delete()
    record(
        action="innovation.incubation.remove",
        actor=actor,
        obj=project,
        summary=_("%(title)s: removed the incubation of %(firm)s")
        % {"title": project.title, "firm": name},
        data=data,
    )


# --- reads that are audited -----------------------------------------------------------------


@transaction.atomic
def projects_exported(*, actor, rows: int) -> None:
    record(
        action="innovation.project.export",
        actor=actor,
        summary=_("Exported the institute projects"),
        data={"rows": rows},
    )


@transaction.atomic
def gate_document_downloaded(*, actor, gate_pass: GatePass) -> None:
    record(
        action="innovation.gate.download",
        actor=actor,
        obj=gate_pass.project,
        summary=_("%(title)s: downloaded the evidence document of %(stage)s")
        % {"title": gate_pass.project.title, "stage": gate_pass.get_to_stage_display()},
        data={"gate_pass": gate_pass.pk},
    )
