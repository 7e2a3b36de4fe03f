"""Reads of the policy library. Published policies are public; the calculator's enterprise is
always one the user may see (enterprises.scoping)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db.models import Prefetch, Q, QuerySet

from gaoxin.accounts.choices import Role
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.scoping import visible_enterprises

from .choices import DeliveryMode, PolicyStatus
from .models import Policy, PolicyVersion, split_list


def published_policies(filters: Mapping[str, str] | None = None) -> QuerySet[Policy]:
    """Published policies, filtered by ``q`` (title, summary, document number), ``tag``,
    ``delivery`` (mode) and ``industry`` (an enterprise's GB/T 4754 code: the policies for
    every industry and those naming the code or one of its prefixes)."""
    filters = filters or {}
    qs = Policy.objects.filter(status=PolicyStatus.PUBLISHED).select_related("zone")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(doc_number__icontains=q))
    if tag := (filters.get("tag") or "").strip():
        qs = qs.filter(tags__icontains=tag)
    if (delivery := filters.get("delivery") or "") in DeliveryMode.values:
        qs = qs.filter(delivery_mode=delivery)
    if industry := (filters.get("industry") or "").strip().upper():
        # Comma-separated lists do not index; the published library is small, so the prefix
        # test runs over its (id, codes) pairs.
        fits = [
            pk
            for pk, codes in qs.values_list("pk", "target_industries")
            if not split_list(codes) or any(industry.startswith(c) for c in split_list(codes))
        ]
        qs = qs.filter(pk__in=fits)
    return qs


def public_zones() -> QuerySet:
    """The zones with at least one published policy (for the public calculator's choice)."""
    from gaoxin.accounts.models import Organisation

    return (
        Organisation.objects.filter(policies__status=PolicyStatus.PUBLISHED)
        .distinct()
        .order_by("name")
    )


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


def policies_in_force(
    as_of: datetime.date, *, zone_id: int | None = None
) -> list[tuple[Policy, PolicyVersion]]:
    """Every published policy (of the zone ``zone_id`` when given: an enterprise is only
    offered its own zone's policies) with its version in force on ``as_of`` (two queries)."""
    versions = PolicyVersion.objects.filter(
        published_at__isnull=False, effective_from__lte=as_of
    ).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=as_of))
    policies = published_policies()
    if zone_id is not None:
        policies = policies.filter(zone_id=zone_id)
    policies = policies.prefetch_related(
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


# -- lifecycle and the policy API (expired policies, matches in scope) ----------------------


def public_policy_get(*, pk: int) -> Policy:
    """One policy the public may read: published, or expired (shown as such, so links from
    notifications keep working); with its articles. Policy.DoesNotExist for a draft."""
    return (
        Policy.objects.filter(status__in=[PolicyStatus.PUBLISHED, PolicyStatus.EXPIRED])
        .select_related("zone")
        .prefetch_related("articles")
        .get(pk=pk)
    )


def zone_policy_for_matches(user, pk: int) -> Policy:
    """A published or expired policy of the user's own zone (zone officials and park
    operators: the zone their organisation belongs to); Policy.DoesNotExist otherwise (404)."""
    zone = user.organisation.home_zone if getattr(user, "organisation_id", None) else None
    if zone is None:
        raise Policy.DoesNotExist
    return Policy.objects.filter(
        zone=zone, status__in=[PolicyStatus.PUBLISHED, PolicyStatus.EXPIRED]
    ).get(pk=pk)


def policies_to_expire(as_of: datetime.date) -> QuerySet[Policy]:
    """Published policies whose latest published version ended before ``as_of``
    (``effective_to < as_of``): their effective window is over."""
    from django.db.models import OuterRef, Subquery

    latest = PolicyVersion.objects.filter(policy=OuterRef("pk"), published_at__isnull=False)
    latest = latest.order_by("-number")
    return (
        Policy.objects.filter(status=PolicyStatus.PUBLISHED)
        .annotate(
            last_number=Subquery(latest.values("number")[:1]),
            last_effective_to=Subquery(latest.values("effective_to")[:1]),
        )
        .filter(last_effective_to__lt=as_of)
        .order_by("pk")
    )


# -- policy staff pages (zone officials) ---------------------------------------------------------


def zone_policies(user, filters: Mapping[str, str] | None = None) -> QuerySet[Policy]:
    """The policies of the user's zone in every status, filtered by ``q`` (title, summary,
    document number, tags) and ``status``; each row annotated with ``in_force_number`` (the
    version in force today) and ``has_draft``. Empty for a user without a zone."""
    from django.db.models import Exists, OuterRef, Subquery
    from django.utils import timezone

    filters = filters or {}
    zone = user.organisation.home_zone if getattr(user, "organisation_id", None) else None
    if zone is None:
        return Policy.objects.none()
    today = timezone.localdate()
    in_force = (
        PolicyVersion.objects.filter(
            policy=OuterRef("pk"), published_at__isnull=False, effective_from__lte=today
        )
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=today))
        .order_by("-number")
        .values("number")[:1]
    )
    drafts = PolicyVersion.objects.filter(policy=OuterRef("pk"), published_at__isnull=True)
    qs = Policy.objects.filter(zone=zone).annotate(
        in_force_number=Subquery(in_force), has_draft=Exists(drafts)
    )
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(summary__icontains=q)
            | Q(doc_number__icontains=q)
            | Q(tags__icontains=q)
        )
    if (status := filters.get("status") or "") in PolicyStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-updated_at", "title")


def zone_policy_get(user, pk: int) -> Policy:
    """One policy of the user's zone (any status); Policy.DoesNotExist otherwise (404)."""
    return zone_policies(user).prefetch_related("articles").get(pk=pk)


def draft_version(policy: Policy) -> PolicyVersion | None:
    """The policy's draft version (not yet published), if any."""
    return policy.versions.filter(published_at__isnull=True).first()


def latest_published_version(policy: Policy) -> PolicyVersion | None:
    return policy.versions.filter(published_at__isnull=False).order_by("-number").first()
