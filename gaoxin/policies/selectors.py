"""Reads of the policy library. Published policies are public; the calculator's enterprise is
always one the user may see (enterprises.scoping)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db.models import Prefetch, Q, QuerySet

from gaoxin.accounts.choices import Role
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.scoping import visible_enterprises

from .choices import PolicyStatus
from .models import Policy, PolicyVersion


def published_policies(filters: Mapping[str, str] | None = None) -> QuerySet[Policy]:
    """Published policies, filtered by ``q`` (title, summary, document number) and ``tag``."""
    filters = filters or {}
    qs = Policy.objects.filter(status=PolicyStatus.PUBLISHED).select_related("zone")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(doc_number__icontains=q))
    if tag := (filters.get("tag") or "").strip():
        qs = qs.filter(tags__icontains=tag)
    return qs


def published_policy_get(*, pk: int) -> Policy:
    """One published policy with its articles; Policy.DoesNotExist otherwise."""
    return published_policies().prefetch_related("articles").get(pk=pk)


def version_in_force(policy: Policy, as_of: datetime.date) -> PolicyVersion | None:
    return (
        policy.versions.filter(published_at__isnull=False, effective_from__lte=as_of)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=as_of))
        .order_by("-number")
        .first()
    )


def policies_in_force(as_of: datetime.date) -> list[tuple[Policy, PolicyVersion]]:
    """Every published policy with its version in force on ``as_of`` (two queries)."""
    versions = PolicyVersion.objects.filter(
        published_at__isnull=False, effective_from__lte=as_of
    ).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=as_of))
    policies = published_policies().prefetch_related(
        Prefetch("versions", queryset=versions.order_by("-number"), to_attr="in_force"),
        "articles",
    )
    return [(p, p.in_force[0]) for p in policies if p.in_force]


def calculator_enterprise(*, user, enterprise_id: str | int | None) -> Enterprise:
    """The enterprise the calculator is for: an enterprise user's own; for an official,
    ``enterprise_id`` within their scope. Enterprise.DoesNotExist otherwise (404)."""
    qs = visible_enterprises(user).select_related("park")
    if user.role == Role.ENTERPRISE_USER and not enterprise_id:
        return qs.get()
    if not str(enterprise_id or "").isdigit():
        raise Enterprise.DoesNotExist
    return qs.get(pk=int(enterprise_id))
