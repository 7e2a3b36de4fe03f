import pytest
from django.core.exceptions import ValidationError

from gaoxin.accounts.choices import Role
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises import services
from gaoxin.enterprises.models import Contact
from gaoxin.enterprises.tests.conftest import events
from gaoxin.enterprises.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_add_normalises_phone_and_masks_it_in_the_audit_trail(world, member):
    contact = services.contact_add(
        actor=member,
        enterprise=world.a.enterprise,
        data={"name": " 李雷 ", "phone": "+86 139 1234 5678", "email": "Li@Example.COM"},
    )
    assert contact.name == "李雷"
    assert contact.phone == "13912345678"
    assert contact.email == "li@example.com"
    event = events("enterprises.contact.add").get()
    assert event.object_id == str(world.a.enterprise.pk)
    assert event.data["changes"]["phone"] == [None, "139****5678"]
    assert "13912345678" not in str(event.data)


def test_bad_phone_is_a_field_error(world, member):
    with pytest.raises(ValidationError) as exc:
        services.contact_add(
            actor=member, enterprise=world.a.enterprise, data={"name": "李雷", "phone": "12345"}
        )
    assert "phone" in exc.value.message_dict
    assert not Contact.objects.filter(name="李雷").exists()


def test_one_primary_contact(world, official):
    first = ContactFactory(enterprise=world.a.enterprise, is_primary=True)
    second = services.contact_add(
        actor=official,
        enterprise=world.a.enterprise,
        data={"name": "韩梅梅", "phone": "13800000000", "is_primary": True},
    )
    first.refresh_from_db()
    assert second.is_primary and not first.is_primary
    assert events("enterprises.contact.add").get().data["no_longer_primary"] == [first.pk]


def test_update_and_remove(world, official):
    contact = ContactFactory(enterprise=world.a.enterprise)
    services.contact_update(actor=official, contact=contact, data={"title": "董事长"})
    contact.refresh_from_db()
    assert contact.title == "董事长"
    services.contact_remove(actor=official, contact=contact)
    assert not Contact.objects.filter(pk=contact.pk).exists()
    removed = events("enterprises.contact.remove").get()
    assert removed.data["changes"]["phone"] == ["138****1234", None]


@pytest.mark.parametrize("role", [Role.ZONE_OFFICIAL, Role.PARK_OPERATOR])
def test_officials_reveal_a_phone_and_it_is_audited(world, role):
    contact = ContactFactory(enterprise=world.a.enterprise)
    actor = world.a.users[role]
    assert services.contact_reveal(actor=actor, contact=contact) == "13812341234"
    event = events("enterprises.contact.reveal").get()
    assert event.actor == actor
    assert event.object_id == str(world.a.enterprise.pk)
    assert event.data == {"contact_id": contact.pk}


@pytest.mark.parametrize(
    ("side", "role"),
    [
        ("a", Role.PROVINCIAL_REVIEWER),
        ("a", Role.ADVISOR),
        ("a", Role.AUDITOR),
        ("a", Role.ENTERPRISE_USER),  # sees its own numbers anyway; no "show" to audit
        ("b", Role.ZONE_OFFICIAL),
        ("b", Role.PARK_OPERATOR),
    ],
)
def test_others_cannot_reveal(world, side, role):
    contact = ContactFactory(enterprise=world.a.enterprise)
    with pytest.raises(PermissionDeniedError):
        services.contact_reveal(actor=getattr(world, side).users[role], contact=contact)
    assert not events("enterprises.contact.reveal").exists()


def test_contacts_of_another_enterprise(world, member):
    contact = ContactFactory(enterprise=world.b.enterprise)
    with pytest.raises(PermissionDeniedError):
        services.contact_update(actor=member, contact=contact, data={"title": "x"})
    with pytest.raises(PermissionDeniedError):
        services.contact_remove(actor=member, contact=contact)
