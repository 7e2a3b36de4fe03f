"""The official's overview with its export, and the configuration of a policy's stages."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.core.excel import XLSX
from gaoxin.core.forms import run_on_form
from gaoxin.policies.choices import DeliveryMode
from gaoxin.policies.models import Policy

from .. import excel, rules, selectors, services
from ..choices import ApplicationStatus
from ..forms import (
    MaterialsForm,
    StageForm,
)
from ..models import Application, ReviewStage
from .common import PER_PAGE, flash_refusal

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
        if run_on_form(form, lambda: services.stage_create(actor=user, policy=policy, data=data)):
            messages.success(request, _("Stage added."))
            return True
    if "materials_save" in request.POST and materials.is_valid():
        names = materials.cleaned_data["materials"].replace("，", ",").split(",")
        if run_on_form(
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
        and run_on_form(
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
    flash_refusal(request, lambda: services.stage_move(actor=request.user, stage=stage, step=step))
    return redirect("applications:stages", policy_pk=stage.policy_id)
