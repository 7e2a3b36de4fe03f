"""Opening a stage's review (with its deadline), and the notice that opens with a publication
stage. Used by submitting and by each approval."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.audit.services import record

from .. import deadlines, inbox
from ..choices import ApplicationStatus, StageKind
from ..models import Application, ApplicationVersion, Review, ReviewStage
from ..workflows import APPLICATION


def next_stage(application: Application, after: ReviewStage | None) -> ReviewStage | None:
    stages = application.policy.review_stages.order_by("order")
    if after is not None:
        stages = stages.filter(order__gt=after.order)
    return stages.first()


def review_open(
    *,
    actor,
    application: Application,
    stage: ReviewStage,
    version: ApplicationVersion,
    today: datetime.date | None = None,
) -> Review:
    """Open the review of ``stage`` (the database allows one open per application); entering a
    publication stage publishes the proposed award for the stage's working days."""
    today = today or timezone.localdate()
    review = Review.objects.create(
        application=application,
        stage=stage,
        version=version,
        due_on=deadlines.add_working_days(today, stage.working_days),
    )
    Application.objects.filter(pk=application.pk).update(current_stage=stage)
    application.current_stage = stage
    record(
        action="applications.review.open",
        actor=actor,
        obj=application,
        summary=_("%(stage)s opened, due %(due)s") % {"stage": stage.name, "due": review.due_on},
        data={"review": review.pk, "stage": stage.pk, "due_on": review.due_on.isoformat()},
    )
    if stage.kind == StageKind.PUBLICATION and application.status == ApplicationStatus.IN_REVIEW:
        _publish(actor, application, stage, today)
    inbox.tell_stage_owners(review)
    return review


def _publish(actor, application: Application, stage: ReviewStage, today: datetime.date) -> None:
    starts, ends = deadlines.notice_period(today, stage.working_days)
    proposed = application.proposed_amount
    if proposed is None:
        proposed = application.computed_amount
    APPLICATION.apply(
        application,
        "publish",
        actor=actor,
        summary=_("Proposed award published from %(start)s to %(end)s")
        % {"start": starts, "end": ends},
        data={"proposed_amount": None if proposed is None else str(proposed)},
        fields={
            "notice_starts_on": starts,
            "notice_ends_on": ends,
            "proposed_amount": proposed,
        },
    )
