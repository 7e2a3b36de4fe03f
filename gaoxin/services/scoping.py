"""Who sees which advisors, requests, consultations, seminars, matches and tasks.

- zone official: everything of their zone (and works on it);
- park operator: the advisors and seminars of its zone; the requests, consultations, matches
  and tasks of the enterprises in the parks it operates (and works on them);
- provincial reviewer: everything of the zones in their province (read only);
- enterprise user: its zone's advisors, open slots and seminars; its own enterprise's requests,
  bookings, registrations and matches;
- advisor: the advisors' pool of the zones they serve; the requests assigned to them now or
  before, their own slots, tasks and matches, the seminars of their zones;
- auditor and administrators: none.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gaoxin.accounts.choices import Role
from gaoxin.accounts.scoping import staff_scope

from .models import (
    Advisor,
    AdvisorTask,
    ConsultationSlot,
    ResourceMatch,
    Seminar,
    ServiceRequest,
)


def enterprise_of(user):
    if user is None or not user.is_authenticated or user.role != Role.ENTERPRISE_USER:
        return None
    return getattr(user.organisation, "enterprise", None) if user.organisation_id else None


def advisors_of(user) -> QuerySet[Advisor]:
    """The advisor rows of an advisor account (one per zone it serves)."""
    if user is None or not user.is_authenticated or user.role != Role.ADVISOR:
        return Advisor.objects.none()
    return Advisor.objects.filter(expert__user=user)


def _zone_ids_of_advisor(user) -> list[int]:
    return list(advisors_of(user).values_list("zone_id", flat=True))


def visible_advisors(user) -> QuerySet[Advisor]:
    qs = Advisor.objects.all()
    scoped = staff_scope(qs, user)  # an operator sees its zone's pool
    if scoped is not None:
        return scoped
    enterprise = enterprise_of(user)
    if enterprise is not None:
        return qs.filter(zone_id=enterprise.zone_id)
    if user.is_authenticated and user.role == Role.ADVISOR:
        return qs.filter(zone_id__in=_zone_ids_of_advisor(user))
    return qs.none()


def visible_requests(user) -> QuerySet[ServiceRequest]:
    qs = ServiceRequest.objects.all()
    scoped = staff_scope(qs, user, operator="enterprise__park__operator")
    if scoped is not None:
        return scoped
    enterprise = enterprise_of(user)
    if enterprise is not None:
        return qs.filter(enterprise=enterprise)
    if user.is_authenticated and user.role == Role.ADVISOR:
        mine = advisors_of(user)
        return qs.filter(Q(advisor__in=mine) | Q(assignments__advisor__in=mine)).distinct()
    return qs.none()


def visible_slots(user) -> QuerySet[ConsultationSlot]:
    qs = ConsultationSlot.objects.all()
    scoped = staff_scope(qs, user, zone="advisor__zone", region="advisor__zone__region_code")
    if scoped is not None:
        return scoped
    enterprise = enterprise_of(user)
    if enterprise is not None:
        return qs.filter(advisor__zone_id=enterprise.zone_id).filter(
            Q(status="open") | Q(enterprise=enterprise)
        )
    if user.is_authenticated and user.role == Role.ADVISOR:
        return qs.filter(advisor__in=advisors_of(user))
    return qs.none()


def visible_seminars(user) -> QuerySet[Seminar]:
    qs = Seminar.objects.all()
    scoped = staff_scope(qs, user)  # an operator sees its zone's seminars
    if scoped is not None:
        return scoped
    enterprise = enterprise_of(user)
    if enterprise is not None:
        return qs.filter(zone_id=enterprise.zone_id).exclude(status="planned")
    if user.is_authenticated and user.role == Role.ADVISOR:
        return qs.filter(zone_id__in=_zone_ids_of_advisor(user))
    return qs.none()


def visible_matches(user) -> QuerySet[ResourceMatch]:
    qs = ResourceMatch.objects.all()
    scoped = staff_scope(qs, user, operator="enterprise__park__operator")
    if scoped is not None:
        return scoped
    enterprise = enterprise_of(user)
    if enterprise is not None:
        return qs.filter(enterprise=enterprise)
    if user.is_authenticated and user.role == Role.ADVISOR:
        return qs.filter(advisor__in=advisors_of(user))
    return qs.none()


def visible_tasks(user) -> QuerySet[AdvisorTask]:
    qs = AdvisorTask.objects.all()
    scoped = staff_scope(qs, user, operator="enterprise__park__operator")
    if scoped is not None:
        return scoped
    if user.is_authenticated and user.role == Role.ADVISOR:
        return qs.filter(advisor__in=advisors_of(user))
    return qs.none()


def works_for_zone(user, zone_id: int) -> bool:
    """A zone official of the zone (officials manage the pool, settings and signal rules)."""
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role == Role.ZONE_OFFICIAL
        and user.organisation_id is not None
        and getattr(user.organisation.home_zone, "pk", None) == zone_id
    )
