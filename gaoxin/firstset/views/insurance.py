"""Pages of the insurance part: insurance policies (保单) — list, register, renew, correct,
verify, reject, proof, export — and premium-subsidy claims (start, change the policies); the
subsidy program's panel context."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gaoxin.accounts.choices import Role
from gaoxin.applications.choices import ApplicationStatus
from gaoxin.applications.rules import enterprise_of
from gaoxin.core.forms import run_on_form

from .. import selectors_insurance as sel
from .. import services_insurance as services
from ..choices import InsuranceStatus
from ..display import percent2
from ..estimator import EstimateInput, present
from ..forms_insurance import (
    ClaimPoliciesForm,
    ClaimStartForm,
    PolicyForm,
    ReasonForm,
    initial_from,
)
from ..models import InsurancePolicy, SubsidyClaim
from ._access import allowed_to

PER_PAGE = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _role(*roles):
    return lambda user: user.is_active and user.role in roles


readers = allowed_to(_role(*sel.READER_ROLES))
enterprise_only = allowed_to(_role(Role.ENTERPRISE_USER))
verifiers = allowed_to(_role(*sel.VERIFIER_ROLES))


def _policy(user, pk: int) -> InsurancePolicy:
    try:
        return sel.policy_get(user, pk)
    except InsurancePolicy.DoesNotExist as exc:
        raise Http404 from exc


def rate_text(policy: InsurancePolicy) -> str:
    """The premium rate (premium ÷ sum insured) as a percentage with two places: "2.50 %"."""
    return percent2(policy.rate)


def _with_rates(policies):
    for policy in policies:
        policy.rate_text = rate_text(policy)
    return policies


def _own_policy(user, pk: int) -> InsurancePolicy:
    policy = _policy(user, pk)
    if policy.enterprise != enterprise_of(user):
        raise Http404
    return policy


# --- policies ------------------------------------------------------------------------------


@readers
def insurance_list(request):
    policies = sel.policy_list(request.user, request.GET)
    page = Paginator(policies, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = _with_rates(list(page.object_list))
    context = {
        "page_obj": page,
        "statuses": InsuranceStatus.choices,
        "is_enterprise": request.user.role == Role.ENTERPRISE_USER,
        "q": request.GET.get("q", ""),
        "status": request.GET.get("status", ""),
    }
    return render(request, "firstset/insurance/list.html", context)


@readers
def insurance_export(request):
    from openpyxl import Workbook

    from gaoxin.core.excel import text_cell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Insurance policies"))
    heads = [
        _("Enterprise"),
        pgettext("firstset", "Qualification"),
        _("Insurer"),
        _("Policy number"),
    ]
    heads += [_("Starts on"), _("Ends on"), _("Sum insured (yuan)"), _("Premium (yuan)")]
    heads += [_("Rate"), _("Premium paid on"), _("Status")]
    sheet.append([text_cell(sheet, h, bold=True) for h in heads])
    for p in sel.policy_list(request.user, request.GET):
        sheet.append(
            [
                text_cell(sheet, p.enterprise.name),
                text_cell(sheet, p.qualification.number if p.qualification_id else ""),
                text_cell(sheet, p.insurer),
                text_cell(sheet, p.number),
                p.starts_on,
                p.ends_on,
                p.sum_insured,
                p.premium,
                round(p.rate, 6),
                p.paid_on,
                text_cell(sheet, p.get_status_display()),
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "insurance-policies.xlsx")
    return response


def _policy_form(request, *, initial=None):
    enterprise = enterprise_of(request.user)
    return PolicyForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        qualifications=sel.qualifications_of(enterprise),
        enterprise=enterprise,
    )


def _form_page(request, form, *, title, previous=None, policy=None):
    warning = None
    if (
        previous is not None
        and form.is_bound
        and form.is_valid()
        and services.is_break(previous, form.cleaned_data["starts_on"])
    ):
        warning = _break_warning(previous)
    context = {
        "form": form,
        "title": title,
        "previous": previous,
        "policy": policy,
        "warning": warning,
    }
    return render(request, "firstset/insurance/form.html", context)


def _break_warning(previous) -> str:
    return _(
        "This policy does not start on %(day)s, the day after policy %(number)s ends: the cover "
        "has a break, and the policy is treated as new (新保)."
    ) % {
        "day": (previous.ends_on + datetime.timedelta(days=1)).isoformat(),
        "number": previous.number,
    }


@enterprise_only
def insurance_create(request):
    form = _policy_form(request)
    if request.method == "POST" and form.is_valid():
        policy = run_on_form(
            form,
            lambda: services.policy_register(
                actor=request.user, data=form.policy_data(), proof=form.cleaned_data.get("proof")
            ),
        )
        if policy is not None:
            messages.success(
                request, _("Policy %(number)s registered.") % {"number": policy.number}
            )
            return redirect("firstset:insurance_detail", pk=policy.pk)
    return _form_page(request, form, title=_("Register an insurance policy"))


def _renewal_fits(policy: InsurancePolicy) -> bool:
    """The day after ``policy`` ends is still inside its qualification's window."""
    window = policy.qualification
    return window is None or policy.ends_on + datetime.timedelta(days=1) <= window.valid_to


@enterprise_only
def insurance_renew(request, pk: int):
    previous = _own_policy(request.user, pk)
    if not _renewal_fits(previous):
        messages.error(request, _("No renewal: the qualification's validity window ends with "
                                  "this policy, so no further period fits in it."))  # fmt: skip
        return redirect("firstset:insurance_detail", pk=previous.pk)
    form = _policy_form(request, initial=initial_from(previous, renewal=True))
    if request.method == "POST" and form.is_valid():
        policy = run_on_form(
            form,
            lambda: services.policy_register(
                actor=request.user,
                data=form.policy_data(),
                proof=form.cleaned_data.get("proof"),
                previous=previous,
            ),
        )
        if policy is not None:
            if services.is_break(previous, policy.starts_on):
                messages.warning(request, _break_warning(previous))
            messages.success(
                request, _("Renewal %(number)s registered.") % {"number": policy.number}
            )
            return redirect("firstset:insurance_detail", pk=policy.pk)
    title = _("Renew policy %(number)s") % {"number": previous.number}
    return _form_page(request, form, title=title, previous=previous)


@enterprise_only
def insurance_edit(request, pk: int):
    policy = _own_policy(request.user, pk)
    if policy.status not in services.EDITABLE:
        messages.error(request, _("A verified policy can no longer be changed."))
        return redirect("firstset:insurance_detail", pk=policy.pk)
    form = _policy_form(request, initial=initial_from(policy))
    if request.method == "POST" and form.is_valid():
        saved = run_on_form(
            form,
            lambda: services.policy_update(
                actor=request.user,
                policy=policy,
                data=form.policy_data(),
                proof=form.cleaned_data.get("proof"),
            ),
        )
        if saved is not None:
            messages.success(request, _("Policy %(number)s saved.") % {"number": saved.number})
            return redirect("firstset:insurance_detail", pk=saved.pk)
    title = _("Correct policy %(number)s") % {"number": policy.number}
    return _form_page(request, form, title=title, policy=policy, previous=policy.previous)


@readers
def insurance_detail(request, pk: int):
    policy = _policy(request.user, pk)
    user = request.user
    own = policy.enterprise == enterprise_of(user)
    policy.rate_text = rate_text(policy)
    renewed = InsurancePolicy.objects.filter(previous=policy).exists()
    fits = _renewal_fits(policy)
    context = {
        "policy": policy,
        "chain": sel.renewal_chain(policy),
        "renewal": InsurancePolicy.objects.filter(previous=policy).first(),
        "can_edit": own and policy.status in services.EDITABLE,
        "can_renew": own and not renewed and fits,
        "renew_blocked": own and not renewed and not fits,
        "can_verify": sel.can_verify(user, policy) and policy.status == InsuranceStatus.REGISTERED,
        "break": services.is_break(policy.previous, policy.starts_on),
        "claims": policy.claims.select_related("application"),
    }
    return render(request, "firstset/insurance/detail.html", context)


@readers
def insurance_proof(request, pk: int):
    policy = _policy(request.user, pk)
    if policy.proof_id is None:
        raise Http404
    services.proof_downloaded(actor=request.user, policy=policy)
    attachment = policy.proof
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@verifiers
def insurance_queue(request):
    page = Paginator(sel.verification_queue(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "firstset/insurance/queue.html", {"page_obj": page})


def _decision_page(request, pk: int, action: str):
    policy = _policy(request.user, pk)
    if not sel.can_verify(request.user, policy):
        raise Http404
    form = ReasonForm(request.POST or None)
    service = services.policy_verify if action == "verify" else services.policy_reject
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            form,
            lambda: service(actor=request.user, policy=policy, reason=form.cleaned_data["reason"]),
        )
        if done is not None:
            messages.success(request, _("Policy %(number)s: done.") % {"number": policy.number})
            return redirect("firstset:insurance_detail", pk=policy.pk)
    context = {"form": form, "policy": policy, "action": action}
    return render(request, "firstset/insurance/decide.html", context)


@verifiers
def insurance_verify(request, pk: int):
    return _decision_page(request, pk, "verify")


@verifiers
def insurance_reject(request, pk: int):
    return _decision_page(request, pk, "reject")


# --- claims --------------------------------------------------------------------------------


def _chosen_qualification(request, qualifications):
    raw = request.POST.get("qualification") or request.GET.get("qualification")
    if not raw or not str(raw).isdigit():
        return None
    return qualifications.filter(pk=int(raw)).first()


@enterprise_only
def claim_start(request):
    enterprise = enterprise_of(request.user)
    today = timezone.localdate()
    qualifications = sel.claimable_qualifications(enterprise, today)
    chosen = _chosen_qualification(request, qualifications)
    data = request.POST if request.method == "POST" else None
    form = ClaimStartForm(data, initial={"qualification": chosen}, qualifications=qualifications)
    policies_form = ClaimPoliciesForm(
        data, policies=sel.claimable_policies(chosen) if chosen else InsurancePolicy.objects.none()
    )
    if request.method == "POST" and form.is_valid() and policies_form.is_valid():
        claim = run_on_form(
            policies_form,
            lambda: services.claim_start(
                actor=request.user,
                qualification=form.cleaned_data["qualification"],
                policies=policies_form.cleaned_data["policies"],
            ),
        )
        if claim is not None:
            messages.success(request, _("Application %(number)s started: check it and submit it.")
                             % {"number": claim.application.number})  # fmt: skip
            return redirect("applications:edit", pk=claim.application.pk)
    claims = sel.claims_for(request.user).order_by("-application__created_at")
    context = {
        "form": form,
        "policies_form": policies_form,
        "chosen": chosen,
        "claims": claims,
        "blocked": [(q, why) for q, why in sel.claim_options(enterprise, today) if why],
    }
    return render(request, "firstset/insurance/claim_start.html", context)


@enterprise_only
def claim_edit(request, pk: int):
    try:
        claim = sel.claim_get(request.user, pk)
    except SubsidyClaim.DoesNotExist as exc:
        raise Http404 from exc
    editable = claim.application.status in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)
    form = ClaimPoliciesForm(
        request.POST or None,
        initial={"policies": list(claim.policies.all())},
        policies=sel.claimable_policies(claim.qualification, claim),
    )
    if request.method == "POST" and editable and form.is_valid():
        done = run_on_form(
            form,
            lambda: services.claim_update(
                actor=request.user, claim=claim, policies=form.cleaned_data["policies"]
            ),
        )
        if done is not None:
            messages.success(request, _("Policies of the application saved."))
            return redirect("applications:edit", pk=claim.application.pk)
    context = {"form": form, "claim": claim, "editable": editable}
    return render(request, "firstset/insurance/claim_edit.html", context)


# --- the subsidy program's panel ---------------------------------------------------------


def _result_view(trace: dict[str, Any] | None):
    """The rulebook result stored in ``trace``, shaped as the estimator's result partial reads."""
    if not trace or "case" not in trace or "policies" not in trace:
        return None
    case = trace["case"]
    data = EstimateInput(
        jurisdiction="CN",
        qualification=case.get("qualification"),
        policies=list(enumerate(case["policies"])),
    )
    view = present(data, {k: v for k, v in trace.items() if k not in ("case",)})
    numbers = dict(
        InsurancePolicy.objects.filter(pk__in=[p.get("id") for p in case["policies"]]).values_list(
            "pk", "number"
        )
    )
    for policy in view.policies:  # the policy number people know, not the row's id
        policy.id = (
            numbers.get(int(policy.id), policy.id) if str(policy.id).isdigit() else policy.id
        )
    return view


def claim_panel_context(application, user, today: datetime.date) -> dict[str, Any]:
    try:
        claim = application.firstset_claim
    except SubsidyClaim.DoesNotExist:
        return {"claim": None}
    q = claim.qualification
    version = application.current_version
    trace = application.decision_trace or (version.trace if version is not None else None)
    policies = list(claim.policies.order_by("starts_on", "id"))
    return {
        "claim": claim,
        "qualification": q,
        "days_left": max((q.valid_to - today).days, 0),
        "policies": policies,
        "policy_numbers": {str(p.pk): p.number for p in policies},
        "result": _result_view(trace),
        "can_change": (
            user.role == Role.ENTERPRISE_USER
            and application.status in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)
        ),
        "verifier": any(sel.can_verify(user, p) for p in policies[:1]),
        "edit_url": reverse("firstset:claim_edit", kwargs={"pk": claim.pk}),
    }
