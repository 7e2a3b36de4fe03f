import datetime

import pytest
from django.core.exceptions import ValidationError

from gaoxin.accounts.choices import Role
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises import services
from gaoxin.enterprises.models import Qualification
from gaoxin.enterprises.tests.conftest import events
from gaoxin.enterprises.tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

DATA = {
    "kind": "high_tech",
    "certificate_no": " GR202341000123 ",
    "valid_from": "2023-11-01",
    "valid_to": datetime.date(2026, 10, 31),
}


def test_add_update_remove_each_audited_against_the_enterprise(world, official):
    operator = official  # an official of the zone writes directly (others declare)
    enterprise = world.a.enterprise
    qualification = services.qualification_add(actor=operator, enterprise=enterprise, data=DATA)
    assert qualification.certificate_no == "GR202341000123"
    assert qualification.valid_from == datetime.date(2023, 11, 1)

    services.qualification_update(
        actor=operator, qualification=qualification, data={"kind": "srdi"}
    )
    qualification.refresh_from_db()
    assert qualification.kind == "srdi"

    services.qualification_remove(actor=operator, qualification=qualification)
    assert not Qualification.objects.filter(pk=qualification.pk).exists()
    for action in ("add", "update", "remove"):
        event = events("enterprises.qualification." + action).get()
        assert event.object_id == str(enterprise.pk)
    assert events("enterprises.qualification.update").get().data["changes"] == {
        "kind": ["high_tech", "srdi"]
    }


def test_window_must_be_ordered(world, official):
    with pytest.raises(ValidationError) as exc:
        services.qualification_add(
            actor=official,
            enterprise=world.a.enterprise,
            data={**DATA, "valid_to": "2020-01-01"},
        )
    assert "valid_to" in exc.value.message_dict
    assert not Qualification.objects.exists()


def test_unknown_kind_and_missing_start(world, official):
    with pytest.raises(ValidationError) as exc:
        services.qualification_add(
            actor=official,
            enterprise=world.a.enterprise,
            data={"kind": "nobel", "valid_from": None},
        )
    assert {"kind", "valid_from"} <= set(exc.value.message_dict)


def test_bad_date_text(world, official):
    with pytest.raises(ValidationError) as exc:
        services.qualification_add(
            actor=official, enterprise=world.a.enterprise, data={**DATA, "valid_from": "2023/13/01"}
        )
    assert "valid_from" in exc.value.message_dict


@pytest.mark.parametrize("role", [Role.PROVINCIAL_REVIEWER, Role.ADVISOR])
def test_roles_that_cannot_edit(world, role):
    qualification = QualificationFactory(enterprise=world.a.enterprise)
    with pytest.raises(PermissionDeniedError):
        services.qualification_add(
            actor=world.a.users[role], enterprise=world.a.enterprise, data=DATA
        )
    with pytest.raises(PermissionDeniedError):
        services.qualification_remove(actor=world.a.users[role], qualification=qualification)


def test_enterprise_user_cannot_touch_another_enterprise(world, member):
    qualification = QualificationFactory(enterprise=world.b.enterprise)
    with pytest.raises(PermissionDeniedError):
        services.qualification_update(actor=member, qualification=qualification, data={})
