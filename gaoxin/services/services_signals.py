"""Every write of resource matching (资源对接), advisor tasks and signal rules.

Each is one transaction, checks who may do it first (``scoping``), validates (``full_clean``)
and is audited in the same transaction; status moves only through MATCH_WORKFLOW and
TASK_WORKFLOW (ADR 0005).

Who works on what:
- a match: the zone's officials, the park operator of the enterprise's park, and the advisor of
  the match (an advisor may record a match for an enterprise of a zone they serve); provincial
  reviewers and the enterprise read only;
- a task: the zone's officials and the park operator (assign, done, dismiss, reopen) and the
  task's advisor (done, dismiss, reopen);
- a signal rule: the zone's officials.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.audit.changes import field_changes, snapshot
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.enterprises.scoping import visible_enterprises

from .choices import MatchStatus, SignalAction, SignalKind
from .inbox_signals import tell_advisor
from .models import Advisor, AdvisorTask, MatchFollowUp, ResourceMatch, ServiceDomain, SignalRule
from .scoping import advisors_of, visible_matches, visible_tasks, works_for_zone
from .workflows import MATCH_WORKFLOW, TASK_WORKFLOW

MATCH_FIELDS = (
    "enterprise",
    "kind",
    "counterpart_name",
    "counterpart_enterprise",
    "counterpart_organisation",
    "need",
    "advisor",
    "next_follow_up",
)
STAFF_ROLES = (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR)

# The defaults a zone's rule has when no row exists (all on, a task for an advisor).
DEFAULT_DOMAINS = {
    SignalKind.STAGE_PILOT: "tech_transfer",
    SignalKind.QUALIFICATION_EXPIRING: "compliance",
    SignalKind.POLICY_NEAR_MISS: "capital",
    SignalKind.FIRSTSET_AT_RISK: "capital",
}
DEFAULT_PARAMS = {
    SignalKind.QUALIFICATION_EXPIRING: {"days": 90},
    SignalKind.POLICY_NEAR_MISS: {"max_gap": "1"},
}
MAX_DAYS = 366
MAX_GAP = Decimal("1000000000")


# --- who may do what ------------------------------------------------------------------------


def _authenticated(actor) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def can_create_match(actor) -> bool:
    return _authenticated(actor) and actor.role in (*STAFF_ROLES, Role.ADVISOR)


def can_work_on_match(actor, match: ResourceMatch) -> bool:
    if not _authenticated(actor):
        return False
    if actor.role in STAFF_ROLES:
        return visible_matches(actor).filter(pk=match.pk).exists()
    if actor.role == Role.ADVISOR:
        return (
            match.advisor_id is not None and advisors_of(actor).filter(pk=match.advisor_id).exists()
        )
    return False


def can_work_on_task(actor, task: AdvisorTask) -> bool:
    if not _authenticated(actor):
        return False
    if actor.role in STAFF_ROLES:
        return visible_tasks(actor).filter(pk=task.pk).exists()
    if actor.role == Role.ADVISOR:
        return (
            task.advisor_id is not None and advisors_of(actor).filter(pk=task.advisor_id).exists()
        )
    return False


def can_assign_task(actor, task: AdvisorTask) -> bool:
    return (
        _authenticated(actor)
        and actor.role in STAFF_ROLES
        and visible_tasks(actor).filter(pk=task.pk).exists()
    )


def _enterprise_allowed(actor, enterprise) -> bool:
    if actor.role in STAFF_ROLES:
        return visible_enterprises(actor).filter(pk=enterprise.pk).exists()
    if actor.role == Role.ADVISOR:
        return advisors_of(actor).filter(zone_id=enterprise.zone_id).exists()
    return False


# --- resource matching --------------------------------------------------------------------


def _match_problems(actor, match: ResourceMatch, changed: set[str]) -> dict[str, list]:
    errors: dict[str, list] = {}
    if "enterprise" in changed and match.enterprise_id:
        if not _enterprise_allowed(actor, match.enterprise):
            errors["enterprise"] = [_("Choose an enterprise of your zone that you can see.")]
        elif match.enterprise.zone_id is None:
            errors["enterprise"] = [_("The enterprise does not belong to a zone.")]
    if "advisor" in changed and match.advisor_id and match.enterprise_id:
        if match.advisor.zone_id != match.enterprise.zone_id:
            errors["advisor"] = [_("Choose an advisor of the enterprise's zone.")]
        elif actor.role == Role.ADVISOR and not advisors_of(actor).filter(pk=match.advisor_id):
            errors["advisor"] = [_("As an advisor you record matches you follow yourself.")]
    if match.counterpart_enterprise_id and match.counterpart_enterprise_id == match.enterprise_id:
        errors["counterpart_enterprise"] = [_("An enterprise cannot be its own counterpart.")]
    if (
        "next_follow_up" in changed
        and match.next_follow_up
        and match.status in (MatchStatus.SUCCEEDED, MatchStatus.FAILED)
    ):
        errors["next_follow_up"] = [_("A closed match needs no follow-up date.")]
    return errors


def _clean_match(actor, match: ResourceMatch, changed: set[str]) -> None:
    errors = _match_problems(actor, match, changed)
    try:
        match.full_clean(exclude=["zone", *errors])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, list(messages))
    if errors:
        raise ValidationError(errors)


def _assign_match(match: ResourceMatch, data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(MATCH_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    for name, value in data.items():
        if value is None and name in ("counterpart_name", "need"):
            value = ""
        if isinstance(value, str):
            value = value.strip()
        setattr(match, name, value)


def _match_snapshot(match: ResourceMatch) -> dict[str, Any]:
    return snapshot(match, MATCH_FIELDS)


@transaction.atomic
def match_create(*, actor, data: Mapping[str, Any], is_sample: bool = False) -> ResourceMatch:
    """Record a resource match (proposed) for an enterprise the actor serves. An advisor
    recording it follows it (the advisor defaults to their own row in the enterprise's zone)."""
    if not can_create_match(actor):
        raise PermissionDeniedError(
            _("Only zone officials, park operators and advisors record resource matches.")
        )
    match = ResourceMatch(created_by=actor, is_sample=is_sample)
    _assign_match(match, data)
    if match.enterprise_id is None:
        raise ValidationError({"enterprise": [_("Choose the enterprise.")]})
    if actor.role == Role.ADVISOR and match.advisor_id is None:
        match.advisor = advisors_of(actor).filter(zone_id=match.enterprise.zone_id).first()
    match.zone_id = match.enterprise.zone_id
    _clean_match(actor, match, set(MATCH_FIELDS))
    match.save()
    record(
        action="services.match.create",
        actor=actor,
        obj=match,
        summary=_("Recorded the resource match %(match)s") % {"match": match},
        changes=field_changes({}, _match_snapshot(match)),
    )
    return match


@transaction.atomic
def match_update(*, actor, match: ResourceMatch, data: Mapping[str, Any]) -> ResourceMatch:
    """Change a match's facts (its status moves only through the workflow; the enterprise
    stays)."""
    if not can_work_on_match(actor, match):
        raise PermissionDeniedError(_("You cannot work on this resource match."))
    match = ResourceMatch.objects.select_for_update().get(pk=match.pk)
    if "enterprise" in data and data["enterprise"] != match.enterprise:
        raise DomainError(
            _("The enterprise of a match does not change: record a new match."),
            field="enterprise",
        )
    before = _match_snapshot(match)
    _assign_match(match, data)
    changes = field_changes(before, _match_snapshot(match))
    _clean_match(actor, match, set(changes))
    if not changes:
        return match
    match.save()
    record(
        action="services.match.update",
        actor=actor,
        obj=match,
        summary=_("Changed the resource match %(match)s") % {"match": match},
        changes=changes,
    )
    return match


@transaction.atomic
def follow_up_add(
    *,
    actor,
    match: ResourceMatch,
    happened_on: datetime.date,
    note: str,
    next_follow_up: datetime.date | None = None,
) -> MatchFollowUp:
    """Record a follow-up (date, note) and set the match's next follow-up date."""
    if not can_work_on_match(actor, match):
        raise PermissionDeniedError(_("You cannot work on this resource match."))
    match = ResourceMatch.objects.select_for_update().get(pk=match.pk)
    errors: dict[str, list] = {}
    today = timezone.localdate()
    if happened_on and happened_on > today:
        errors["happened_on"] = [_("The follow-up date cannot be in the future.")]
    if next_follow_up and next_follow_up < today:
        errors["next_follow_up"] = [_("The next follow-up must be today or later.")]
    if next_follow_up and match.status in (MatchStatus.SUCCEEDED, MatchStatus.FAILED):
        errors["next_follow_up"] = [_("A closed match needs no follow-up date.")]
    follow_up = MatchFollowUp(
        match=match, happened_on=happened_on, note=(note or "").strip(), created_by=actor
    )
    try:
        follow_up.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, list(messages))
    if errors:
        raise ValidationError(errors)
    follow_up.save()
    before = match.next_follow_up
    match.next_follow_up = next_follow_up
    match.save(update_fields=["next_follow_up", "updated_at"])
    record(
        action="services.match.follow_up",
        actor=actor,
        obj=match,
        summary=_("Followed up the resource match %(match)s") % {"match": match},
        reason=follow_up.note,
        data={"follow_up": follow_up.pk, "happened_on": happened_on.isoformat()},
        changes=field_changes({"next_follow_up": before}, {"next_follow_up": next_follow_up}),
    )
    return follow_up


MATCH_STEPS = ("introduce", "negotiate", "succeed", "fail", "reopen")


@transaction.atomic
def match_transition(
    *,
    actor,
    match: ResourceMatch,
    name: str,
    reason: str = "",
    amount: Decimal | None = None,
    next_follow_up: datetime.date | None = None,
) -> ResourceMatch:
    """Move a match: introduce, negotiate, succeed (the result is the reason; an amount the
    enterprise reports, not verified, may be given), fail (why), reopen (why)."""
    if not can_work_on_match(actor, match):
        raise PermissionDeniedError(_("You cannot work on this resource match."))
    if name not in MATCH_STEPS:
        raise DomainError(_("There is no step called “%(name)s”.") % {"name": name}, field="name")
    match = ResourceMatch.objects.select_for_update().get(pk=match.pk)
    reason = (reason or "").strip()
    MATCH_WORKFLOW.check(match, name, reason=reason)
    if amount is not None and name != "succeed":
        raise DomainError(_("An amount is recorded only with a success."), field="amount")
    if amount is not None and (not isinstance(amount, Decimal) or amount < 0):
        raise DomainError(_("The amount must be zero or more, in yuan."), field="amount")
    if amount is not None and amount >= Decimal("1e14"):
        raise DomainError(_("The amount is too large."), field="amount")
    target = MATCH_WORKFLOW.transition(name).target
    closing = target in (MatchStatus.SUCCEEDED, MatchStatus.FAILED)
    fields: dict[str, Any] = {
        "next_follow_up": None if closing else next_follow_up,
        "closed_on": timezone.localdate() if closing else None,
    }
    if name == "succeed":
        fields.update(result=reason, amount=amount)
    elif name == "fail":
        fields.update(result=reason, amount=None)
    elif name == "reopen":
        fields.update(result="", amount=None)
    MATCH_WORKFLOW.apply(
        match,
        name,
        actor=actor,
        summary=_("%(match)s: %(step)s")
        % {"match": match, "step": MATCH_WORKFLOW.transition(name).label},
        reason=reason,
        data={"amount": None if amount is None else str(amount)},
        fields=fields,
    )
    return match


# --- advisor tasks ------------------------------------------------------------------------


@transaction.atomic
def task_transition(*, actor, task: AdvisorTask, name: str, reason: str = "") -> AdvisorTask:
    """done, dismiss (with why) or reopen (with why) a task."""
    if not can_work_on_task(actor, task):
        raise PermissionDeniedError(_("You cannot work on this task."))
    if name not in ("done", "dismiss", "reopen"):
        raise DomainError(_("There is no step called “%(name)s”.") % {"name": name}, field="name")
    task = AdvisorTask.objects.select_for_update().get(pk=task.pk)
    reason = (reason or "").strip()
    TASK_WORKFLOW.apply(
        task,
        name,
        actor=actor,
        summary=_("%(task)s: %(step)s")
        % {"task": task.title, "step": TASK_WORKFLOW.transition(name).label},
        reason=reason,
        fields={"note": reason} if reason else {},
    )
    return task


@transaction.atomic
def task_assign(
    *, actor, task: AdvisorTask, advisor: Advisor | None, reason: str = ""
) -> AdvisorTask:
    """Give a task to an advisor of its zone (or take it back: None); the advisor is told."""
    if not can_assign_task(actor, task):
        raise PermissionDeniedError(_("Only the zone's officials and park operators assign tasks."))
    task = AdvisorTask.objects.select_for_update().get(pk=task.pk)
    if advisor is not None and advisor.zone_id != task.zone_id:
        raise DomainError(_("Choose an advisor of the task's zone."), field="advisor")
    if task.status != "open":
        raise DomainError(_("Only an open task can be assigned."), field="advisor")
    before = task.advisor
    if before == advisor:
        return task
    task.advisor = advisor
    task.save(update_fields=["advisor", "updated_at"])
    record(
        action="services.task.assign",
        actor=actor,
        obj=task,
        summary=_("Assigned the task %(task)s to %(advisor)s")
        % {"task": task.title, "advisor": advisor.expert.name if advisor else "—"},
        reason=(reason or "").strip(),
        changes={"advisor": [str(before or "—"), str(advisor or "—")]},
    )
    if advisor is not None:
        tell_advisor(task)
    return task


# --- signal rules -------------------------------------------------------------------------


def default_domain(kind: str) -> ServiceDomain | None:
    return ServiceDomain.objects.filter(code=DEFAULT_DOMAINS.get(kind, "")).first()


def effective_rule(zone, kind: str) -> SignalRule:
    """The zone's rule for ``kind``, or (unsaved) the default one: on, a task, the default
    domain and parameters."""
    rule = SignalRule.objects.filter(zone=zone, kind=kind).select_related("domain").first()
    if rule is None:
        rule = SignalRule(
            zone=zone,
            kind=kind,
            enabled=True,
            action=SignalAction.TASK,
            domain=default_domain(kind),
            params=dict(DEFAULT_PARAMS.get(kind, {})),
        )
    return rule


def rule_days(rule: SignalRule) -> int:
    value = (rule.params or {}).get(
        "days", DEFAULT_PARAMS[SignalKind.QUALIFICATION_EXPIRING]["days"]
    )
    return int(value)


def rule_max_gap(rule: SignalRule) -> Decimal:
    value = (rule.params or {}).get(
        "max_gap", DEFAULT_PARAMS[SignalKind.POLICY_NEAR_MISS]["max_gap"]
    )
    return Decimal(str(value))


def _clean_params(kind: str, params: Mapping[str, Any] | None) -> dict:
    params = dict(params or {})
    if kind == SignalKind.QUALIFICATION_EXPIRING:
        raw = params.get("days", DEFAULT_PARAMS[kind]["days"])
        try:
            days = int(str(raw))
        except (TypeError, ValueError):
            days = -1
        if isinstance(raw, bool) or not 1 <= days <= MAX_DAYS:
            raise ValidationError(
                {"days": [_("Days ahead: a whole number from 1 to %(max)s.") % {"max": MAX_DAYS}]}
            )
        return {"days": days}
    if kind == SignalKind.POLICY_NEAR_MISS:
        raw = params.get("max_gap", DEFAULT_PARAMS[kind]["max_gap"])
        try:
            gap = Decimal(str(raw))
        except (ArithmeticError, ValueError):
            gap = Decimal(-1)
        if isinstance(raw, bool) or not gap.is_finite() or gap <= 0 or gap > MAX_GAP:
            raise ValidationError(
                {"max_gap": [_("Largest gap: a number more than zero, in the criterion's unit.")]}
            )
        return {"max_gap": str(gap.normalize()) if gap == gap.to_integral() else str(gap)}
    return {}


@transaction.atomic
def signal_rule_set(
    *,
    actor,
    zone,
    kind: str,
    enabled: bool,
    action: str,
    domain: ServiceDomain | None,
    params: Mapping[str, Any] | None = None,
) -> SignalRule:
    """Set the zone's rule for one kind of signal (created on the first change)."""
    if not works_for_zone(actor, zone.pk):
        raise PermissionDeniedError(_("Only the zone's officials set its signal rules."))
    if kind not in SignalKind.values:
        raise DomainError(_("There is no signal called “%(name)s”.") % {"name": kind}, field="kind")
    if action not in SignalAction.values:
        raise ValidationError({"action": [_("Choose what the signal does.")]})
    if action == SignalAction.TASK and domain is None:
        raise ValidationError(
            {"domain": [_("Choose the domain of the advisor who gets the task.")]}
        )
    rule = SignalRule.objects.select_for_update().filter(zone=zone, kind=kind).first()
    created = rule is None
    current = effective_rule(zone, kind)
    clean_params = _clean_params(kind, current.params if params is None else params)
    before = {
        "enabled": current.enabled,
        "action": current.action,
        "domain": str(current.domain or ""),
        "params": dict(current.params or {}),
    }
    rule = rule or SignalRule(zone=zone, kind=kind)
    rule.enabled, rule.action, rule.domain, rule.params = enabled, action, domain, clean_params
    rule.updated_by = actor
    rule.full_clean()
    after = {
        "enabled": rule.enabled,
        "action": rule.action,
        "domain": str(rule.domain or ""),
        "params": dict(rule.params),
    }
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if not changes and not created:
        return rule
    rule.save()
    record(
        action="services.signal_rule.update",
        actor=actor,
        obj=rule,
        summary=_("Set the signal rule “%(kind)s”") % {"kind": rule.get_kind_display()},
        data={"kind": kind},
        changes=changes,
    )
    return rule


@transaction.atomic
def export_recorded(*, actor, what: str, rows: int) -> None:
    """Audit an Excel export of matches or tasks."""
    record(
        action="services.signals.export",
        actor=actor,
        summary=_("Exported the %(what)s") % {"what": what},
        data={"what": what, "rows": rows},
    )
