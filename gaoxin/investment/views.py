"""Pages of the investment pipeline (招商): the lead list, a lead with its history and moves,
the signing and settling forms, the signings, the funnel, and their Excel exports.

Thin: selectors read, services write and check; a refusal goes back onto the form. A role
that reads no leads gets 403; a lead out of scope 404; a reader who does not work on leads
(the provincial reviewer) reads but moves nothing (403).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gaoxin.core.excel import XLSX
from gaoxin.core.forms import run_on_form
from gaoxin.enterprises.scoping import visible_enterprises

from . import excel, rules, selectors, services
from .choices import FUNNEL
from .forms import (
    FunnelFilterForm,
    LeadFilterForm,
    LeadForm,
    MoveForm,
    SettleForm,
    SigningFilterForm,
    SigningForm,
)
from .funnel import funnel
from .options import events_for, parks_for, segments_for
from .workflows import LEAD_WORKFLOW

PER_PAGE = 25


def _readers(view: Callable) -> Callable:
    @login_required
    def wrapped(request, *args, **kwargs):
        if not rules.can_view_leads(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _xlsx(write: Callable[[io.BytesIO], None], filename: str) -> HttpResponse:
    out = io.BytesIO()
    write(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def submit(form, call: Callable):
    """run_on_form, with the registry's field errors (ValidationError) put on the form."""
    try:
        return run_on_form(form, call)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
    return None


@_readers
def lead_list(request):
    user = request.user
    filters = LeadFilterForm(
        request.GET or None, parks=parks_for(user), segments=segments_for(user)
    )
    page = Paginator(selectors.lead_list(user, request.GET), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "filters": filters,
        "can_create": rules.can_work(user),
        "overdue": selectors.overdue(selectors.lead_list(user)).count(),
    }
    return render(request, "investment/lead_list.html", context)


@_readers
def lead_list_export(request):
    leads = list(selectors.lead_list(request.user, request.GET))
    services.export_recorded(actor=request.user, what="leads", rows=len(leads))
    return _xlsx(lambda out: excel.write_leads(leads, out), "investment-leads.xlsx")


def _lead_form(request, instance=None) -> LeadForm:
    user = request.user
    return LeadForm(
        request.POST or None,
        instance=instance,
        parks=parks_for(user),
        segments=segments_for(user),
        owners=services.owners_for(user, keep=getattr(instance, "owner", None)),
        enterprises=visible_enterprises(user).order_by("name"),
        initial={} if instance else {"owner": user},
    )


@_readers
def lead_create(request):
    if not rules.can_work(request.user):
        raise PermissionDenied
    form = _lead_form(request)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        lead = submit(form, lambda: services.lead_create(actor=request.user, data=data))
        if lead is not None:
            messages.success(request, _("The lead is recorded."))
            return redirect("investment:lead_detail", lead.pk)
    return render(
        request,
        "investment/lead_form.html",
        {"form": form, "title": _("New lead"), "submit": _("Record the lead")},
    )


@_readers
def lead_update(request, pk: int):
    lead = selectors.lead_get(request.user, pk)
    if not rules.can_work(request.user, lead):
        raise PermissionDenied
    form = _lead_form(request, instance=selectors.lead_get(request.user, pk))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        done = submit(form, lambda: services.lead_update(actor=request.user, lead=lead, data=data))
        if done is not None:
            messages.success(request, _("The lead is saved."))
            return redirect("investment:lead_detail", lead.pk)
    return render(
        request,
        "investment/lead_form.html",
        {"form": form, "lead": lead, "title": _("Edit the lead"), "submit": _("Save")},
    )


def _timeline(lead) -> list[dict]:
    stages = [*FUNNEL, "dropped"]
    return [
        {"status": s, "label": LEAD_WORKFLOW.state_label(s), "on": getattr(lead, f"{s}_on")}
        for s in stages
        if getattr(lead, f"{s}_on") or s in FUNNEL
    ]


@_readers
def lead_detail(request, pk: int):
    lead = selectors.lead_get(request.user, pk)
    can_work = rules.can_work(request.user, lead)
    context = {
        "lead": lead,
        "timeline": _timeline(lead),
        "moves": selectors.lead_moves(lead),
        "transitions": LEAD_WORKFLOW.allowed_from(lead.status) if can_work else [],
        "can_work": can_work,
        "signing": getattr(lead, "signing", None) if lead.signed_on else None,
    }
    return render(request, "investment/lead_detail.html", context)


def _move_form(request, lead, name: str):
    user = request.user
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    if name == "sign":
        return SigningForm(
            data,
            files,
            segments=segments_for(user),
            parks=parks_for(user),
            events=events_for(user),
            initial={"segment": lead.segment, "park": lead.park},
        )
    if name == "settle":
        return SettleForm(data, initial={"uscc": lead.uscc})
    return MoveForm(data)


def _apply(request, lead, name: str, form):
    data = form.cleaned_data
    common = {
        "actor": request.user,
        "lead": lead,
        "note": data["note"],
        "next_follow_up": data["next_follow_up"],
    }
    if name == "sign":
        return services.lead_sign(
            **common,
            signed_on=data["signed_on"],
            amount=data["amount"],
            segment=data["segment"],
            park=data["park"],
            event=data["event"],
            agreement=data["agreement"],
        )
    if name == "settle":
        return services.lead_settle(**common, uscc=data["uscc"])
    return services.lead_transition(**common, name=name)


@_readers
def lead_move(request, pk: int, name: str):
    """One move of the lead (visit, negotiate, sign, settle, produce, drop, reopen)."""
    lead = selectors.lead_get(request.user, pk)
    if not rules.can_work(request.user, lead):
        raise PermissionDenied
    if name not in {t.name for t in LEAD_WORKFLOW.transitions}:
        raise Http404
    transition = LEAD_WORKFLOW.transition(name)
    form = _move_form(request, lead, name)
    if request.method == "POST" and form.is_valid():
        done = submit(form, lambda: _apply(request, lead, name, form))
        if done is not None:
            messages.success(
                request,
                _("Done: %(move)s. The lead is now “%(state)s”.")
                % {"move": transition.label, "state": LEAD_WORKFLOW.state_label(transition.target)},
            )
            return redirect("investment:lead_detail", lead.pk)
    allowed = LEAD_WORKFLOW.can(lead.status, name)
    context = {
        "lead": lead,
        "form": form,
        "transition": transition,
        "allowed": allowed,
        "danger": name == "drop",
        "multipart": name == "sign",
    }
    return render(request, "investment/move_form.html", context)


@_readers
def agreement_download(request, pk: int):
    signing = selectors.signing_get(request.user, pk)
    if not signing.agreement:
        raise Http404
    services.agreement_downloaded(actor=request.user, signing=signing)
    name = signing.agreement_name or f"agreement{signing.agreement_extension}"
    return FileResponse(signing.agreement.open("rb"), as_attachment=True, filename=name)


def _signing_filters(request) -> SigningFilterForm:
    user = request.user
    return SigningFilterForm(
        request.GET or None,
        events=events_for(user),
        parks=parks_for(user),
        segments=segments_for(user),
    )


@_readers
def signing_list(request):
    signings = selectors.signing_list(request.user, request.GET)
    page = Paginator(signings, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "filters": _signing_filters(request),
        "totals": selectors.signing_totals(signings),
    }
    return render(request, "investment/signing_list.html", context)


@_readers
def signing_list_export(request):
    signings = list(selectors.signing_list(request.user, request.GET))
    services.export_recorded(actor=request.user, what="signings", rows=len(signings))
    return _xlsx(lambda out: excel.write_signings(signings, out), "signings.xlsx")


def _funnel_rows(request) -> list[dict]:
    filters = {k: request.GET.get(k) for k in ("park", "segment")}
    rows = funnel(selectors.lead_list(request.user, filters))
    base = reverse("investment:lead_list")
    extra = "".join(f"&{k}={v}" for k, v in filters.items() if v and str(v).isdigit())
    for row in rows:
        row["link"] = f"{base}?status={row['status']}{extra}"
    return rows


@_readers
def funnel_page(request):
    user = request.user
    rows = _funnel_rows(request)
    chart = [{"name": r["label"], "value": r["reached"]} for r in rows]
    context = {
        "rows": rows,
        "chart": chart,
        "filters": FunnelFilterForm(
            request.GET or None, parks=parks_for(user), segments=segments_for(user)
        ),
    }
    return render(request, "investment/funnel.html", context)


@_readers
def funnel_export(request):
    rows = _funnel_rows(request)
    services.export_recorded(actor=request.user, what="funnel", rows=len(rows))
    return _xlsx(lambda out: excel.write_funnel(rows, out), "investment-funnel.xlsx")
