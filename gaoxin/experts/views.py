"""Pages of the expert pool, the draws, the scoring sheets and an expert's own score sheets.

Thin: the services check and write; a DomainError goes back onto the form. Wrong role → 403;
another zone's expert, draw or policy → 404.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gaoxin.core.excel import XLSX
from gaoxin.core.forms import run_on_form as _submit
from gaoxin.enterprises.scoping import visible_enterprises
from gaoxin.firstset.display import is_chinese

from . import rules, selectors, services
from .forms import ExpertForm, ReasonForm, ScoreForm, SheetForm, TieForm, items_as_text
from .models import Expert, ExpertTie, ScoreSheet

PER_PAGE = 20


def _guard(check: Callable) -> Callable:
    def decorator(view: Callable) -> Callable:
        @login_required
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorator


pool_readers = _guard(rules.can_view_pool)
officials = _guard(rules.can_manage_pool)
draw_readers = _guard(rules.can_view_draws)


def _expert(user, pk: int) -> Expert:
    return get_object_or_404(selectors.visible_experts(user), pk=pk)


def _form_page(request, form, *, title: str, submit: str, cancel_url: str, **extra):
    context = {"form": form, "title": title, "submit": submit, "cancel_url": cancel_url, **extra}
    return render(request, "experts/form.html", context)


# --- the pool --------------------------------------------------------------------------------


@pool_readers
def expert_list(request):
    q = request.GET.get("q", "").strip()
    field = request.GET.get("field", "").strip()
    active = request.GET.get("active", "")
    experts = selectors.expert_search(request.user, q=q, field=field, active=active)
    page = Paginator(experts, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "q": q,
        "field": field,
        "active": active,
        "known_fields": selectors.known_fields(request.user),
        "can_manage": rules.can_manage_pool(request.user),
    }
    return render(request, "experts/expert_list.html", context)


@pool_readers
def expert_export(request):
    experts = selectors.expert_search(
        request.user,
        q=request.GET.get("q", "").strip(),
        field=request.GET.get("field", "").strip(),
        active=request.GET.get("active", ""),
    )
    out = io.BytesIO()
    services.pool_export(actor=request.user, experts=experts, out=out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "expert-pool.xlsx")
    return response


@pool_readers
def expert_detail(request, pk: int):
    expert = _expert(request.user, pk)
    ties = expert.ties.select_related("enterprise")
    sheets = expert.assignments.select_related("draw", "draw__policy", "draw__enterprise")
    context = {
        "expert": expert,
        "ties": ties,
        "sheets": sheets.order_by("-draw__drawn_at")[:20],
        "can_manage": rules.can_manage_expert(request.user, expert),
    }
    return render(request, "experts/expert_detail.html", context)


@officials
def expert_create(request):
    zone = rules.user_zone(request.user)
    form = ExpertForm(request.POST or None, zone=zone)
    if request.method == "POST" and form.is_valid():
        expert = _submit(
            form,
            lambda: services.expert_create(actor=request.user, zone=zone, data=form.cleaned_data),
        )
        if expert is not None:
            messages.success(request, _("%(name)s added to the pool.") % {"name": expert.name})
            return redirect("experts:expert_detail", pk=expert.pk)
    return _form_page(
        request,
        form,
        title=_("Add an expert"),
        submit=_("Add"),
        cancel_url=reverse("experts:expert_list"),
    )


@officials
def expert_update(request, pk: int):
    expert = _expert(request.user, pk)
    form = ExpertForm(request.POST or None, initial=ExpertForm.initial_of(expert), zone=expert.zone)
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda: services.expert_update(
                actor=request.user, expert=expert, data=form.cleaned_data
            ),
        )
        if done is not None:
            messages.success(request, _("Saved."))
            return redirect("experts:expert_detail", pk=expert.pk)
    return _form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": expert.name},
        submit=_("Save"),
        cancel_url=reverse("experts:expert_detail", args=[expert.pk]),
        expert=expert,
    )


@officials
def tie_create(request, pk: int):
    expert = _expert(request.user, pk)
    enterprises = visible_enterprises(request.user).order_by("name")
    form = TieForm(request.POST or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        tie = _submit(
            form,
            lambda: services.tie_create(actor=request.user, expert=expert, **form.cleaned_data),
        )
        if tie is not None:
            messages.success(request, _("Tie declared."))
            return redirect("experts:expert_detail", pk=expert.pk)
    return _form_page(
        request,
        form,
        title=_("Declare a tie of %(name)s") % {"name": expert.name},
        submit=_("Declare"),
        cancel_url=reverse("experts:expert_detail", args=[expert.pk]),
        expert=expert,
        intro=_("The expert is never drawn for an enterprise he has a declared tie with."),
    )


@officials
def tie_delete(request, pk: int, tie_pk: int):
    expert = _expert(request.user, pk)
    tie = get_object_or_404(
        ExpertTie.objects.select_related("enterprise"), pk=tie_pk, expert=expert
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda: (
                services.tie_delete(actor=request.user, tie=tie, reason=form.cleaned_data["reason"])
                or True
            ),
        )
        if done:
            messages.success(request, _("Tie removed."))
            return redirect("experts:expert_detail", pk=expert.pk)
    return _form_page(
        request,
        form,
        title=_("Remove the tie of %(name)s with %(enterprise)s?")
        % {"name": expert.name, "enterprise": tie.enterprise.name},
        submit=_("Remove"),
        cancel_url=reverse("experts:expert_detail", args=[expert.pk]),
        expert=expert,
        danger=True,
        intro=_("Once removed, the expert may be drawn for this enterprise again."),
    )


# --- draws -----------------------------------------------------------------------------------


def draw_context(draw) -> dict:
    """What the draw page and ``experts/_draw_summary.html`` show."""
    experts = {e.pk: e for e in Expert.objects.filter(pk__in=[*draw.pool, *draw.drawn])}
    return {
        "draw": draw,
        "assignments": draw.assignments.select_related("expert", "recorded_by"),
        "aggregate": services.aggregate(draw),
        "pool_experts": [experts[pk] for pk in draw.pool if pk in experts],
        "drawn_experts": [experts[pk] for pk in draw.drawn if pk in experts],
        "replayed_same": services.draw_replay(draw) == list(draw.drawn),
    }


@draw_readers
def draw_detail(request, pk: int):
    draw = get_object_or_404(selectors.visible_draws(request.user), pk=pk)
    context = draw_context(draw)
    context["can_record"] = rules.is_official_of(request.user, draw.policy.zone)
    return render(request, "experts/draw_detail.html", context)


# --- score sheets ----------------------------------------------------------------------------


@login_required
def mine(request):
    pending = selectors.assignments_for_user(request.user)
    done = Paginator(selectors.done_for_user(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    is_expert = Expert.objects.filter(user=request.user).exists()
    context = {"pending": pending, "page_obj": done, "is_expert": is_expert}
    return render(request, "experts/mine.html", context)


@login_required
def assignment_score(request, pk: int):
    assignment = selectors.scorable_assignment(request.user, pk)
    if assignment is None:
        raise Http404
    if not rules.can_score(request.user, assignment):
        raise PermissionDenied
    items = assignment.draw.sheet_items
    form = ScoreForm(request.POST or None, items=items, chinese=is_chinese())
    if request.method == "POST" and not assignment.is_submitted and form.is_valid():
        done = _submit(
            form,
            lambda: services.score_submit(
                actor=request.user,
                assignment=assignment,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            ),
        )
        if done is not None:
            messages.success(request, _("Scores submitted."))
            return redirect(_after_score(request.user, assignment))
    context = {"form": form, "assignment": assignment, "items": items}
    return render(request, "experts/score_form.html", context)


def _after_score(user, assignment) -> str:
    if assignment.expert.user_id == user.pk:
        return reverse("experts:mine")
    return reverse("experts:draw_detail", args=[assignment.draw_id])


# --- scoring sheets per policy ---------------------------------------------------------------


@officials
def sheet_list(request):
    policies = selectors.sheet_policies(request.user).select_related("score_sheet")
    page = Paginator(policies, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "experts/sheet_list.html", {"page_obj": page})


@officials
def sheet_edit(request, policy_id: int):
    policy = get_object_or_404(selectors.sheet_policies(request.user), pk=policy_id)
    sheet = ScoreSheet.objects.filter(policy=policy).first()
    initial = {}
    if sheet is not None:
        initial = {
            "items": items_as_text(sheet.items),
            "disagreement_threshold": sheet.disagreement_threshold,
        }
    form = SheetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _submit(
            form,
            lambda: services.sheet_save(actor=request.user, policy=policy, **form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, _("Scoring sheet saved."))
            return redirect("experts:sheet_list")
    return _form_page(
        request,
        form,
        title=_("Scoring sheet: %(policy)s") % {"policy": policy.title},
        submit=_("Save"),
        cancel_url=reverse("experts:sheet_list"),
        intro=_("Draws already made keep the sheet they were drawn with."),
        sheet=sheet,
    )
