"""The applications API: ``/api/applications`` (the applications one may see) and
``/api/reviews`` (the caller's queue, and a stage owner's decision). Same rules, selectors and
services as the pages."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from gaoxin.core.api import ApiPagination, ErrorOut, IdPath
from gaoxin.core.errors import DomainError
from gaoxin.core.money import parse_money

from . import deadlines, selectors, services
from .models import Application, Review
from .schemas import ApplicationDetailOut, ApplicationOut, DecisionIn, ReviewOut

router = Router(tags=["applications"])
reviews_router = Router(tags=["applications"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _s(value) -> str | None:
    return None if value is None else format(value, "f")


def application_body(a: Application) -> dict:
    return {
        "id": a.pk,
        "number": a.number,
        "policy": a.policy_id,
        "policy_title": a.policy.title,
        "enterprise": a.enterprise_id,
        "enterprise_name": a.enterprise.name,
        "status": a.status,
        "current_stage": a.current_stage.name if a.current_stage_id else None,
        "computed_amount": _s(a.computed_amount),
        "proposed_amount": _s(a.proposed_amount),
        "decided_amount": _s(a.decided_amount),
        "is_sample": a.is_sample,
    }


def review_body(r: Review) -> dict:
    return {
        "id": r.pk,
        "application": r.application_id,
        "number": r.application.number,
        "enterprise_name": r.application.enterprise.name,
        "stage": r.stage.name,
        "stage_kind": r.stage.kind,
        "status": r.status,
        "due_on": r.due_on,
        "overdue": r.status == "open" and deadlines.is_overdue(r.due_on, timezone.localdate()),
        "opinion": r.opinion,
        "points_to_fix": r.points_to_fix,
    }


@router.get(
    "",
    response={200: list[ApplicationOut], **ERRORS},
    summary="Applications you may see",
    description=(
        "An enterprise user: their enterprise's. A zone official or auditor: those to the "
        "zone's policies (not drafts). A stage owner: those to policies whose stages they own."
    ),
)
@paginate(ApiPagination)
def list_applications(request):
    return [application_body(a) for a in selectors.application_list(request.auth)]


@router.get(
    "/{application_id}",
    response={200: ApplicationDetailOut, **ERRORS},
    summary="One application",
    description="With its versions (facts, origins, the calculator's trace) and reviews.",
)
def get_application(request, application_id: IdPath):
    try:
        a = selectors.visible_applications(request.auth).get(pk=application_id)
    except Application.DoesNotExist as exc:
        raise Http404 from exc
    body = application_body(a)
    body["versions"] = [
        {
            "number": v.number,
            "submitted_at": v.submitted_at,
            "policy_version": v.policy_version_id,
            "computed_amount": _s(v.computed_amount),
            "facts": v.facts,
            "trace": v.trace,
        }
        for v in a.versions.order_by("number")
    ]
    body["reviews"] = [
        review_body(r) for r in a.reviews.select_related("stage", "application__enterprise")
    ]
    body["notice_starts_on"] = a.notice_starts_on
    body["notice_ends_on"] = a.notice_ends_on
    return body


@reviews_router.get(
    "",
    response={200: list[ReviewOut], **ERRORS},
    summary="Your review queue",
    description="The open reviews of stages your organisation and role own, earliest due first.",
)
@paginate(ApiPagination)
def list_reviews(request):
    return [review_body(r) for r in selectors.review_queue(request.auth)]


@reviews_router.post(
    "/{review_id}/decision",
    response={200: ReviewOut, 400: ErrorOut, **ERRORS, 409: ErrorOut, 422: ErrorOut},
    summary="Approve, return or reject a review",
    description="As the stage's owner, with a written `opinion`; `points` required to return. "
    "`amount`: the proposed award before a notice, the decided amount at the decision.",
)
def decide_review(request, review_id: IdPath, payload: DecisionIn):
    try:
        review = selectors.visible_review(request.auth, review_id)
    except Review.DoesNotExist as exc:
        raise Http404 from exc
    try:
        amount = parse_money(payload.amount) if payload.amount else None
    except ValueError as exc:
        raise DomainError(_("Amount: enter yuan, e.g. 300000.00."), field="amount") from exc
    services.review_decide(
        actor=request.auth,
        review=review,
        action=payload.action,
        opinion=payload.opinion,
        points=payload.points,
        amount=amount,
        override_reason=payload.override_reason,
    )
    review.refresh_from_db()
    return review_body(review)
