"""The security administrator's pages for the holiday arrangements (节假日安排)."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gaoxin.core import workdays
from gaoxin.core.errors import DomainError
from gaoxin.core.models import HolidayArrangement

from . import selectors, services
from .forms import DeleteForm, HolidayArrangementForm


def _require(request) -> None:
    if not rules.has_perm(services.PERM, request.user):
        raise PermissionDenied


def _service_error(form, exc: Exception) -> None:
    if isinstance(exc, DomainError):
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    elif isinstance(exc, ValidationError):
        for message in exc.messages:
            form.add_error(None, message)
    else:  # pragma: no cover
        raise exc


def _arrangement(year: int) -> HolidayArrangement:
    arrangement = HolidayArrangement.objects.filter(year=year).first()
    if arrangement is None:
        raise Http404
    return arrangement


def _values(form) -> dict:
    data = form.cleaned_data
    return {
        "document_number": data["document_number"],
        "notice_date": data["notice_date"],
        "holidays": data["holidays"],
        "adjusted_workdays": data["adjusted_workdays"],
        "note": data["note"],
    }


@login_required
def holiday_list(request):
    _require(request)
    return render(
        request,
        "core/holiday_list.html",
        {
            "rows": selectors.year_rows(),
            "last_known": workdays.last_known_year(),
            "package_last": workdays.package_years()[-1],
        },
    )


@login_required
def holiday_detail(request, year: int):
    _require(request)
    row = selectors.year_row(year=year)
    if row.source is None:
        raise Http404
    return render(request, "core/holiday_detail.html", {"row": row})


@login_required
@require_http_methods(["GET", "POST"])
def holiday_create(request):
    _require(request)
    initial = {}
    requested = request.GET.get("year", "")
    if requested.isdigit() and len(requested) == 4:
        initial["year"] = int(requested)
    form = HolidayArrangementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            arrangement = services.arrangement_create(
                actor=request.user, year=form.cleaned_data["year"], **_values(form)
            )
        except (DomainError, ValidationError) as exc:
            _service_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The holiday arrangement for %(year)s is entered; working days of %(year)s "
                    "are counted from it."
                )
                % {"year": arrangement.year},
            )
            return redirect("core:holiday_detail", year=arrangement.year)
    return render(request, "core/holiday_form.html", {"form": form, "arrangement": None})


@login_required
@require_http_methods(["GET", "POST"])
def holiday_update(request, year: int):
    _require(request)
    arrangement = _arrangement(year)
    form = HolidayArrangementForm(request.POST or None, arrangement=arrangement)
    if request.method == "POST" and form.is_valid():
        try:
            services.arrangement_update(
                actor=request.user,
                arrangement=arrangement,
                reason=form.cleaned_data["reason"],
                **_values(form),
            )
        except (DomainError, ValidationError) as exc:
            _service_error(form, exc)
        else:
            messages.success(
                request, _("The holiday arrangement for %(year)s was saved.") % {"year": year}
            )
            return redirect("core:holiday_detail", year=year)
    return render(request, "core/holiday_form.html", {"form": form, "arrangement": arrangement})


@login_required
@require_http_methods(["GET", "POST"])
def holiday_delete(request, year: int):
    _require(request)
    arrangement = _arrangement(year)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.arrangement_delete(
            actor=request.user, arrangement=arrangement, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request, _("The holiday arrangement for %(year)s was deleted.") % {"year": year}
        )
        return redirect("core:holiday_list")
    return render(
        request,
        "core/holiday_confirm_delete.html",
        {
            "form": form,
            "arrangement": arrangement,
            "in_package": year in workdays.package_years(),
        },
    )
