"""Pages of the fund ledgers: the officials' funds desk (资金台账), one fund with its pace of
spending and its commitments, the forms that move money, and the enterprise's "已享受政策".

Thin: the services do the work and the checks; a refusal goes back onto the form. A role that
reads no funds gets 403; another zone's fund 404; an auditor reads but moves nothing (403).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gaoxin.core.excel import XLSX
from gaoxin.core.forms import run_on_form as _submit

from . import excel, pace, rules, selectors, services
from .forms import ClawbackForm, DisbursementForm, FundCreateForm, FundUpdateForm, ReleaseForm
from .models import Commitment, Fund

PER_PAGE = 20


def _readers(view: Callable) -> Callable:
    @login_required
    def wrapped(request, *args, **kwargs):
        if not rules.can_view_funds(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _fund(user, pk: int) -> Fund:
    return get_object_or_404(selectors.visible_funds(user), pk=pk)


def _managed(user, pk: int, commitment_pk: int) -> tuple[Fund, Commitment]:
    fund = _fund(user, pk)
    if not rules.can_manage_fund(user, fund):
        raise PermissionDenied
    commitment = get_object_or_404(fund.commitments.select_related("enterprise"), pk=commitment_pk)
    return fund, commitment


def _to_fund(fund: Fund, anchor: str = "#commitments"):
    return redirect(reverse("funds:fund_detail", args=[fund.pk]) + anchor)


def _row(fund: Fund) -> dict:
    percent = int(fund.committed * 100 / fund.budget) if fund.budget else 0
    return {"fund": fund, "percent": percent, "risk": pace.risk_of(fund)}


def _xlsx(write: Callable[[io.BytesIO], None], filename: str) -> HttpResponse:
    out = io.BytesIO()
    write(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@_readers
def fund_list(request):
    page = Paginator(selectors.fund_list(request.user), PER_PAGE).get_page(request.GET.get("page"))
    rows = [_row(fund) for fund in page.object_list]
    context = {
        "page_obj": page,
        "rows": rows,
        "can_create": rules.can_manage_fund(request.user),
    }
    return render(request, "funds/fund_list.html", context)


@_readers
def fund_list_export(request):
    funds = list(selectors.fund_list(request.user))
    services.export_recorded(actor=request.user, fund=None, rows=len(funds))
    return _xlsx(lambda out: excel.write_funds(funds, out), "funds.xlsx")


@_readers
def fund_detail(request, pk: int):
    fund = _fund(request.user, pk)
    entries = selectors.fund_entries(fund)
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        **_row(fund),
        "can_manage": rules.can_manage_fund(request.user, fund),
        "commitments": selectors.fund_commitments(fund),
        "page_obj": page,
        "chart": pace.pace_series(fund, fund.entries.only("kind", "amount", "created_at")),
        "risk_share": int(pace.RISK_SHARE * 100),
        "min_elapsed": int(pace.MIN_ELAPSED * 100),
    }
    return render(request, "funds/fund_detail.html", context)


@_readers
def fund_export(request, pk: int):
    fund = _fund(request.user, pk)
    commitments = list(selectors.fund_commitments(fund))
    entries = list(selectors.fund_entries(fund))
    services.export_recorded(actor=request.user, fund=fund, rows=len(commitments) + len(entries))
    return _xlsx(
        lambda out: excel.write_fund(commitments, entries, out),
        f"fund-{fund.policy_id}-{fund.year}.xlsx",
    )


def _fund_form_page(request, form, *, fund=None, **context) -> HttpResponse:
    pattern = services.default_fund_name("{title}", "{year}")
    return render(
        request,
        "funds/fund_form.html",
        {"form": form, "fund": fund, "name_pattern": pattern, **context},
    )


@_readers
def fund_create(request):
    """A new fund for one of the zone's policies (the zone's officials)."""
    if not rules.can_manage_fund(request.user):
        raise PermissionDenied
    policies = selectors.policies_for_funds(request.user)
    initial = {}
    if policy := policies.filter(pk=_int(request.GET.get("policy"))).first():
        year = timezone.localdate().year
        initial = {"policy": policy, "name": services.default_fund_name(policy.title, year)}
    form = FundCreateForm(request.POST or None, policies=policies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fund = _submit(
            form,
            lambda: services.fund_create(
                actor=request.user,
                policy=data["policy"],
                year=data["year"],
                budget=data["budget"],
                per_enterprise_cap=data["per_enterprise_cap"],
                name=data["name"],
            ),
        )
        if fund is not None:
            messages.success(request, _("The fund is created."))
            return redirect("funds:fund_detail", fund.pk)
    return _fund_form_page(request, form, title=_("New fund"), submit=_("Create the fund"))


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


@_readers
def fund_update(request, pk: int):
    """Rename a fund, change its budget or its cap; the floor of each is shown."""
    fund = _fund(request.user, pk)
    if not rules.can_manage_fund(request.user, fund):
        raise PermissionDenied
    initial = {
        "name": fund.name,
        "budget": fund.budget,
        "per_enterprise_cap": fund.per_enterprise_cap,
    }
    form = FundUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda: services.fund_update(actor=request.user, fund=fund, **form.cleaned_data),
        )
        if done is not None:
            messages.success(request, _("The fund is saved."))
            return redirect("funds:fund_detail", fund.pk)
    return _fund_form_page(
        request,
        form,
        fund=fund,
        largest=selectors.largest_enterprise_total(fund),
        title=_("Edit the fund"),
        submit=_("Save"),
    )


def _form_page(request, fund, commitment, form, **context) -> HttpResponse:
    return render(
        request,
        "funds/form.html",
        {
            "fund": fund,
            "commitment": commitment,
            "form": form,
            "cancel_url": reverse("funds:fund_detail", args=[fund.pk]) + "#commitments",
            **context,
        },
    )


@_readers
def disbursement_create(request, pk: int, commitment_pk: int):
    fund, commitment = _managed(request.user, pk, commitment_pk)
    form = DisbursementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda: services.disbursement_create(
                actor=request.user,
                commitment=commitment,
                amount=form.cleaned_data["amount"],
                reference=form.cleaned_data["reference"],
                idempotency_key=form.cleaned_data["idempotency_key"],
            ),
        )
        if done is not None:
            if done[1]:
                messages.success(request, _("The disbursement is recorded."))
            else:
                messages.info(
                    request,
                    _(
                        "This payment was already recorded (the form was sent twice); "
                        "nothing was paid again."
                    ),
                )
            return _to_fund(fund)
    return _form_page(
        request,
        fund,
        commitment,
        form,
        title=_("Record a disbursement"),
        submit=_("Record the disbursement"),
    )


@_readers
def commitment_release(request, pk: int, commitment_pk: int):
    fund, commitment = _managed(request.user, pk, commitment_pk)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda: services.commitment_release(
                actor=request.user,
                commitment=commitment,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if done is not None:
            messages.success(
                request, _("The commitment is released; the money is back in the fund.")
            )
            return _to_fund(fund)
    return _form_page(
        request,
        fund,
        commitment,
        form,
        title=_("Release the unpaid part"),
        intro=_(
            "The money released goes back to the fund's budget and will not be paid to the "
            "enterprise."
        ),
        submit=_("Yes, release"),
        danger=True,
    )


@_readers
def clawback_create(request, pk: int, commitment_pk: int):
    fund, commitment = _managed(request.user, pk, commitment_pk)
    form = ClawbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda: services.clawback_create(
                actor=request.user,
                commitment=commitment,
                amount=form.cleaned_data["amount"],
                reference=form.cleaned_data["reference"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if done is not None:
            messages.success(request, _("The claw-back is recorded."))
            return _to_fund(fund)
    return _form_page(
        request,
        fund,
        commitment,
        form,
        title=_("Claw back a payment"),
        intro=_(
            "Record money the enterprise paid back: it comes off what was paid and what is "
            "committed. The reason is kept in the audit trail."
        ),
        submit=_("Yes, claw back"),
        danger=True,
    )


@login_required
def enjoyed(request):
    """已享受政策: what the user's enterprise was committed and paid, per policy and year."""
    if not rules.can_view_enjoyed(request.user):
        raise PermissionDenied
    enterprise = getattr(request.user.organisation, "enterprise", None)
    if enterprise is None:
        commitments, payments = [], []
    else:
        commitments = list(selectors.commitments_of_enterprise(enterprise))
        payments = list(selectors.enjoyed_payments(enterprise))
    page = Paginator(payments, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "funds/enjoyed.html",
        {"enterprise": enterprise, "commitments": commitments, "page_obj": page},
    )
