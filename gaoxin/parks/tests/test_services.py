"""The parks services: occupancy rules, permissions, the audit event, messages naming the
field at fault (and nothing changed)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.enterprises.tests.factories import EnterpriseFactory, ParkFactory
from gaoxin.parks import selectors, services
from gaoxin.parks.models import Park, Platform, Space

from .factories import make_space

pytestmark = pytest.mark.django_db


def _events(action: str):
    return AuditEvent.objects.filter(action=action)


def test_reserving_a_free_unit_names_the_enterprise_and_is_audited(spaces, operator, world):
    space = services.space_set_occupancy(
        actor=operator,
        space=spaces["free"],
        occupancy="reserved",
        occupant=world.a.enterprise,
        reason="签约后预留三个月",
    )
    assert space.occupancy == "reserved" and space.occupant == world.a.enterprise
    event = _events("parks.space.occupancy").filter(actor=operator).get()
    assert event.reason == "签约后预留三个月"
    assert event.data["changes"]["occupancy"] == ["free", "reserved"]


def test_freeing_a_unit_drops_its_occupant(spaces, official):
    space = services.space_set_occupancy(
        actor=official, space=spaces["occupied"], occupancy="free", reason="租约到期"
    )
    assert space.occupancy == "free" and space.occupant is None
    assert Space.objects.get(pk=space.pk).occupant_id is None


def test_a_reserved_unit_needs_an_enterprise(spaces, operator):
    with pytest.raises(DomainError) as error:
        services.space_set_occupancy(
            actor=operator, space=spaces["free"], occupancy="occupied", reason="入驻"
        )
    assert error.value.field == "occupant"
    assert Space.objects.get(pk=spaces["free"].pk).occupancy == "free"


def test_the_enterprise_must_be_of_the_parks_zone(spaces, operator, world):
    with pytest.raises(DomainError) as error:
        services.space_set_occupancy(
            actor=operator,
            space=spaces["free"],
            occupancy="reserved",
            occupant=world.b.enterprise,
            reason="预留",
        )
    assert error.value.field == "occupant"
    assert not _events("parks.space.occupancy").filter(actor=operator).exists()


def test_a_change_of_occupancy_needs_a_reason(spaces, operator, world):
    with pytest.raises(DomainError) as error:
        services.space_set_occupancy(
            actor=operator,
            space=spaces["free"],
            occupancy="reserved",
            occupant=world.a.enterprise,
            reason="  ",
        )
    assert error.value.field == "reason"


def test_nothing_to_change_is_refused(spaces, operator, world):
    with pytest.raises(DomainError) as error:
        services.space_set_occupancy(
            actor=operator, space=spaces["free"], occupancy="free", reason="x"
        )
    assert error.value.code == "unchanged"
    with pytest.raises(DomainError):
        services.space_set_occupancy(
            actor=operator,
            space=spaces["occupied"],
            occupancy="occupied",
            occupant=world.a.enterprise,
            reason="x",
        )


def test_an_unknown_occupancy_is_refused(spaces, operator):
    with pytest.raises(DomainError) as error:
        services.space_set_occupancy(
            actor=operator, space=spaces["free"], occupancy="sold", reason="x"
        )
    assert error.value.field == "occupancy"


def test_the_other_sides_operator_manages_nothing(spaces, world):
    other = world.b.users[Role.PARK_OPERATOR]
    with pytest.raises(PermissionDeniedError):
        services.space_set_occupancy(
            actor=other, space=spaces["occupied"], occupancy="free", reason="x"
        )
    with pytest.raises(PermissionDeniedError):
        services.space_update(actor=other, space=spaces["free"], area=Decimal("1"))
    reviewer = world.a.users[Role.PROVINCIAL_REVIEWER]
    with pytest.raises(PermissionDeniedError):
        services.building_create(actor=reviewer, park=world.a.park, name="X")


def test_a_unit_needs_a_positive_area_and_a_unique_number(building, operator):
    with pytest.raises(DomainError) as error:
        services.space_create(
            actor=operator, building=building, code="B1", area=Decimal("0"), use="office"
        )
    assert error.value.field == "area" and "0" in error.value.message
    with pytest.raises(DomainError) as error:
        services.space_create(actor=operator, building=building, code="B1", area=1.5, use="lab")
    assert error.value.field == "area"  # a float is refused
    make_space(building, "B1")
    with pytest.raises(DomainError) as error:
        services.space_create(actor=operator, building=building, code="B1", area="10", use="office")
    assert error.value.field == "code"
    assert Space.objects.filter(building=building).count() == 1


def test_space_create_and_update_are_audited_with_the_changes(building, operator):
    space = services.space_create(
        actor=operator, building=building, code="C1", area="100.5", use="office"
    )
    assert space.occupancy == "free" and space.area == Decimal("100.50")
    services.space_update(actor=operator, space=space, area="120", monthly_rent="30")
    event = _events("parks.space.update").get()
    assert event.data["changes"]["area"] == ["100.50", "120"]
    assert _events("parks.space.create").filter(actor=operator).count() == 1


def test_occupancy_is_not_edited_as_a_plain_field(spaces, operator):
    with pytest.raises(DomainError) as error:
        services.space_update(actor=operator, space=spaces["free"], occupancy="occupied")
    assert error.value.field == "occupancy"


def test_a_zone_official_creates_a_park_run_by_an_operator_of_the_zone(official, world):
    park = services.park_create(
        actor=official, name="新园区", operator=world.a.operator, focus="生物医药"
    )
    assert park.zone == world.a.zone
    assert _events("parks.park.create").filter(actor=official).exists()
    with pytest.raises(DomainError) as error:
        services.park_create(actor=official, name="错园区", operator=world.b.operator)
    assert error.value.field == "operator"
    with pytest.raises(DomainError) as error:
        services.park_create(actor=official, name="新园区", operator=world.a.operator)
    assert error.value.field == "name"
    assert not Park.objects.filter(name="错园区").exists()


def test_an_operator_edits_its_park_but_not_who_runs_it(operator, world):
    park = services.park_update(actor=operator, park=world.a.park, address="科学大道100号")
    assert park.address == "科学大道100号"
    event = _events("parks.park.update").get()
    assert event.data["changes"]["address"] == ["", "科学大道100号"]
    other = services.park_create(
        actor=None, zone=world.a.zone, name="别园", operator=world.a.operator
    )
    with pytest.raises(PermissionDeniedError):
        services.park_create(actor=operator, name="X", operator=world.a.operator)
    assert other.pk
    with pytest.raises(DomainError) as error:
        services.park_update(actor=operator, park=world.a.park, contact_email="not-an-email")
    assert error.value.field == "contact_email"


def test_platforms_are_added_edited_and_deleted_with_audit(park, operator):
    platform = services.platform_create(
        actor=operator, park=park, name="金融服务枢纽", kind="finance", offers="科技贷"
    )
    services.platform_update(actor=operator, platform=platform, offers="科技贷、担保")
    with pytest.raises(DomainError) as error:
        services.platform_create(actor=operator, park=park, name="金融服务枢纽", kind="finance")
    assert error.value.field == "name"
    with pytest.raises(DomainError) as error:
        services.platform_create(actor=operator, park=park, name="X", kind="bank")
    assert error.value.field == "kind"
    services.platform_delete(actor=operator, platform=platform, reason="合并")
    assert not Platform.objects.filter(pk=platform.pk).exists()
    actions = set(AuditEvent.objects.filter(actor=operator).values_list("action", flat=True))
    assert {"parks.platform.create", "parks.platform.update", "parks.platform.delete"} <= actions


def test_an_operator_lets_only_to_firms_of_its_parks_or_of_none(spaces, operator, world):
    """Another operator's firm (same zone) is neither offered nor accepted; a firm in no park
    yet (signed, not settled) is."""
    other_park = ParkFactory(zone=world.a.zone)  # run by another operator of the zone
    theirs = EnterpriseFactory(zone=world.a.zone, park=other_park, name="别家园区企业")
    unplaced = EnterpriseFactory(zone=world.a.zone, park=None, name="尚未入园企业")
    choices = set(selectors.occupant_choices(world.a.park, operator))
    assert theirs not in choices and {unplaced, world.a.enterprise} <= choices
    assert theirs in set(
        selectors.occupant_choices(world.a.park, world.a.users[Role.ZONE_OFFICIAL])
    )
    with pytest.raises(DomainError) as error:
        services.space_set_occupancy(
            actor=operator,
            space=spaces["free"],
            occupancy="reserved",
            occupant=theirs,
            reason="预留",
        )
    assert error.value.field == "occupant"
    services.space_set_occupancy(
        actor=operator, space=spaces["free"], occupancy="reserved", occupant=unplaced, reason="预留"
    )
    assert Space.objects.get(pk=spaces["free"].pk).occupant == unplaced
