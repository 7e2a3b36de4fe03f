"""The payment step (拨付): allowed once for an exported confirmed round, audited, refused in
every other state, rolled back whole on failure; and its form on the round page."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError
from gaoxin.grants import payment, services
from gaoxin.grants.models import GrantRound, RoundStatus

from .helpers import REFERENCE, round_at

pytestmark = pytest.mark.django_db
TOTAL = Decimal("5425678.92")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def exported(policy, official):
    return round_at("exported", policy=policy, official=official)


def pay(grant_round, actor, **kwargs):
    arguments = {"paid_on": timezone.localdate(), "reference": REFERENCE, **kwargs}
    return payment.round_pay(actor=actor, grant_round=grant_round, **arguments)


def test_paying_an_exported_round_records_it_once_with_its_audit_event(exported, official):
    today = timezone.localdate()
    paid = pay(exported, official, reference="  国库支付凭证 2025-0001 ")
    exported.refresh_from_db()
    assert exported.is_paid and exported.status == RoundStatus.CONFIRMED
    assert (exported.paid_on, exported.payment_reference) == (today, REFERENCE)
    assert exported.paid_by == official and exported.paid_at is not None
    assert paid.pk == exported.pk
    event = AuditEvent.objects.get(action="grants.round.pay")
    assert event.actor_id == official.pk and event.object_id == str(exported.pk)
    assert event.data == {
        "paid_on": today.isoformat(),
        "reference": REFERENCE,
        "enterprises": 3,
        "total": str(TOTAL),
        "disbursements": 3,
    }
    assert f"{TOTAL} yuan to 3 enterprises on {today:%Y-%m-%d}" in event.summary

    with pytest.raises(InvalidTransitionError, match="already recorded as paid") as error:
        pay(exported, official, reference="另一张凭证")
    assert REFERENCE in error.value.message
    exported.refresh_from_db()
    assert exported.payment_reference == REFERENCE
    assert AuditEvent.objects.filter(action="grants.round.pay").count() == 1


@pytest.mark.parametrize("step", ["candidates", "notice"])
def test_paying_before_the_confirmation_is_refused(policy, official, step):
    grant_round = round_at(step, policy=policy, official=official)
    with pytest.raises(InvalidTransitionError, match="not confirmed"):
        pay(grant_round, official)
    grant_round.refresh_from_db()
    assert not grant_round.is_paid
    assert not AuditEvent.objects.filter(action="grants.round.pay").exists()


def test_paying_before_the_export_is_refused(policy, official):
    grant_round = round_at("confirmed", policy=policy, official=official)
    with pytest.raises(InvalidTransitionError, match="Export the confirmed list"):
        pay(grant_round, official)
    services.round_export(actor=official, grant_round=grant_round, out=io.BytesIO())
    assert pay(grant_round, official).is_paid


def test_the_date_and_the_reference_are_checked(exported, official):
    today = timezone.localdate()
    cases = [
        ({"reference": " "}, "reference"),
        ({"reference": "x" * 101}, "reference"),
        ({"paid_on": None}, "paid_on"),
        ({"paid_on": today + datetime.timedelta(days=1)}, "paid_on"),
        ({"paid_on": today - datetime.timedelta(days=1)}, "paid_on"),  # before confirmation
    ]
    for kwargs, field in cases:
        with pytest.raises(DomainError) as error:
            pay(exported, official, **kwargs)
        assert error.value.field == field, kwargs
    exported.refresh_from_db()
    assert not exported.is_paid


@pytest.mark.parametrize("side,role", [("b", Role.ZONE_OFFICIAL), ("a", Role.PARK_OPERATOR)])
def test_only_the_zones_officials_pay(exported, world, side, role):
    with pytest.raises(PermissionDeniedError):
        pay(exported, getattr(world, side).users[role])


def test_a_failing_audit_rolls_the_payment_back(exported, official, monkeypatch):
    from gaoxin.audit import services as audit

    def record_then_fail(**kwargs):
        audit.record(**kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(payment, "record", record_then_fail)
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        pay(exported, official)
    exported.refresh_from_db()
    assert not exported.is_paid and exported.payment_reference == "" and exported.paid_by is None
    assert AuditEvent.objects.count() == before


def test_the_database_refuses_a_payment_of_an_unconfirmed_round(policy, official):
    grant_round = round_at("notice", policy=policy, official=official)
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantRound.objects.filter(pk=grant_round.pk).update(
            paid_on=timezone.localdate(), paid_at=timezone.now(), payment_reference="x"
        )


def test_the_database_refuses_a_payment_without_reference(exported):
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantRound.objects.filter(pk=exported.pk).update(
            paid_on=timezone.localdate(), paid_at=timezone.now()
        )


# --- the step on the round page -------------------------------------------------------------


def page_of(client, grant_round) -> str:
    return client.get(reverse("grants:round_detail", args=[grant_round.pk])).content.decode()


def test_the_round_page_offers_the_payment_after_the_export(client, policy, official):
    client.force_login(official)
    client.cookies["django_language"] = "en"
    grant_round = round_at("confirmed", policy=policy, official=official)
    page = page_of(client, grant_round)
    assert 'data-testid="pay"' not in page and 'data-step="paid" data-state="todo"' in page
    services.round_export(actor=official, grant_round=grant_round, out=io.BytesIO())
    page = page_of(client, grant_round)
    assert 'data-testid="pay"' in page and 'data-step="paid" data-state="current"' in page
    assert "Step 5: record the payment" in page and 'data-step="exported" data-state="done"' in page

    form_url = reverse("grants:round_pay", args=[grant_round.pk])
    form = client.get(form_url).content.decode()
    assert 'name="paid_on"' in form and 'name="reference"' in form
    refused = client.post(form_url, {"paid_on": timezone.localdate().isoformat()})
    assert 'data-testid="error-reference"' in refused.content.decode()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    refused = client.post(form_url, {"paid_on": tomorrow, "reference": REFERENCE})
    assert 'data-testid="error-paid_on"' in refused.content.decode()

    today = timezone.localdate()
    response = client.post(form_url, {"paid_on": today.isoformat(), "reference": REFERENCE})
    assert response.status_code == 302
    page = page_of(client, grant_round)
    assert 'data-step="paid" data-state="done"' in page and 'data-testid="pay"' not in page
    assert f"Paid on {today:%Y-%m-%d}, payment reference {REFERENCE}." in page
    assert 'data-testid="round-status">Paid<' in page
    # a second submission (a stale tab) is refused on the form, and nothing changes
    again = client.post(form_url, {"paid_on": today.isoformat(), "reference": "另一张"})
    assert "already recorded as paid" in again.content.decode()
    assert AuditEvent.objects.filter(action="grants.round.pay").count() == 1
