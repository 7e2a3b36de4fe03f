"""The yearly reporting API (年报填报), mounted at /api/reporting: the same permissions, selectors
and services as the pages. Campaigns are for the zone's officials (403 for any other role, 401
anonymous; another zone's campaign is 404); ``GET /tasks`` is for an enterprise user."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from gaoxin.core.api import ApiPagination, ErrorOut, IdPath
from gaoxin.core.errors import PermissionDeniedError

from . import rules, selectors, services
from .choices import figure_labels
from .models import Campaign
from .schemas import (
    CampaignDetailOut,
    CampaignIn,
    CampaignOut,
    CloseIn,
    EntryOut,
    TaskOut,
    VerifyIn,
    VerifyOut,
)

router = Router(tags=["yearly reporting"])
OFFICIAL_ERRORS = {401: ErrorOut, 403: ErrorOut}
CAMPAIGN_ERRORS = {**OFFICIAL_ERRORS, 404: ErrorOut}


class RowFilters(Schema):
    status: str = ""


def _require_runner(user) -> None:
    if not rules.can_run_campaigns(user):
        raise PermissionDeniedError(_("Only a zone's officials run its yearly reporting."))


def _campaign(user, pk: int) -> Campaign:
    _require_runner(user)
    try:
        return selectors.campaign_get(user=user, pk=pk)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc


def progress_body(progress) -> dict:
    return {
        "total": progress.total,
        "reported": progress.reported,
        "verified": progress.verified,
        "pending": progress.pending,
        "not_reported": progress.not_reported,
        "percent": progress.percent,
        "past_deadline": progress.is_past_deadline,
        "working_days_left": progress.working_days_left,
        "overdue_count": progress.overdue_count,
        "text": progress.text,
    }


def campaign_body(campaign: Campaign, *, detail: bool = False) -> dict:
    progress = selectors.campaign_progress(campaign)
    body = {
        "id": campaign.pk,
        "year": campaign.year,
        "required": campaign.required,
        "required_labels": figure_labels(campaign.required),
        "opened_on": campaign.opened_on,
        "working_days": campaign.working_days,
        "deadline": campaign.deadline,
        "status": campaign.status,
        "closed_at": campaign.closed_at,
        "is_sample": campaign.is_sample,
        "progress": progress_body(progress),
    }
    if detail:
        body["overdue"] = [{"id": e.pk, "name": e.name, "uscc": e.uscc} for e in progress.overdue]
    return body


@router.get(
    "",
    response={200: list[CampaignOut], **OFFICIAL_ERRORS},
    summary="Your zone's reporting campaigns",
    description="Newest year first, each with its progress. Zone officials only.",
)
@paginate(ApiPagination)
def list_campaigns(request):
    _require_runner(request.auth)
    return [campaign_body(c) for c in selectors.campaign_list(user=request.auth)]


@router.post(
    "",
    response={201: CampaignDetailOut, 400: ErrorOut, **OFFICIAL_ERRORS, 422: ErrorOut},
    summary="Open a reporting campaign",
    description=(
        "Asks every member enterprise of your zone for the `required` figures of `year` within "
        "`working_days` Chinese working days from today; they are told in their inbox. One "
        "campaign per zone and year. A refusal (400) names the field: `year`, `required` or "
        "`working_days`."
    ),
)
def create_campaign(request, payload: CampaignIn):
    _require_runner(request.auth)
    campaign = services.campaign_open(
        actor=request.auth,
        year=payload.year,
        required=payload.required,
        working_days=payload.working_days,
    )
    return Status(201, campaign_body(campaign, detail=True))


@router.get(
    "/tasks",
    response={200: list[TaskOut], 401: ErrorOut, 403: ErrorOut},
    summary="Your enterprise's reporting tasks",
    description=(
        "The open campaigns asking your enterprise for figures, with where it stands. "
        "Enterprise users only; a partner outside the zone has none."
    ),
)
def list_tasks(request):
    if not rules.can_see_tasks(request.auth):
        raise PermissionDeniedError(_("Reporting tasks are for enterprise users."))
    return [
        {
            "campaign_id": task.campaign.pk,
            "year": task.campaign.year,
            "required": task.campaign.required,
            "required_labels": task.required_labels,
            "deadline": task.campaign.deadline,
            "working_days_left": task.working_days_left,
            "status": task.status,
            "status_label": task.status_label,
            "rejection_reason": task.reason,
            "pending_record_id": task.pending_id,
        }
        for task in selectors.tasks_for(user=request.auth)
    ]


@router.get(
    "/{int:campaign_id}",
    response={200: CampaignDetailOut, **CAMPAIGN_ERRORS},
    summary="One campaign with its progress",
)
def get_campaign(request, campaign_id: IdPath):
    return campaign_body(_campaign(request.auth, campaign_id), detail=True)


@router.post(
    "/{int:campaign_id}/close",
    response={200: CampaignDetailOut, **CAMPAIGN_ERRORS, 409: ErrorOut},
    summary="Close a campaign",
    description="409 when it is already closed.",
)
def close_campaign(request, campaign_id: IdPath, payload: CloseIn):
    campaign = services.campaign_close(
        actor=request.auth, campaign=_campaign(request.auth, campaign_id), reason=payload.reason
    )
    return campaign_body(campaign, detail=True)


@router.get(
    "/{int:campaign_id}/rows",
    response={200: list[EntryOut], **CAMPAIGN_ERRORS},
    summary="Where each member enterprise stands",
    description=(
        "By name. `status`: verified, pending, not_submitted, rejected, incomplete, overdue "
        "(empty before the deadline); anything else lists all."
    ),
)
@paginate(ApiPagination)
def list_rows(request, campaign_id: IdPath, filters: Query[RowFilters]):
    campaign = _campaign(request.auth, campaign_id)
    return selectors.campaign_rows(campaign, status=filters.status, today=timezone.localdate())


@router.post(
    "/{int:campaign_id}/verify",
    response={200: VerifyOut, 400: ErrorOut, **CAMPAIGN_ERRORS},
    summary="Verify submissions",
    description=(
        "Verifies the submissions `ids` (their `pending_record_id`) through the registry's "
        "verification: all or none. An id that is not a submission of the campaign's year "
        "awaiting your verification refuses the whole request (400, field `ids`)."
    ),
)
def verify_submissions(request, campaign_id: IdPath, payload: VerifyIn):
    campaign = _campaign(request.auth, campaign_id)
    count = services.verify_submissions(
        actor=request.auth, campaign=campaign, ids=payload.ids, reason=payload.reason
    )
    return {"verified": count}


@router.post(
    "/{int:campaign_id}/verify-matching",
    response={200: VerifyOut, 400: ErrorOut, **CAMPAIGN_ERRORS},
    summary="Verify the submissions matching department data",
    description=(
        "Verifies every submission awaiting verification whose values all equal the department "
        "data in force (部门共享): all or none; 400 when none matches."
    ),
)
def verify_matching(request, campaign_id: IdPath):
    campaign = _campaign(request.auth, campaign_id)
    return {"verified": services.verify_matching(actor=request.auth, campaign=campaign)}
