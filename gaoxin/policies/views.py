"""Pages: the public policy list and detail (no login), and the policy calculator."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.selectors import enterprise_list
from gaoxin.firstset.display import is_chinese

from . import rules, selectors
from .calculator import calculate
from .facts import enterprise_facts, fact_label
from .models import Policy


def public_list(request):
    policies = selectors.published_policies(request.GET)
    page = Paginator(policies, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "policies/public_list.html",
        {"page_obj": page, "q": request.GET.get("q", ""), "tag": request.GET.get("tag", "")},
    )


def public_detail(request, pk: int):
    try:
        policy = selectors.published_policy_get(pk=pk)
    except Policy.DoesNotExist as exc:
        raise Http404 from exc
    version = selectors.version_in_force(policy, timezone.localdate())
    return render(request, "policies/public_detail.html", {"policy": policy, "version": version})


def run_calculator(user, enterprise_id):
    """The enterprise (scoped; Http404 outside the user's scope) and its calculation today."""
    if not rules.can_use_calculator(user):
        raise PermissionDenied
    try:
        enterprise = selectors.calculator_enterprise(user=user, enterprise_id=enterprise_id)
    except (Enterprise.DoesNotExist, Enterprise.MultipleObjectsReturned) as exc:
        raise Http404 from exc
    as_of = timezone.localdate()
    facts = enterprise_facts(enterprise, as_of)
    return enterprise, calculate(selectors.policies_in_force(as_of), facts, as_of)


@login_required
def calculator(request):
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
    enterprise, calculation = run_calculator(request.user, enterprise_id)
    chinese = is_chinese()
    for result in calculation.results:
        result.missing_labels = [fact_label(key, chinese) for key in result.missing]
    return render(
        request,
        "policies/calculator.html",
        {
            "enterprise": enterprise,
            "calculation": calculation,
            "met": calculation.count("met"),
            "nearly": calculation.count("nearly_met"),
            "unknown": calculation.count("unknown"),
        },
    )
