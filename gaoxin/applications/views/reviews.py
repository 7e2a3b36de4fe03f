"""The reviewer's queue and the review page (decision, expert draw)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core.forms import run_on_form
from gaoxin.experts.selectors import latest_draw

from .. import deadlines, rules, selectors, services
from ..choices import ObjectionStatus, ReviewAction, StageKind
from ..forms import (
    DecisionForm,
)
from ..models import Review
from .common import PER_PAGE, flash_refusal, program_context

# --- reviewer's queue and review page ---------------------------------------------------------


@login_required
def review_queue(request):
    if not rules.can_use_queue(request.user):
        raise PermissionDenied
    rows = selectors.review_queue(request.user)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for review in page:
        review.overdue = deadlines.is_overdue(review.due_on, today)
    return render(request, "applications/review_queue.html", {"page_obj": page})


def _draw_of(application):
    return latest_draw(application)


@login_required
def review_detail(request, pk: int):
    try:
        review = selectors.visible_review(request.user, pk)
    except Review.DoesNotExist as exc:
        raise Http404 from exc
    owner = rules.owns_stage(request.user, review.stage)
    form = DecisionForm(request.POST or None, initial={"action": ReviewAction.APPROVE})
    if request.method == "POST":
        if not owner:
            raise PermissionDenied
        if form.is_valid():
            done = run_on_form(
                form,
                lambda: services.review_decide(
                    actor=request.user, review=review, **form.cleaned_data
                ),
            )
            if done is not None:
                messages.success(request, _("Decision recorded."))
                return redirect("applications:detail", pk=review.application_id)
    application = review.application
    return render(
        request,
        "applications/review_detail.html",
        {
            "review": review,
            "application": application,
            "form": form,
            "owner": owner,
            "is_open": review.status == "open",
            "overdue": deadlines.is_overdue(review.due_on, timezone.localdate()),
            "draw": _draw_of(application) if review.stage.kind == StageKind.EXPERT else None,
            "is_expert": review.stage.kind == StageKind.EXPERT,
            "is_decision": review.stage.kind == StageKind.DECISION,
            "open_objections": application.objections.filter(status=ObjectionStatus.OPEN).count(),
            "version": review.version,
            **program_context(application, request.user, "review"),
        },
    )


@login_required
@require_POST
def review_draw(request, pk: int):
    try:
        review = selectors.visible_review(request.user, pk)
    except Review.DoesNotExist as exc:
        raise Http404 from exc
    if flash_refusal(request, lambda: services.experts_draw(actor=request.user, review=review)):
        messages.success(request, _("Experts drawn; they are told to score."))
    return redirect("applications:review_detail", pk=review.pk)
