"""The verification queue (核验) and evidence downloads, from every side: the zone's official,
the other zone, the wrong roles and nobody logged in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.enterprises import services
from gaoxin.enterprises.choices import RecordStatus
from gaoxin.enterprises.models import FactRecord, Qualification
from gaoxin.enterprises.services.attachments import attachment_store
from gaoxin.enterprises.tests.conftest import events
from gaoxin.enterprises.tests.evidence import PDF_BYTES, pdf

pytestmark = pytest.mark.django_db

ZO, PO, PR, EU, AD = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
    Role.ADVISOR,
)


def declare(world, side="a", number="GR202441000123"):
    enterprise = getattr(world, side).enterprise
    member = getattr(world, side).users[EU]
    attachment = attachment_store(actor=member, enterprise=enterprise, upload=pdf())
    return services.qualification_add(
        actor=member,
        enterprise=enterprise,
        data={
            "kind": "high_tech",
            "certificate_no": number,
            "valid_from": "2024-12-01",
            "valid_to": "2027-11-30",
        },
        attachment=attachment,
    )


@pytest.fixture
def record(world):
    return declare(world)


def status_of(record) -> str:
    return FactRecord.objects.get(pk=record.pk).status


# --- the queue -------------------------------------------------------------------------------


def test_the_queue_lists_the_zones_pending_declarations(client, world, record):
    other = declare(world, "b")
    client.force_login(world.a.users[ZO])
    page = client.get(reverse("enterprises:verification_queue")).content.decode()
    assert world.a.enterprise.name in page
    assert world.b.enterprise.name not in page
    client.force_login(world.b.users[ZO])
    page = client.get(reverse("enterprises:verification_queue")).content.decode()
    assert world.b.enterprise.name in page and world.a.enterprise.name not in page
    assert other.status == RecordStatus.PENDING


def test_the_queue_says_when_nothing_waits(client, world):
    client.force_login(world.a.users[ZO])
    response = client.get(reverse("enterprises:verification_queue"))
    assert response.status_code == 200
    assert response.context["total"] == 0


@pytest.mark.parametrize("role", [PO, PR, EU, AD, Role.AUDITOR, Role.SYSTEM_ADMIN])
def test_other_roles_have_no_queue(client, world, record, role):
    client.force_login(world.a.users[role])
    for name, args in (
        ("enterprises:verification_queue", []),
        ("enterprises:verification_detail", [record.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize(
    "name", ["verification_queue", "verification_detail", "attachment_download"]
)
def test_anonymous_is_sent_to_login(client, record, name):
    args = {
        "verification_queue": [],
        "verification_detail": [record.pk],
        "attachment_download": [record.attachment_id],
    }[name]
    response = client.get(reverse(f"enterprises:{name}", args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- one declaration -------------------------------------------------------------------------


def test_the_detail_shows_old_and_new_and_the_evidence(client, world, record):
    client.force_login(world.a.users[ZO])
    response = client.get(reverse("enterprises:verification_detail", args=[record.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "GR202441000123" in page
    assert reverse("enterprises:attachment_download", args=[record.attachment_id]) in page


def test_another_zones_official_finds_nothing(client, world, record):
    client.force_login(world.b.users[ZO])
    detail = reverse("enterprises:verification_detail", args=[record.pk])
    assert client.get(detail).status_code == 404
    for name in ("verification_verify", "verification_reject"):
        url = reverse(f"enterprises:{name}", args=[record.pk])
        assert client.post(url, {"reason": "x"}).status_code == 404
    assert status_of(record) == RecordStatus.PENDING


@pytest.mark.parametrize("role", [PO, EU])
def test_the_wrong_role_cannot_decide(client, world, record, role):
    client.force_login(world.a.users[role])
    for name in ("verification_verify", "verification_reject"):
        url = reverse(f"enterprises:{name}", args=[record.pk])
        assert client.post(url, {"reason": "x"}).status_code == 403
    assert status_of(record) == RecordStatus.PENDING


def test_decisions_need_post(client, world, record):
    client.force_login(world.a.users[ZO])
    for name in ("verification_verify", "verification_reject", "verification_bulk"):
        args = [] if name == "verification_bulk" else [record.pk]
        assert client.get(reverse(f"enterprises:{name}", args=args)).status_code == 405


def test_verify_from_the_page(client, world, record):
    client.force_login(world.a.users[ZO])
    url = reverse("enterprises:verification_verify", args=[record.pk])
    response = client.post(url, {"reason": "与证书原件一致"})
    assert response.status_code == 302
    assert status_of(record) == RecordStatus.VERIFIED
    assert Qualification.objects.filter(enterprise=world.a.enterprise, kind="high_tech").exists()


def test_reject_without_a_reason_is_refused_with_a_message(client, world, record):
    client.force_login(world.a.users[ZO])
    url = reverse("enterprises:verification_reject", args=[record.pk])
    response = client.post(url, {"reason": ""}, follow=True)
    assert status_of(record) == RecordStatus.PENDING
    assert "原因" in response.content.decode()  # "Give the reason…", in Chinese by default
    client.post(url, {"reason": "证书编号与认定名单不符"})
    assert status_of(record) == RecordStatus.REJECTED


# --- several at once -------------------------------------------------------------------------


def test_bulk_verify_needs_the_confirmation(client, world, record):
    client.force_login(world.a.users[ZO])
    url = reverse("enterprises:verification_bulk")
    client.post(url, {"ids": [record.pk]})
    assert status_of(record) == RecordStatus.PENDING
    client.post(url, {"ids": [record.pk], "confirm": "1"})
    assert status_of(record) == RecordStatus.VERIFIED


def test_bulk_verify_ignores_another_zones_declarations(client, world, record):
    other = declare(world, "b")
    client.force_login(world.a.users[ZO])
    client.post(reverse("enterprises:verification_bulk"), {"ids": [other.pk], "confirm": "1"})
    assert status_of(other) == RecordStatus.PENDING


@pytest.mark.parametrize("role", [PO, EU, PR])
def test_bulk_verify_is_for_officials(client, world, record, role):
    client.force_login(world.a.users[role])
    response = client.post(
        reverse("enterprises:verification_bulk"), {"ids": [record.pk], "confirm": "1"}
    )
    assert response.status_code == 403
    assert status_of(record) == RecordStatus.PENDING


# --- evidence downloads ----------------------------------------------------------------------


@pytest.mark.parametrize(("side", "role"), [("a", ZO), ("a", EU), ("a", PO), ("a", PR)])
def test_the_scan_downloads_as_an_attachment_and_is_audited(client, world, record, side, role):
    client.force_login(getattr(world, side).users[role])
    response = client.get(reverse("enterprises:attachment_download", args=[record.attachment_id]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert events("enterprises.attachment.download").count() == 1


@pytest.mark.parametrize(("side", "role"), [("b", ZO), ("b", EU), ("b", PO), ("a", AD)])
def test_the_scan_is_not_found_for_others(client, world, record, side, role):
    client.force_login(getattr(world, side).users[role])
    response = client.get(reverse("enterprises:attachment_download", args=[record.attachment_id]))
    assert response.status_code == 404
    assert not events("enterprises.attachment.download").exists()


def test_an_unknown_scan_is_not_found(client, world):
    client.force_login(world.a.users[ZO])
    assert client.get(reverse("enterprises:attachment_download", args=[999999])).status_code == 404
