import pytest
from django.core.exceptions import ValidationError

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises import services
from gaoxin.enterprises.tests.conftest import events
from gaoxin.enterprises.tests.factories import EnterpriseFactory, ParkFactory, new_uscc

pytestmark = pytest.mark.django_db


def test_update_records_changed_fields_old_and_new(world, official):
    enterprise = world.a.enterprise
    old_name = enterprise.name
    saved = services.enterprise_update(
        actor=official,
        enterprise=enterprise,
        data={"name": "新名称有限公司", "address": "新地址", "stage": enterprise.stage},
        reason="工商变更",
    )
    assert saved.name == "新名称有限公司"
    event = events("enterprises.enterprise.update").get()
    assert event.data["changes"] == {
        "name": [old_name, "新名称有限公司"],
        "address": ["", "新地址"],
    }
    assert event.reason == "工商变更"
    assert event.data["organisation_renamed"] is True
    assert event.object_id == str(enterprise.pk)
    # The organisation its users belong to follows the name.
    saved.organisation.refresh_from_db()
    assert saved.organisation.name == "新名称有限公司"


def test_no_change_writes_nothing(world, official):
    enterprise = world.a.enterprise
    count = AuditEvent.objects.count()
    services.enterprise_update(
        actor=official, enterprise=enterprise, data={"name": enterprise.name}
    )
    assert AuditEvent.objects.count() == count


def test_enterprise_user_edits_own_file_but_not_code_or_park(world, member):
    enterprise = world.a.enterprise
    services.enterprise_update(actor=member, enterprise=enterprise, data={"address": "自己改的"})
    enterprise.refresh_from_db()
    assert enterprise.address == "自己改的"

    with pytest.raises(PermissionDeniedError):
        services.enterprise_update(actor=member, enterprise=enterprise, data={"uscc": new_uscc()})
    with pytest.raises(PermissionDeniedError):
        services.enterprise_update(actor=member, enterprise=enterprise, data={"park": None})
    # Sending the same values is fine (a full form resubmitted).
    services.enterprise_update(
        actor=member,
        enterprise=enterprise,
        data={"uscc": enterprise.uscc.lower(), "park": enterprise.park_id},
    )


def test_enterprise_user_cannot_edit_another_enterprise(world, member):
    with pytest.raises(PermissionDeniedError):
        services.enterprise_update(
            actor=member, enterprise=world.b.enterprise, data={"address": "x"}
        )


@pytest.mark.parametrize(
    "role", [Role.PROVINCIAL_REVIEWER, Role.ADVISOR, Role.AUDITOR, Role.SYSTEM_ADMIN]
)
def test_roles_without_edit_right(world, role):
    with pytest.raises(PermissionDeniedError):
        services.enterprise_update(
            actor=world.a.users[role], enterprise=world.a.enterprise, data={"address": "x"}
        )


@pytest.mark.parametrize("role", [Role.ZONE_OFFICIAL, Role.PARK_OPERATOR])
def test_officials_of_the_other_zone_cannot_edit(world, role):
    with pytest.raises(PermissionDeniedError):
        services.enterprise_update(
            actor=world.b.users[role], enterprise=world.a.enterprise, data={"address": "x"}
        )


def test_park_operator_keeps_enterprise_in_its_parks(world, operator):
    enterprise = world.a.enterprise
    with pytest.raises(ValidationError) as exc:
        services.enterprise_update(actor=operator, enterprise=enterprise, data={"park": None})
    assert "park" in exc.value.message_dict
    other_operators_park = ParkFactory(zone=world.a.zone)
    with pytest.raises(ValidationError):
        services.enterprise_update(
            actor=operator, enterprise=enterprise, data={"park": other_operators_park}
        )
    second = ParkFactory(zone=world.a.zone, operator=world.a.operator)
    saved = services.enterprise_update(actor=operator, enterprise=enterprise, data={"park": second})
    # The park feeds policy criteria: the operator's move is declared for the zone to verify.
    assert saved.park == world.a.park
    assert saved.declaration.values == {"park": second.pk}
    assert saved.declaration.source == "staff"
    official = world.a.users["zone_official"]
    services.declaration_verify(actor=official, record=saved.declaration)
    enterprise.refresh_from_db()
    assert enterprise.park == second


def test_zone_official_moves_within_zone_only(world, official):
    with pytest.raises(ValidationError):
        services.enterprise_update(
            actor=official, enterprise=world.a.enterprise, data={"park": world.b.park}
        )
    saved = services.enterprise_update(
        actor=official, enterprise=world.a.enterprise, data={"park": None}
    )
    assert saved.park is None


def test_changing_to_a_taken_credit_code_is_refused(world, official):
    other = EnterpriseFactory(zone=world.a.zone)
    with pytest.raises(ValidationError) as exc:
        services.enterprise_update(
            actor=official, enterprise=world.a.enterprise, data={"uscc": other.uscc}
        )
    assert "uscc" in exc.value.message_dict


def test_failed_update_changes_nothing(world, official):
    enterprise = world.a.enterprise
    count = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.enterprise_update(
            actor=official,
            enterprise=enterprise,
            data={"name": "改了名字", "uscc": "91410100617257137X"},
        )
    enterprise.refresh_from_db()
    assert enterprise.name != "改了名字"
    assert AuditEvent.objects.count() == count
