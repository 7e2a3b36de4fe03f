"""Reads of the registry, always scoped to what the user may see (scoping.visible_enterprises)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Q, QuerySet

from .models import Enterprise
from .scoping import visible_enterprises

SORTS = {
    "name": "name",
    "-name": "-name",
    "founded": "founded_on",
    "-founded": "-founded_on",
    "updated": "updated_at",
    "-updated": "-updated_at",
}


def enterprise_list(*, user, filters: Mapping[str, str] | None = None) -> QuerySet[Enterprise]:
    """Enterprises the user may see, filtered by `filters` (a dict or request.GET):

    q (name, credit code or legal representative), park (id), stage, qualification (kind),
    industry (code prefix), sample ("1"/"0"), sort (one of SORTS).
    """
    filters = filters or {}
    qs = visible_enterprises(user).select_related("park", "zone")
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(uscc__icontains=q.upper()) | Q(legal_representative__icontains=q)
        )
    if park := filters.get("park"):
        qs = qs.filter(park_id=park) if str(park).isdigit() else qs.none()
    if stage := filters.get("stage"):
        qs = qs.filter(stage=stage)
    if kind := filters.get("qualification"):
        qs = qs.filter(qualifications__kind=kind).distinct()
    if industry := (filters.get("industry") or "").strip().upper():
        qs = qs.filter(industry_code__startswith=industry)
    if (sample := filters.get("sample")) in ("0", "1"):
        qs = qs.filter(is_sample=sample == "1")
    return qs.order_by(SORTS.get(filters.get("sort") or "name", "name"), "id")


def enterprise_get(*, user, pk: int) -> Enterprise:
    """One enterprise the user may see; Enterprise.DoesNotExist otherwise (callers answer 404)."""
    return visible_enterprises(user).select_related("park", "zone", "organisation").get(pk=pk)
