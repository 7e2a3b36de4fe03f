"""The pipeline's services: recording leads, moves with their notes (audited), refusals,
signing with the agreement file, settling into the registry in one transaction."""

from __future__ import annotations

import datetime
import hashlib
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import InvalidTransitionError, PermissionDeniedError
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.tests.factories import new_uscc
from gaoxin.parks.models import SegmentMembership

from .. import services
from ..choices import LeadStatus
from ..models import Lead, Signing
from ..workflows import LEAD_WORKFLOW
from .factories import PDF, make_event, make_lead, make_segment, negotiating_lead, pdf, signed_lead

pytestmark = pytest.mark.django_db

PO, ZO = Role.PARK_OPERATOR, Role.ZONE_OFFICIAL


def events_of(lead, action):
    return AuditEvent.objects.filter(
        object_type="investment.lead", object_id=str(lead.pk), action=action
    )


def test_a_lead_is_recorded_in_the_zone_of_its_park_owned_by_its_author(world):
    lead = make_lead(world.a, expected_investment=Decimal("3000000"))
    assert lead.zone == world.a.zone
    assert lead.owner == world.a.users[PO]
    assert lead.status == "contact" and lead.contact_on == timezone.localdate()
    assert events_of(lead, "investment.lead.create").count() == 1


def test_a_park_operator_cannot_put_a_lead_in_another_operators_park(world):
    with pytest.raises(ValidationError) as exc:
        make_lead(world.a, park=world.b.park)
    assert "park" in exc.value.message_dict
    assert not Lead.objects.exists()


def test_the_owner_must_be_of_the_authors_organisation(world):
    with pytest.raises(ValidationError) as exc:
        make_lead(world.a, owner=world.a.users[ZO])
    assert "owner" in exc.value.message_dict


def test_a_segment_of_another_zone_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        make_lead(world.a, segment=make_segment(world.b))
    assert "segment" in exc.value.message_dict


def test_a_move_sets_the_stage_date_and_follow_up_and_keeps_the_note(world):
    lead = make_lead(world.a)
    follow = timezone.localdate() + datetime.timedelta(days=7)
    services.lead_transition(
        actor=world.a.users[PO], lead=lead, name="visit", note="考察了厂房", next_follow_up=follow
    )
    lead.refresh_from_db()
    assert lead.status == "visit"
    assert lead.visit_on == timezone.localdate()
    assert lead.next_follow_up == follow
    event = events_of(lead, "investment.lead.visit").get()
    assert event.reason == "考察了厂房"
    assert event.data["from"] == "contact" and event.data["to"] == "visit"


def test_a_move_the_workflow_does_not_allow_is_refused_with_a_message(world):
    lead = make_lead(world.a)
    with pytest.raises(InvalidTransitionError) as exc:
        services.lead_transition(actor=world.a.users[PO], lead=lead, name="produce", note="x")
    message = str(exc.value.message)
    assert str(LeadStatus.CONTACT.label) in message  # where it stands
    assert str(LEAD_WORKFLOW.transition("visit").label) in message  # what is possible instead
    lead.refresh_from_db()
    assert lead.status == "contact" and lead.producing_on is None


def test_a_move_without_a_note_is_refused(world):
    lead = make_lead(world.a)
    with pytest.raises(InvalidTransitionError):
        services.lead_transition(actor=world.a.users[PO], lead=lead, name="visit", note="  ")
    lead.refresh_from_db()
    assert lead.status == "contact"


def test_sign_and_settle_have_their_own_services(world):
    lead = negotiating_lead(world.a)
    with pytest.raises(Exception) as exc:
        services.lead_transition(actor=world.a.users[PO], lead=lead, name="sign", note="x")
    assert getattr(exc.value, "code", "") == "own_form"


def test_the_other_sides_users_cannot_work_on_the_lead(world):
    lead = make_lead(world.a)
    for role in (PO, ZO, Role.PROVINCIAL_REVIEWER):
        with pytest.raises(PermissionDeniedError):
            services.lead_transition(actor=world.b.users[role], lead=lead, name="visit", note="x")
    with pytest.raises(PermissionDeniedError):
        services.lead_transition(
            actor=world.a.users[Role.PROVINCIAL_REVIEWER], lead=lead, name="visit", note="x"
        )


def test_signing_stores_the_agreement_with_its_hash_and_moves_the_lead(world):
    event = make_event(world.a)
    lead = negotiating_lead(world.a)
    signing = services.lead_sign(
        actor=world.a.users[PO],
        lead=lead,
        signed_on=datetime.date(2025, 4, 25),
        amount=Decimal("80000000"),
        event=event,
        note="大会现场签约",
        agreement=pdf(),
    )
    lead.refresh_from_db()
    assert lead.status == "signed" and lead.signed_on == datetime.date(2025, 4, 25)
    assert signing.agreement_sha256 == hashlib.sha256(PDF).hexdigest()
    assert signing.agreement_name == "协议.pdf" and signing.agreement_extension == ".pdf"
    assert signing.agreement.read() == PDF
    assert signing.park == world.a.park and signing.event == event
    assert events_of(lead, "investment.signing.create").count() == 1
    assert events_of(lead, "investment.lead.sign").get().reason == "大会现场签约"


def test_an_event_of_another_zone_is_refused_at_signing(world):
    lead = negotiating_lead(world.a)
    with pytest.raises(ValidationError) as exc:
        services.lead_sign(
            actor=world.a.users[PO],
            lead=lead,
            signed_on=datetime.date(2025, 4, 25),
            amount=Decimal("1"),
            event=make_event(world.b),
            note="x",
        )
    assert "event" in exc.value.message_dict
    assert not Signing.objects.exists()
    lead.refresh_from_db()
    assert lead.status == "negotiation"


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("协议.pdf", PDF, True),
        ("协议.docx", None, True),
        ("协议.pdf", b"MZ\x90\x00\x03" + b"\x00" * 60, False),  # an executable renamed
        ("空.pdf", b"", False),
    ],
)
def test_agreement_upload_rules(world, name, content, accepted):
    lead = negotiating_lead(world.a)
    upload = SimpleUploadedFile(name, _docx() if content is None else content)
    call = lambda: services.lead_sign(  # noqa: E731
        actor=world.a.users[PO],
        lead=lead,
        signed_on=datetime.date(2025, 4, 25),
        amount=Decimal("1000"),
        note="签约",
        agreement=upload,
    )
    if accepted:
        assert call().agreement_sha256
    else:
        with pytest.raises(ValidationError) as exc:
            call()
        assert "agreement" in exc.value.message_dict
        assert not Signing.objects.exists()


def test_settling_registers_exactly_one_enterprise_in_the_park_and_its_segment(world):
    segment = make_segment(world.a)
    lead = signed_lead(world.a, firm="新落地医疗科技有限公司", segment=segment)
    before = Enterprise.objects.count()
    uscc = new_uscc("410171")
    services.lead_settle(actor=world.a.users[PO], lead=lead, note="完成工商注册", uscc=uscc)
    lead.refresh_from_db()
    assert Enterprise.objects.count() == before + 1
    enterprise = lead.enterprise
    assert (enterprise.name, enterprise.uscc, enterprise.park) == (
        "新落地医疗科技有限公司",
        uscc,
        world.a.park,
    )
    assert enterprise.stage == "rnd" and enterprise.region_code == world.a.zone.region_code
    assert lead.status == "settled" and lead.settled_on == timezone.localdate()
    assert SegmentMembership.objects.filter(segment=segment, enterprise=enterprise).count() == 1
    assert events_of(lead, "investment.lead.settle").get().reason == "完成工商注册"
    assert events_of(lead, "investment.segment_membership.create").count() == 1


@pytest.mark.parametrize(
    ("uscc", "needle"), [("", "credit code"), ("91410100MA12345678", "check digit")]
)
def test_settling_without_a_valid_credit_code_names_the_field_and_changes_nothing(
    world, uscc, needle
):
    lead = signed_lead(world.a)
    before = Enterprise.objects.count()
    with pytest.raises(ValidationError) as exc, translation.override("en"):
        services.lead_settle(actor=world.a.users[PO], lead=lead, note="落地", uscc=uscc)
    assert needle in " ".join(exc.value.message_dict["uscc"])
    lead.refresh_from_db()
    assert lead.status == "signed" and lead.enterprise is None
    assert Enterprise.objects.count() == before


def test_settling_a_firm_already_registered_moves_it_into_the_park(world):
    from gaoxin.enterprises.tests.factories import ParkFactory

    other_park = ParkFactory(zone=world.a.zone, operator=world.a.operator, name="另一园区")
    official = world.a.users[ZO]
    lead = signed_lead(world.a, enterprise=world.a.enterprise)
    Lead.objects.filter(pk=lead.pk).update(park=other_park)
    lead.refresh_from_db()
    before = Enterprise.objects.count()
    services.lead_settle(actor=official, lead=lead, note="迁入新园区")
    world.a.enterprise.refresh_from_db()
    assert world.a.enterprise.park == other_park
    assert Enterprise.objects.count() == before


def test_a_lead_cannot_be_settled_twice(world):
    lead = signed_lead(world.a)
    services.lead_settle(actor=world.a.users[PO], lead=lead, note="落地", uscc=new_uscc("410171"))
    with pytest.raises(InvalidTransitionError):
        services.lead_settle(actor=world.a.users[PO], lead=lead, note="again", uscc="")


def test_an_official_edits_a_lead_an_operator_owns_but_cannot_hand_it_outside(world):
    lead = make_lead(world.a)
    official = world.a.users[ZO]
    services.lead_update(actor=official, lead=lead, data={"note": "区里跟进"})
    lead.refresh_from_db()
    assert lead.note == "区里跟进" and lead.owner == world.a.users[PO]
    assert events_of(lead, "investment.lead.update").count() == 1
    with pytest.raises(ValidationError) as exc:
        services.lead_update(actor=official, lead=lead, data={"owner": world.b.users[ZO]})
    assert "owner" in exc.value.message_dict


def test_a_lead_dropped_after_signing_and_reopened_signs_again_on_one_row(world):
    lead = signed_lead(world.a)
    operator = world.a.users[PO]
    for name in ("drop", "reopen", "negotiate"):
        services.lead_transition(actor=operator, lead=lead, name=name, note=name)
    signing = services.lead_sign(
        actor=operator,
        lead=lead,
        signed_on=datetime.date(2025, 9, 1),
        amount=Decimal("7"),
        note="重新签约",
    )
    assert Signing.objects.filter(lead=lead).count() == 1
    assert signing.amount == Decimal("7") and signing.history.count() == 2
