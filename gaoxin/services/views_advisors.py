"""Pages of the advisor pool (顾问), the service domains and the service reports.

Thin: selectors read, services write and check; a refusal goes back onto the form. A role that
does not read the pool gets 403; an advisor out of scope 404.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable

import rules as django_rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gaoxin.core.excel import XLSX
from gaoxin.dashboard.figures import chart_data
from gaoxin.events.models import Event

from . import excel_advisors as excel
from . import reports_advisors as reports
from . import selectors_advisors as selectors
from . import services_advisors as services
from .forms_advisors import (
    AdvisorFilterForm,
    AdvisorForm,
    AvailabilityForm,
    DomainForm,
    EndTermForm,
    PeriodForm,
    YearForm,
)
from .models import ServiceDomain
from .views_common import needs as _needs
from .views_common import submit

PER_PAGE = 25


def _xlsx(write: Callable[[io.BytesIO], None], filename: str) -> HttpResponse:
    out = io.BytesIO()
    write(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# --- the pool --------------------------------------------------------------------------------


@_needs("services.view_advisors")
def advisor_list(request):
    user = request.user
    filters = AdvisorFilterForm(request.GET or None, domains=selectors.domain_list())
    advisors = selectors.advisor_list(user, request.GET)
    page = Paginator(advisors, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_ratings(page.object_list)
    context = {
        "page_obj": page,
        "filters": filters,
        "can_create": selectors.can_manage(user),
        "today": timezone.localdate(),
        "can_domains": django_rules.has_perm("services.view_domains", user),
    }
    return render(request, "services/advisors/advisor_list.html", context)


@_needs("services.view_advisors")
def advisor_list_export(request):
    advisors = list(selectors.advisor_list(request.user, request.GET))
    services.export_recorded(actor=request.user, what="advisors", rows=len(advisors))
    return _xlsx(lambda out: excel.write_advisors(advisors, out), "advisors.xlsx")


def _advisor_form(request, instance=None) -> AdvisorForm:
    user = request.user
    zone = user.organisation.home_zone if user.organisation_id else None
    return AdvisorForm(
        request.POST or None,
        instance=instance,
        experts=selectors.experts_to_appoint(user),
        events=Event.objects.filter(zone=zone).order_by("-starts_on"),
        domains=selectors.domain_list(),
    )


def _advisor_data(form) -> dict:
    return {k: form.cleaned_data.get(k) for k in services.ADVISOR_FIELDS}


@_needs("services.manage_advisors")
def advisor_create(request):
    if not selectors.can_manage(request.user):
        raise PermissionDenied
    form = _advisor_form(request)
    if request.method == "POST" and form.is_valid():
        advisor = submit(
            form,
            lambda: services.advisor_create(
                actor=request.user,
                expert=form.cleaned_data["expert"],
                domains=form.cleaned_data["domains"],
                data=_advisor_data(form),
            ),
        )
        if advisor is not None:
            messages.success(request, _("The advisor is appointed."))
            return redirect("services:advisor_detail", advisor.pk)
    context = {"form": form, "title": _("Appoint an advisor"), "submit": _("Appoint")}
    return render(request, "services/advisors/advisor_form.html", context)


@_needs("services.view_advisors")
def advisor_update(request, pk: int):
    advisor = selectors.advisor_get(request.user, pk)
    if not selectors.can_manage(request.user, advisor):
        raise PermissionDenied
    form = _advisor_form(request, instance=selectors.advisor_get(request.user, pk))
    if request.method == "POST" and form.is_valid():
        done = submit(
            form,
            lambda: services.advisor_update(
                actor=request.user,
                advisor=advisor,
                data=_advisor_data(form),
                domains=form.cleaned_data["domains"],
            ),
        )
        if done is not None:
            messages.success(request, _("The advisor is saved."))
            return redirect("services:advisor_detail", advisor.pk)
    context = {
        "form": form,
        "advisor": advisor,
        "title": _("Edit the advisor"),
        "submit": _("Save"),
    }
    return render(request, "services/advisors/advisor_form.html", context)


def _detail_context(request, advisor, availability=None, end_term=None) -> dict:
    user = request.user
    can_manage = selectors.can_manage(user, advisor)
    can_available = selectors.can_set_availability(user, advisor)
    return {
        "advisor": advisor,
        "unavailable": selectors.is_unavailable(advisor),
        "domains": advisor.domains.select_related("parent").order_by("order"),
        "ties": selectors.advisor_ties(advisor),
        "requests": selectors.with_links(selectors.advisor_requests(user, advisor)[:20]),
        "tasks": selectors.advisor_tasks(advisor)[:20] if can_available else [],
        "slots": selectors.advisor_upcoming_slots(advisor)[:10],
        "ratings": selectors.advisor_ratings(user, advisor)[:20],
        "can_manage": can_manage,
        "can_available": can_available,
        "sees_expert": django_rules.has_perm("experts.view_pool", user),
        "availability_form": availability
        or AvailabilityForm(
            initial={
                "available": "0" if not advisor.available else "1",
                "unavailable_until": advisor.unavailable_until,
                "reason": advisor.unavailable_reason,
            }
        ),
        "end_term_form": end_term or EndTermForm(initial={"ended_on": timezone.localdate()}),
    }


@_needs("services.view_advisors")
def advisor_detail(request, pk: int):
    advisor = selectors.advisor_get(request.user, pk)
    return render(
        request, "services/advisors/advisor_detail.html", _detail_context(request, advisor)
    )


@_needs("services.view_advisors")
def advisor_availability(request, pk: int):
    advisor = selectors.advisor_get(request.user, pk)
    if not selectors.can_set_availability(request.user, advisor):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("services:advisor_detail", advisor.pk)
    form = AvailabilityForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        done = submit(
            form,
            lambda: services.advisor_set_availability(
                actor=request.user,
                advisor=advisor,
                available=data["available"],
                unavailable_until=data["unavailable_until"],
                reason=data["reason"],
            ),
        )
        if done is not None:
            messages.success(request, _("The availability is saved."))
            return redirect("services:advisor_detail", advisor.pk)
    context = _detail_context(request, advisor, availability=form)
    return render(request, "services/advisors/advisor_detail.html", context, status=200)


@_needs("services.manage_advisors")
def advisor_end_term(request, pk: int):
    advisor = selectors.advisor_get(request.user, pk)
    if not selectors.can_manage(request.user, advisor):
        raise PermissionDenied
    form = EndTermForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = submit(
            form,
            lambda: services.advisor_end_term(
                actor=request.user,
                advisor=advisor,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if done is not None:
            messages.success(request, _("The advisor's term is ended."))
            return redirect("services:advisor_detail", advisor.pk)
    return render(request, "services/advisors/end_term.html", {"advisor": advisor, "form": form})


# --- domains ---------------------------------------------------------------------------------


@_needs("services.view_domains")
def domain_list(request):
    page = Paginator(selectors.domain_list(), 50).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "can_edit": django_rules.has_perm("services.manage_domains", request.user),
    }
    return render(request, "services/advisors/domain_list.html", context)


def _domain_data(form) -> dict:
    return {k: form.cleaned_data.get(k) for k in services.DOMAIN_FIELDS}


@_needs("services.manage_domains")
def domain_create(request):
    form = DomainForm(request.POST or None, parents=selectors.broad_domains())
    if request.method == "POST" and form.is_valid():
        domain = submit(
            form, lambda: services.domain_create(actor=request.user, data=_domain_data(form))
        )
        if domain is not None:
            messages.success(request, _("The domain is added."))
            return redirect("services:domain_list")
    context = {"form": form, "title": _("Add a service domain"), "submit": _("Add")}
    return render(request, "services/advisors/domain_form.html", context)


@_needs("services.manage_domains")
def domain_update(request, pk: int):
    domain = get_object_or_404(ServiceDomain, pk=pk)
    form = DomainForm(
        request.POST or None,
        instance=ServiceDomain.objects.get(pk=pk),
        parents=selectors.broad_domains(exclude=domain.pk),
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            form,
            lambda: services.domain_update(
                actor=request.user, domain=domain, data=_domain_data(form)
            ),
        )
        if done is not None:
            messages.success(request, _("The domain is saved."))
            return redirect("services:domain_list")
    context = {"form": form, "domain": domain, "title": _("Edit the domain"), "submit": _("Save")}
    return render(request, "services/advisors/domain_form.html", context)


# --- reports ---------------------------------------------------------------------------------


def _period(request) -> tuple[PeriodForm, datetime.date, datetime.date]:
    date_from, date_to = reports.default_period()
    form = PeriodForm(request.GET or None, initial={"date_from": date_from, "date_to": date_to})
    if form.is_valid():
        date_from = form.cleaned_data["date_from"] or date_from
        date_to = form.cleaned_data["date_to"] or date_to
    if date_to < date_from:
        date_from, date_to = date_to, date_from
    return form, date_from, date_to


def _year(request) -> tuple[YearForm, int]:
    year = timezone.localdate().year
    form = YearForm(request.GET or None, initial={"year": year})
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    return form, year


@_needs("services.view_reports")
def report_advisors(request):
    form, date_from, date_to = _period(request)
    rows = reports.advisor_report(request.user, date_from, date_to)
    context = {
        "form": form,
        "rows": rows,
        "date_from": date_from,
        "date_to": date_to,
        "active": "advisors",
        "chart": any(r.open or r.completed for r in rows)
        and chart_data(
            {
                "key": "services-advisor-load",
                "columns": [_("Advisor"), _("Open requests"), _("Completed in the period")],
                "rows": [
                    {"cells": [r.advisor.expert.name, r.open, r.completed], "link": None}
                    for r in rows
                ],
                "chart": {"type": "bar", "category_column": 0, "value_columns": [1, 2]},
            }
        ),
    }
    return render(request, "services/advisors/report_advisors.html", context)


@_needs("services.view_reports")
def report_advisors_export(request):
    _form, date_from, date_to = _period(request)
    rows = reports.advisor_report(request.user, date_from, date_to)
    services.export_recorded(actor=request.user, what="advisor report", rows=len(rows))
    return _xlsx(
        lambda out: excel.write_advisor_report(rows, date_from, date_to, out),
        "advisor-workload.xlsx",
    )


def _monthly(request, by: str):
    form, year = _year(request)
    report = reports.monthly_report(request.user, year, by)
    context = {
        "form": form,
        "year": year,
        "report": report,
        "rows": report.rows(),
        "totals": report.totals(),
        "active": by,
        "chart": report.totals()["created"] and chart_data(reports.figure(report)),
    }
    return render(request, "services/advisors/report_monthly.html", context)


def _monthly_export(request, by: str):
    _form, year = _year(request)
    report = reports.monthly_report(request.user, year, by)
    rows = report.rows()
    services.export_recorded(actor=request.user, what=f"{by} report {year}", rows=len(rows))
    return _xlsx(lambda out: excel.write_monthly(report, out), f"services-by-{by}-{year}.xlsx")


@_needs("services.view_reports")
def report_domains(request):
    return _monthly(request, "domain")


@_needs("services.view_reports")
def report_domains_export(request):
    return _monthly_export(request, "domain")


@_needs("services.view_reports")
def report_parks(request):
    return _monthly(request, "park")


@_needs("services.view_reports")
def report_parks_export(request):
    return _monthly_export(request, "park")
