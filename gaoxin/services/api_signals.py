"""API of the services signals part (mounted by api.py at /api/services): resource matches,
advisor tasks, signal rules and the scan. The same scoping, selectors and services as the
pages: a wrong role 403, anonymous 401, an object out of scope 404, a step the workflow refuses
409, bad input 400/422."""

from decimal import Decimal
from typing import Annotated, Literal

import rules
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from gaoxin.accounts.models import Organisation
from gaoxin.core.api import ApiPagination, ErrorOut, IdPath, _PathParam
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises.models import Enterprise

from . import selectors_signals, services_signals, signals
from .choices import CounterpartKind, MatchStatus, SignalKind, TaskStatus
from .models import Advisor, AdvisorTask, ResourceMatch, ServiceDomain
from .schemas_signals import (
    AdvisorTaskOut,
    MatchFollowUpIn,
    MatchFollowUpOut,
    MatchIn,
    MatchPatchIn,
    MatchStep,
    MatchStepIn,
    ResourceMatchOut,
    SignalRuleIn,
    SignalRuleOut,
    SignalScanOut,
    TaskAssignIn,
    TaskStepIn,
)

router = Router()
READ = {401: ErrorOut, 403: ErrorOut}
ONE = {**READ, 404: ErrorOut}
WRITE = {**ONE, 400: ErrorOut, 409: ErrorOut, 422: ErrorOut}

SignalKindIn = Literal[tuple(SignalKind.values)]  # type: ignore[valid-type]
# The same path parameter class as IdPath: ninja reads a path's parameters from one model.
StepPath = Annotated[MatchStep, _PathParam()]
KindPath = Annotated[SignalKindIn, _PathParam()]


class MatchFilters(Schema):
    kind: Literal[tuple(CounterpartKind.values)] | None = None  # type: ignore[valid-type]
    status: Literal[tuple(MatchStatus.values)] | None = None  # type: ignore[valid-type]
    overdue: bool = Field(False, description="Only open matches whose follow-up is past")
    q: str | None = Field(None, max_length=100, description="Enterprise, counterpart or need")


class TaskFilters(Schema):
    status: Literal[tuple(TaskStatus.values)] | None = Field(  # type: ignore[valid-type]
        None, description="open unless given"
    )
    kind: SignalKindIn | None = None
    unassigned: bool = Field(False, description="Only tasks without an advisor")


def _need(perm: str, message: str, user) -> None:
    if not rules.has_perm(perm, user):
        raise PermissionDeniedError(message)


def _matches_reader(user) -> None:
    _need("services.view_matches", _("Your role does not see resource matches."), user)


def _tasks_reader(user) -> None:
    _need("services.view_tasks", _("Your role does not see advisor tasks."), user)


def _rules_manager(user):
    _need("services.manage_signal_rules", _("Only zone officials set signal rules."), user)
    if user.zone is None:
        raise PermissionDeniedError(_("Your organisation does not belong to a zone."))
    return user.zone


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def match_body(m: ResourceMatch) -> dict:
    return {
        "id": m.pk,
        "zone": m.zone_id,
        "enterprise": m.enterprise_id,
        "enterprise_name": m.enterprise.name,
        "kind": m.kind,
        "counterpart_name": m.counterpart_name,
        "counterpart_enterprise": m.counterpart_enterprise_id,
        "counterpart_organisation": m.counterpart_organisation_id,
        "need": m.need,
        "advisor": m.advisor_id,
        "advisor_name": m.advisor.expert.name if m.advisor_id else "",
        "status": m.status,
        "next_follow_up": m.next_follow_up,
        "result": m.result,
        "amount": _money(m.amount),
        "closed_on": m.closed_on,
        "is_sample": m.is_sample,
    }


def task_body(t: AdvisorTask) -> dict:
    return {
        "id": t.pk,
        "zone": t.zone_id,
        "kind": t.kind,
        "enterprise": t.enterprise_id,
        "enterprise_name": t.enterprise.name,
        "advisor": t.advisor_id,
        "advisor_name": t.advisor.expert.name if t.advisor_id else "",
        "title": t.title,
        "detail": t.detail,
        "link": t.link,
        "status": t.status,
        "due_on": t.due_on,
        "note": t.note,
    }


def rule_body(rule) -> dict:
    params = rule.params or {}
    return {
        "kind": rule.kind,
        "label": str(rule.get_kind_display()),
        "stored": rule.pk is not None,
        "enabled": rule.enabled,
        "action": rule.action,
        "domain": rule.domain_id,
        "domain_name": str(rule.domain or ""),
        "days": int(params["days"]) if "days" in params else None,
        "max_gap": str(params["max_gap"]) if "max_gap" in params else None,
    }


def _resolve(model, pk: int | None, field: str):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise ValidationError({field: [_("No such choice: choose one from the list.")]})
    return obj


REFS = {
    "enterprise": Enterprise,
    "counterpart_enterprise": Enterprise,
    "counterpart_organisation": Organisation,
    "advisor": Advisor,
}


def _match_data(payload: Schema) -> dict:
    data = payload.dict(exclude_unset=True)
    for name in ("kind", "counterpart_name", "need"):
        if name in data and data[name] is None:
            del data[name]
    for name, model in REFS.items():
        if name in data:
            data[name] = _resolve(model, data[name], name)
    return data


# --- resource matches ---------------------------------------------------------------------


@router.get(
    "/matches", response={200: list[ResourceMatchOut], **READ}, summary="Your resource matches"
)
@paginate(ApiPagination)
def list_matches(request, filters: Query[MatchFilters]):
    _matches_reader(request.auth)
    params = {k: ("on" if v is True else v) for k, v in filters.dict().items() if v}
    return [match_body(m) for m in selectors_signals.match_list(request.auth, params)]


@router.post(
    "/matches", response={201: ResourceMatchOut, **WRITE}, summary="Record a resource match"
)
def create_match(request, payload: MatchIn):
    _matches_reader(request.auth)
    match = services_signals.match_create(actor=request.auth, data=_match_data(payload))
    return Status(201, match_body(selectors_signals.match_get(request.auth, match.pk)))


@router.get(
    "/matches/{match_id}", response={200: ResourceMatchOut, **ONE}, summary="One resource match"
)
def get_match(request, match_id: IdPath):
    _matches_reader(request.auth)
    return match_body(selectors_signals.match_get(request.auth, match_id))


@router.patch(
    "/matches/{match_id}",
    response={200: ResourceMatchOut, **WRITE},
    summary="Change a match's facts",
)
def update_match(request, match_id: IdPath, payload: MatchPatchIn):
    _matches_reader(request.auth)
    match = selectors_signals.match_get(request.auth, match_id)
    services_signals.match_update(actor=request.auth, match=match, data=_match_data(payload))
    return match_body(selectors_signals.match_get(request.auth, match_id))


@router.post(
    "/matches/{match_id}/follow-ups",
    response={201: MatchFollowUpOut, **WRITE},
    summary="Record a follow-up (sets the next follow-up date)",
)
def add_follow_up(request, match_id: IdPath, payload: MatchFollowUpIn):
    _matches_reader(request.auth)
    match = selectors_signals.match_get(request.auth, match_id)
    follow_up = services_signals.follow_up_add(
        actor=request.auth,
        match=match,
        happened_on=payload.happened_on,
        note=payload.note,
        next_follow_up=payload.next_follow_up,
    )
    body = {
        "id": follow_up.pk,
        "match": match.pk,
        "happened_on": follow_up.happened_on,
        "note": follow_up.note,
    }
    return Status(201, body)


@router.post(
    "/matches/{match_id}/{step}",
    response={200: ResourceMatchOut, **WRITE},
    summary="Move a match: introduce, negotiate, succeed, fail, reopen",
    description="succeed needs the result as the reason (an amount, reported and not "
    "verified, may be given); fail and reopen need a reason. 409 when the status does not "
    "allow the step.",
)
def step_match(request, match_id: IdPath, step: StepPath, payload: MatchStepIn):
    _matches_reader(request.auth)
    match = selectors_signals.match_get(request.auth, match_id)
    services_signals.match_transition(
        actor=request.auth,
        match=match,
        name=step,
        reason=payload.reason,
        amount=None if payload.amount is None else Decimal(payload.amount),
        next_follow_up=payload.next_follow_up,
    )
    return match_body(selectors_signals.match_get(request.auth, match_id))


# --- advisor tasks ------------------------------------------------------------------------


@router.get("/tasks", response={200: list[AdvisorTaskOut], **READ}, summary="Your advisor tasks")
@paginate(ApiPagination)
def list_tasks(request, filters: Query[TaskFilters]):
    _tasks_reader(request.auth)
    params = {k: ("on" if v is True else v) for k, v in filters.dict().items() if v}
    return [task_body(t) for t in selectors_signals.task_list(request.auth, params)]


@router.get("/tasks/{task_id}", response={200: AdvisorTaskOut, **ONE}, summary="One advisor task")
def get_task(request, task_id: IdPath):
    _tasks_reader(request.auth)
    return task_body(selectors_signals.task_get(request.auth, task_id))


def _task_step(request, task_id: int, name: str, reason: str) -> dict:
    _tasks_reader(request.auth)
    task = selectors_signals.task_get(request.auth, task_id)
    services_signals.task_transition(actor=request.auth, task=task, name=name, reason=reason)
    return task_body(selectors_signals.task_get(request.auth, task_id))


@router.post("/tasks/{task_id}/done", response={200: AdvisorTaskOut, **WRITE}, summary="Mark done")
def task_done(request, task_id: IdPath, payload: TaskStepIn):
    return _task_step(request, task_id, "done", payload.reason)


@router.post(
    "/tasks/{task_id}/dismiss",
    response={200: AdvisorTaskOut, **WRITE},
    summary="Dismiss (with why)",
)
def task_dismiss(request, task_id: IdPath, payload: TaskStepIn):
    return _task_step(request, task_id, "dismiss", payload.reason)


@router.post(
    "/tasks/{task_id}/reopen", response={200: AdvisorTaskOut, **WRITE}, summary="Reopen (with why)"
)
def task_reopen(request, task_id: IdPath, payload: TaskStepIn):
    return _task_step(request, task_id, "reopen", payload.reason)


@router.post(
    "/tasks/{task_id}/assign",
    response={200: AdvisorTaskOut, **WRITE},
    summary="Assign an open task to an advisor of its zone (officials, park operators)",
)
def task_assign(request, task_id: IdPath, payload: TaskAssignIn):
    _tasks_reader(request.auth)
    task = selectors_signals.task_get(request.auth, task_id)
    advisor = _resolve(Advisor, payload.advisor, "advisor")
    services_signals.task_assign(
        actor=request.auth, task=task, advisor=advisor, reason=payload.reason
    )
    return task_body(selectors_signals.task_get(request.auth, task_id))


# --- signal rules -------------------------------------------------------------------------


@router.get(
    "/signal-rules",
    response={200: list[SignalRuleOut], **READ},
    summary="Your zone's signal rules (one per kind; defaults where none is stored)",
)
def list_signal_rules(request):
    zone = _rules_manager(request.auth)
    return [rule_body(r) for r in selectors_signals.signal_rules(zone)]


@router.post(
    "/signal-rules/scan",
    response={200: list[SignalScanOut], **READ},
    summary="Scan your zone for signals now (what the daily job does)",
)
def scan_signal_rules(request):
    zone = _rules_manager(request.auth)
    counts = signals.signal_scan(actor=request.auth, zone=zone)
    labels = dict(SignalKind.choices)
    return [{"kind": k, "label": str(labels[k]), "created": n} for k, n in counts.items()]


@router.put(
    "/signal-rules/{kind}",
    response={200: SignalRuleOut, **WRITE},
    summary="Set your zone's rule for one kind of signal",
)
def set_signal_rule(request, kind: KindPath, payload: SignalRuleIn):
    zone = _rules_manager(request.auth)
    params = {}
    if payload.days is not None:
        params["days"] = payload.days
    if payload.max_gap is not None:
        params["max_gap"] = payload.max_gap
    rule = services_signals.signal_rule_set(
        actor=request.auth,
        zone=zone,
        kind=kind,
        enabled=payload.enabled,
        action=payload.action,
        domain=_resolve(ServiceDomain, payload.domain, "domain"),
        params=params or None,
    )
    return rule_body(services_signals.effective_rule(zone, rule.kind))
