"""Pages of applications: the enterprise's desk and form, the reviewer's queue and review page,
the official's overview and stage configuration, and the public notices (no login).

Thin: the services do the checks and writes; a DomainError goes onto the form or into a
message. Wrong role → 403; an application one may not see → 404."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.core.excel import XLSX
from gaoxin.core.middleware import client_ip
from gaoxin.experts.selectors import latest_draw
from gaoxin.policies.choices import DeliveryMode
from gaoxin.policies.models import Policy

from . import deadlines, excel, rules, selectors, services
from .choices import ApplicationStatus, ObjectionStatus, ReviewAction, StageKind
from .factsheet import build_sheet, explain
from .forms import (
    AnswerForm,
    DecisionForm,
    MaterialForm,
    MaterialsForm,
    ObjectionForm,
    PublicObjectionForm,
    StageForm,
    WithdrawForm,
)
from .models import Application, ApplicationMaterial, Objection, Review, ReviewStage

PER_PAGE = 20


def _run(form, call: Callable[[], Any]) -> Any:
    """Run a service; its refusal goes onto the form (the field it names) or the form."""
    try:
        return call()
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        field = exc.field if form is not None and exc.field in form.fields else None
        if form is None:
            raise
        form.add_error(field, exc.message)
    return None


def _flash(request, call: Callable[[], Any]) -> Any:
    """Run a service; its refusal becomes an error message."""
    try:
        return call()
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    return None


def _application(user, pk: int) -> Application:
    return get_object_or_404(selectors.visible_applications(user), pk=pk)


def _mine(user, pk: int) -> Application:
    enterprise = rules.enterprise_of(user)
    if enterprise is None:
        raise PermissionDenied
    return get_object_or_404(Application, pk=pk, enterprise=enterprise)


# --- the enterprise's desk (我的申报) -----------------------------------------------------------


@login_required
def mine(request):
    if not rules.can_apply(request.user):
        raise PermissionDenied
    rows = selectors.application_list(request.user, request.GET)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "applications/mine.html", {"page_obj": page})


@login_required
@require_POST
def start(request, policy_pk: int):
    if not rules.can_apply(request.user):
        raise PermissionDenied
    policy = get_object_or_404(
        Policy, pk=policy_pk, delivery_mode=DeliveryMode.APPLY, status="published"
    )
    application = _flash(
        request, lambda: services.application_create(actor=request.user, policy=policy)
    )
    if application is None:
        existing = (
            selectors.visible_applications(request.user)
            .filter(policy=policy)
            .exclude(status__in=("decided", "rejected", "withdrawn"))
            .first()
        )
        return (
            redirect("applications:edit", pk=existing.pk)
            if existing
            else redirect("applications:mine")
        )
    return redirect("applications:edit", pk=application.pk)


def _edit_context(application, typed, errors=None) -> dict:
    today = timezone.localdate()
    version = services.version_for(application.policy, today)
    sheet = build_sheet(version, application.enterprise, typed, today)
    for row in sheet.rows:
        if errors and row.key in errors:
            row.error = errors[row.key]
    trace, amount = explain(version, sheet.facts)
    return {
        "application": application,
        "sheet": sheet,
        "trace": trace,
        "amount": amount,
        "policy_version": version,
        "kinds": services.required_materials(application.policy),
        "draft_materials": application.materials.filter(version__isnull=True).select_related(
            "attachment"
        ),
        "kept_materials": application.current_version.materials.select_related("attachment")
        if application.current_version_id
        else [],
        "material_form": MaterialForm(),
        "last_review": application.reviews.exclude(status="open").order_by("-decided_at").first(),
    }


def _typed_from(request, sheet_keys) -> dict:
    out = {}
    for key in sheet_keys:
        if key == "qualifications":
            if f"{key}__present" in request.POST:
                out[key] = request.POST.getlist(key)
        elif key in request.POST:
            out[key] = request.POST.get(key, "")
    return out


@login_required
def edit(request, pk: int):
    """The generated form: verified facts shown, the others asked; materials; the pre-check."""
    application = _mine(request.user, pk)
    if not rules.can_edit(request.user, application):
        return redirect("applications:detail", pk=application.pk)
    try:
        context = _edit_context(application, services.typed_facts_of(application))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("applications:mine")
    if request.method == "POST":
        typed = _typed_from(request, [r.key for r in context["sheet"].rows])
        try:
            services.application_save(actor=request.user, application=application, values=typed)
            if "submit" in request.POST:
                services.application_submit(actor=request.user, application=application)
                messages.success(request, _("Submitted: the review has started."))
                return redirect("applications:detail", pk=application.pk)
            messages.success(request, _("Draft saved."))
            return redirect("applications:edit", pk=application.pk)
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            merged = {**services.typed_facts_of(application), **typed}
            context = _edit_context(
                application, merged, {exc.field: exc.message} if exc.field else None
            )
            context["error"] = exc.message
    return render(request, "applications/edit.html", context)


@login_required
@require_POST
def material_add(request, pk: int):
    application = _mine(request.user, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        done = _flash(
            request,
            lambda: services.material_add(
                actor=request.user,
                application=application,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            ),
        )
        if done:
            messages.success(request, _("File uploaded."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(reverse("applications:edit", args=[application.pk]) + "#materials")


@login_required
@require_POST
def material_remove(request, pk: int, material_pk: int):
    application = _mine(request.user, pk)
    material = get_object_or_404(ApplicationMaterial, pk=material_pk, application=application)
    _flash(request, lambda: services.material_remove(actor=request.user, material=material))
    return redirect(reverse("applications:edit", args=[application.pk]) + "#materials")


@login_required
def withdraw(request, pk: int):
    application = _mine(request.user, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            lambda: services.application_withdraw(
                actor=request.user, application=application, reason=form.cleaned_data["reason"]
            ),
        )
        if done:
            messages.success(request, _("The application was withdrawn."))
            return redirect("applications:detail", pk=application.pk)
    return render(
        request,
        "applications/confirm.html",
        {
            "form": form,
            "application": application,
            "danger": True,
            "title": _("Withdraw %(number)s") % {"number": application.number},
            "intro": _("A withdrawn application cannot be reopened; you may start a new one."),
            "submit": _("Withdraw"),
            "cancel_url": reverse("applications:detail", args=[application.pk]),
        },
    )


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
    application = _application(request.user, pk)
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
    }
    return render(request, "applications/detail.html", context)


@login_required
def version_detail(request, pk: int, number: int):
    application = _application(request.user, pk)
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
    application = _application(request.user, pk)
    if not rules.can_configure(request.user, application.policy):
        raise PermissionDenied
    form = ObjectionForm(request.POST)
    if form.is_valid():
        done = _flash(
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
        done = _flash(
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
            done = _run(
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
        },
    )


@login_required
@require_POST
def review_draw(request, pk: int):
    try:
        review = selectors.visible_review(request.user, pk)
    except Review.DoesNotExist as exc:
        raise Http404 from exc
    if _flash(request, lambda: services.experts_draw(actor=request.user, review=review)):
        messages.success(request, _("Experts drawn; they are told to score."))
    return redirect("applications:review_detail", pk=review.pk)


# --- the official's overview -----------------------------------------------------------------


@login_required
def overview(request):
    if not rules.can_oversee(request.user):
        raise PermissionDenied
    rows = selectors.application_list(request.user, request.GET)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    policies = Policy.objects.filter(
        pk__in=selectors.visible_applications(request.user).values("policy")
    ).order_by("title")
    return render(
        request,
        "applications/overview.html",
        {
            "page_obj": page,
            "statuses": ApplicationStatus.choices,
            "policies": policies,
            "filters": request.GET,
        },
    )


@login_required
def overview_export(request):
    if not rules.can_oversee(request.user):
        raise PermissionDenied
    out = io.BytesIO()
    excel.write_applications(selectors.application_list(request.user, request.GET), out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "申报清单.xlsx")
    return response


# --- stage configuration ---------------------------------------------------------------------


def _configurable_policy(user, policy_pk: int) -> Policy:
    if not rules.active(user) or user.role != "zone_official":
        raise PermissionDenied
    policy = get_object_or_404(Policy, pk=policy_pk, zone=rules.zone_of(user))
    if not rules.can_configure(user, policy):
        raise PermissionDenied
    return policy


@login_required
def stage_policies(request):
    if not rules.active(request.user) or request.user.role != "zone_official":
        raise PermissionDenied
    policies = Policy.objects.filter(
        zone=rules.zone_of(request.user), delivery_mode=DeliveryMode.APPLY
    ).order_by("title")
    page = Paginator(policies, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "applications/stage_policies.html", {"page_obj": page})


def _stage_post(request, policy, form, materials) -> bool:
    """Add a stage or save the materials; True when done (then redirect)."""
    user = request.user
    if "add" in request.POST and form.is_valid():
        data = form.cleaned_data
        if _run(form, lambda: services.stage_create(actor=user, policy=policy, data=data)):
            messages.success(request, _("Stage added."))
            return True
    if "materials_save" in request.POST and materials.is_valid():
        names = materials.cleaned_data["materials"].replace("，", ",").split(",")
        if _run(
            materials, lambda: services.setup_update(actor=user, policy=policy, materials=names)
        ):
            messages.success(request, _("Materials saved."))
            return True
    return False


@login_required
def stages(request, policy_pk: int):
    policy = _configurable_policy(request.user, policy_pk)
    owners = services.stages.owner_choices(policy.zone)
    form = StageForm(request.POST if "add" in request.POST else None, owners=owners)
    materials = MaterialsForm(
        request.POST if "materials_save" in request.POST else None,
        initial={"materials": ", ".join(services.required_materials(policy))},
    )
    if request.method == "POST" and _stage_post(request, policy, form, materials):
        return redirect("applications:stages", policy_pk=policy.pk)
    busy = Application.objects.filter(
        policy=policy, status__in=("in_review", "returned", "publication")
    ).count()
    return render(request, "applications/stages.html", {
        "policy": policy, "stages": policy.review_stages.select_related("owner_organisation"),
        "form": form, "materials_form": materials, "busy": busy,
    })  # fmt: skip


def _stage(user, pk: int) -> ReviewStage:
    stage = get_object_or_404(ReviewStage.objects.select_related("policy"), pk=pk)
    _configurable_policy(user, stage.policy_id)
    return stage


@login_required
def stage_edit(request, pk: int):
    stage = _stage(request.user, pk)
    initial = {f: getattr(stage, f) for f in services.stages.STAGE_FIELDS}
    owners = services.stages.owner_choices(stage.policy.zone)
    form = StageForm(request.POST or None, initial=initial, owners=owners)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            lambda: services.stage_update(actor=request.user, stage=stage, data=form.cleaned_data),
        )
    ):
        messages.success(request, _("Stage saved."))
        return redirect("applications:stages", policy_pk=stage.policy_id)
    return render(
        request,
        "applications/confirm.html",
        {
            "form": form,
            "title": _("Edit the stage %(name)s") % {"name": stage.name},
            "submit": _("Save"),
            "cancel_url": reverse("applications:stages", args=[stage.policy_id]),
        },
    )


@login_required
def stage_delete(request, pk: int):
    stage = _stage(request.user, pk)
    if request.method == "POST":
        try:
            services.stage_delete(actor=request.user, stage=stage)
            messages.success(request, _("Stage removed."))
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("applications:stages", policy_pk=stage.policy_id)
    return render(
        request,
        "applications/confirm.html",
        {
            "form": None,
            "danger": True,
            "title": _("Remove the stage %(name)s") % {"name": stage.name},
            "intro": _("The later stages move up one place."),
            "submit": _("Remove"),
            "cancel_url": reverse("applications:stages", args=[stage.policy_id]),
        },
    )


@login_required
@require_POST
def stage_move(request, pk: int):
    stage = _stage(request.user, pk)
    step = -1 if request.POST.get("direction") == "up" else 1
    _flash(request, lambda: services.stage_move(actor=request.user, stage=stage, step=step))
    return redirect("applications:stages", policy_pk=stage.policy_id)


# --- public notices (公示) -------------------------------------------------------------------


def notice_list(request):
    today = timezone.localdate()
    rows = selectors.notices_on(today)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "applications/notice_list.html", {"page_obj": page, "form": PublicObjectionForm()}
    )


@require_POST
def notice_object(request, pk: int):
    application = get_object_or_404(selectors.notices_on(timezone.localdate()), pk=pk)
    form = PublicObjectionForm(request.POST)
    if form.is_valid():
        done = _run(
            form,
            lambda: services.objection_lodge_public(
                application=application, ip=client_ip(request), **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, _("Your objection was received; the zone will answer it."))
            return redirect("applications:notice_list")
    rows = selectors.notices_on(timezone.localdate())
    page = Paginator(rows, PER_PAGE).get_page(1)
    return render(
        request,
        "applications/notice_list.html",
        {"page_obj": page, "form": form, "failed": application.pk},
    )
