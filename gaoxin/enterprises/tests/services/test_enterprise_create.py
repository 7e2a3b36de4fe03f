import pytest
from django.core.exceptions import ValidationError

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.accounts.models import Organisation
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises import services
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.tests.conftest import events, valid_enterprise_data

pytestmark = pytest.mark.django_db


def test_zone_official_registers_in_own_zone_with_organisation_and_audit(world, official):
    data = valid_enterprise_data(park=world.a.park.pk)
    code = data["uscc"]
    data["uscc"] = " " + code.lower() + " "  # spaces and lower case are normalised
    enterprise = services.enterprise_create(actor=official, data=data)

    assert enterprise.zone == world.a.zone
    assert enterprise.park == world.a.park
    assert enterprise.uscc == code
    assert enterprise.industry_code == "C3581"
    assert enterprise.region_code == world.a.zone.region_code  # defaulted from the zone
    assert enterprise.organisation.kind == OrganisationKind.ENTERPRISE
    assert enterprise.organisation.zone == world.a.zone
    assert enterprise.organisation.name == enterprise.name
    event = events("enterprises.enterprise.create").get()
    assert event.object_id == str(enterprise.pk)
    assert event.actor == official
    assert event.data["changes"]["name"] == [None, enterprise.name]
    assert events("accounts.organisation.create", object_id=str(enterprise.organisation_id))


def test_park_operator_must_choose_one_of_its_parks(world, operator):
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(actor=operator, data=valid_enterprise_data())
    assert "park" in exc.value.message_dict

    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(actor=operator, data=valid_enterprise_data(park=world.b.park.pk))
    assert "park" in exc.value.message_dict

    enterprise = services.enterprise_create(
        actor=operator, data=valid_enterprise_data(park=world.a.park)
    )
    assert enterprise.park == world.a.park
    assert enterprise.zone == world.a.park.zone


def test_zone_official_cannot_use_a_park_of_another_zone(world, official):
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(actor=official, data=valid_enterprise_data(park=world.b.park))
    assert exc.value.message_dict["park"] == ["This park is in another zone."]


@pytest.mark.parametrize(
    "role",
    [
        Role.PROVINCIAL_REVIEWER,
        Role.ENTERPRISE_USER,
        Role.ADVISOR,
        Role.AUDITOR,
        Role.SYSTEM_ADMIN,
        Role.SECURITY_ADMIN,
    ],
)
def test_other_roles_cannot_register(world, role):
    with pytest.raises(PermissionDeniedError):
        services.enterprise_create(actor=world.a.users[role], data=valid_enterprise_data())
    assert not Enterprise.objects.filter(name=valid_enterprise_data()["name"]).exists()


@pytest.mark.parametrize(
    ("uscc", "code", "words"),
    [
        ("9141010061725713", "uscc_length", "18 characters"),
        ("91410100617257137X", "uscc_checksum", "check digit"),
        ("ab1234567890123456", "uscc_format", "letters"),
    ],
)
def test_bad_credit_code_says_which_check_failed(world, official, uscc, code, words):
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(actor=official, data=valid_enterprise_data(uscc=uscc))
    [error] = exc.value.error_dict["uscc"]
    assert error.code == code
    assert words in error.messages[0]


def test_nothing_is_saved_on_error(world, official):
    before = (Enterprise.objects.count(), Organisation.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError):
        services.enterprise_create(
            actor=official, data=valid_enterprise_data(uscc="91410100617257137X")
        )
    after = (Enterprise.objects.count(), Organisation.objects.count(), AuditEvent.objects.count())
    assert before == after


def test_duplicate_credit_code_is_a_field_error(world, official):
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(
            actor=official, data=valid_enterprise_data(uscc=world.b.enterprise.uscc.lower())
        )
    assert exc.value.message_dict["uscc"] == [
        "An enterprise with this credit code is already registered."
    ]


def test_all_field_errors_are_reported_together(world, official):
    data = valid_enterprise_data(name="", region_code="41", industry_code="35", stage="nope")
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(actor=official, data=data)
    assert {"name", "region_code", "industry_code", "stage"} <= set(exc.value.message_dict)


def test_name_taken_by_another_organisation_is_a_field_error(world, official):
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(
            actor=official, data=valid_enterprise_data(name=world.a.zone.name)
        )
    assert "name" in exc.value.message_dict


def test_links_an_enterprise_organisation_made_before_its_file(world, official):
    organisation = Organisation.objects.create(
        name="先建组织有限公司", kind=OrganisationKind.ENTERPRISE, zone=world.a.zone
    )
    enterprise = services.enterprise_create(
        actor=official, data=valid_enterprise_data(name="先建组织有限公司")
    )
    assert enterprise.organisation == organisation
    assert not events("accounts.organisation.create").exists()


def test_unknown_fields_are_a_programming_error(world, official):
    with pytest.raises(TypeError):
        services.enterprise_create(actor=official, data={**valid_enterprise_data(), "zone": 1})


def test_sample_flag_is_kept_on_enterprise_and_organisation(world, official):
    enterprise = services.enterprise_create(
        actor=official, data=valid_enterprise_data(is_sample=True)
    )
    assert enterprise.is_sample and enterprise.organisation.is_sample
