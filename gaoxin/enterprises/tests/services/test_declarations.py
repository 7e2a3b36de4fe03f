"""Declarations: an enterprise's change waits for an official of its zone, who verifies it (the
value comes into force) or rejects it with a reason (nothing changes); the enterprise is told
either way, every step is audited, and a bulk verification is all or nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings

from gaoxin.accounts.choices import Role
from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError
from gaoxin.enterprises import services
from gaoxin.enterprises.choices import FactSource, RecordStatus, RecordSubject
from gaoxin.enterprises.models import Attachment, FactRecord, Qualification, YearlyFact
from gaoxin.enterprises.services.attachments import attachment_store, check_upload
from gaoxin.enterprises.tests.conftest import events
from gaoxin.enterprises.tests.evidence import ELF_BYTES, PDF_BYTES, pdf, renamed_executable
from gaoxin.enterprises.tests.factories import YearlyFactFactory
from gaoxin.notifications.choices import NotificationKind
from gaoxin.notifications.models import Notification

pytestmark = pytest.mark.django_db

HIGH_TECH = {
    "kind": "high_tech",
    "certificate_no": "GR202441000123",
    "valid_from": "2024-12-01",
    "valid_to": "2027-11-30",
}


def declare_high_tech(member, enterprise, **overrides):
    attachment = attachment_store(actor=member, enterprise=enterprise, upload=pdf())
    return services.qualification_add(
        actor=member, enterprise=enterprise, data={**HIGH_TECH, **overrides}, attachment=attachment
    )


# --- declaring -------------------------------------------------------------------------------


def test_a_qualification_declaration_needs_number_expiry_and_scan(world, member):
    enterprise = world.a.enterprise
    with pytest.raises(ValidationError) as caught:
        services.qualification_add(
            actor=member,
            enterprise=enterprise,
            data={"kind": "high_tech", "certificate_no": "X", "valid_from": "2024-12-01"},
        )
    assert set(caught.value.message_dict) == {"certificate_no", "valid_to", "attachment"}
    assert not FactRecord.objects.filter(enterprise=enterprise).exists()
    assert not Qualification.objects.filter(enterprise=enterprise).exists()


def test_a_declared_qualification_waits_for_verification(world, member):
    enterprise = world.a.enterprise
    record = declare_high_tech(member, enterprise)
    assert isinstance(record, FactRecord)
    assert (record.status, record.subject, record.source) == (
        RecordStatus.PENDING,
        RecordSubject.QUALIFICATION,
        FactSource.DECLARATION,
    )
    assert record.attachment.sha256 and record.declared_by == member
    assert not Qualification.objects.filter(enterprise=enterprise).exists()
    assert events("enterprises.declaration.submit", object_id=str(enterprise.pk)).count() == 1


def test_verifying_brings_the_value_into_force_and_tells_the_enterprise(world, member, official):
    enterprise = world.a.enterprise
    record = declare_high_tech(member, enterprise)
    services.declaration_verify(actor=official, record=record, reason="证书核对无误")
    record.refresh_from_db()
    assert record.status == RecordStatus.VERIFIED
    assert record.decided_by == official and record.decided_at is not None
    qualification = Qualification.objects.get(enterprise=enterprise)
    assert qualification.certificate_no == "GR202441000123"
    assert qualification.valid_to == datetime.date(2027, 11, 30)
    assert events("enterprises.declaration.verify", object_id=str(enterprise.pk)).count() == 1
    message = Notification.objects.get(recipient=member)
    assert message.kind == NotificationKind.DECLARATION_VERIFIED


def test_rejecting_needs_a_reason_changes_nothing_and_the_enterprise_reads_why(
    world, member, official
):
    enterprise = world.a.enterprise
    record = declare_high_tech(member, enterprise)
    with pytest.raises(DomainError) as caught:
        services.declaration_reject(actor=official, record=record, reason="  ")
    assert caught.value.field == "reason"
    services.declaration_reject(actor=official, record=record, reason="证书编号与认定名单不符")
    record.refresh_from_db()
    assert record.status == RecordStatus.REJECTED
    assert not Qualification.objects.filter(enterprise=enterprise).exists()
    message = Notification.objects.get(recipient=member)
    assert message.kind == NotificationKind.DECLARATION_REJECTED
    assert "证书编号与认定名单不符" in message.body
    assert events("enterprises.declaration.reject", object_id=str(enterprise.pk)).count() == 1


def test_a_decided_declaration_cannot_be_decided_again(world, member, official):
    record = declare_high_tech(member, world.a.enterprise)
    services.declaration_verify(actor=official, record=record)
    with pytest.raises(InvalidTransitionError):
        services.declaration_reject(actor=official, record=record, reason="重复")
    with pytest.raises(InvalidTransitionError):
        services.declaration_verify(actor=official, record=record)


@pytest.mark.parametrize("role", [Role.PARK_OPERATOR, Role.ENTERPRISE_USER])
def test_only_the_zones_officials_decide(world, member, role):
    record = declare_high_tech(member, world.a.enterprise)
    for actor in (world.a.users[role], world.b.users[Role.ZONE_OFFICIAL]):
        with pytest.raises(PermissionDeniedError):
            services.declaration_verify(actor=actor, record=record)
        with pytest.raises(PermissionDeniedError):
            services.declaration_reject(actor=actor, record=record, reason="x")
    record.refresh_from_db()
    assert record.status == RecordStatus.PENDING


def test_a_new_declaration_of_the_same_fact_withdraws_the_older(world, member):
    enterprise = world.a.enterprise
    first = declare_high_tech(member, enterprise)
    second = declare_high_tech(member, enterprise, certificate_no="GR202441000999")
    first.refresh_from_db()
    assert first.status == RecordStatus.WITHDRAWN
    assert second.status == RecordStatus.PENDING


def test_declared_figures_leave_the_verified_year_in_force(world, member, official):
    enterprise = world.a.enterprise
    YearlyFactFactory(enterprise=enterprise, year=2024, revenue=Decimal("1000000.00"))
    record = services.yearly_fact_upsert(
        actor=member, enterprise=enterprise, year=2024, data={"revenue": "2000000"}
    )
    assert isinstance(record, FactRecord)
    assert YearlyFact.objects.get(enterprise=enterprise, year=2024).revenue == Decimal("1000000.00")
    assert record.previous["revenue"] == "1000000.00"
    services.declaration_verify(actor=official, record=record)
    assert YearlyFact.objects.get(enterprise=enterprise, year=2024).revenue == Decimal("2000000.00")


def test_a_blank_year_is_refused(world, member):
    enterprise = world.a.enterprise
    with pytest.raises(ValidationError):
        services.yearly_fact_upsert(
            actor=member, enterprise=enterprise, year=2025, data={"revenue": "", "employees": ""}
        )
    assert not FactRecord.objects.filter(enterprise=enterprise).exists()


def test_a_profile_change_by_the_enterprise_is_declared(world, member, official):
    enterprise = world.a.enterprise
    before = enterprise.founded_on
    result = services.enterprise_update(
        actor=member, enterprise=enterprise, data={"founded_on": "2001-01-01"}
    )
    enterprise.refresh_from_db()
    assert enterprise.founded_on == before
    record = result.declaration
    assert record.subject == RecordSubject.PROFILE and record.status == RecordStatus.PENDING
    services.declaration_verify(actor=official, record=record)
    enterprise.refresh_from_db()
    assert enterprise.founded_on == datetime.date(2001, 1, 1)


def test_bulk_verification_is_all_or_nothing(world, member, official):
    enterprise = world.a.enterprise
    good = declare_high_tech(member, enterprise)
    bad = services.yearly_fact_upsert(
        actor=member, enterprise=enterprise, year=2024, data={"revenue": "100"}
    )
    # The declared value is no longer acceptable when the official comes to it.
    FactRecord.objects.filter(pk=bad.pk).update(values={"revenue": "-5"})
    with pytest.raises(DomainError) as caught:
        services.declarations_verify(actor=official, records=[good, bad])
    assert str(enterprise) in caught.value.message
    assert set(
        FactRecord.objects.filter(pk__in=[good.pk, bad.pk]).values_list("status", flat=True)
    ) == {RecordStatus.PENDING}
    assert not Qualification.objects.filter(enterprise=enterprise).exists()
    assert not Notification.objects.filter(recipient=member).exists()
    assert services.declarations_verify(actor=official, records=[good]) == 1


def test_an_official_entry_is_recorded_as_verified_staff_data(world, official):
    enterprise = world.a.enterprise
    services.yearly_fact_upsert(
        actor=official, enterprise=enterprise, year=2024, data={"revenue": "3000000"}
    )
    record = FactRecord.objects.get(enterprise=enterprise, subject=RecordSubject.YEARLY)
    assert (record.source, record.status, record.decided_by) == (
        FactSource.STAFF,
        RecordStatus.VERIFIED,
        official,
    )


# --- uploads ---------------------------------------------------------------------------------


def test_a_scan_is_stored_outside_the_web_root_under_a_random_name(world, member):
    attachment = attachment_store(actor=member, enterprise=world.a.enterprise, upload=pdf())
    path = Path(attachment.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.STATIC_ROOT))
    assert "证书" not in path.name and path.suffix == ".pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "证书扫描件.pdf"


def test_a_renamed_executable_is_refused(world, member):
    with pytest.raises(ValidationError) as caught:
        attachment_store(actor=member, enterprise=world.a.enterprise, upload=renamed_executable())
    assert "attachment" in caught.value.message_dict
    assert "content" in caught.value.message_dict["attachment"][0]
    assert not Attachment.objects.exists()


@override_settings(EVIDENCE_MAX_BYTES=1024 * 1024)
def test_an_oversized_file_is_refused(world, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("大文件.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError) as caught:
        attachment_store(actor=member, enterprise=world.a.enterprise, upload=big)
    assert "limit is 1 MB" in caught.value.message_dict["attachment"][0]
    assert not Attachment.objects.exists()


class RawUpload:
    """An upload whose name still carries the path a client sent (Django's multipart parser
    strips it from browser uploads; the check must hold for every other way in)."""

    def __init__(self, name: str):
        self.name, self.size, self._data = name, len(PDF_BYTES), PDF_BYTES

    def seek(self, offset):
        pass

    def read(self, size=-1):
        return self._data[:size] if size > 0 else self._data


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "a/b.pdf", "..\\x.pdf"])
def test_a_name_with_a_path_is_refused(name):
    with pytest.raises(ValidationError) as caught:
        check_upload(RawUpload(name))
    assert "path" in caught.value.message_dict["attachment"][0]


def test_a_posted_name_with_a_path_never_leaves_the_media_folder(client, world, member):
    """Through the page: the path is dropped before the view sees the file; the scan is
    stored under a random name inside MEDIA_ROOT."""
    from django.urls import reverse

    client.force_login(member)
    upload = pdf("../../../../tmp/evil.pdf")
    client.post(
        reverse("enterprises:qualification_create", args=[world.a.enterprise.pk]),
        {**HIGH_TECH, "attachment": upload},
    )
    attachment = Attachment.objects.get()
    assert Path(attachment.file.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert "/" not in attachment.original_name and ".." not in attachment.original_name


def test_the_elf_fixture_really_is_an_executable():
    import filetype

    assert filetype.guess(ELF_BYTES).mime.startswith("application/x-")
