"""Signals that create advisor work (issue 14 item 6): events in an enterprise's file become an
advisor task (routed to an advisor of the rule's domain) or, when the zone's rule says so, a
notification to the enterprise's users.

The detectors, each for one zone "as of" a day:

- STAGE_PILOT: an enterprise whose stage became 中试 (pilot): the registry's history rows since
  ``PILOT_LOOKBACK_DAYS`` before the day (the scan), and at the moment of the change (a receiver
  on the history row, receivers.py); and an institute project passing the to_pilot gate, for
  the lead member's enterprise (receivers.py, core ``transitioned``).
- QUALIFICATION_EXPIRING: a registry qualification whose ``valid_to`` is within the rule's
  ``days`` (default 90) from the day.
- POLICY_NEAR_MISS: the calculator's "nearly met" on a published policy of the zone whose every
  failing clause is short by at most the rule's ``max_gap`` in the clause's own unit (a ratio
  in percentage points: "差 0.9 个百分点" is a gap of 0.9; money in yuan). Decision facts (verified
  only), the same explanation the calculator shows.
- FIRSTSET_AT_RISK: only with the first-set app installed, the at-risk rows of
  ``gaoxin.firstset.supervision`` (once per qualification and calendar month).

Never twice: each signal has a ``dedupe_key`` (unique on AdvisorTask). The rule's action
"notify" still writes the task row, with no advisor, and moves it to done at once, audited as
"notified the enterprise": the row is the proof the enterprise was told and the key that stops
a second notification.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.accounts.models import Organisation, User
from gaoxin.audit.services import record
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises.models import Enterprise, Qualification

from . import routing
from .choices import SignalAction, SignalKind
from .inbox_signals import notify_users as _notify
from .inbox_signals import tell_advisor
from .models import AdvisorTask, SignalRule
from .scoping import works_for_zone
from .services_signals import effective_rule, rule_days, rule_max_gap
from .workflows import TASK_WORKFLOW

PILOT_LOOKBACK_DAYS = 30
TASK_DUE_DAYS = 14


@dataclass
class Found:
    """One signal found by a detector."""

    kind: str
    enterprise: Enterprise
    dedupe_key: str
    title: str
    detail: str
    link: str
    due_on: datetime.date | None = None


def zones():
    return Organisation.objects.filter(
        kind=OrganisationKind.ZONE_COMMITTEE, parent__isnull=True
    ).order_by("pk")


def _enterprise_link(enterprise: Enterprise) -> str:
    return reverse("enterprises:detail", args=[enterprise.pk])


# --- detectors ----------------------------------------------------------------------------


def stage_pilot_found(enterprise: Enterprise, history_id: int, on: datetime.date) -> Found:
    return Found(
        kind=SignalKind.STAGE_PILOT,
        enterprise=enterprise,
        dedupe_key=f"stage_pilot:{enterprise.pk}:{history_id}",
        title=_("%(name)s moved to pilot (中试)") % {"name": enterprise.name},
        detail=_(
            "The enterprise's stage changed from R&D to pilot on %(day)s. Offer help with "
            "pilot production, transfer and the financing of the next stage."
        )
        % {"day": on.isoformat()},
        link=_enterprise_link(enterprise),
    )


def detect_stage_pilot(zone, day: datetime.date) -> list[Found]:
    """History rows of the zone's enterprises where the stage became pilot, since
    PILOT_LOOKBACK_DAYS before ``day`` (up to the end of ``day``)."""
    History = Enterprise.history.model
    since = day - datetime.timedelta(days=PILOT_LOOKBACK_DAYS)
    rows = (
        History.objects.filter(
            zone_id=zone.pk,
            stage="pilot",
            history_date__date__gte=since,
            history_date__date__lte=day,
        )
        .order_by("history_date", "history_id")
        .only("id", "history_id", "history_date", "stage")
    )
    found = []
    for row in rows:
        previous = (
            History.objects.filter(id=row.id, history_date__lt=row.history_date)
            .order_by("-history_date", "-history_id")
            .only("stage")
            .first()
        )
        if previous is not None and previous.stage == "pilot":
            continue
        if previous is None:
            continue  # registered directly at pilot: not a change of stage
        enterprise = Enterprise.objects.filter(pk=row.id, zone_id=zone.pk).first()
        if enterprise is not None:
            on = timezone.localtime(row.history_date).date()
            found.append(stage_pilot_found(enterprise, row.history_id, on))
    return found


def detect_qualification_expiring(zone, day: datetime.date, days: int) -> list[Found]:
    until = day + datetime.timedelta(days=days)
    rows = (
        Qualification.objects.filter(
            enterprise__zone_id=zone.pk, valid_to__gte=day, valid_to__lte=until
        )
        .select_related("enterprise")
        .order_by("valid_to", "pk")
    )
    return [
        Found(
            kind=SignalKind.QUALIFICATION_EXPIRING,
            enterprise=q.enterprise,
            dedupe_key=f"qual_expiring:{q.pk}:{q.valid_to.isoformat()}",
            title=_("%(name)s: %(kind)s expires on %(day)s")
            % {"name": q.enterprise.name, "kind": q.get_kind_display(), "day": q.valid_to},
            detail=_(
                "The qualification %(kind)s (certificate %(number)s) is valid until %(day)s, "
                "%(left)s days from %(today)s. Help the enterprise prepare the renewal."
            )
            % {
                "kind": q.get_kind_display(),
                "number": q.certificate_no or "—",
                "day": q.valid_to.isoformat(),
                "left": (q.valid_to - day).days,
                "today": day.isoformat(),
            },
            link=_enterprise_link(q.enterprise),
            due_on=q.valid_to,
        )
        for q in rows
    ]


def detect_near_miss(zone, day: datetime.date, max_gap) -> list[Found]:
    """The calculator's explanation for each enterprise of the zone on each published policy
    in force: nearly met, every failing clause short by a known gap ≤ ``max_gap``."""
    from gaoxin.policies.calculator import compiled_criteria
    from gaoxin.policies.matching.facts import facts_frame
    from gaoxin.policies.selectors import policies_in_force
    from rulebook.criteria import explain

    pairs = policies_in_force(day, zone_id=zone.pk)
    if not pairs:
        return []
    enterprises = Enterprise.objects.filter(zone_id=zone.pk)
    ids, frame = facts_frame(enterprises, day)
    if not ids:
        return []
    firms = Enterprise.objects.in_bulk(ids)
    compiled = [(policy, version, compiled_criteria(version.criteria)) for policy, version in pairs]
    found = []
    for row, pk in enumerate(ids):
        facts = frame.record(row)
        for policy, version, criteria in compiled:
            explanation = explain(criteria, facts)
            if explanation.status != "nearly_met" or not explanation.failing:
                continue
            gaps = [c.gap for c in explanation.failing]
            if any(g is None or g > max_gap for g in gaps):
                continue
            enterprise = firms.get(pk)
            if enterprise is None:
                continue
            words = "; ".join(
                f"{c.text_zh or c.label}" + (f" ({c.article})" if c.article else "")
                for c in explanation.failing
            )
            found.append(
                Found(
                    kind=SignalKind.POLICY_NEAR_MISS,
                    enterprise=enterprise,
                    dedupe_key=f"near_miss:{enterprise.pk}:{version.pk}",
                    title=_("%(name)s nearly meets %(policy)s")
                    % {"name": enterprise.name, "policy": policy.title},
                    detail=_("The policy calculator says nearly met: %(gaps)s.") % {"gaps": words},
                    link=reverse("policies:public_detail", args=[policy.pk]),
                )
            )
    return found


def detect_firstset_at_risk(zone, day: datetime.date) -> list[Found]:
    if not apps.is_installed("gaoxin.firstset"):
        return []
    from gaoxin.core.money import format_yuan
    from gaoxin.firstset.choices import QualificationStatus
    from gaoxin.firstset.models import Qualification as FirstSetQualification
    from gaoxin.firstset.supervision import rows_of

    candidates = FirstSetQualification.objects.filter(
        enterprise__zone_id=zone.pk,
        status=QualificationStatus.QUALIFIED,
        valid_from__lte=day,
        valid_to__gte=day,
    ).select_related("enterprise")
    found = []
    for row in rows_of(candidates, day):
        if not row.at_risk:
            continue
        q = row.qualification
        found.append(
            Found(
                kind=SignalKind.FIRSTSET_AT_RISK,
                enterprise=q.enterprise,
                dedupe_key=f"fs_at_risk:{q.pk}:{day:%Y-%m}",
                title=_("%(name)s: first-set money at risk of going unused (%(number)s)")
                % {"name": q.enterprise.name, "number": q.number},
                detail=_(
                    "%(used)s%% of the cap allocated with %(left)s days of the window left; "
                    "%(amount)s yuan may go unused by %(until)s."
                )
                % {
                    "used": row.used_percent if row.used_percent is not None else "—",
                    "left": row.days_left,
                    "amount": format_yuan(row.remaining),
                    "until": q.valid_to.isoformat(),
                },
                link=reverse("firstset:supervision_detail", kwargs={"pk": q.pk}),
                due_on=q.valid_to,
            )
        )
    return found


def detect(zone, rule: SignalRule, day: datetime.date) -> list[Found]:
    if rule.kind == SignalKind.STAGE_PILOT:
        return detect_stage_pilot(zone, day)
    if rule.kind == SignalKind.QUALIFICATION_EXPIRING:
        return detect_qualification_expiring(zone, day, rule_days(rule))
    if rule.kind == SignalKind.POLICY_NEAR_MISS:
        return detect_near_miss(zone, day, rule_max_gap(rule))
    if rule.kind == SignalKind.FIRSTSET_AT_RISK:
        return detect_firstset_at_risk(zone, day)
    return []


# --- raising a signal ---------------------------------------------------------------------


def _enterprise_users(enterprise: Enterprise) -> list[User]:
    if not enterprise.organisation_id:
        return []
    return list(
        User.objects.filter(
            role=Role.ENTERPRISE_USER, is_active=True, organisation_id=enterprise.organisation_id
        ).order_by("pk")
    )


def raise_signal(zone, rule: SignalRule, found: Found, day: datetime.date) -> AdvisorTask | None:
    """Create the task of one signal (or the notification, rule "notify"); None when the signal
    was raised before (its dedupe_key exists)."""
    if AdvisorTask.objects.filter(dedupe_key=found.dedupe_key).exists():
        return None
    notify = rule.action == SignalAction.NOTIFY
    advisor, reason = None, ""
    if not notify and rule.domain_id:
        choice = routing.choose(
            zone_id=zone.pk, domain=rule.domain, enterprise=found.enterprise, on=day
        )
        advisor, reason = choice.advisor, choice.reason
    elif not notify:
        reason = _("The rule names no domain: the zone's officials assign the task.")
    try:
        with transaction.atomic():
            task = AdvisorTask.objects.create(
                zone_id=zone.pk,
                kind=found.kind,
                enterprise=found.enterprise,
                advisor=advisor,
                title=found.title[:200],
                detail=found.detail,
                link=found.link[:300],
                dedupe_key=found.dedupe_key[:120],
                due_on=found.due_on or day + datetime.timedelta(days=TASK_DUE_DAYS),
            )
            record(
                action="services.task.create",
                actor=None,
                obj=task,
                summary=_("Signal “%(kind)s”: %(title)s")
                % {"kind": task.get_kind_display(), "title": task.title},
                reason=str(reason),
                data={
                    "dedupe_key": task.dedupe_key,
                    "kind": task.kind,
                    "enterprise": found.enterprise.pk,
                    "advisor": advisor.pk if advisor else None,
                    "action": rule.action,
                    "day": day.isoformat(),
                },
            )
            if notify:
                sent = _notify(
                    _enterprise_users(found.enterprise), found.title, found.detail, found.link
                )
                TASK_WORKFLOW.apply(
                    task,
                    "done",
                    actor=None,
                    summary=_("Notified the enterprise's users (%(count)s): %(title)s")
                    % {"count": sent, "title": task.title},
                    data={"notified": sent},
                )
            else:
                tell_advisor(task)
    except IntegrityError:
        return None  # another run raised it meanwhile
    return task


def scan_zone(zone, day: datetime.date) -> dict[str, int]:
    """Run every enabled detector of the zone; {kind: tasks created}. The titles and details
    are stored: they are written in the platform's language (Chinese), whoever asked."""
    with translation.override(settings.LANGUAGE_CODE):
        return _scan_zone(zone, day)


def _scan_zone(zone, day: datetime.date) -> dict[str, int]:
    created: Counter = Counter()
    for kind in SignalKind.values:
        rule = effective_rule(zone, kind)
        created[kind] += 0
        if not rule.enabled:
            continue
        for found in detect(zone, rule, day):
            if raise_signal(zone, rule, found, day) is not None:
                created[kind] += 1
    return dict(created)


def signal_scan(*, actor, zone=None, day: datetime.date | None = None) -> dict[str, int]:
    """Scan ``zone`` (an official's own) or, for the scheduled job (actor None), every zone,
    as of ``day`` (today). Audited once per zone with the counts per kind."""
    day = day or timezone.localdate()
    if actor is not None:
        if zone is None or not works_for_zone(actor, zone.pk):
            raise PermissionDeniedError(_("Only the zone's officials scan for signals."))
        targets = [zone]
    else:
        targets = [zone] if zone is not None else list(zones())
    totals: Counter = Counter()
    for target in targets:
        counts = scan_zone(target, day)
        totals.update(counts)
        with transaction.atomic():
            record(
                action="services.signals.scan",
                actor=actor,
                obj=target,
                summary=_("Scanned for signals as of %(day)s: %(count)s new tasks")
                % {"day": day.isoformat(), "count": sum(counts.values())},
                data={"day": day.isoformat(), "created": counts},
            )
    return {kind: totals.get(kind, 0) for kind in SignalKind.values}


def pilot_changed(enterprise: Enterprise, history_id: int, on: datetime.date) -> None:
    """The moment an enterprise's stage became pilot (receivers.py): raise the signal now."""
    if enterprise.zone_id is None:
        return
    rule = effective_rule(enterprise.zone, SignalKind.STAGE_PILOT)
    if rule.enabled:
        with translation.override(settings.LANGUAGE_CODE):
            found = stage_pilot_found(enterprise, history_id, on)
            raise_signal(enterprise.zone, rule, found, on)


def project_to_pilot(project) -> AdvisorTask | None:
    """An institute project passed the to_pilot gate: a task for the lead member's enterprise."""
    member = project.lead_member
    enterprise = getattr(member, "enterprise", None) if member else None
    if enterprise is None or enterprise.zone_id is None:
        return None
    rule = effective_rule(enterprise.zone, SignalKind.STAGE_PILOT)
    if not rule.enabled:
        return None
    day = timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        return _project_found_raised(project, enterprise, rule, day)


def _project_found_raised(project, enterprise, rule, day) -> AdvisorTask | None:
    found = Found(
        kind=SignalKind.STAGE_PILOT,
        enterprise=enterprise,
        dedupe_key=f"project_pilot:{project.pk}",
        title=_("Project %(title)s passed the gate to pilot") % {"title": project.title},
        detail=_(
            "The institute project %(title)s led by %(name)s moved from R&D to pilot on "
            "%(day)s. Offer help with pilot production and transfer."
        )
        % {"title": project.title, "name": enterprise.name, "day": day.isoformat()},
        link=_project_link(project),
    )
    return raise_signal(enterprise.zone, rule, found, day)


def _project_link(project) -> str:
    try:
        return reverse("innovation:project_detail", args=[project.pk])
    except NoReverseMatch:  # the projects part may not have its page yet
        return _enterprise_link(project.lead_member.enterprise)
