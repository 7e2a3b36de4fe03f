"""Pages of resource matching (资源对接), advisor tasks and signal rules.

Thin: selectors read, services write and check; a refusal goes back onto the form. A role that
does not see the page gets 403; an object out of scope 404; a reader who does not work on the
object (the provincial reviewer, the enterprise) reads but moves nothing (403)."""

from __future__ import annotations

import io

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.accounts.choices import OrganisationKind
from gaoxin.accounts.models import Organisation
from gaoxin.core.excel import XLSX
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.scoping import visible_enterprises

from . import excel_signals, selectors_signals, services_signals, signals
from .choices import SignalKind
from .forms_signals import (
    FollowUpForm,
    MatchFilterForm,
    MatchForm,
    MatchStepForm,
    SignalRuleForm,
    TaskAssignForm,
    TaskFilterForm,
    TaskStepForm,
)
from .views_common import needs as _needs
from .views_common import submit
from .workflows import MATCH_WORKFLOW, TASK_WORKFLOW

PER_PAGE = 25
COUNTERPART_ORGANISATIONS = (
    OrganisationKind.UNIVERSITY_INSTITUTE,
    OrganisationKind.ADVISOR_INSTITUTION,
    OrganisationKind.INDUSTRY_ASSOCIATION,
)


# --- resource matching --------------------------------------------------------------------


@_needs("services.view_matches")
def match_list(request):
    user = request.user
    page = Paginator(selectors_signals.match_list(user, request.GET), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "filters": MatchFilterForm(request.GET or None),
        "can_create": rules.has_perm("services.create_match", user),
        "overdue": selectors_signals.overdue_matches(selectors_signals.match_list(user)).count(),
    }
    return render(request, "services/signals/match_list.html", context)


@_needs("services.view_matches")
def match_list_export(request):
    matches = list(selectors_signals.match_list(request.user, request.GET))
    services_signals.export_recorded(
        actor=request.user, what=_("resource matches"), rows=len(matches)
    )
    out = io.BytesIO()
    excel_signals.write_matches(matches, out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "resource-matches.xlsx")
    return response


def _match_form(request, instance=None) -> MatchForm:
    user = request.user
    zone = user.zone
    if user.role == "advisor":
        zone_ids = list(
            selectors_signals.advisors_for_match(user).values_list("zone_id", flat=True)
        )
        enterprises = Enterprise.objects.filter(zone_id__in=zone_ids)
    else:
        enterprises = visible_enterprises(user)
        zone_ids = [zone.pk] if zone else []
    return MatchForm(
        request.POST or None,
        instance=instance,
        enterprises=enterprises.order_by("name"),
        advisors=selectors_signals.advisors_for_match(user),
        counterparts=Enterprise.objects.filter(zone_id__in=zone_ids).order_by("name"),
        organisations=Organisation.objects.filter(kind__in=COUNTERPART_ORGANISATIONS).order_by(
            "name"
        ),
    )


@_needs("services.create_match")
def match_create(request):
    form = _match_form(request)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        match = submit(form, lambda: services_signals.match_create(actor=request.user, data=data))
        if match is not None:
            messages.success(request, _("The resource match is recorded."))
            return redirect("services:match_detail", match.pk)
    return render(
        request,
        "services/signals/form.html",
        {"form": form, "title": _("New resource match"), "submit": _("Record the match")},
    )


@_needs("services.view_matches")
def match_update(request, pk: int):
    match = selectors_signals.match_get(request.user, pk)
    if not services_signals.can_work_on_match(request.user, match):
        raise PermissionDenied
    form = _match_form(request, instance=selectors_signals.match_get(request.user, pk))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "enterprise"}
        done = submit(
            form,
            lambda: services_signals.match_update(actor=request.user, match=match, data=data),
        )
        if done is not None:
            messages.success(request, _("The resource match is saved."))
            return redirect("services:match_detail", match.pk)
    return render(
        request,
        "services/signals/form.html",
        {"form": form, "match": match, "title": _("Edit the resource match"), "submit": _("Save")},
    )


@_needs("services.view_matches")
def match_detail(request, pk: int):
    match = selectors_signals.match_get(request.user, pk)
    can_work = services_signals.can_work_on_match(request.user, match)
    context = {
        "match": match,
        "follow_ups": match.follow_ups.select_related("created_by"),
        "history": selectors_signals.match_history(match),
        "steps": MATCH_WORKFLOW.allowed_from(match.status) if can_work else [],
        "can_work": can_work,
        "follow_up_form": FollowUpForm(initial={"happened_on": timezone.localdate()})
        if can_work
        else None,
    }
    return render(request, "services/signals/match_detail.html", context)


@_needs("services.view_matches")
def match_follow_up(request, pk: int):
    match = selectors_signals.match_get(request.user, pk)
    if not services_signals.can_work_on_match(request.user, match):
        raise PermissionDenied
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            form,
            lambda: services_signals.follow_up_add(
                actor=request.user,
                match=match,
                happened_on=data["happened_on"],
                note=data["note"],
                next_follow_up=data["next_follow_up"],
            ),
        )
        if done is not None:
            messages.success(request, _("The follow-up is recorded."))
            return redirect("services:match_detail", match.pk)
    return render(
        request,
        "services/signals/form.html",
        {"form": form, "match": match, "title": _("Record a follow-up"), "submit": _("Record")},
    )


@_needs("services.view_matches")
def match_step(request, pk: int, name: str):
    match = selectors_signals.match_get(request.user, pk)
    if not services_signals.can_work_on_match(request.user, match):
        raise PermissionDenied
    if name not in services_signals.MATCH_STEPS:
        raise Http404
    transition = MATCH_WORKFLOW.transition(name)
    form = MatchStepForm(request.POST or None, name=name, needs_reason=transition.needs_reason)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            form,
            lambda: services_signals.match_transition(
                actor=request.user,
                match=match,
                name=name,
                reason=data["reason"],
                amount=data.get("amount"),
                next_follow_up=data.get("next_follow_up"),
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("Done: %(step)s. The match is now “%(state)s”.")
                % {
                    "step": transition.label,
                    "state": MATCH_WORKFLOW.state_label(transition.target),
                },
            )
            return redirect("services:match_detail", match.pk)
    context = {
        "form": form,
        "match": match,
        "title": transition.label,
        "submit": transition.label,
        "allowed": MATCH_WORKFLOW.can(match.status, name),
        "danger": name == "fail",
    }
    return render(request, "services/signals/form.html", context)


# --- advisor tasks ------------------------------------------------------------------------


@_needs("services.view_tasks")
def task_list(request):
    user = request.user
    page = Paginator(selectors_signals.task_list(user, request.GET), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "filters": TaskFilterForm(request.GET or None),
        "unassigned": selectors_signals.task_list(user, {"unassigned": "on"}).count()
        if user.role != "advisor"
        else 0,
    }
    return render(request, "services/signals/task_list.html", context)


@_needs("services.view_tasks")
def task_detail(request, pk: int):
    task = selectors_signals.task_get(request.user, pk)
    can_work = services_signals.can_work_on_task(request.user, task)
    can_assign = services_signals.can_assign_task(request.user, task) and task.status == "open"
    context = {
        "task": task,
        "history": selectors_signals.task_history(task),
        "steps": TASK_WORKFLOW.allowed_from(task.status) if can_work else [],
        "assign_form": TaskAssignForm(
            initial={"advisor": task.advisor},
            advisors=selectors_signals.zone_advisors(task.zone_id),
        )
        if can_assign
        else None,
    }
    return render(request, "services/signals/task_detail.html", context)


@_needs("services.view_tasks")
def task_step(request, pk: int, name: str):
    task = selectors_signals.task_get(request.user, pk)
    if not services_signals.can_work_on_task(request.user, task):
        raise PermissionDenied
    if name not in ("done", "dismiss", "reopen"):
        raise Http404
    transition = TASK_WORKFLOW.transition(name)
    form = TaskStepForm(request.POST or None, needs_reason=transition.needs_reason)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        done = submit(
            form,
            lambda: services_signals.task_transition(
                actor=request.user, task=task, name=name, reason=reason
            ),
        )
        if done is not None:
            messages.success(request, _("Done: %(step)s.") % {"step": transition.label})
            return redirect("services:task_detail", task.pk)
    context = {
        "form": form,
        "task": task,
        "title": transition.label,
        "submit": transition.label,
        "allowed": TASK_WORKFLOW.can(task.status, name),
        "danger": name == "dismiss",
    }
    return render(request, "services/signals/form.html", context)


@require_POST
@_needs("services.view_tasks")
def task_assign(request, pk: int):
    task = selectors_signals.task_get(request.user, pk)
    if not services_signals.can_assign_task(request.user, task):
        raise PermissionDenied
    form = TaskAssignForm(request.POST, advisors=selectors_signals.zone_advisors(task.zone_id))
    if form.is_valid():
        data = form.cleaned_data
        done = submit(
            form,
            lambda: services_signals.task_assign(
                actor=request.user, task=task, advisor=data["advisor"], reason=data["reason"]
            ),
        )
        if done is not None:
            messages.success(request, _("The task is assigned."))
            return redirect("services:task_detail", task.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("services:task_detail", task.pk)


# --- signal rules -------------------------------------------------------------------------


@_needs("services.manage_signal_rules")
def signal_rules(request):
    zone = request.user.zone
    if zone is None:
        raise PermissionDenied
    context = {
        "rules": selectors_signals.signal_rules(zone),
        "last_scan": request.session.pop("signal_scan", None),
    }
    return render(request, "services/signals/signal_rules.html", context)


@_needs("services.manage_signal_rules")
def signal_rule_edit(request, kind: str):
    zone = request.user.zone
    if zone is None:
        raise PermissionDenied
    if kind not in SignalKind.values:
        raise Http404
    rule = services_signals.effective_rule(zone, kind)
    initial = {
        "enabled": rule.enabled,
        "action": rule.action,
        "domain": rule.domain,
        **(rule.params or {}),
    }
    form = SignalRuleForm(request.POST or None, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            form,
            lambda: services_signals.signal_rule_set(
                actor=request.user,
                zone=zone,
                kind=kind,
                enabled=data["enabled"],
                action=data["action"],
                domain=data["domain"],
                params=form.params(),
            ),
        )
        if done is not None:
            messages.success(request, _("The signal rule is saved."))
            return redirect("services:signal_rules")
    title = _("Signal rule: %(kind)s") % {"kind": rule.get_kind_display()}
    return render(
        request,
        "services/signals/form.html",
        {"form": form, "title": title, "submit": _("Save"), "back": "services:signal_rules"},
    )


@require_POST
@_needs("services.manage_signal_rules")
def signal_scan(request):
    zone = request.user.zone
    if zone is None:
        raise PermissionDenied
    counts = signals.signal_scan(actor=request.user, zone=zone)
    labels = dict(SignalKind.choices)
    request.session["signal_scan"] = [
        {"kind": kind, "label": str(labels[kind]), "count": count} for kind, count in counts.items()
    ]
    messages.success(
        request,
        _("Scan done: %(count)s new tasks or notifications.") % {"count": sum(counts.values())},
    )
    return redirect("services:signal_rules")
