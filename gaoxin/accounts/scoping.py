"""Which organisations and accounts an administrator of a zone may see and manage.

The choice, for the three administrators (system, security, audit) of a zone:

- the organisations whose *home zone* (`Organisation.home_zone`) is the administrator's zone:
  the zone committee, its departments, the park operators, enterprises, institutes … of the zone;
- plus the organisations that belong to no zone at all — provincial departments, advisor
  institutions, associations and universities without a zone. They work with several zones, and
  someone has to manage their accounts; every zone's administrators may, and every change is
  audited with the actor's organisation, so the auditor of each zone sees who did what;
- never the organisations of another zone.

The accounts an administrator manages are the accounts of those organisations. Accounts without
an organisation (made with `createsuperuser` for operations) are managed on the command line, not
on the pages.

The home zone is resolved the way `Organisation.home_zone` resolves it: a top-level zone
committee is its own zone; an organisation with `zone` set belongs to that zone; an organisation
without `zone` takes its parent's home zone; without a parent it has none.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .choices import ADMIN_ROLES, OrganisationKind, Role
from .models import Organisation, User

_COMMITTEE = OrganisationKind.ZONE_COMMITTEE


def admin_zone_id(user) -> int | None:
    """The zone an administrator works for; None for anyone else (who then sees nothing)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.role not in ADMIN_ROLES or not user.organisation_id:
        return None
    zone = user.zone
    return zone.pk if zone else None


def _zone_less_homes() -> dict[int, int | None]:
    """Home zone of every organisation whose home cannot be read off its own row.

    Those are the organisations without `zone` and the top-level zone committees; there are few
    of them (committees, their departments, provincial bodies), so this is resolved in memory
    with two queries rather than a recursive query that SQLite and PostgreSQL spell differently.
    """
    rows = {
        pk: (parent_id, zone_id, kind)
        for pk, parent_id, zone_id, kind in Organisation.objects.filter(
            Q(zone__isnull=True) | Q(kind=_COMMITTEE, parent__isnull=True)
        ).values_list("pk", "parent_id", "zone_id", "kind")
    }
    outside_parents = {p for p, _z, _k in rows.values() if p and p not in rows}
    parent_zone = dict(
        Organisation.objects.filter(pk__in=outside_parents).values_list("pk", "zone_id")
    )
    homes: dict[int, int | None] = {}

    def home(pk: int, seen: frozenset = frozenset()) -> int | None:
        if pk in homes:
            return homes[pk]
        if pk not in rows:  # a parent with its zone set (and not a top-level committee)
            return parent_zone.get(pk)
        parent_id, zone_id, kind = rows[pk]
        if kind == _COMMITTEE and parent_id is None:
            result = pk
        elif zone_id:
            result = zone_id
        elif parent_id and parent_id not in seen:
            result = home(parent_id, seen | {pk})
        else:
            result = None
        homes[pk] = result
        return result

    for pk in rows:
        home(pk)
    return homes


def zone_scope_q(zone_id: int, prefix: str = "") -> Q:
    """A filter for organisations (or, with `prefix`, rows pointing at one) in a zone's scope."""
    in_scope = [pk for pk, home in _zone_less_homes().items() if home in (zone_id, None)]
    own_zone = Q(**{f"{prefix}zone_id": zone_id}) & ~Q(
        **{f"{prefix}kind": _COMMITTEE, f"{prefix}parent__isnull": True}
    )
    return own_zone | Q(**{f"{prefix}pk__in": in_scope})


def managed_organisations(user) -> QuerySet[Organisation]:
    """The organisations an administrator of a zone may see (see the module docstring)."""
    zone_id = admin_zone_id(user)
    if zone_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(zone_scope_q(zone_id))


def managed_users(user) -> QuerySet[User]:
    """The accounts of the organisations in `managed_organisations(user)`."""
    zone_id = admin_zone_id(user)
    if zone_id is None:
        return User.objects.none()
    return User.objects.filter(zone_scope_q(zone_id, prefix="organisation__"))


def organisation_in_scope(user, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return managed_organisations(user).filter(pk=organisation.pk).exists()


def user_in_scope(user, target: User) -> bool:
    return managed_users(user).filter(pk=target.pk).exists()


def staff_scope(
    qs: QuerySet,
    user,
    *,
    zone: str = "zone",
    operator: str | None = None,
    region: str = "zone__region_code",
) -> QuerySet | None:
    """The rows of ``qs`` a zone's staff may see, by role and organisation — the one rule the
    registry, parks, leads and events share:

    - zone official: the rows whose ``zone`` lookup is the official's home zone;
    - park operator: the rows whose ``operator`` lookup is its organisation (with ``operator``
      None, an operator sees its zone's rows, as an official does);
    - provincial reviewer: the rows whose ``region`` lookup starts with the province's code;
    - an anonymous, inactive or organisation-less user: none.

    Any other role gets ``None``: the caller decides (the registry shows an enterprise user
    its own enterprise; the others see nothing)."""
    if user is None or not user.is_authenticated or not user.is_active or not user.organisation_id:
        return qs.none()
    organisation = user.organisation
    if user.role == Role.ZONE_OFFICIAL or (user.role == Role.PARK_OPERATOR and operator is None):
        home = organisation.home_zone
        return qs.filter(**{zone: home}) if home else qs.none()
    if user.role == Role.PARK_OPERATOR:
        return qs.filter(**{operator: organisation})
    if user.role == Role.PROVINCIAL_REVIEWER:
        prefix = organisation.region_code[:2]
        return qs.filter(**{f"{region}__startswith": prefix}) if prefix else qs.none()
    return None
