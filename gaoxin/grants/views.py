"""Pages of the 免申即享 workflow (officials) and the public notices (no login).

Thin: the services do the work and the checks; a DomainError goes back onto the form or into
a message. Wrong role → 403; a round of another zone → 404.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gaoxin.core.collation import pinyin_key
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.core.excel import XLSX
from gaoxin.core.forms import run_on_form as _submit
from gaoxin.core.middleware import client_ip
from gaoxin.enterprises.choices import FactSource, QualificationKind, Stage
from gaoxin.enterprises.scoping import visible_enterprises
from gaoxin.firstset.display import is_chinese
from gaoxin.policies.matching.catalog import fact_label

from . import payment, rules, selectors, services
from .forms import (
    LodgeForm,
    ObjectionForm,
    PayForm,
    PublicObjectionForm,
    PublishForm,
    ReasonForm,
    ResolveForm,
    RoundCreateForm,
)
from .models import (
    CandidateStatus,
    GrantCandidate,
    GrantRound,
    Objection,
    ObjectionStatus,
    Publication,
    RoundStatus,
)

PER_PAGE = 20

STEPS = [
    ("candidates", gettext_lazy("Candidate list")),
    ("notice", gettext_lazy("Public notice")),
    ("confirmed", gettext_lazy("Confirmed")),
    ("exported", gettext_lazy("Exported for payment")),
    ("paid", gettext_lazy("Paid")),
]


def _readers(view: Callable) -> Callable:
    @login_required
    def wrapped(request, *args, **kwargs):
        if not rules.can_read_rounds(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _officials(view: Callable) -> Callable:
    @login_required
    def wrapped(request, *args, **kwargs):
        if not rules.can_run_rounds(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _round(user, pk: int) -> GrantRound:
    """A round the user may read; 404 otherwise (another zone's rounds do not exist for them)."""
    return get_object_or_404(selectors.visible_rounds(user), pk=pk)


def _managed_round(user, pk: int) -> GrantRound:
    grant_round = _round(user, pk)
    if not rules.can_manage(user, grant_round.policy):
        raise PermissionDenied
    return grant_round


def _to_round(grant_round: GrantRound, anchor: str = ""):
    return redirect(reverse("grants:round_detail", args=[grant_round.pk]) + anchor)


def _shown(value, key: str = "") -> str:
    """A fact of the snapshot as text: a set's members joined (qualification kinds and stages
    by their names), a missing value as a dash."""
    labels = {"qualifications": dict(QualificationKind.choices), "stage": dict(Stage.choices)}
    names = labels.get(key, {})
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return "、".join(str(names.get(v, v)) for v in value)
    return str(names.get(value, value))


def _sources_text(entries) -> str:
    """Where a fact of the snapshot came from: each verified record's source (the department
    for department data) and the day it was verified; "" when none is on file (values entered
    before provenance was recorded)."""
    parts = []
    for entry in entries or ():
        try:
            label = str(FactSource(entry.get("source")).label)
        except ValueError:
            continue
        if entry.get("department"):
            label = f"{label}（{entry['department']}）"
        if entry.get("verified_on"):
            label = _("%(source)s, verified %(day)s") % {
                "source": label,
                "day": entry["verified_on"],
            }
        parts.append(label)
    return "；".join(parts)


def _steps(grant_round: GrantRound) -> list[dict]:
    if grant_round.status == RoundStatus.CANDIDATES:
        reached = 0
    elif grant_round.status == RoundStatus.NOTICE:
        reached = 1
    else:  # confirmed: the export is next, then the payment, or both are done
        reached = 5 if grant_round.is_paid else 4 if grant_round.is_exported else 3
    return [
        {
            "key": key,
            "label": label,
            "number": i + 1,
            "state": "done" if i < reached else "current" if i == reached else "todo",
        }
        for i, (key, label) in enumerate(STEPS)
    ]


# --- officials' pages ------------------------------------------------------------------------


@_readers
def round_list(request):
    rounds = selectors.round_list(request.user)
    page = Paginator(rounds, PER_PAGE).get_page(request.GET.get("page"))
    can_run = rules.can_run_rounds(request.user)
    policies = list(selectors.eligible_policies(request.user)) if can_run else []
    return render(
        request,
        "grants/round_list.html",
        {"page_obj": page, "can_run": can_run, "eligible_policies": policies},
    )


@_officials
def round_create(request):
    policies = selectors.eligible_policies(request.user)
    initial = {}
    if str(request.GET.get("policy", "")).isdigit():
        initial["policy"] = int(request.GET["policy"])
    form = RoundCreateForm(request.POST or None, policies=policies, initial=initial)
    if request.method == "POST" and form.is_valid():
        grant_round = _submit(
            form,
            lambda: services.round_create(
                actor=request.user,
                policy=form.cleaned_data["policy"],
                as_of=form.cleaned_data["as_of"],
            ),
        )
        if grant_round is not None:
            messages.success(
                request,
                _("Round %(number)s created with %(count)s candidates.")
                % {"number": grant_round.number, "count": grant_round.candidates.count()},
            )
            return _to_round(grant_round)
    return render(
        request,
        "grants/form.html",
        {
            "form": form,
            "title": _("New grant round"),
            "intro": _(
                "The zone's enterprises are matched against the policy as it stood on the "
                "chosen day; each one that meets it becomes a candidate with its amount from "
                "the policy's formula."
            ),
            "submit": _("Match and create the candidate list"),
            "cancel_url": reverse("grants:round_list"),
            "no_policies": not policies.exists(),
        },
    )


def _show_facts(user, candidates: list, can_manage: bool) -> None:
    """Set ``facts_shown`` on each candidate: (label, value, sources) of the facts its amount
    used, for the round's managers and for the enterprises ``user`` may see; None otherwise."""
    if can_manage:
        facts_for = {c.enterprise_id for c in candidates}
    else:
        facts_for = set(
            visible_enterprises(user)
            .filter(pk__in=[c.enterprise_id for c in candidates])
            .values_list("pk", flat=True)
        )
    chinese = is_chinese()
    for c in candidates:
        c.facts_shown = (
            [
                (fact_label(k, chinese), _shown(v, k), _sources_text(c.sources.get(k)))
                for k, v in c.facts.items()
            ]
            if c.enterprise_id in facts_for
            else None
        )


@_readers
def round_detail(request, pk: int):
    grant_round = _round(request.user, pk)
    candidates = sorted(
        grant_round.candidates.select_related("enterprise").annotate(
            open_objections=Count("objections", filter=Q(objections__status=ObjectionStatus.OPEN))
        ),
        key=lambda c: (pinyin_key(c.enterprise.name), c.pk),
    )
    can_manage = rules.can_manage(request.user, grant_round.policy)
    _show_facts(request.user, candidates, can_manage)
    objections = list(
        grant_round.objections.select_related("candidate__enterprise", "recorded_by", "resolved_by")
    )
    publication = getattr(grant_round, "publication", None)
    today = timezone.localdate()
    on_list = [
        c for c in candidates if c.status in (CandidateStatus.CANDIDATE, CandidateStatus.CONFIRMED)
    ]
    open_count = sum(1 for o in objections if o.status == ObjectionStatus.OPEN)
    return render(
        request,
        "grants/round_detail.html",
        {
            "round": grant_round,
            "candidates": candidates,
            "on_list_count": len(on_list),
            "objections": objections,
            "open_count": open_count,
            "publication": publication,
            "steps": _steps(grant_round),
            "can_manage": can_manage,
            "notice_over": publication is not None and today > publication.ends_on,
            "today": today,
        },
    )


@_officials
def candidate_exclude(request, pk: int, candidate_pk: int):
    grant_round = _managed_round(request.user, pk)
    candidate = get_object_or_404(
        grant_round.candidates.select_related("enterprise"), pk=candidate_pk
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda: services.candidate_exclude(
                actor=request.user, candidate=candidate, reason=form.cleaned_data["reason"]
            ),
        )
        if done is not None:
            messages.success(
                request, _("%(name)s was excluded.") % {"name": candidate.enterprise.name}
            )
            return _to_round(grant_round, "#candidates")
    return _step_form(
        request,
        grant_round,
        form,
        title=_("Exclude %(name)s") % {"name": candidate.enterprise.name},
        intro=_(
            "The enterprise will not be on the public notice of this round. The reason is "
            "kept in the audit trail."
        ),
        submit=_("Yes, exclude"),
        danger=True,
    )


@_officials
def notice_publish(request, pk: int):
    grant_round = _managed_round(request.user, pk)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        publication = _submit(
            form,
            lambda: services.notice_publish(
                actor=request.user,
                grant_round=grant_round,
                contact=form.cleaned_data["contact"],
                working_days=form.cleaned_data["working_days"],
            ),
        )
        if publication is not None:
            messages.success(
                request,
                _("The notice is public from %(start)s to %(end)s.")
                % {"start": publication.starts_on, "end": publication.ends_on},
            )
            return _to_round(grant_round)
    return _step_form(
        request,
        grant_round,
        form,
        title=_("Publish the public notice"),
        intro=_(
            "The candidates, their amounts and how to object are shown on a public page, "
            "without login, for the number of working days you choose. Nobody can be added "
            "or excluded afterwards; an enterprise leaves the list only by an upheld objection."
        ),
        submit=_("Publish"),
    )


@_officials
def objection_record(request, pk: int, candidate_pk: int):
    grant_round = _managed_round(request.user, pk)
    candidate = get_object_or_404(
        grant_round.candidates.select_related("enterprise"), pk=candidate_pk
    )
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        objection = _submit(
            form,
            lambda: services.objection_record(
                actor=request.user, candidate=candidate, **form.cleaned_data
            ),
        )
        if objection is not None:
            messages.success(request, _("The objection was recorded."))
            return _to_round(grant_round, "#objections")
    return _step_form(
        request,
        grant_round,
        form,
        title=_("Record an objection to %(name)s") % {"name": candidate.enterprise.name},
        intro=_("While the objection is open, the round cannot be confirmed."),
        submit=_("Record the objection"),
    )


@_officials
def objection_resolve(request, pk: int, objection_pk: int):
    grant_round = _managed_round(request.user, pk)
    objection = get_object_or_404(
        Objection.objects.select_related("candidate__enterprise").filter(round=grant_round),
        pk=objection_pk,
    )
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda: services.objection_resolve(
                actor=request.user,
                objection=objection,
                upheld=form.cleaned_data["outcome"] == "upheld",
                reason=form.cleaned_data["reason"],
            ),
        )
        if done is not None:
            messages.success(request, _("The objection was resolved."))
            return _to_round(grant_round, "#objections")
    return _step_form(
        request,
        grant_round,
        form,
        title=_("Resolve the objection to %(name)s")
        % {"name": objection.candidate.enterprise.name},
        intro=objection.text,
        intro_label=_("%(who)s, %(day)s:")
        % {"who": objection.raised_by, "day": objection.raised_on},
        submit=_("Resolve"),
    )


@_officials
def round_confirm(request, pk: int):
    grant_round = _managed_round(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda: services.round_confirm(
                actor=request.user, grant_round=grant_round, reason=form.cleaned_data["reason"]
            ),
        )
        if done is not None:
            messages.success(request, _("The round is confirmed."))
            return _to_round(grant_round)
    return _step_form(
        request,
        grant_round,
        form,
        title=_("Confirm round %(number)s") % {"number": grant_round.number},
        intro=_(
            "The enterprises still on the list become the confirmed list, which is exported "
            "for payment. This cannot be undone."
        ),
        submit=_("Confirm the list"),
    )


@_officials
@require_POST
def round_export(request, pk: int):
    grant_round = _managed_round(request.user, pk)
    out = io.BytesIO()
    try:
        services.round_export(actor=request.user, grant_round=grant_round, out=out)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return _to_round(grant_round)
    filename = f"grant-round-{grant_round.policy_id}-{grant_round.number}.xlsx"
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@_officials
def round_pay(request, pk: int):
    grant_round = _managed_round(request.user, pk)
    form = PayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _submit(
            form,
            lambda: payment.round_pay(
                actor=request.user,
                grant_round=grant_round,
                paid_on=form.cleaned_data["paid_on"],
                reference=form.cleaned_data["reference"],
            ),
        )
        if done is not None:
            messages.success(request, _("The payment is recorded."))
            return _to_round(grant_round)
    return _step_form(
        request,
        grant_round,
        form,
        title=_("Record the payment of round %(number)s") % {"number": grant_round.number},
        intro=_(
            "Record that the confirmed list was paid: the day of the payment and its "
            "reference. The enterprises paid are told in their inbox. This cannot be undone."
        ),
        submit=_("Record the payment"),
    )


def _step_form(request, grant_round, form, **context):
    return render(
        request,
        "grants/form.html",
        {
            "form": form,
            "round": grant_round,
            "cancel_url": reverse("grants:round_detail", args=[grant_round.pk]),
            **context,
        },
    )


# --- public notices --------------------------------------------------------------------------


def notice_list(request):
    on_notice = Q(round__candidates__on_notice=True)
    notices = selectors.public_notices().annotate(
        listed=Count("round__candidates", filter=on_notice),
        removed=Count(
            "round__candidates",
            filter=on_notice & Q(round__candidates__status=CandidateStatus.REMOVED),
        ),
    )
    page = Paginator(notices, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    page.object_list = list(page.object_list)
    for notice in page.object_list:
        notice.phase_today = notice.phase(today)
    return render(request, "grants/notice_list.html", {"page_obj": page})


def _public_notice(pk: int) -> Publication:
    return get_object_or_404(
        selectors.public_notices().prefetch_related(
            Prefetch(
                "round__candidates",
                queryset=GrantCandidate.objects.filter(on_notice=True).select_related("enterprise"),
                to_attr="listed",
            )
        ),
        pk=pk,
    )


def _objection_form(user, grant_round, data=None):
    """The online objection form the visitor may use: an enterprise user of the zone objects as
    their enterprise, a visitor without an account with a name and contact; others get none."""
    listed = [c for c in grant_round.listed if c.status == CandidateStatus.CANDIDATE]
    if rules.can_lodge_objection(user, grant_round):
        return LodgeForm(data, candidates=listed)
    if not user.is_authenticated:
        return PublicObjectionForm(data, candidates=listed)
    return None


def notice_detail(request, pk: int):
    publication = _public_notice(pk)
    phase = publication.phase(timezone.localdate())
    form = _objection_form(request.user, publication.round) if phase == "open" else None
    return _notice_page(request, publication, form, phase)


def _notice_page(request, publication, lodge_form, phase):
    listed = sorted(publication.round.listed, key=lambda c: (pinyin_key(c.enterprise.name), c.pk))
    total = sum(
        (c.amount for c in listed if c.status != CandidateStatus.REMOVED and c.amount is not None),
    )
    return render(
        request,
        "grants/notice_detail.html",
        {
            "publication": publication,
            "round": publication.round,
            "listed": listed,
            "total": total or 0,
            "phase": phase,
            "is_open": phase == "open",
            "lodge_form": lodge_form,
            "public_form": isinstance(lodge_form, PublicObjectionForm),
        },
    )


def _lodge(request, form, candidate):
    """Send the objection through the service of the visitor's kind."""
    if isinstance(form, PublicObjectionForm):
        return services.objection_lodge_public(
            candidate=candidate,
            name=form.cleaned_data["name"],
            contact=form.cleaned_data["contact"],
            text=form.cleaned_data["text"],
            ip=client_ip(request),
        )
    return services.objection_lodge(
        actor=request.user, candidate=candidate, text=form.cleaned_data["text"]
    )


@require_POST
def notice_object(request, pk: int):
    """An online objection from the public notice: an enterprise user of the zone, or anyone
    without an account (name and contact, a few an hour per address)."""
    publication = _public_notice(pk)
    grant_round = publication.round
    form = _objection_form(request.user, grant_round, request.POST)
    if form is None:
        raise PermissionDenied
    if form.is_valid():
        candidate = next(c for c in grant_round.listed if c.pk == form.cleaned_data["candidate"])
        done = _submit(form, lambda: _lodge(request, form, candidate))
        if done is not None:
            messages.success(request, _("Your objection was received; the zone will look into it."))
            return redirect("grants:notice_detail", pk=publication.pk)
    return _notice_page(request, publication, form, publication.phase(timezone.localdate()))


# --- the enterprise's own page ---------------------------------------------------------------


@login_required
def benefits_mine(request):
    """Benefits received: the public notices the user's enterprise was on, and the outcome."""
    if not rules.can_view_benefits(request.user):
        raise PermissionDenied
    rows = selectors.benefit_list(user=request.user)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for candidate in page:  # where the notice stands today: upcoming, open or ended
        publication = getattr(candidate.round, "publication", None)
        candidate.notice_phase = publication.phase(today) if publication else ""
    return render(request, "grants/benefits_mine.html", {"page_obj": page})
