from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises import services
from gaoxin.enterprises.models import YearlyFact
from gaoxin.enterprises.tests.conftest import events
from gaoxin.enterprises.tests.factories import YearlyFactFactory

pytestmark = pytest.mark.django_db

FIGURES = {
    "revenue": "50,000,000.00",
    "output_value": Decimal("60000000"),
    "rnd_expense": "2500000.456",
    "employees": "120",
    "tax_paid": 1800000,
    "patents_granted": 6,
    "export_value": "",
}


def test_upsert_creates_then_updates_with_one_event_each(world, official):
    enterprise = world.a.enterprise
    fact = services.yearly_fact_upsert(
        actor=official, enterprise=enterprise, year=2023, data=FIGURES
    )
    assert fact.revenue == Decimal("50000000.00")
    assert fact.rnd_expense == Decimal("2500000.46")  # rounded half-up to the fen
    assert fact.employees == 120
    assert fact.export_value is None
    assert fact.rnd_ratio == Decimal("5.00")
    created = events("enterprises.yearly_fact.create").get()
    assert created.object_id == str(enterprise.pk)  # in the enterprise's history
    assert created.data["year"] == 2023

    services.yearly_fact_upsert(
        actor=official, enterprise=enterprise, year=2023, data={"revenue": "51000000"}
    )
    fact.refresh_from_db()
    assert fact.revenue == Decimal("51000000.00")
    assert fact.output_value == Decimal("60000000.00")  # untouched
    updated = events("enterprises.yearly_fact.update").get()
    assert updated.data["changes"] == {"revenue": ["50000000.00", "51000000.00"]}
    assert YearlyFact.objects.filter(enterprise=enterprise, year=2023).count() == 1


def test_same_values_write_nothing(world, official):
    enterprise = world.a.enterprise
    services.yearly_fact_upsert(actor=official, enterprise=enterprise, year=2023, data=FIGURES)
    count = AuditEvent.objects.count()
    services.yearly_fact_upsert(actor=official, enterprise=enterprise, year=2023, data=FIGURES)
    assert AuditEvent.objects.count() == count


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("revenue", "-1", "Amounts cannot be negative."),
        ("tax_paid", Decimal("-0.01"), "Amounts cannot be negative."),
        ("output_value", "lots", "Enter an amount in yuan, e.g. 1234.50."),
        ("export_value", 1.5, "Enter an amount in yuan, e.g. 1234.50."),  # never a float
        ("employees", "-3", "This number cannot be negative."),
        ("patents_granted", "2.5", "Enter a whole number."),
    ],
)
def test_bad_figures_are_refused_and_nothing_saved(world, official, field, value, message):
    count = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.yearly_fact_upsert(
            actor=official, enterprise=world.a.enterprise, year=2023, data={field: value}
        )
    assert exc.value.message_dict[field] == [message]
    assert not YearlyFact.objects.filter(enterprise=world.a.enterprise).exists()
    assert AuditEvent.objects.count() == count


@pytest.mark.parametrize("year", [1900, timezone.localdate().year + 1, "abc"])
def test_year_out_of_range(world, official, year):
    with pytest.raises(ValidationError) as exc:
        services.yearly_fact_upsert(
            actor=official, enterprise=world.a.enterprise, year=year, data={}
        )
    assert "year" in exc.value.message_dict


def test_delete_is_audited(world, official, member):
    fact = YearlyFactFactory(enterprise=world.a.enterprise, year=2022)
    with pytest.raises(PermissionDeniedError):  # the enterprise declares corrections instead
        services.yearly_fact_delete(actor=member, fact=fact)
    services.yearly_fact_delete(actor=official, fact=fact)
    assert not YearlyFact.objects.filter(pk=fact.pk).exists()
    event = events("enterprises.yearly_fact.delete").get()
    assert event.data["changes"]["revenue"] == ["50000000.00", None]


@pytest.mark.parametrize("role", [Role.PROVINCIAL_REVIEWER, Role.ADVISOR, Role.AUDITOR])
def test_roles_that_cannot_edit(world, role):
    fact = YearlyFactFactory(enterprise=world.a.enterprise, year=2022)
    with pytest.raises(PermissionDeniedError):
        services.yearly_fact_upsert(
            actor=world.a.users[role], enterprise=world.a.enterprise, year=2022, data={}
        )
    with pytest.raises(PermissionDeniedError):
        services.yearly_fact_delete(actor=world.a.users[role], fact=fact)


def test_other_zone_cannot_write_facts(world):
    with pytest.raises(PermissionDeniedError):
        services.yearly_fact_upsert(
            actor=world.b.users[Role.ZONE_OFFICIAL],
            enterprise=world.a.enterprise,
            year=2022,
            data={"revenue": "1"},
        )
