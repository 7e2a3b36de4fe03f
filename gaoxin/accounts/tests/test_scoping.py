"""An administrator manages their zone's organisations and accounts, plus those of no zone."""

import pytest

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.accounts.scoping import managed_organisations, managed_users
from gaoxin.accounts.tests.factories import OrganisationFactory, UserFactory


@pytest.mark.django_db
def test_zone_organisations_units_and_zone_less_ones(world):
    admin = world.a.users[Role.SYSTEM_ADMIN]
    department = OrganisationFactory(
        name="经济发展部", kind=OrganisationKind.ZONE_COMMITTEE, parent=world.a.zone, zone=None
    )
    sub_unit = OrganisationFactory(
        name="招商科", kind=OrganisationKind.ZONE_COMMITTEE, parent=department, zone=None
    )
    other_department = OrganisationFactory(
        name="乙经发部", kind=OrganisationKind.ZONE_COMMITTEE, parent=world.b.zone, zone=None
    )
    seen = set(managed_organisations(admin))
    assert {world.a.zone, world.a.operator, world.a.enterprise.organisation} <= seen
    assert {department, sub_unit} <= seen
    assert {world.a.province, world.b.province} <= seen  # no zone: every zone's admins
    assert not {world.b.zone, world.b.operator, other_department} & seen


@pytest.mark.django_db
def test_accounts_follow_their_organisation(world):
    admin = world.a.users[Role.SECURITY_ADMIN]
    seen = set(managed_users(admin))
    assert world.a.users[Role.PARK_OPERATOR] in seen
    assert world.a.users[Role.PROVINCIAL_REVIEWER] in seen
    assert world.b.users[Role.PROVINCIAL_REVIEWER] in seen
    assert world.b.users[Role.ZONE_OFFICIAL] not in seen
    assert UserFactory(role="", organisation=None) not in seen


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ZONE_OFFICIAL, Role.ENTERPRISE_USER, Role.ADVISOR])
def test_other_roles_manage_nothing(world, role):
    assert not managed_organisations(world.a.users[role]).exists()
    assert not managed_users(world.a.users[role]).exists()


@pytest.mark.django_db
def test_inactive_admin_manages_nothing(world):
    admin = world.a.users[Role.SYSTEM_ADMIN]
    admin.is_active = False
    assert not managed_users(admin).exists()
