"""Reads of accounts and organisations, always scoped to what the user may manage (scoping.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from . import lockout
from .choices import OrganisationKind, Role
from .models import ApiToken, Organisation, User
from .scoping import managed_organisations, managed_users


def user_list(*, user, filters: Mapping[str, str] | None = None) -> QuerySet[User]:
    """Accounts the administrator manages, filtered by `filters` (a dict or request.GET):

    q (username, name, email or title), organisation (id), role (a Role value, or "none"),
    active ("1"/"0"), locked ("1": only accounts axes has locked now).
    """
    filters = filters or {}
    qs = managed_users(user).select_related("organisation")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(display_name__icontains=q)
            | Q(email__icontains=q)
            | Q(title__icontains=q)
        )
    if organisation := filters.get("organisation"):
        qs = qs.filter(organisation_id=organisation) if str(organisation).isdigit() else qs.none()
    if role := filters.get("role"):
        if role == "none":
            qs = qs.filter(role="")
        else:
            qs = qs.filter(role=role) if role in Role.values else qs.none()
    if (active := filters.get("active")) in ("0", "1"):
        qs = qs.filter(is_active=active == "1")
    if filters.get("locked") == "1":
        qs = qs.filter(username__in=list(lockout.locked_until()))
    return qs.order_by("username")


def user_get(*, user, pk: int) -> User:
    """One account the administrator manages; User.DoesNotExist otherwise (callers answer 404)."""
    return managed_users(user).select_related("organisation").get(pk=pk)


def organisation_list(*, user, filters: Mapping[str, str] | None = None) -> QuerySet[Organisation]:
    """Organisations the administrator manages: q (name or short name), kind."""
    filters = filters or {}
    qs = managed_organisations(user).select_related("parent", "zone")
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind) if kind in OrganisationKind.values else qs.none()
    return qs.order_by("kind", "name")


def organisation_get(*, user, pk: int) -> Organisation:
    return managed_organisations(user).get(pk=pk)


def api_token_list(*, user) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first."""
    if user is None or not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def api_token_get(*, user, pk: int) -> ApiToken:
    return api_token_list(user=user).get(pk=pk)


@dataclass
class HistoryEntry:
    when: datetime
    kind: str  # "+" created, "~" changed, "-" deleted
    by: Any
    reason: str
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)


def _display(record, field_name: str, value: Any) -> Any:
    """Show choices by label and foreign keys by name, as the page shows them."""
    model_field = record.instance_type._meta.get_field(field_name)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if model_field.is_relation and value is not None:
        target = model_field.related_model.objects.filter(pk=value).first()
        return target if target is not None else value
    return value


def field_history(obj, limit: int = 50) -> list[HistoryEntry]:
    """The field changes django-simple-history kept for `obj`, newest first, with who and why."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        entry = HistoryEntry(
            when=record.history_date,
            kind=record.history_type,
            by=record.history_user,
            reason=record.history_change_reason or "",
        )
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                entry.changes.append(
                    (
                        str(record.instance_type._meta.get_field(change.field).verbose_name),
                        _display(record, change.field, change.old),
                        _display(record, change.field, change.new),
                    )
                )
            if not entry.changes:
                continue  # only a field the history does not keep (the password) changed
        entries.append(entry)
    return entries
