"""Which investment leads (and their signings) a user may see and work on.

- zone official: every lead of their zone (works on them);
- park operator: the leads for the parks it operates (works on them);
- provincial reviewer: the leads of the zones in their province (read);
- everyone else: none.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gaoxin.accounts.choices import Role
from gaoxin.accounts.scoping import staff_scope

from .models import Lead

WORKING_ROLES = (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR)


def visible_leads(user) -> QuerySet[Lead]:
    qs = Lead.objects.all()
    scoped = staff_scope(qs, user, operator="park__operator")
    return qs.none() if scoped is None else scoped


def can_work_on(user, lead: Lead) -> bool:
    if user is None or not user.is_authenticated or user.role not in WORKING_ROLES:
        return False
    return visible_leads(user).filter(pk=lead.pk).exists()
