"""Pages: the public policy list and detail (no login), the policy calculator with its
"as of" date and "what if" form, and the public calculator (no login: figures typed in)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gaoxin.accounts.choices import Role
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.selectors import enterprise_list
from gaoxin.firstset.display import is_chinese
from gaoxin.parks.models import Park

from .. import rules, selectors, whatif
from ..calculator import Calculation, calculate, mark_unverified
from ..choices import DeliveryMode
from ..matching.catalog import FACT_KEYS, fact_label
from ..matching.facts import enterprise_facts, estimate_facts
from ..models import Policy


def public_list(request):
    policies = selectors.published_policies(request.GET)
    page = Paginator(policies, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "policies/public_list.html",
        {
            "page_obj": page,
            "q": request.GET.get("q", ""),
            "tag": request.GET.get("tag", ""),
            "delivery": request.GET.get("delivery", ""),
            "industry": request.GET.get("industry", ""),
            "delivery_modes": DeliveryMode.choices,
            "filtered": any(request.GET.get(k) for k in ("q", "tag", "delivery", "industry")),
        },
    )


def public_detail(request, pk: int):
    try:
        policy = selectors.public_policy_get(pk=pk)  # published, or expired (marked)
    except Policy.DoesNotExist as exc:
        raise Http404 from exc
    version = selectors.version_in_force(policy, timezone.localdate())
    return render(request, "policies/public_detail.html", {"policy": policy, "version": version})


def calculator_enterprise_or_404(user, enterprise_id) -> Enterprise:
    """The calculator's enterprise (``selectors.calculator_enterprise``); 403 for a role
    without the calculator, 404 outside the user's scope."""
    if not rules.can_use_calculator(user):
        raise PermissionDenied
    try:
        return selectors.calculator_enterprise(user=user, enterprise_id=enterprise_id)
    except (Enterprise.DoesNotExist, Enterprise.MultipleObjectsReturned) as exc:
        raise Http404 from exc


def run_calculator(
    user, enterprise_id, as_of: datetime.date | None = None
) -> tuple[Enterprise, Calculation]:
    """The enterprise (scoped; Http404 outside the user's scope) and its calculation on
    ``as_of`` (today by default): each published policy's version in force then, over the
    enterprise's facts as of then."""
    enterprise = calculator_enterprise_or_404(user, enterprise_id)
    as_of = as_of or timezone.localdate()
    pairs = selectors.policies_in_force(as_of, zone_id=enterprise.zone_id)
    return enterprise, estimate_calculation(enterprise, pairs, as_of)


def estimate_calculation(enterprise: Enterprise, pairs, as_of: datetime.date) -> Calculation:
    """The calculator's mode, *estimate*: the enterprise's facts with its pending declarations
    in place; each result that differs from the one on verified facts alone is marked
    (含未核验数据). Decisions never read this (``facts.DECISION``)."""
    estimate = estimate_facts(enterprise, as_of)
    calculation = calculate(pairs, estimate.facts, as_of)
    if estimate.has_unverified:
        verified = calculate(pairs, enterprise_facts(enterprise, as_of), as_of)
        mark_unverified(calculation, verified, estimate.unverified)
    return calculation


@dataclass
class WhatIfRun:
    """A what-if: the calculation on the actual facts, the one on the changed facts and the
    comparison (``what_if`` and ``comparison`` are None when the input had errors)."""

    enterprise: Enterprise
    actual: Calculation
    input: whatif.WhatIfInput
    what_if: Calculation | None = None
    comparison: whatif.Comparison | None = None

    @property
    def errors(self) -> list[whatif.FactValueError]:
        return self.input.errors


def run_what_if(
    user,
    enterprise_id,
    as_of: datetime.date,
    submitted: Mapping[str, Any],
    *,
    strict_keys: bool = False,
) -> WhatIfRun:
    """Run the calculator on the enterprise's facts with ``submitted`` (raw values by fact
    key) in place, and compare with the actual calculation. Reads only: saves nothing."""
    enterprise = calculator_enterprise_or_404(user, enterprise_id)
    pairs = selectors.policies_in_force(as_of, zone_id=enterprise.zone_id)
    actual = estimate_calculation(enterprise, pairs, as_of)
    given = whatif.what_if_facts(actual.facts, submitted, strict_keys=strict_keys)
    run = WhatIfRun(enterprise=enterprise, actual=actual, input=given)
    if not given.errors:
        run.what_if = calculate(pairs, given.facts, as_of)
        run.comparison = whatif.compare(actual, run.what_if, given.changed)
    return run


def _label_missing(calculation: Calculation | None) -> None:
    if calculation is None:
        return
    chinese = is_chinese()
    for result in calculation.results:
        result.missing_labels = [fact_label(key, chinese) for key in result.missing]
    calculation.unverified_labels = [
        fact_label(key, chinese) for key in FACT_KEYS if key in calculation.unverified
    ]


def _park_names(enterprise: Enterprise) -> list[str]:
    return list(Park.objects.filter(zone_id=enterprise.zone_id).values_list("name", flat=True))


def _page(request, enterprise, calculation, *, run=None, submitted=None, status=200):
    """The calculator page (or, for htmx, the what-if card) for ``calculation``."""
    _label_missing(calculation)
    _label_missing(run.what_if if run else None)
    inputs = whatif.form_inputs(
        calculation.facts,
        submitted=submitted,
        errors=run.errors if run else (),
        park_names=_park_names(enterprise),
    )
    context = {
        "enterprise": enterprise,
        "calculation": calculation,
        "as_of": calculation.as_of,
        "is_today": calculation.as_of == timezone.localdate(),
        "met": calculation.count("met"),
        "nearly": calculation.count("nearly_met"),
        "unknown": calculation.count("unknown"),
        "inputs": inputs,
        "run": run,
        "enterprise_param": "" if request.user.role == Role.ENTERPRISE_USER else enterprise.pk,
    }
    if run is not None and request.htmx:
        return render(request, "policies/_calculator_what_if.html", context, status=status)
    return render(request, "policies/calculator.html", context, status=status)


@login_required
def calculator(request):
    """The policy calculator: the enterprise's results as of a date (``?as_of=``, today by
    default) and the what-if form."""
    enterprise_id = request.GET.get("enterprise")
    if not rules.can_use_calculator(request.user):
        raise PermissionDenied
    if not enterprise_id and request.user.role != Role.ENTERPRISE_USER:
        enterprises = enterprise_list(user=request.user, filters=request.GET)[:50]
        return render(
            request,
            "policies/calculator_pick.html",
            {"enterprises": enterprises, "q": request.GET.get("q", "")},
        )
    try:
        as_of = whatif.parse_as_of(request.GET.get("as_of"))
    except whatif.AsOfError as error:
        return _as_of_refused(request, enterprise_id, error)
    enterprise, calculation = run_calculator(request.user, enterprise_id, as_of)
    return _page(request, enterprise, calculation)


def _as_of_refused(request, enterprise_id, error: whatif.AsOfError):
    enterprise = calculator_enterprise_or_404(request.user, enterprise_id)
    context = {
        "enterprise": enterprise,
        "as_of_error": error.message,
        "as_of_raw": (request.GET.get("as_of") or request.POST.get("as_of") or "")[:40],
        "enterprise_param": "" if request.user.role == Role.ENTERPRISE_USER else enterprise.pk,
    }
    template = "policies/_calculator_what_if.html" if request.htmx else "policies/calculator.html"
    return render(request, template, context, status=200 if request.htmx else 400)


@login_required
@require_http_methods(["GET", "POST"])
def calculator_what_if(request):
    """The what-if (假设测算): the calculator again with the facts the form changed, and what
    differs from the actual results. Saves nothing and records nothing (GET or POST alike).
    For htmx the what-if card alone; otherwise the whole calculator page with it."""
    data = request.POST if request.method == "POST" else request.GET
    if not rules.can_use_calculator(request.user):
        raise PermissionDenied
    try:
        as_of = whatif.parse_as_of(data.get("as_of"))
    except whatif.AsOfError as error:
        return _as_of_refused(request, data.get("enterprise"), error)
    submitted = whatif.submitted_from_form(data)
    run = run_what_if(request.user, data.get("enterprise"), as_of, submitted)
    return _page(request, run.enterprise, run.actual, run=run, submitted=submitted)


def _public_zone(zones, raw):
    """The zone asked for (``?zone=``) among ``zones``, else the first; None when none."""
    chosen = next((z for z in zones if str(z.pk) == (raw or "").strip()), None)
    return chosen or (zones[0] if zones else None)


@require_http_methods(["GET"])
def public_calculator(request):
    """The policy calculator for anyone, without an account: the "what if" form with empty
    facts; every published policy of the zone, met / nearly met / not met, with the estimated
    amount of the figures typed in. It reads no enterprise and saves and records nothing."""
    zones = list(selectors.public_zones())
    zone = _public_zone(zones, request.GET.get("zone"))
    as_of = timezone.localdate()
    blank = whatif.blank_facts()
    submitted = whatif.submitted_from_form(request.GET)
    given = whatif.what_if_facts(blank, submitted)
    calculation = None
    if zone is not None and submitted and not given.errors:
        pairs = selectors.policies_in_force(as_of, zone_id=zone.pk)
        calculation = calculate(pairs, given.facts, as_of)
        _label_missing(calculation)
    parks = Park.objects.filter(zone=zone).values_list("name", flat=True) if zone else []
    inputs = whatif.form_inputs(
        blank, submitted=submitted, errors=given.errors, park_names=list(parks)
    )
    context = {
        "zones": zones,
        "zone": zone,
        "inputs": inputs,
        "calculation": calculation,
        "errors": given.errors,
        "as_of": as_of,
    }
    if calculation is not None:
        context.update(
            met=calculation.count("met"),
            nearly=calculation.count("nearly_met"),
            unknown=calculation.count("unknown"),
        )
    return render(request, "policies/public_calculator.html", context)
