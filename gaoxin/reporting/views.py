"""Pages of the yearly reporting campaigns (年报填报), for the zone's officials.

Thin: the selectors read, the services write and check; a DomainError goes back onto the form
or into a message. Another role → 403; another zone's campaign → 404 (it does not exist for
them). The enterprise's side is a card on its own page (``enterprises/_reporting_tasks.html``).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core.dbrouter import replica_view
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.core.excel import XLSX

from . import rules, selectors, services
from .choices import CampaignStatus, figure_labels, join_labels
from .deadlines import longest_period
from .forms import CampaignOpenForm, CloseForm
from .models import Campaign

PER_PAGE = 25


def _officials(view: Callable) -> Callable:
    @login_required
    def wrapped(request, *args, **kwargs):
        if not rules.can_run_campaigns(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _campaign(user, pk: int) -> Campaign:
    """A campaign of the official's zone; 404 otherwise."""
    try:
        return selectors.campaign_get(user=user, pk=pk)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc


def _to_campaign(campaign: Campaign, anchor: str = ""):
    return redirect(reverse("reporting:campaign_detail", args=[campaign.pk]) + anchor)


def _run(request, call: Callable[[], Any]) -> Any:
    """Run a service; its refusal becomes an error message (None returned)."""
    try:
        return call()
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    return None


@_officials
def campaign_list(request):
    campaigns = selectors.campaign_list(user=request.user)
    page = Paginator(campaigns, PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.campaigns_with_progress(page.object_list)
    return render(request, "reporting/campaign_list.html", {"page_obj": page, "rows": rows})


@_officials
def campaign_open(request):
    form = CampaignOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_open(
                actor=request.user,
                year=form.cleaned_data["year"],
                required=form.cleaned_data["required"],
                working_days=form.cleaned_data["working_days"],
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "The %(year)s yearly reporting is open. Deadline: %(deadline)s "
                    "(%(days)s working days). The zone's enterprises have been told in their "
                    "inbox."
                )
                % {
                    "year": campaign.year,
                    "deadline": campaign.deadline.isoformat(),
                    "days": campaign.working_days,
                },
            )
            return _to_campaign(campaign)
    today = timezone.localdate()
    return render(
        request,
        "reporting/campaign_form.html",
        {"form": form, "longest": longest_period(today), "today": today},
    )


@_officials
def campaign_detail(request, pk: int):
    campaign = _campaign(request.user, pk)
    today = timezone.localdate()
    status = request.GET.get("status", "")
    if status not in selectors.FILTERS:
        status = ""
    rows = selectors.campaign_rows(campaign, status=status, today=today)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    table = [{"enterprise": row, "status": selectors.row_status(row)} for row in page.object_list]
    progress = selectors.campaign_progress(campaign, today=today)
    matching = selectors.department_matching(user=request.user, campaign=campaign)
    return render(
        request,
        "reporting/campaign_detail.html",
        {
            "campaign": campaign,
            "progress": progress,
            "figures": join_labels(figure_labels(campaign.required)),
            "page_obj": page,
            "table": table,
            "status": status,
            "filters": selectors.filter_choices(),
            "matching_count": len(matching),
            "can_manage": rules.can_manage(request.user, campaign),
        },
    )


@_officials
@require_POST
def campaign_verify(request, pk: int):
    """Verify the ticked submissions, after the official confirms having checked them."""
    campaign = _campaign(request.user, pk)
    ids = request.POST.getlist("ids")
    if ids and request.POST.get("confirm") != "1":
        messages.error(request, _("Confirm that you have checked the figures first."))
        return _to_campaign(campaign, "#entries")
    count = _run(
        request,
        lambda: services.verify_submissions(
            actor=request.user, campaign=campaign, ids=ids, reason=request.POST.get("reason", "")
        ),
    )
    if count is not None:
        messages.success(request, _("Verified %(count)s submissions.") % {"count": count})
    return _to_campaign(campaign, "#entries")


@_officials
@require_POST
def campaign_verify_matching(request, pk: int):
    """Verify every pending submission matching department data, once confirmed."""
    campaign = _campaign(request.user, pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Confirm that you want to verify them first."))
        return _to_campaign(campaign)
    count = _run(request, lambda: services.verify_matching(actor=request.user, campaign=campaign))
    if count is not None:
        messages.success(
            request,
            _("Verified %(count)s submissions matching department data.") % {"count": count},
        )
    return _to_campaign(campaign)


@_officials
def campaign_close(request, pk: int):
    campaign = _campaign(request.user, pk)
    if campaign.status != CampaignStatus.OPEN:
        messages.error(
            request, _("The %(year)s yearly reporting is already closed.") % {"year": campaign.year}
        )
        return _to_campaign(campaign)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            lambda: services.campaign_close(
                actor=request.user, campaign=campaign, reason=form.cleaned_data["reason"]
            ),
        )
        if done is not None:
            messages.success(
                request, _("The %(year)s yearly reporting is closed.") % {"year": campaign.year}
            )
            return _to_campaign(campaign)
    return render(
        request,
        "reporting/campaign_close.html",
        {
            "campaign": campaign,
            "form": form,
            "progress": selectors.campaign_progress(campaign),
        },
    )


@_officials
@replica_view
def campaign_export(request, pk: int):
    """The campaign's table (the status filter applied) as an Excel workbook; audited."""
    campaign = _campaign(request.user, pk)
    status = request.GET.get("status", "")
    if status not in selectors.FILTERS:
        status = ""
    out = io.BytesIO()
    try:
        services.campaign_export(actor=request.user, campaign=campaign, status=status, out=out)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    filename = f"reporting-{campaign.year}-{status or 'all'}.xlsx"
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
