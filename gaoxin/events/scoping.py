"""Which events a user may see and manage.

- the public: public events (``is_public``), through the public pages;
- zone official and park operator: every event of their zone; officials manage them all,
  an operator manages the events held at or for its parks and the ones it created;
- provincial reviewer: the events of the zones in their province (read);
- everyone else: public events only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gaoxin.accounts.choices import Role
from gaoxin.accounts.scoping import staff_scope

from .models import Event


def public_events() -> QuerySet[Event]:
    return Event.objects.filter(is_public=True)


def visible_events(user) -> QuerySet[Event]:
    qs = Event.objects.all()
    scoped = staff_scope(qs, user)  # an operator sees its zone's events, as an official
    return qs.none() if scoped is None else scoped


def can_manage(user, event: Event) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.ZONE_OFFICIAL:
        return visible_events(user).filter(pk=event.pk).exists()
    if user.role == Role.PARK_OPERATOR:
        return (
            visible_events(user)
            .filter(Q(park__operator=user.organisation) | Q(created_by=user))
            .filter(pk=event.pk)
            .exists()
        )
    return False
