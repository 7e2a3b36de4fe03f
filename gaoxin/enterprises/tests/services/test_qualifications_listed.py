"""A department's qualification list written together (qualifications_write_listed): for each
row what qualification_add / qualification_update write with the department as provenance — the
same qualifications, field history, provenance records and audit events — or nothing at all."""

import datetime

import pytest
from django.db import transaction

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.audit.services import verify_chain
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises import services
from gaoxin.enterprises.choices import FactSource
from gaoxin.enterprises.models import FactRecord, Qualification
from gaoxin.enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

PROVENANCE = {
    "source": FactSource.DEPARTMENT,
    "department": "郑州市科学技术局",
    "evidence": "豫科〔2025〕12号",
}
REASON = "郑州市科学技术局名单（豫科〔2025〕12号）"
ISSUED = datetime.date(2025, 11, 20)


def certificate(number: str, valid_to=datetime.date(2028, 11, 19)) -> dict:
    return {
        "kind": "high_tech",
        "certificate_no": number,
        "valid_from": ISSUED,
        "valid_to": valid_to,
    }


def listed(actor, rows):
    with transaction.atomic():
        return services.qualifications_write_listed(
            actor=actor,
            rows=[services.ListedQualification(e, data, held) for e, data, held in rows],
            provenance=PROVENANCE,
            reason=REASON,
        )


def one_by_one(actor, rows):
    with transaction.atomic():
        for enterprise, data, held in rows:
            if held is None:
                services.qualification_add(
                    actor=actor, enterprise=enterprise, data=data, provenance=PROVENANCE
                )
            else:
                services.qualification_update(
                    actor=actor, qualification=held, data=data, provenance=PROVENANCE
                )


def written(enterprise):
    held = [
        (q.kind, q.certificate_no, q.valid_from, q.valid_to)
        for q in Qualification.objects.filter(enterprise=enterprise).order_by("certificate_no")
    ]
    records = [
        (r.subject, r.slot.split(":")[1] != "new", r.values, r.previous, r.status, r.source)
        for r in FactRecord.objects.filter(enterprise=enterprise).order_by("pk")
    ]
    events = [
        (e.action, e.summary, e.data["changes"])
        for e in AuditEvent.objects.filter(object_id=str(enterprise.pk)).order_by("pk")
    ]
    history = [  # a list writes the new qualifications' rows first, then the changed ones'
        (h.certificate_no, h.history_type, h.valid_to)
        for h in Qualification.history.filter(enterprise=enterprise).order_by(
            "certificate_no", "history_id"
        )
    ]
    return held, records, events, history


def test_the_same_as_one_add_or_update_a_row(world, official):
    ours, theirs = EnterpriseFactory.create_batch(2, zone=world.a.zone)
    held = {}
    for enterprise in (ours, theirs):
        one_by_one(official, [(enterprise, certificate("GR2022410001"), None)])
        held[enterprise] = Qualification.objects.get(enterprise=enterprise)
    later = datetime.date(2029, 1, 31)
    for enterprise, write in ((ours, listed), (theirs, one_by_one)):
        write(
            official,
            [
                (enterprise, certificate("GR2022410001", valid_to=later), held[enterprise]),
                (enterprise, certificate("GR2025410099"), None),
            ],
        )
    assert written(ours) == written(theirs)
    assert len(written(ours)[0]) == 2 and len(written(ours)[2]) == 3
    assert verify_chain().ok


def test_the_history_names_the_official_and_the_list(world, official):
    [result] = listed(official, [(world.a.enterprise, certificate("GR1"), None)])
    assert result.created
    history = Qualification.history.get(enterprise=world.a.enterprise)
    assert (history.history_type, history.history_user_id, history.history_change_reason) == (
        "+",
        official.pk,
        REASON,
    )
    record = FactRecord.objects.get(enterprise=world.a.enterprise)
    assert record.qualification_id == history.id and record.department == "郑州市科学技术局"


def test_a_row_equal_to_the_certificate_held_writes_nothing(world, official):
    listed(official, [(world.a.enterprise, certificate("GR1"), None)])
    held = Qualification.objects.get(enterprise=world.a.enterprise)
    before = (FactRecord.objects.count(), AuditEvent.objects.count())
    [result] = listed(official, [(world.a.enterprise, certificate("GR1"), held)])
    assert (result.created, result.changes) == (False, {})
    assert (FactRecord.objects.count(), AuditEvent.objects.count()) == before


def test_a_refused_row_is_named_and_nothing_is_written(world, official):
    good, bad = EnterpriseFactory.create_batch(2, zone=world.a.zone)
    backwards = certificate("GR2", valid_to=datetime.date(2020, 1, 1))
    with pytest.raises(services.ListedRowsInvalid) as refused:
        listed(official, [(good, certificate("GR1"), None), (bad, backwards, None)])
    assert list(refused.value.errors) == [1]
    assert "valid_to" in refused.value.errors[1].message_dict
    assert not Qualification.objects.exists() and not FactRecord.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.PARK_OPERATOR, Role.ENTERPRISE_USER, Role.PROVINCIAL_REVIEWER]
)
def test_only_an_official_of_the_zone_writes_a_list(world, role):
    with pytest.raises(PermissionDeniedError):
        listed(world.a.users[role], [(world.a.enterprise, certificate("GR1"), None)])
    official = world.a.users[Role.ZONE_OFFICIAL]
    with pytest.raises(PermissionDeniedError):
        listed(official, [(world.b.enterprise, certificate("GR1"), None)])
    assert not Qualification.objects.exists()


def test_a_held_qualification_must_be_the_rows_enterprises_and_still_there(world, official):
    other = EnterpriseFactory(zone=world.a.zone)
    listed(official, [(other, certificate("GR1"), None)])
    theirs = Qualification.objects.get(enterprise=other)
    with pytest.raises(ValueError, match="enterprise"):
        listed(official, [(world.a.enterprise, certificate("GR1"), theirs)])
    with pytest.raises(ValueError, match="once"):
        listed(official, [(other, certificate("GR1"), theirs), (other, certificate("GR2"), theirs)])
    Qualification.objects.filter(pk=theirs.pk).delete()
    with pytest.raises(Qualification.DoesNotExist):
        listed(official, [(other, certificate("GR1"), theirs)])
    assert not Qualification.objects.exists()
