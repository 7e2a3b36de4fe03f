"""The enterprise's desk (我的申报) and its generated application form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.core.forms import run_on_form
from gaoxin.policies.choices import DeliveryMode
from gaoxin.policies.models import Policy

from .. import rules, selectors, services
from ..factsheet import build_sheet, explain
from ..forms import (
    MaterialForm,
    WithdrawForm,
)
from ..models import ApplicationMaterial
from ..programs import program_for
from .common import PER_PAGE, flash_refusal, own_application

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
    application = flash_refusal(
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


def _edit_context(application, typed, errors=None, user=None) -> dict:
    today = timezone.localdate()
    version = services.version_for(application.policy, today)
    program = program_for(application.policy)
    if program is not None:
        sheet, trace, amount = None, None, None
    else:
        sheet = build_sheet(version, application.enterprise, typed, today)
        for row in sheet.rows:
            if errors and row.key in errors:
                row.error = errors[row.key]
        trace, amount = explain(version, sheet.facts)
    return {
        "application": application,
        "program": program,
        "program_context": program.context(application, user) if program else None,
        "program_mode": "edit",
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
    application = own_application(request.user, pk)
    if not rules.can_edit(request.user, application):
        return redirect("applications:detail", pk=application.pk)
    try:
        context = _edit_context(
            application, services.typed_facts_of(application), user=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("applications:mine")
    if request.method == "POST":
        sheet = context["sheet"]
        typed = _typed_from(request, [r.key for r in sheet.rows]) if sheet else {}
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
                application,
                merged,
                {exc.field: exc.message} if exc.field else None,
                user=request.user,
            )
            context["error"] = exc.message
    return render(request, "applications/edit.html", context)


@login_required
@require_POST
def material_add(request, pk: int):
    application = own_application(request.user, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        done = flash_refusal(
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
    application = own_application(request.user, pk)
    material = get_object_or_404(ApplicationMaterial, pk=material_pk, application=application)
    flash_refusal(request, lambda: services.material_remove(actor=request.user, material=material))
    return redirect(reverse("applications:edit", args=[application.pk]) + "#materials")


@login_required
def withdraw(request, pk: int):
    application = own_application(request.user, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
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
