"""The stage owner's decisions on an open review: approve (to the next stage, or the decision
at the last), return for revision (with the points to fix), reject — each with a written
opinion. An expert stage is approved only once its drawn experts have all scored; a notice
stage only once the notice is over and every objection answered."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, InvalidTransitionError

from .. import inbox, rules
from ..choices import ReviewAction, ReviewStatus, StageKind
from ..models import Review
from ..workflows import APPLICATION, REVIEW
from ._common import deny, locked_application, locked_review, required
from .decision import decide
from .flow import next_stage, review_open
from .reviews_common import require_objections_answered


def require_owner(actor, review: Review) -> None:
    if actor is not None and not rules.owns_stage(actor, review.stage):
        deny(
            _("%(stage)s is done by %(role)s of %(org)s.")
            % {
                "stage": review.stage.name,
                "role": review.stage.get_owner_role_display(),
                "org": review.stage.owner_organisation,
            }
        )


def require_open(review: Review) -> None:
    if review.status != ReviewStatus.OPEN:
        REVIEW.check(review, "approve")  # raises, naming the state


def _require_scored(review: Review) -> None:
    from gaoxin.experts.selectors import latest_draw
    from gaoxin.experts.services import aggregate

    draw = latest_draw(review.application)
    if draw is None:
        raise InvalidTransitionError(_("Draw the experts first; approve once they have scored."))
    result = aggregate(draw)
    if not result.complete:
        raise InvalidTransitionError(
            _("%(submitted)s of %(expected)s experts have scored: approve once all have.")
            % {"submitted": result.submitted, "expected": result.expected}
        )


def _require_notice_over(application, today: datetime.date) -> None:
    if application.notice_ends_on and today <= application.notice_ends_on:
        raise InvalidTransitionError(
            _("The public notice runs until %(end)s: approve after it has ended.")
            % {"end": application.notice_ends_on}
        )
    require_objections_answered(application)


def _close(actor, review: Review, name: str, opinion: str, points: str = "") -> None:
    REVIEW.apply(
        review,
        name,
        actor=actor,
        reason=opinion,
        summary=_("%(stage)s: %(action)s")
        % {"stage": review.stage.name, "action": REVIEW.transition(name).label},
        data={"application": review.application_id, "points": points},
        fields={
            "opinion": opinion,
            "points_to_fix": points,
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
    )


def _approve(actor, review, application, opinion, amount, override_reason, today):
    kind = review.stage.kind
    if kind == StageKind.EXPERT:
        _require_scored(review)
    if kind == StageKind.PUBLICATION:
        _require_notice_over(application, today)
    if kind == StageKind.DECISION:
        _close(actor, review, "approve", opinion)
        decide(
            actor=actor,
            application=application,
            amount=amount,
            override_reason=override_reason,
            opinion=opinion,
            today=today,
        )
        return
    _close(actor, review, "approve", opinion)
    following = next_stage(application, review.stage)
    if following is None:
        raise DomainError(_("The last stage must be a decision stage: ask the zone to add one."))
    if amount is not None and following.kind == StageKind.PUBLICATION:
        application.proposed_amount = amount
        application.save(update_fields=["proposed_amount", "updated_at"])
    review_open(
        actor=actor, application=application, stage=following, version=review.version, today=today
    )


def _send_back(actor, review, application, action: str, opinion: str, points: str) -> None:
    """Return for revision (the points to fix required) or reject, review and application."""
    if action == ReviewAction.RETURN:
        points = required(points, "points", _("Points to fix"))
        summary = _("Returned for revision at %(stage)s") % {"stage": review.stage.name}
    else:
        points = ""
        summary = _("Rejected at %(stage)s") % {"stage": review.stage.name}
    _close(actor, review, action, opinion, points)
    APPLICATION.apply(
        application,
        action,
        actor=actor,
        reason=points or opinion,
        summary=summary,
        data={"review": review.pk},
    )


@transaction.atomic
def review_decide(
    *,
    actor,
    review: Review,
    action: str,
    opinion: str,
    points: str = "",
    amount: Decimal | None = None,
    override_reason: str = "",
    today: datetime.date | None = None,
) -> Review:
    """Approve, return or reject ``review`` as its stage's owner, with a written opinion."""
    today = today or timezone.localdate()
    review = locked_review(review)
    require_owner(actor, review)
    require_open(review)
    application = locked_application(review.application)
    opinion = required(opinion, "opinion", _("Opinion"))
    if action == ReviewAction.APPROVE:
        _approve(actor, review, application, opinion, amount, override_reason, today)
    elif action in (ReviewAction.RETURN, ReviewAction.REJECT):
        _send_back(actor, review, application, action, opinion, points)
    else:
        raise DomainError(_("Action: approve, return or reject."), field="action")
    return review


@transaction.atomic
def experts_draw(*, actor, review: Review, seed: int | None = None):
    """Draw the expert stage's N experts for the application (conflicts left out, seed kept)."""
    from gaoxin.experts.services import draw_create

    review = locked_review(review)
    require_owner(actor, review)
    require_open(review)
    if review.stage.kind != StageKind.EXPERT:
        raise InvalidTransitionError(_("Experts are drawn at an expert review stage only."))
    application = review.application
    draw = draw_create(
        actor=actor,
        subject=application,
        enterprise=application.enterprise,
        policy=application.policy,
        n=review.stage.experts_n or 3,
        seed=seed,
    )
    inbox.tell_drawn_experts(draw, application)
    record(
        action="applications.experts.draw",
        actor=actor,
        obj=application,
        summary=_("Drew %(n)s experts for %(stage)s")
        % {"n": review.stage.experts_n, "stage": review.stage.name},
        data={"draw": draw.pk, "review": review.pk},
    )
    return draw
