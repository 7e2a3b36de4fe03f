"""Organisation pages of the system administrator (the organisations of their zone, plus those
that belong to no zone; see accounts.scoping)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError

from .. import selectors, services
from ..forms import OrganisationFilterForm, OrganisationForm, add_service_errors
from ._common import get_or_404, paginate, require_perm

ORGANISATIONS_PER_PAGE = 25


@login_required
def organisation_list(request):
    require_perm(request, "accounts.manage_organisations")
    queryset = selectors.organisation_list(user=request.user, filters=request.GET)
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "filter_form": OrganisationFilterForm(request.GET or None),
            "page_obj": paginate(request, queryset, ORGANISATIONS_PER_PAGE),
        },
    )


def _fields(form: OrganisationForm) -> tuple[dict, str]:
    data = {name: form.cleaned_data[name] for name in form.Meta.fields}
    return data, form.cleaned_data["reason"]


@login_required
def organisation_create(request):
    require_perm(request, "accounts.manage_organisations")
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields, reason = _fields(form)
        try:
            organisation = services.organisation_create(actor=request.user, reason=reason, **fields)
        except (ValidationError, DomainError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Organisation %(name)s created.") % {"name": organisation.name}
            )
            return redirect("accounts:organisation_list")
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": None})


@login_required
def organisation_update(request, pk: int):
    require_perm(request, "accounts.manage_organisations")
    organisation = get_or_404(selectors.organisation_get, user=request.user, pk=pk)
    form = OrganisationForm(
        request.POST or None,
        instance=selectors.organisation_get(user=request.user, pk=pk),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        fields, reason = _fields(form)
        try:
            services.organisation_update(
                actor=request.user, organisation=organisation, reason=reason, **fields
            )
        except (ValidationError, DomainError) as exc:
            add_service_errors(form, exc)
            organisation.refresh_from_db()
        else:
            messages.success(
                request, _("Organisation %(name)s saved.") % {"name": organisation.name}
            )
            return redirect("accounts:organisation_list")
    return render(
        request,
        "accounts/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "history": selectors.field_history(organisation),
        },
    )
