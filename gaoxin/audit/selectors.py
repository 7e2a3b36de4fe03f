"""Reads of the audit trail, scoped to the auditor's zone.

An auditor sees the events whose actor belongs to an organisation of their zone or to an
organisation of no zone (the same scope the zone's administrators manage, see
`gaoxin.accounts.scoping`), plus the events without an actor organisation: system actions (the
command line, the demo loader) and failed logins. Auditors of another zone see none of the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

import rules
from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date

from gaoxin.accounts.scoping import admin_zone_id, zone_scope_q

from .models import AuditEvent

# The filters an event list understands (and an export records).
FILTER_KEYS = (
    "actions",
    "action",
    "actor",
    "organisation",
    "object_type",
    "date_from",
    "date_to",
    "q",
)


def visible_events(user) -> QuerySet[AuditEvent]:
    if not rules.has_perm("audit.view_events", user):
        return AuditEvent.objects.none()
    zone_id = admin_zone_id(user)
    if zone_id is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(
        Q(actor_organisation__isnull=True) | zone_scope_q(zone_id, prefix="actor_organisation__")
    )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _actions(filters: Mapping) -> str:
    """The chosen action codes, comma-separated: ``actions`` may be repeated (a multiple
    select), a list, or one comma-separated text."""
    if hasattr(filters, "getlist"):
        values = filters.getlist("actions")
    else:
        raw = filters.get("actions") or []
        values = [raw] if isinstance(raw, str) else list(raw)
    codes = [code.strip() for value in values for code in str(value).split(",")]
    return ",".join(sorted({code for code in codes if code}))


def clean_filters(filters: Mapping[str, str] | None) -> dict[str, str]:
    """The non-empty known filters, as strings (what an export records)."""
    filters = filters or {}
    cleaned = {
        key: str(filters.get(key)).strip()
        for key in FILTER_KEYS
        if key != "actions" and filters.get(key) and str(filters.get(key)).strip()
    }
    if actions := _actions(filters):
        cleaned["actions"] = actions
    return {key: cleaned[key] for key in FILTER_KEYS if key in cleaned}


def event_list(*, user, filters: Mapping[str, str] | None = None) -> QuerySet[AuditEvent]:
    """Events the auditor may read, newest first, filtered by `filters` (dict or request.GET):

    action (prefix: "accounts." or "accounts.user.set_role"), actor (part of the name or the
    username), organisation (id of the actor's organisation), object_type ("accounts.user"),
    date_from / date_to (YYYY-MM-DD, both inclusive, in the server's time zone), q (free text in
    the summary or the object). Unparseable values match nothing rather than everything.
    """
    f = clean_filters(filters)
    qs = visible_events(user).select_related("actor", "actor_organisation")
    if actions := f.get("actions"):
        qs = qs.filter(action__in=actions.split(","))
    if action := f.get("action"):
        qs = qs.filter(action__startswith=action)
    if actor := f.get("actor"):
        qs = qs.filter(Q(actor_name__icontains=actor) | Q(actor__username__icontains=actor))
    if organisation := f.get("organisation"):
        qs = qs.filter(actor_organisation_id=organisation) if organisation.isdigit() else qs.none()
    if object_type := f.get("object_type"):
        qs = qs.filter(object_type=object_type)
    for key, lookup, shift in (("date_from", "gte", 0), ("date_to", "lt", 1)):
        if value := f.get(key):
            try:
                day = parse_date(value)
            except ValueError:
                day = None
            if day is None:
                return qs.none()
            qs = qs.filter(**{f"occurred_at__{lookup}": _day_start(day + timedelta(days=shift))})
    if q := f.get("q"):
        qs = qs.filter(Q(summary__icontains=q) | Q(object_repr__icontains=q))
    return qs.order_by("-id")


def event_get(*, user, pk: int) -> AuditEvent:
    """One event the auditor may read; AuditEvent.DoesNotExist otherwise (callers answer 404)."""
    return visible_events(user).select_related("actor", "actor_organisation").get(pk=pk)


def object_type_label(object_type: str) -> str:
    """ "accounts.user" → the model's verbose name; unknown types as they are."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def object_type_choices(*, user) -> list[tuple[str, str]]:
    types = (
        visible_events(user)
        .exclude(object_type="")
        .order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )
    return [(t, object_type_label(t)) for t in types]


def previous_event(event: AuditEvent) -> AuditEvent | None:
    """The row before `event` in the chain (whatever its scope: the chain is global)."""
    return AuditEvent.objects.filter(id__lt=event.id).order_by("-id").only("id", "hash").first()


def latest_event_id() -> int:
    """The id of the newest audit event (0 when there is none). Every change writes an event
    in its own transaction and appends are serialised by the chain head's lock, so this number
    grows with every committed change: the figure cache (gaoxin.core.datacache) keys on it."""
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
