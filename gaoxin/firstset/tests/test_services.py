"""Writes to the catalog: permission, validation, audit event in the same transaction."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.firstset import services
from gaoxin.firstset.models import CatalogEdition, CatalogEntry, CatalogField, Indicator

pytestmark = pytest.mark.django_db

DATA = {
    "number": "1.2.3",
    "equipment_name": "重载工业机器人",
    "description": "",
    "support_mode": "units",
    "is_sample": False,
    "notes": "",
}
INDICATORS = [
    {"name": "额定负载", "unit": "kg", "direction": ">=", "threshold": "500"},
    {"name": "重复定位精度", "unit": "mm", "direction": "<=", "threshold": "0.1"},
]


def create(actor, edition, **overrides):
    return services.catalog_entry_create(
        actor=actor,
        edition=edition,
        field_name=overrides.pop("field_name", "智能制造装备"),
        data={**DATA, **overrides.pop("data", {})},
        indicators=overrides.pop("indicators", INDICATORS),
    )


def test_create_saves_the_entry_its_field_and_indicators_with_audit_events(reviewer, edition):
    entry = create(reviewer, edition)
    assert entry.field.name == "智能制造装备"
    assert entry.field.edition == edition
    indicators = list(entry.indicators.all())
    assert [(i.name, i.direction, i.threshold) for i in indicators] == [
        ("额定负载", ">=", Decimal("500")),
        ("重复定位精度", "<=", Decimal("0.1")),
    ]
    event = AuditEvent.objects.get(action="firstset.catalog_entry.create")
    assert event.actor_id == reviewer.pk
    assert event.object_id == str(entry.pk)
    assert event.data["entry"]["indicators"][1]["threshold"] == "0.1"
    assert AuditEvent.objects.filter(action="firstset.catalog_field.create").count() == 1
    create(reviewer, edition, data={"number": "1.2.4"})  # the field is reused
    assert CatalogField.objects.filter(edition=edition).count() == 1


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.PROVINCIAL_REVIEWER])
def test_only_the_provincial_reviewer_keeps_the_catalog(world, edition, robot, role):
    actor = world.a.users[role]
    with pytest.raises(PermissionDeniedError):
        create(actor, edition)
    with pytest.raises(PermissionDeniedError):
        services.catalog_entry_update(
            actor=actor, entry=robot, field_name="x", data=DATA, indicators=INDICATORS
        )
    with pytest.raises(PermissionDeniedError):
        services.catalog_entry_delete(actor=actor, entry=robot)
    with pytest.raises(PermissionDeniedError):
        services.catalog_edition_create(actor=actor, data={"name": "x", "year": 2025})
    assert CatalogEntry.objects.count() == 1
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("indicators", "message"),
    [
        ([], "at least one core indicator"),
        ([{**INDICATORS[0], "threshold": "abc"}], "额定负载"),
        ([{**INDICATORS[0], "direction": ">"}], "额定负载"),
        ([INDICATORS[0], INDICATORS[0]], "listed twice"),
        ([{**INDICATORS[0], "threshold": "0.0000001"}], "decimal places"),
    ],
)
def test_nothing_is_saved_when_an_indicator_is_wrong(reviewer, edition, indicators, message):
    with pytest.raises(ValidationError) as error:
        create(reviewer, edition, indicators=indicators)
    assert message in " ".join(error.value.message_dict["indicators"])
    assert not CatalogEntry.objects.exists()
    assert not CatalogField.objects.exists()
    assert not AuditEvent.objects.exists()


def test_nothing_is_saved_when_the_number_is_taken(reviewer, edition, robot):
    with pytest.raises(ValidationError):
        create(reviewer, edition, data={"number": robot.number})
    assert CatalogEntry.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_update_records_the_changes_and_replaces_the_indicators(reviewer, edition):
    entry = create(reviewer, edition)
    changed = services.catalog_entry_update(
        actor=reviewer,
        entry=entry,
        field_name="关键零部件",
        data={**DATA, "support_mode": "batches"},
        indicators=[{**INDICATORS[0], "threshold": "600"}],
        reason="2025 revision",
    )
    assert changed is True
    entry.refresh_from_db()
    assert entry.support_mode == "batches"
    assert entry.field.name == "关键零部件"
    assert list(entry.indicators.values_list("threshold", flat=True)) == [Decimal("600")]
    event = AuditEvent.objects.get(action="firstset.catalog_entry.update")
    assert event.reason == "2025 revision"
    assert event.data["changes"]["support_mode"] == ["units", "batches"]
    assert event.data["changes"]["field"] == ["智能制造装备", "关键零部件"]
    assert len(event.data["changes"]["indicators"][1]) == 1


def test_an_update_that_changes_nothing_writes_nothing(reviewer, edition):
    entry = create(reviewer, edition)
    before = AuditEvent.objects.count()
    changed = services.catalog_entry_update(
        actor=reviewer,
        entry=entry,
        field_name="智能制造装备",
        data=DATA,
        indicators=[{**INDICATORS[0], "threshold": "500.000"}, INDICATORS[1]],
    )
    assert changed is False
    assert AuditEvent.objects.count() == before


def test_a_failed_update_leaves_the_entry_as_it_was(reviewer, edition):
    entry = create(reviewer, edition)
    with pytest.raises(ValidationError):
        services.catalog_entry_update(
            actor=reviewer,
            entry=entry,
            field_name="新领域",
            data={**DATA, "equipment_name": ""},
            indicators=INDICATORS,
        )
    entry.refresh_from_db()
    assert entry.equipment_name == "重载工业机器人"
    assert not CatalogField.objects.filter(name="新领域").exists()
    assert not AuditEvent.objects.filter(action="firstset.catalog_entry.update").exists()


def test_delete_keeps_a_copy_in_the_audit_trail(reviewer, edition, robot):
    services.catalog_entry_delete(actor=reviewer, entry=robot, reason="withdrawn")
    assert not CatalogEntry.objects.exists()
    assert not Indicator.objects.exists()
    event = AuditEvent.objects.get(action="firstset.catalog_entry.delete")
    assert event.reason == "withdrawn"
    assert event.data["entry"]["equipment_name"] == "重载工业机器人"
    assert len(event.data["entry"]["indicators"]) == 3


def test_a_new_current_edition_replaces_the_current_one(reviewer, edition):
    new = services.catalog_edition_create(
        actor=reviewer, data={"name": "2026年版", "year": 2026, "is_current": True}
    )
    edition.refresh_from_db()
    assert new.is_current and not edition.is_current
    assert CatalogEdition.objects.filter(is_current=True).count() == 1
    assert AuditEvent.objects.filter(action="firstset.catalog_edition.create").count() == 1


def test_the_command_line_may_write_without_an_account(edition):
    entry = create(None, edition)
    assert AuditEvent.objects.get(action="firstset.catalog_entry.create").actor_id is None
    assert entry.pk
