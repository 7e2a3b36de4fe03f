"""Pages of the research institutes: the list (with its Excel export), the institute page
(members by role, fields, kinds of work, projects by stage, outputs over time, each member's
contribution; its own Excel export) and the forms for the institute, its members and its gate
criteria.

Thin: selectors read, services write and check. A role that reads no institutes gets 403; an
institute out of scope 404; a reader who does not manage it 403 on the forms.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gaoxin.accounts.models import Organisation
from gaoxin.core.excel import XLSX
from gaoxin.core.forms import run_on_form
from gaoxin.dashboard.figures import figure_view
from gaoxin.enterprises.scoping import visible_enterprises
from gaoxin.parks.scoping import visible_parks

from . import excel_institutes as excel
from . import selectors_institutes as selectors
from . import services_institutes as services
from .forms_institutes import CriterionForm, InstituteForm, MemberForm, RemoveForm

PER_PAGE = 25


def _readers(view: Callable) -> Callable:
    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("innovation.view_institutes"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _can_manage(user, institute=None) -> bool:
    return user.has_perm("innovation.manage_institute", institute)


def _managed(request, pk: int):
    institute = selectors.institute_get(request.user, pk)
    if not _can_manage(request.user, institute):
        raise PermissionDenied
    return institute


def _xlsx(write: Callable[[io.BytesIO], None], filename: str) -> HttpResponse:
    out = io.BytesIO()
    write(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# --- the list ---------------------------------------------------------------------------


@_readers
def institute_list(request):
    q = request.GET.get("q", "")
    page = Paginator(selectors.institute_list(request.user, q), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "q": q,
        "stages": selectors.STAGE_COLUMNS,
        "can_create": _can_manage(request.user),
    }
    return render(request, "innovation/institutes/institute_list.html", context)


@_readers
def institute_export(request):
    rows = list(selectors.institute_list(request.user, request.GET.get("q", "")))
    services.institute_export_recorded(actor=request.user, what="institutes", rows=len(rows))
    return _xlsx(lambda out: excel.write_institutes(rows, out), "research-institutes.xlsx")


# --- the institute ----------------------------------------------------------------------


def _institute_form(request, instance=None) -> InstituteForm:
    user = request.user
    return InstituteForm(
        request.POST or None,
        instance=instance,
        hosts=visible_enterprises(user).order_by("name"),
        parks=visible_parks(user).order_by("name"),
    )


def _institute_data(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.INSTITUTE_FIELDS}


@_readers
def institute_create(request):
    if not _can_manage(request.user):
        raise PermissionDenied
    form = _institute_form(request)
    if request.method == "POST" and form.is_valid():
        data = _institute_data(form)
        institute = run_on_form(
            form, lambda: services.institute_create(actor=request.user, data=data)
        )
        if institute is not None:
            messages.success(request, _("The research institute is recorded."))
            return redirect("innovation:institute_detail", institute.pk)
    return render(
        request,
        "innovation/institutes/institute_form.html",
        {"form": form, "title": _("New research institute"), "submit": _("Record")},
    )


@_readers
def institute_update(request, pk: int):
    institute = _managed(request, pk)
    form = _institute_form(request, instance=selectors.institute_get(request.user, pk))
    if request.method == "POST" and form.is_valid():
        data = _institute_data(form)
        done = run_on_form(
            form,
            lambda: services.institute_update(actor=request.user, institute=institute, data=data),
        )
        if done is not None:
            messages.success(request, _("The research institute is saved."))
            return redirect("innovation:institute_detail", institute.pk)
    return render(
        request,
        "innovation/institutes/institute_form.html",
        {
            "form": form,
            "institute": institute,
            "title": _("Edit the research institute"),
            "submit": _("Save"),
        },
    )


@_readers
def institute_detail(request, pk: int):
    institute = selectors.institute_get(request.user, pk)
    figure = selectors.outputs_figure(institute)
    view = figure_view(figure)
    view["export_url"] = reverse("innovation:institute_detail_export", args=[institute.pk])
    trainings = figure_view(selectors.trainings_figure(institute))
    trainings["export_url"] = view["export_url"]
    context = {
        "institute": institute,
        "can_manage": _can_manage(request.user, institute),
        "members": selectors.members_by_role(institute),
        "work_kinds": selectors.work_kinds(institute),
        "stages": selectors.projects_by_stage(institute),
        "figure": view,
        "trainings_figure": trainings,
        "contribution": selectors.contribution(institute),
        "criteria": selectors.criteria_by_gate(institute),
    }
    return render(request, "innovation/institutes/institute_detail.html", context)


@_readers
def institute_detail_export(request, pk: int):
    institute = selectors.institute_get(request.user, pk)
    contribution = selectors.contribution(institute)
    outputs = selectors.outputs_per_year(institute)
    services.institute_export_recorded(
        actor=request.user, what="institute", rows=len(contribution), institute=institute
    )
    return _xlsx(
        lambda out: excel.write_institute(institute, contribution, outputs, out),
        f"research-institute-{institute.pk}.xlsx",
    )


# --- members ----------------------------------------------------------------------------


def _member_form(request, instance=None) -> MemberForm:
    user = request.user
    return MemberForm(
        request.POST or None,
        instance=instance,
        enterprises=visible_enterprises(user).order_by("name"),
        organisations=Organisation.objects.filter(
            kind__in=services.MEMBER_ORGANISATION_KINDS
        ).order_by("name"),
    )


def _member_data(form) -> dict:
    data = {name: form.cleaned_data[name] for name in services.MEMBER_FIELDS}
    if data.get("order") is None:
        data.pop("order")
    return data


@_readers
def institute_member_add(request, pk: int):
    institute = _managed(request, pk)
    form = _member_form(request)
    if request.method == "POST" and form.is_valid():
        data = _member_data(form)
        member = run_on_form(
            form,
            lambda: services.member_add(actor=request.user, institute=institute, data=data),
        )
        if member is not None:
            messages.success(request, _("The member is added."))
            return redirect("innovation:institute_detail", institute.pk)
    context = {"form": form, "institute": institute, "title": _("Add a member")}
    return render(request, "innovation/institutes/member_form.html", context)


@_readers
def institute_member_update(request, pk: int, member_pk: int):
    institute = _managed(request, pk)
    member = selectors.member_get(institute, member_pk)
    form = _member_form(request, instance=selectors.member_get(institute, member_pk))
    if request.method == "POST" and form.is_valid():
        data = _member_data(form)
        done = run_on_form(
            form, lambda: services.member_update(actor=request.user, member=member, data=data)
        )
        if done is not None:
            messages.success(request, _("The member is saved."))
            return redirect("innovation:institute_detail", institute.pk)
    context = {
        "form": form,
        "institute": institute,
        "member": member,
        "title": _("Edit the member"),
    }
    return render(request, "innovation/institutes/member_form.html", context)


@_readers
def institute_member_remove(request, pk: int, member_pk: int):
    """Confirm, then take the member off the institute."""
    institute = _managed(request, pk)
    member = selectors.member_get(institute, member_pk)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        done = run_on_form(
            form,
            lambda: (
                services.member_remove(actor=request.user, member=member, reason=reason) or True
            ),
        )
        if done is not None:
            messages.success(request, _("The member is removed."))
            return redirect("innovation:institute_detail", institute.pk)
    context = {"form": form, "institute": institute, "member": member}
    return render(request, "innovation/institutes/member_remove.html", context)


# --- gate criteria ----------------------------------------------------------------------


@_readers
def institute_criteria(request, pk: int):
    """The criteria of each gate, with a form to add one."""
    institute = _managed(request, pk)
    form = CriterionForm(request.POST or None, initial={"gate": request.GET.get("gate")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_on_form(
            form,
            lambda: services.criterion_add(
                actor=request.user, institute=institute, gate=data["gate"], text=data["text"]
            ),
        )
        if done is not None:
            messages.success(request, _("The criterion is added."))
            return redirect("innovation:institute_criteria", institute.pk)
    context = {
        "institute": institute,
        "form": form,
        "criteria": selectors.criteria_by_gate(institute),
    }
    return render(request, "innovation/institutes/criteria.html", context)


@_readers
def institute_criterion_remove(request, pk: int, criterion_pk: int):
    """Confirm, then remove the criterion from its gate."""
    institute = _managed(request, pk)
    criterion = selectors.criterion_get(institute, criterion_pk)
    if request.method == "POST":
        services.criterion_remove(actor=request.user, criterion=criterion)
        messages.success(request, _("The criterion is removed."))
        return redirect("innovation:institute_criteria", institute.pk)
    context = {"institute": institute, "criterion": criterion}
    return render(request, "innovation/institutes/criterion_remove.html", context)
