"""Reads of the events app, scoped by the user through ``scoping.py``.

The events a user sees: the public ones, and for zone officials, park operators and provincial
reviewers also their zone's (province's) non-public ones. Upcoming first (soonest first), then
the past ones (latest first)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gaoxin.accounts.choices import OrganisationKind
from gaoxin.accounts.models import Organisation
from gaoxin.experts.selectors import visible_experts

from .choices import OrganiserRole, RegistrationStatus
from .models import Event, Registration
from .scoping import public_events, visible_events


def events_for(user) -> QuerySet[Event]:
    """Every event ``user`` may read (anonymous: the public ones)."""
    staff = visible_events(user).values("pk")
    return Event.objects.filter(Q(is_public=True) | Q(pk__in=staff))


def event_list(
    user, *, kind: str = "", year: int | None = None, today: datetime.date | None = None
) -> QuerySet[Event]:
    today = today or timezone.localdate()
    qs = events_for(user).select_related("park")
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(starts_on__year=year)
    upcoming = Q(starts_on__gte=today)
    return qs.annotate(
        past=Case(When(upcoming, then=Value(0)), default=Value(1), output_field=IntegerField()),
        upcoming_on=Case(When(upcoming, then=F("starts_on"))),
        past_on=Case(When(~upcoming, then=F("starts_on"))),
    ).order_by(
        "past", F("upcoming_on").asc(nulls_last=True), F("past_on").desc(nulls_last=True), "title"
    )


def event_years(user) -> list[int]:
    return sorted({d.year for d in events_for(user).dates("starts_on", "year")}, reverse=True)


def event_get(user, pk: int) -> Event:
    """An event the user may read, else 404."""
    return get_object_or_404(events_for(user).select_related("park", "zone"), pk=pk)


def staff_event_get(user, pk: int) -> Event:
    """An event of the user's zone (province) as staff see it, else 404 (public or not: the
    registrations and forms are no business of visitors)."""
    return get_object_or_404(visible_events(user).select_related("park", "zone"), pk=pk)


def is_staff_reader(user, event: Event) -> bool:
    return visible_events(user).filter(pk=event.pk).exists()


def organisers_by_role(event: Event) -> list[tuple[str, str, list]]:
    """(role, label, organisers) in the order 指导, 主办, 承办, 协办, roles without one left out."""
    organisers = list(event.organisers.select_related("organisation"))
    groups = []
    for role in OrganiserRole:
        members = [o for o in organisers if o.role == role.value]
        if members:
            groups.append((role.value, role.label, members))
    return groups


def organiser_choices(zone) -> QuerySet[Organisation]:
    """The organisations an event of ``zone`` may name as organisers: the zone, its own units
    and bodies (operators, enterprises), and the bodies of no zone (associations, universities,
    departments) — never another zone's."""
    of_no_zone = Q(zone__isnull=True, parent__isnull=True) & ~Q(
        kind=OrganisationKind.ZONE_COMMITTEE
    )
    return Organisation.objects.filter(
        Q(pk=zone.pk) | Q(zone=zone) | Q(parent=zone) | of_no_zone
    ).order_by("name")


def talks(event: Event, user) -> list:
    """The talks; ``expert_link`` is set where the user may open the expert's page."""
    rows = list(event.talks.select_related("expert"))
    readable = set(visible_experts(user).values_list("pk", flat=True))
    for talk in rows:
        talk.expert_link = talk.expert_id in readable
    return rows


def advisors(event: Event) -> list:
    """The advisors appointed, the seed's own people before the demo's invented ones."""
    return list(event.appointed_advisors.select_related("organisation").order_by("is_sample", "pk"))


def signing_summary(event: Event, *, staff: bool) -> dict:
    """The signings made at the event: the count for everyone; the firms and the total
    agreed investment (yuan) for staff."""
    signings = event.signings.all()
    if not staff:
        return {"count": signings.count(), "firms": [], "total": None}
    totals = signings.aggregate(n=Count("pk"), total=Sum("amount"))
    firms = list(signings.select_related("lead").order_by("lead__firm_name"))
    return {
        "count": totals["n"],
        "firms": [s.lead.firm_name for s in firms],
        "total": totals["total"] or Decimal("0.00"),
    }


def active_registrations(event: Event) -> QuerySet[Registration]:
    return event.registrations.filter(status=RegistrationStatus.REGISTERED)


def registrations(event: Event) -> QuerySet[Registration]:
    return event.registrations.select_related("user", "enterprise").order_by("status", "created_at")


def seats_left(event: Event) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - active_registrations(event).count(), 0)


def own_registration(user, event: Event) -> Registration | None:
    if user is None or not user.is_authenticated:
        return None
    return active_registrations(event).filter(user=user).first()


def public_upcoming(limit: int = 3) -> list[Event]:
    today = timezone.localdate()
    return list(public_events().filter(starts_on__gte=today).order_by("starts_on")[:limit])
