"""What every account page does first: the role check (403) and the scoped lookup (404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import rules
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404

T = TypeVar("T")


def require_perm(request, perm: str) -> None:
    """403 unless the user's role grants `perm`. Uses the role predicates only (rules), so a
    Django superuser gets no exception from the separation of the three administrators."""
    if not rules.has_perm(perm, request.user):
        raise PermissionDenied


def get_or_404(selector: Callable[..., T], **kwargs) -> T:
    """Run a scoped selector; an object outside the user's scope is simply not found."""
    try:
        return selector(**kwargs)
    except (ObjectDoesNotExist, ValueError) as exc:
        raise Http404 from exc


def paginate(request, queryset, per_page: int) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
