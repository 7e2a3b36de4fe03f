"""One application: its stages, versions, opinions, notice and objections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import rules, selectors, services
from ..forms import (
    AnswerForm,
    ObjectionForm,
)
from ..models import Objection
from .common import flash_refusal, program_context, visible_application

# --- an application ---------------------------------------------------------------------------


def _stages_with_state(application) -> list[dict]:
    reviews = {}
    for review in application.reviews.all():
        reviews[review.stage_id] = review
    out = []
    for stage in application.policy.review_stages.order_by("order"):
        out.append(
            {
                "stage": stage,
                "review": reviews.get(stage.pk),
                "current": stage.pk == application.current_stage_id,
            }
        )
    return out


@login_required
def detail(request, pk: int):
    application = visible_application(request.user, pk)
    user = request.user
    official = rules.can_configure(user, application.policy)
    context = {
        "application": application,
        "stages": _stages_with_state(application),
        "versions": application.versions.order_by("-number"),
        "reviews": application.reviews.select_related("stage", "decided_by", "version").order_by(
            "opened_at"
        ),
        "objections": application.objections.order_by("raised_on", "id"),
        "can_edit": rules.can_edit(user, application),
        "can_withdraw": rules.enterprise_of(user) is not None
        and application.status in ("draft", "in_review", "returned"),
        "official": official,
        "objection_form": ObjectionForm()
        if official and application.status == "publication"
        else None,
        "answer_form": AnswerForm() if official else None,
        "open_review": application.reviews.filter(status="open").select_related("stage").first(),
        "replay": services.replay(application) if application.status == "decided" else None,
        **program_context(application, user, "detail"),
    }
    return render(request, "applications/detail.html", context)


@login_required
def version_detail(request, pk: int, number: int):
    application = visible_application(request.user, pk)
    version = get_object_or_404(application.versions, number=number)
    return render(
        request,
        "applications/version.html",
        {
            "application": application,
            "version": version,
            "materials": version.materials.select_related("attachment"),
        },
    )


@login_required
@require_POST
def objection_record(request, pk: int):
    application = visible_application(request.user, pk)
    if not rules.can_configure(request.user, application.policy):
        raise PermissionDenied
    form = ObjectionForm(request.POST)
    if form.is_valid():
        done = flash_refusal(
            request,
            lambda: services.objection_record(
                actor=request.user, application=application, **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, _("Objection recorded."))
    else:
        messages.error(request, _("Objection: fill in who raised it, how, and what it says."))
    return redirect(reverse("applications:detail", args=[application.pk]) + "#objections")


@login_required
@require_POST
def objection_answer(request, pk: int):
    objection = get_object_or_404(
        Objection, pk=pk, application__in=selectors.visible_applications(request.user)
    )
    form = AnswerForm(request.POST)
    if form.is_valid():
        done = flash_refusal(
            request,
            lambda: services.objection_answer(
                actor=request.user, objection=objection, answer=form.cleaned_data["answer"]
            ),
        )
        if done:
            messages.success(request, _("Answer recorded."))
    else:
        messages.error(request, _("Answer: write it, it cannot be empty."))
    return redirect(reverse("applications:detail", args=[objection.application_id]) + "#objections")
