"""Reads of the catalog. The catalog is public, so nothing here depends on who asks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from .choices import SupportMode
from .models import CatalogEdition, CatalogEntry, CatalogField, Indicator

MAX_QUERY_LENGTH = 100


def edition_list() -> QuerySet[CatalogEdition]:
    """Every edition, the newest first, with its number of entries."""
    return CatalogEdition.objects.annotate(entry_count=Count("entries"))


def current_edition() -> CatalogEdition | None:
    """The current edition, or the newest when none is marked current."""
    return (
        CatalogEdition.objects.filter(is_current=True).first()
        or CatalogEdition.objects.order_by("-year", "-id").first()
    )


def edition_get(pk: Any) -> CatalogEdition | None:
    """The edition ``pk`` (None when it does not exist or ``pk`` is not a number)."""
    try:
        return CatalogEdition.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def chosen_edition(filters: Mapping[str, Any] | None) -> CatalogEdition | None:
    """The edition ``filters["edition"]`` names, else the current one."""
    wanted = (filters or {}).get("edition")
    return (edition_get(wanted) if wanted not in (None, "") else None) or current_edition()


def field_list(edition: CatalogEdition | None) -> QuerySet[CatalogField]:
    if edition is None:
        return CatalogField.objects.none()
    return edition.fields.annotate(entry_count=Count("entries"))


def catalog_entry_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[CatalogEntry]:
    """Entries of one edition (``edition``, default the current one), filtered.

    Filters: ``q`` (words of the equipment name, number or description, all must match),
    ``field`` (a field's id), ``support_mode`` (units | batches). Unknown or malformed values
    are ignored, so a hand-edited address never fails.
    """
    filters = filters or {}
    edition = chosen_edition(filters)
    if edition is None:
        return CatalogEntry.objects.none()
    queryset = CatalogEntry.objects.filter(edition=edition)
    for word in str(filters.get("q") or "")[:MAX_QUERY_LENGTH].split():
        queryset = queryset.filter(
            Q(equipment_name__icontains=word)
            | Q(number__icontains=word)
            | Q(description__icontains=word)
        )
    field = str(filters.get("field") or "")
    if field.isdigit():
        queryset = queryset.filter(field_id=int(field))
    mode = filters.get("support_mode")
    if mode in SupportMode.values:
        queryset = queryset.filter(support_mode=mode)
    return queryset.select_related("field", "edition").prefetch_related(_indicators())


def catalog_entry_get(pk: int) -> CatalogEntry:
    """One entry with its indicators; raises ``CatalogEntry.DoesNotExist``."""
    return (
        CatalogEntry.objects.select_related("field", "edition")
        .prefetch_related(_indicators())
        .get(pk=pk)
    )


def _indicators() -> Prefetch:
    return Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))
