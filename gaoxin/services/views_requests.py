"""Pages of the service requests (/services/requests/): the list with filters and Excel export,
filing a request, a request with its routing reason, timeline and steps, one page per step
(the confirmation before it is taken), and the zone's service settings.

Thin: selectors read, services write and check. A role that reads no requests gets 403, a
request out of scope 404, a step the user's role does not take 403.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.accounts.choices import Role
from gaoxin.core.excel import XLSX
from gaoxin.enterprises.scoping import visible_enterprises

from . import excel_requests, routing, rules
from . import selectors_requests as selectors
from . import services_requests as services
from .forms_requests import (
    CompleteForm,
    EmptyForm,
    RateForm,
    ReasonForm,
    ReassignForm,
    RequestFilterForm,
    RequestForm,
    ScheduleForm,
    SettingsForm,
)
from .scoping import enterprise_of
from .views_common import submit as _submit
from .workflows import REQUEST_WORKFLOW as WF

PER_PAGE = 25
STAFF_ROLES = (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER)
# The steps, in the order the buttons are shown; who takes them is checked by the services.
ADVISOR_STEPS = ("accept", "decline", "schedule", "complete")
MEMBER_STEPS = ("rate", "cancel")
STAFF_STEPS = ("route", "reassign", "cancel")
DANGER = {"decline", "cancel"}
STEP_LABELS = {
    "accept": gettext_lazy("Accept the request"),
    "decline": gettext_lazy("Decline the request"),
    "schedule": gettext_lazy("Schedule the meeting"),
    "complete": gettext_lazy("Record the outcome"),
    "rate": gettext_lazy("Rate the service"),
    "cancel": gettext_lazy("Cancel the request"),
    "reassign": gettext_lazy("Reassign"),
    "route": gettext_lazy("Try routing again"),
}


def _readers(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not rules.can_view_requests(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _steps_of(user, req) -> list[str]:
    """The steps the user's relation to the request lets them take (any state)."""
    steps: list[str] = []
    if services.is_advisor_of(user, req):
        steps += ADVISOR_STEPS
    if services.is_member_of(user, req):
        steps += MEMBER_STEPS
    if services.is_staff_of(user, req):
        steps += [s for s in STAFF_STEPS if s not in steps]
    return steps


@_readers
def request_list(request):
    user = request.user
    staff = user.role in STAFF_ROLES
    filters = RequestFilterForm(
        request.GET or None, advisors=selectors.advisor_choices(user) if staff else None
    )
    requests = selectors.request_list(user, request.GET)
    page = Paginator(requests, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "filters": filters,
        "can_create": rules.can_file_request(user),
        "overdue": selectors.overdue(selectors.request_list(user)).count(),
        "today": timezone.localdate(),
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
    }
    return render(request, "services/requests/request_list.html", context)


@_readers
def request_list_export(request):
    rows = list(selectors.request_list(request.user, request.GET))
    services.export_recorded(actor=request.user, rows=len(rows))
    out = io.BytesIO()
    excel_requests.write_requests(rows, out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "service-requests.xlsx")
    return response


@_readers
def request_create(request):
    user = request.user
    if not rules.can_file_request(user):
        raise PermissionDenied
    own = enterprise_of(user)
    if user.role == Role.ENTERPRISE_USER and own is None:
        raise PermissionDenied
    enterprises = None if own else visible_enterprises(user).order_by("name")
    form = RequestForm(
        request.POST or None, enterprises=enterprises, groups=selectors.domains_grouped()
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        enterprise = data.pop("enterprise", None) or own
        req = _submit(
            form,
            lambda: services.request_create(actor=user, enterprise=enterprise, data=data),
        )
        if req is not None:
            if req.advisor_id:
                messages.success(
                    request,
                    _("Request %(number)s is filed and routed to %(advisor)s.")
                    % {"number": req.number, "advisor": req.advisor},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "Request %(number)s is filed; no advisor can take it now, the zone's "
                        "officials are told."
                    )
                    % {"number": req.number},
                )
            return redirect("services:request_detail", req.pk)
    return render(request, "services/requests/request_form.html", {"form": form})


def _timeline(req, assignments) -> list[dict]:
    first = assignments[0].assigned_at if assignments else None
    steps = [
        ("new", _("Filed"), req.created_at),
        ("assigned", _("Assigned to an advisor"), first),
        ("accepted", _("Accepted"), req.responded_at),
        ("scheduled", _("Meeting scheduled"), req.scheduled_for),
        ("completed", _("Completed"), req.completed_at),
        ("rated", _("Rated"), req.rated_at),
    ]
    out = [{"status": s, "label": label, "at": at} for s, label, at in steps]
    if req.status == "cancelled":
        out.append({"status": "cancelled", "label": _("Cancelled"), "at": req.updated_at})
    return out


def _candidates(req, assignments) -> list[dict]:
    """The candidates the last routing weighed; for a request nobody has, as of now."""
    if req.status != "new" and assignments:
        return assignments[-1].candidates
    return [
        c.as_json()
        for c in routing.candidates(
            zone_id=req.zone_id,
            domain=req.domain,
            enterprise=req.enterprise,
            exclude=services.declined_by(req),
        )
    ]


@_readers
def request_detail(request, pk: int):
    user = request.user
    req = selectors.request_get(user, pk)
    assignments = selectors.assignments(req)
    steps = [s for s in _steps_of(user, req) if WF.can(req.status, s)]
    internal = user.role in STAFF_ROLES
    context = {
        "req": req,
        "timeline": _timeline(req, assignments),
        "assignments": assignments if internal else [],
        "candidates": _candidates(req, assignments) if internal else [],
        "internal": internal,
        "history": selectors.history(req),
        "steps": [{"name": s, "label": STEP_LABELS[s], "danger": s in DANGER} for s in steps],
        "overdue": selectors.is_overdue(req),
    }
    return render(request, "services/requests/request_detail.html", context)


def _step_form(request, req, name):
    data = request.POST if request.method == "POST" else None
    if name in ("decline", "cancel"):
        return ReasonForm(data)
    if name == "schedule":
        return ScheduleForm(
            data, initial={"scheduled_for": req.scheduled_for, "location": req.location}
        )
    if name == "complete":
        return CompleteForm(data)
    if name == "rate":
        return RateForm(data)
    if name == "reassign":
        return ReassignForm(data, options=selectors.advisor_options(request.user, req))
    return EmptyForm(data)


def _take(user, req, name, data):
    common = {"actor": user, "request": req}
    if name == "accept":
        return services.request_accept(**common)
    if name == "decline":
        return services.request_decline(**common, reason=data["reason"])
    if name == "schedule":
        return services.request_schedule(
            **common, when=data["scheduled_for"], location=data["location"]
        )
    if name == "complete":
        return services.request_complete(**common, outcome=data["outcome"])
    if name == "rate":
        return services.request_rate(**common, stars=data["stars"], comment=data["comment"])
    if name == "cancel":
        return services.request_cancel(**common, reason=data["reason"])
    if name == "reassign":
        return services.request_reassign(**common, advisor=data["advisor"], reason=data["reason"])
    return services.request_route(**common)


@_readers
def request_step(request, pk: int, name: str):
    """One step of a request: the form (and confirmation), then the service."""
    user = request.user
    if name not in STEP_LABELS:
        raise Http404
    req = selectors.request_get(user, pk)
    if name not in _steps_of(user, req):
        raise PermissionDenied
    form = _step_form(request, req, name)
    if request.method == "POST" and form.is_valid():
        done = _submit(form, lambda: _take(user, req, name, form.cleaned_data))
        if done is not None:
            if name == "route" and done.status == "new":
                messages.warning(
                    request,
                    _("Still no advisor can take it: %(why)s") % {"why": done.routing_reason},
                )
            else:
                messages.success(
                    request,
                    _("Done: %(step)s. The request is now “%(state)s”.")
                    % {"step": STEP_LABELS[name], "state": done.get_status_display()},
                )
            return redirect("services:request_detail", req.pk)
    context = {
        "req": req,
        "form": form,
        "name": name,
        "label": STEP_LABELS[name],
        "allowed": WF.can(req.status, name),
        "danger": name in DANGER,
        "options": selectors.advisor_options(user, req) if name == "reassign" else [],
    }
    return render(request, "services/requests/request_step.html", context)


@login_required
def settings_page(request):
    user = request.user
    if not rules.can_change_settings(user) or user.zone is None:
        raise PermissionDenied
    row = services.settings_for(user.zone)
    form = SettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in form.Meta.fields}
        done = _submit(
            form, lambda: services.settings_update(actor=user, zone=user.zone, data=data)
        )
        if done is not None:
            messages.success(request, _("The service settings are saved."))
            return redirect("services:settings")
    return render(request, "services/requests/settings.html", {"form": form, "zone": user.zone})
