"""Which investment leads (and their signings) a user may see and work on.

- zone official: every lead of their zone (works on them);
- park operator: the leads for the parks it operates (works on them);
- provincial reviewer: the leads of the zones in their province (read);
- everyone else: none.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gaoxin.accounts.choices import Role

from .models import Lead

WORKING_ROLES = (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR)


def visible_leads(user) -> QuerySet[Lead]:
    qs = Lead.objects.all()
    if user is None or not user.is_authenticated or not user.is_active or not user.organisation_id:
        return qs.none()
    organisation = user.organisation
    if user.role == Role.ZONE_OFFICIAL:
        zone = organisation.home_zone
        return qs.filter(zone=zone) if zone else qs.none()
    if user.role == Role.PARK_OPERATOR:
        return qs.filter(park__operator=organisation)
    if user.role == Role.PROVINCIAL_REVIEWER:
        prefix = organisation.region_code[:2]
        return qs.filter(zone__region_code__startswith=prefix) if prefix else qs.none()
    return qs.none()


def can_work_on(user, lead: Lead) -> bool:
    if user is None or not user.is_authenticated or user.role not in WORKING_ROLES:
        return False
    return visible_leads(user).filter(pk=lead.pk).exists()
