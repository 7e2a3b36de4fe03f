"""Catalog revision proposals (目录修订建议): the enterprise proposes, officials of its zone and
reviewers of its province read, comment, collect or decline, and export them."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from gaoxin.core.excel import XLSX, text_cell
from gaoxin.core.forms import run_on_form

from .. import rules
from ..forms_proposals import ProposalFilterForm, ProposalForm, ProposalReviewForm
from ..services_proposals import (
    current_edition,
    current_indicator,
    proposal_create,
    proposal_list,
    proposal_review,
    proposals_for,
    proposed_display,
)
from ._access import allowed_to

PER_PAGE = 20

_reader = allowed_to(rules.can_read_proposals)
_proposer = allowed_to(rules.can_propose)
_reviewer = allowed_to(rules.can_review_proposals)


def _filtered(request):
    form = ProposalFilterForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    rows = proposal_list(request.user, status=data.get("status", ""), kind=data.get("kind", ""))
    return form, rows


@_reader
def proposal_list_view(request):
    form, rows = _filtered(request)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filter_form": form,
        "page_obj": page,
        "can_propose": rules.can_propose(request.user),
        "can_export": rules.can_review_proposals(request.user),
    }
    return render(request, "firstset/proposals/list.html", context)


@_proposer
def proposal_create_view(request):
    edition = current_edition()
    form = ProposalForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        proposal = run_on_form(
            form, lambda: proposal_create(actor=request.user, data=form.service_data())
        )
        if proposal is not None:
            messages.success(request, _("Your proposal was sent to the officials."))
            return redirect("firstset:proposal_detail", pk=proposal.pk)
    return render(request, "firstset/proposals/form.html", {"form": form, "edition": edition})


def _proposal(user, pk):
    proposal = proposals_for(user).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


@_reader
def proposal_detail_view(request, pk):
    proposal = _proposal(request.user, pk)
    context = {
        "proposal": proposal,
        "indicator": current_indicator(proposal),
        "proposed": proposed_display(proposal),
        "can_review": rules.can_review_proposals(request.user) and proposal.status == "submitted",
    }
    return render(request, "firstset/proposals/detail.html", context)


@_reviewer
def proposal_review_view(request, pk):
    proposal = _proposal(request.user, pk)
    form = ProposalReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            form,
            lambda: proposal_review(
                actor=request.user,
                proposal=proposal,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            ),
        )
        if done is not None:
            messages.success(request, _("The proposal was reviewed."))
            return redirect("firstset:proposal_detail", pk=proposal.pk)
    context = {
        "proposal": proposal,
        "indicator": current_indicator(proposal),
        "proposed": proposed_display(proposal),
        "form": form,
    }
    return render(request, "firstset/proposals/review.html", context)


EXPORT_COLUMNS = (
    (gettext_lazy("Enterprise"), 30),
    (gettext_lazy("Kind"), 14),
    (gettext_lazy("Catalog entry"), 30),
    (gettext_lazy("Indicator"), 20),
    (gettext_lazy("Current threshold"), 16),
    (gettext_lazy("Proposed threshold"), 16),
    (gettext_lazy("Unit"), 10),
    (gettext_lazy("Justification"), 50),
    (gettext_lazy("Status"), 16),
    (gettext_lazy("Comment"), 40),
)


def _export_row(sheet, proposal) -> list:
    indicator = current_indicator(proposal)
    entry = proposal.entry or f"{proposal.field_name} · {proposal.equipment_name}"
    values = [
        proposal.enterprise.name,
        proposal.get_kind_display(),
        entry,
        proposal.indicator_name,
        f"{indicator.sign} {indicator.threshold_display}" if indicator else "",
        proposed_display(proposal),
        proposal.unit,
        proposal.justification,
        proposal.get_status_display(),
        proposal.comment,
    ]
    return [text_cell(sheet, str(value)) for value in values]


@_reviewer
def proposal_export_view(request):
    _form, rows = _filtered(request)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Catalog proposals"))
    for index, (_name, width) in enumerate(EXPORT_COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, str(name), bold=True) for name, _width in EXPORT_COLUMNS])
    for proposal in rows:
        sheet.append(_export_row(sheet, proposal))
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "catalog-proposals.xlsx")
    return response
