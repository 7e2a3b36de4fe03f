"""Who sees and does what in the registry, for every role, in its own zone and the other."""

import pytest
from django.contrib.auth.models import AnonymousUser

from gaoxin.accounts.choices import Role
from gaoxin.enterprises import scoping

pytestmark = pytest.mark.django_db

# role: (view, edit, reveal, unmasked) for world.a.enterprise, as a user of world.a
OWN_ZONE = {
    Role.ZONE_OFFICIAL: (True, True, True, False),
    Role.PARK_OPERATOR: (True, True, True, False),
    Role.PROVINCIAL_REVIEWER: (True, False, False, False),
    Role.ENTERPRISE_USER: (True, True, False, True),
    Role.ADVISOR: (False, False, False, False),
    Role.AUDITOR: (False, False, False, False),
    Role.SYSTEM_ADMIN: (False, False, False, False),
    Role.SECURITY_ADMIN: (False, False, False, False),
}


@pytest.mark.parametrize(("role", "expected"), OWN_ZONE.items())
def test_own_zone(world, role, expected):
    user, enterprise = world.a.users[role], world.a.enterprise
    assert (
        scoping.can_view(user, enterprise),
        scoping.can_edit(user, enterprise),
        scoping.can_reveal_contacts(user, enterprise),
        scoping.sees_contacts_unmasked(user, enterprise),
    ) == expected


@pytest.mark.parametrize("role", list(Role))
def test_other_organisation_sees_nothing_of_ours(world, role):
    user, enterprise = world.b.users[role], world.a.enterprise
    assert not scoping.can_view(user, enterprise)
    assert not scoping.can_edit(user, enterprise)
    assert not scoping.can_reveal_contacts(user, enterprise)
    assert not scoping.sees_contacts_unmasked(user, enterprise)
    assert enterprise not in scoping.visible_enterprises(user)


@pytest.mark.parametrize("role", list(Role))
def test_create_list_and_registry_access(world, role):
    user = world.a.users[role]
    assert scoping.can_create(user) == (role in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR))
    assert scoping.can_list(user) == (
        role in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER)
    )
    assert scoping.has_registry_access(user) == (
        role
        in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER, Role.ENTERPRISE_USER)
    )


def test_anonymous_and_inactive(world):
    anonymous = AnonymousUser()
    assert not scoping.visible_enterprises(anonymous).exists()
    assert not scoping.can_create(anonymous)
    assert not scoping.can_list(anonymous)
    official = world.a.users[Role.ZONE_OFFICIAL]
    official.is_active = False
    assert not scoping.can_view(official, world.a.enterprise)
    assert not scoping.can_create(official)


def test_park_operator_sees_only_its_parks(world):
    from gaoxin.enterprises.tests.factories import EnterpriseFactory

    outside = EnterpriseFactory(zone=world.a.zone, park=None)
    operator = world.a.users[Role.PARK_OPERATOR]
    assert not scoping.can_view(operator, outside)
    assert scoping.can_view(world.a.users[Role.ZONE_OFFICIAL], outside)
