"""Each role lands on the page that fits it."""

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from gaoxin.accounts.choices import Role
from gaoxin.core.datacache import cached_figures
from gaoxin.core.dbrouter import replica_view
from gaoxin.core.excel import XLSX
from gaoxin.core.registry import overview_sections

from . import selectors, services
from .figures import find_figure, write_figure

OVERVIEW_ROLES = {Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER}
LANDING = {
    Role.ENTERPRISE_USER: "enterprises:mine",
    Role.ADVISOR: "dashboard:advisor_home",
    Role.AUDITOR: "audit:event_list",
    Role.SYSTEM_ADMIN: "accounts:user_list",
    Role.SECURITY_ADMIN: "accounts:user_list",
}


def root(request):
    if request.user.is_authenticated:
        return redirect("dashboard:home")
    return redirect("accounts:login")


@login_required
@replica_view  # figures may be seconds old on a replica; nothing here was just written
def home(request):
    role = request.user.role
    if role in LANDING:
        return redirect(LANDING[role])
    if role not in OVERVIEW_ROLES:
        return render(request, "dashboard/no_role.html", status=403)
    return render(
        request,
        "dashboard/home.html",
        cached_figures("overview", request.user, lambda: overview_context(request)),
    )


def overview_context(request) -> dict:
    """The overview's cards and its sections rendered (the sections hold no form and nothing
    of the request but the user and the language, so they are cached as HTML)."""
    sections = [
        render_to_string(
            section.template,
            {**context, "user": request.user, "section_key": section.key},
            request=request,
        )
        for section, context in overview_sections(request.user)
    ]
    return {"data": selectors.overview(user=request.user), "sections": sections}


@login_required
@replica_view
def figure_export(request, key: str):
    """One figure of the overview as Excel, rebuilt for the requesting user from the sections
    they see: a key they do not see is not found."""
    if request.user.role not in OVERVIEW_ROLES:
        raise PermissionDenied
    figure = find_figure(overview_sections(request.user), key)
    if figure is None:
        raise Http404
    out = io.BytesIO()
    write_figure(figure, out)
    services.figure_export_recorded(actor=request.user, figure=figure)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{key}.xlsx")
    return response


@login_required
def advisor_home(request):
    if request.user.role != Role.ADVISOR:
        raise PermissionDenied
    return render(request, "dashboard/advisor_home.html")
