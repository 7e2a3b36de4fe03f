"""Pages of the declarations-and-qualifications part: equipment declarations (装备申报), the
qualification request (资格审定申请) started from an open round, the qualifications with their
cap ledger, and the public results (资格审定结果公布)."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gaoxin.applications.rules import enterprise_of
from gaoxin.core.forms import run_on_form

from .. import rules
from .. import selectors_qualifications as sel
from .. import services_qualifications as svc
from ..choices import DeclarationStatus, QualificationStatus
from ..excel_qualifications import write_qualifications
from ..forms_qualifications import (
    ConfirmForm,
    DeclarationForm,
    EntryChoiceForm,
    EvidenceForm,
    RequestForm,
    RevokeForm,
)
from ..models import CatalogEntry, DeclarationEvidence, QualificationRequest, Round
from ._access import allowed_to

PER_PAGE = 20


def _page(request, qs):
    return Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))


def _can_reverse(name: str, *args) -> bool:
    try:
        reverse(name, args=args)
    except NoReverseMatch:
        return False
    return True


# --- declarations --------------------------------------------------------------------------


@allowed_to(rules.can_view_declarations)
def declaration_list(request):
    qs = sel.declaration_list(request.user, request.GET)
    context = {
        "page_obj": _page(request, qs),
        "statuses": DeclarationStatus.choices,
        "can_declare": rules.can_declare(request.user),
        "filtered": any(request.GET.get(k) for k in ("q", "status")),
    }
    return render(request, "firstset/qualifications/declaration_list.html", context)


@allowed_to(rules.can_declare)
def declaration_create(request):
    chooser = EntryChoiceForm(request.GET or None)
    entry = chooser.cleaned_data["entry"] if chooser.is_bound and chooser.is_valid() else None
    if entry is None:
        return render(
            request, "firstset/qualifications/declaration_form.html", {"chooser": chooser}
        )
    enterprise = enterprise_of(request.user)
    form = DeclarationForm(request.POST or None, entry=entry, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        declaration = run_on_form(
            form,
            lambda: svc.declaration_create(
                actor=request.user, entry=entry, data=form.data_for_service()
            ),
        )
        if declaration is not None:
            messages.success(request, _("Declaration saved. Upload its evidence next."))
            return redirect("firstset:declaration_detail", pk=declaration.pk)
    return render(
        request,
        "firstset/qualifications/declaration_form.html",
        {"form": form, "entry": entry, "chooser": chooser},
    )


@allowed_to(rules.can_declare)
def declaration_update(request, pk: int):
    declaration = sel.declaration_get(request.user, pk)
    if declaration.status != DeclarationStatus.DRAFT:
        messages.error(request, _("Only a draft declaration can be changed."))
        return redirect("firstset:declaration_detail", pk=pk)
    form = DeclarationForm(
        request.POST or None,
        entry=declaration.entry,
        enterprise=declaration.enterprise,
        exclude=declaration.pk,
        initial=DeclarationForm.initial_for(declaration),
    )
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            form,
            lambda: svc.declaration_update(
                actor=request.user, declaration=declaration, data=form.data_for_service()
            ),
        )
        if done is not None:
            messages.success(request, _("Declaration saved."))
            return redirect("firstset:declaration_detail", pk=pk)
    context = {"form": form, "entry": declaration.entry, "declaration": declaration}
    return render(request, "firstset/qualifications/declaration_form.html", context)


@allowed_to(rules.can_declare)
def declaration_check(request, pk: int):
    """HTMX: the live check of the values being typed for entry ``pk`` (nothing saved)."""
    entry = get_object_or_404(CatalogEntry, pk=pk, edition__is_current=True)
    form = DeclarationForm(request.POST or None, entry=entry, enterprise=None)
    form.is_valid()
    values = {i.name: form.cleaned_data.get(form.key(i)) for i in form.indicators}
    values = {name: value for name, value in values.items() if value is not None}
    result = svc.check_values(entry, values)[1]
    return render(request, "firstset/qualifications/_live_check.html", {"result": result})


@allowed_to(rules.can_view_declarations)
def declaration_detail(request, pk: int):
    declaration = sel.declaration_get(request.user, pk)
    own = rules.can_declare(request.user)
    editable = own and declaration.status == DeclarationStatus.DRAFT
    context = {
        "declaration": declaration,
        "rows": (declaration.check_result or {}).get("indicators", []),
        "evidence": declaration.evidence.select_related("attachment"),
        "evidence_form": EvidenceForm() if editable else None,
        "editable": editable,
        "requests": declaration.requests.select_related("application", "round"),
        "qualifications": declaration.qualifications.all(),
        "covered_by": sel.covering_qualification(declaration),
    }
    return render(request, "firstset/qualifications/declaration_detail.html", context)


@allowed_to(rules.can_declare)
def declaration_delete(request, pk: int):
    declaration = sel.declaration_get(request.user, pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            form, lambda: svc.declaration_delete(actor=request.user, declaration=declaration)
        )
        if done is None and not form.errors:
            messages.success(request, _("Declaration deleted."))
            return redirect("firstset:declaration_list")
    context = {"declaration": declaration, "form": form}
    return render(request, "firstset/qualifications/declaration_confirm_delete.html", context)


@require_POST
@allowed_to(rules.can_declare)
def evidence_add(request, pk: int):
    declaration = sel.declaration_get(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        done = run_on_form(
            form,
            lambda: svc.evidence_add(
                actor=request.user, declaration=declaration, kind=data["kind"], upload=data["file"]
            ),
        )
        if done is not None:
            messages.success(request, _("File uploaded."))
            return redirect("firstset:declaration_detail", pk=pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("firstset:declaration_detail", pk=pk)


@allowed_to(rules.can_declare)
def evidence_remove(request, pk: int, evidence_pk: int):
    declaration = sel.declaration_get(request.user, pk)
    evidence = get_object_or_404(DeclarationEvidence, pk=evidence_pk, declaration=declaration)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        done = run_on_form(form, lambda: svc.evidence_remove(actor=request.user, evidence=evidence))
        if done is None and not form.errors:
            messages.success(request, _("File removed."))
            return redirect("firstset:declaration_detail", pk=pk)
    context = {"declaration": declaration, "evidence": evidence, "form": form}
    return render(request, "firstset/qualifications/evidence_confirm_remove.html", context)


# --- qualification requests ----------------------------------------------------------------


def _request_form(request, enterprise, include=(), **kwargs) -> RequestForm:
    declarations = sel.eligible_declarations(enterprise, include=include)
    return RequestForm(request.POST or None, declarations=declarations, **kwargs)


@allowed_to(rules.can_declare)
def qualification_apply(request):
    enterprise = enterprise_of(request.user)
    rounds = sel.open_rounds()
    context = {
        "rounds": rounds,
        "form": _request_form(request, enterprise),
        "has_declarations": sel.eligible_declarations(enterprise).exists(),
    }
    return render(request, "firstset/qualifications/apply.html", context)


@require_POST
@allowed_to(rules.can_declare)
def qualification_request_start(request):
    enterprise = enterprise_of(request.user)
    rounds = sel.open_rounds()
    round_ = next((r for r in rounds if str(r.pk) == request.POST.get("round")), None)
    form = _request_form(request, enterprise)
    if round_ is None:
        form.add_error(None, _("Round: choose a round that takes applications."))
    elif form.is_valid():
        created = run_on_form(
            form,
            lambda: svc.request_start(
                actor=request.user, round_=round_, data=form.data_for_service()
            ),
        )
        if created is not None:
            messages.success(request, _("Application started: upload its materials and submit."))
            return redirect("applications:edit", pk=created.application.pk)
    context = {"rounds": rounds, "form": form, "has_declarations": True, "chosen": round_}
    return render(request, "firstset/qualifications/apply.html", context, status=200)


@allowed_to(rules.can_declare)
def qualification_request_edit(request, pk: int):
    enterprise = enterprise_of(request.user)
    qr = QualificationRequest.objects.filter(pk=pk, application__enterprise=enterprise).first()
    if qr is None:
        raise Http404
    current = list(qr.declarations.values_list("pk", flat=True))
    initial = {
        "declarations": current,
        "support_mode": qr.support_mode,
        "quantity": qr.quantity,
        "declared_value": qr.declared_value,
        "expected_premium": qr.expected_premium,
    }
    form = _request_form(request, enterprise, include=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            form,
            lambda: svc.request_update(
                actor=request.user, request=qr, data=form.data_for_service()
            ),
        )
        if done is not None:
            messages.success(request, _("Request saved."))
            return redirect("applications:edit", pk=qr.application.pk)
    context = {"form": form, "qr": qr}
    return render(request, "firstset/qualifications/request_form.html", context)


# --- qualifications ------------------------------------------------------------------------


def _rows(qualifications, today):
    return [
        {
            "q": q,
            "status": sel.display_status(q, today),
            "days_left": sel.days_left(q, today),
            "at_risk": sel.at_risk(q, today),
        }
        for q in qualifications
    ]


@allowed_to(rules.can_view_qualifications)
def qualification_list(request):
    today = timezone.localdate()
    page_obj = _page(request, sel.qualification_list(request.user, request.GET, today))
    context = {
        "page_obj": page_obj,
        "rows": _rows(page_obj.object_list, today),
        "rounds": sel.rounds_with_qualifications(),
        "statuses": [
            (QualificationStatus.QUALIFIED, QualificationStatus.QUALIFIED.label),
            ("expired", _("Expired")),
            (QualificationStatus.REVOKED, QualificationStatus.REVOKED.label),
        ],
        "filtered": any(request.GET.get(k) for k in ("q", "status", "round")),
        "can_declare": rules.can_declare(request.user),
    }
    return render(request, "firstset/qualifications/qualification_list.html", context)


@allowed_to(rules.can_view_qualifications)
def qualification_export(request):
    today = timezone.localdate()
    qs = sel.qualification_list(request.user, request.GET, today)
    out = io.BytesIO()
    write_qualifications(_rows(qs, today), out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="qualifications.xlsx"'
    return response


@allowed_to(rules.can_view_qualifications)
def qualification_detail(request, pk: int):
    today = timezone.localdate()
    qualification = sel.qualification_get(request.user, pk)
    context = {
        "row": _rows([qualification], today)[0],
        "q": qualification,
        "entries": qualification.cap_entries.select_related("actor", "claim"),
        "policies": qualification.policies.all(),
        "claims": qualification.claims.select_related("application"),
        "can_revoke": svc.can_revoke(request.user, qualification)
        and qualification.status == QualificationStatus.QUALIFIED,
        "has_certificates": _can_reverse("firstset:certificate", qualification.pk),
        "can_view_declarations": rules.can_view_declarations(request.user),
        **_claim_context(request.user, qualification, today),
    }
    return render(request, "firstset/qualifications/qualification_detail.html", context)


def _claim_context(user, qualification, today) -> dict:
    """Links to the policies (for those who read them) and, for the enterprise's own users with
    verified policies not claimed yet, the way to apply for the premium subsidy."""
    from gaoxin.applications.rules import enterprise_of

    from .. import selectors_insurance as insurance
    from ..choices import InsuranceStatus

    own = enterprise_of(user) == qualification.enterprise
    can_claim = (
        own
        and insurance.subsidy_blocker(qualification, today) is None
        and insurance.claimable_policies(qualification)
        .filter(status=InsuranceStatus.VERIFIED)
        .exists()
    )
    return {
        "can_open_policies": user.role in insurance.READER_ROLES,
        "can_claim": can_claim,
    }


@allowed_to(rules.can_view_qualifications)
def qualification_revoke(request, pk: int):
    qualification = sel.qualification_get(request.user, pk)
    if not svc.can_revoke(request.user, qualification):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            form,
            lambda: svc.qualification_revoke(
                actor=request.user,
                qualification=qualification,
                reason=form.cleaned_data["reason"],
            ),
        )
        if done is not None:
            messages.success(request, _("Qualification revoked."))
            return redirect("firstset:qualification_detail", pk=pk)
    context = {"q": qualification, "form": form}
    return render(request, "firstset/qualifications/qualification_revoke.html", context)


# --- public results ------------------------------------------------------------------------


def _results_context(rounds) -> dict:
    return {
        "rounds": [(r, sel.public_results(r)) for r in rounds],
        "all_rounds": sel.published_rounds(),
        "has_verify": _can_reverse("firstset:verify"),
    }


def results(request):
    rounds = list(sel.published_rounds())
    return render(request, "firstset/qualifications/results.html", _results_context(rounds))


def results_year(request, year: int):
    round_ = Round.objects.filter(year=year, results_published_on__isnull=False).first()
    if round_ is None:
        raise Http404
    context = {**_results_context([round_]), "year": year}
    return render(request, "firstset/qualifications/results.html", context)
