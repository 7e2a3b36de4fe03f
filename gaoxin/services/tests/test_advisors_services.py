"""The advisor pool's services: who may appoint, change, mark unavailable and end a term;
what they refuse, with the field named; every change audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.experts.tests.factories import ExpertFactory

from .. import services_advisors as services
from ..models import Advisor, ServiceDomain
from .factories_advisors import domain, make_advisor

pytestmark = pytest.mark.django_db
ZO, PO, AD = Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.ADVISOR


def _create(world, actor, expert, **data):
    values = {"term_start": datetime.date(2025, 4, 25), "max_load": 5, **data}
    return services.advisor_create(
        actor=actor, expert=expert, domains=[domain("compliance")], data=values
    )


def test_an_official_appoints_an_expert_of_the_zone(world):
    expert = ExpertFactory(zone=world.a.zone, name="钱律")
    advisor = _create(world, world.a.users[ZO], expert, note="聘任")
    assert advisor.zone == world.a.zone
    assert list(advisor.domains.values_list("code", flat=True)) == ["compliance"]
    event = AuditEvent.objects.filter(action="services.advisor.create").get()
    assert event.actor == world.a.users[ZO]


def test_an_expert_of_another_zone_is_refused_on_the_expert_field(world):
    expert = ExpertFactory(zone=world.b.zone)
    with pytest.raises(ValidationError) as exc:
        _create(world, world.a.users[ZO], expert)
    assert "expert" in exc.value.message_dict
    assert not Advisor.objects.exists()


def test_other_roles_may_not_appoint(world):
    expert = ExpertFactory(zone=world.a.zone)
    for role in (PO, Role.PROVINCIAL_REVIEWER, Role.ENTERPRISE_USER, AD):
        with pytest.raises(PermissionDeniedError):
            _create(world, world.a.users[role], expert)


def test_no_domain_twice_an_advisor_and_an_ordered_term_are_checked(world):
    official = world.a.users[ZO]
    expert = ExpertFactory(zone=world.a.zone)
    with pytest.raises(ValidationError) as exc:
        services.advisor_create(
            actor=official, expert=expert, domains=[], data={"term_start": timezone.localdate()}
        )
    assert "domains" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _create(world, official, expert, term_end=datetime.date(2024, 1, 1))
    assert not Advisor.objects.exists()
    _create(world, official, expert)
    with pytest.raises(ValidationError) as exc:
        _create(world, official, expert)
    assert "expert" in exc.value.message_dict


def test_the_official_of_another_zone_cannot_change_the_advisor(world):
    advisor = make_advisor(world.a)
    with pytest.raises(PermissionDeniedError):
        services.advisor_update(actor=world.b.users[ZO], advisor=advisor, data={"max_load": 3})
    services.advisor_update(
        actor=world.a.users[ZO],
        advisor=advisor,
        data={"max_load": 3},
        domains=[domain("capital"), domain("bank_credit")],
    )
    advisor.refresh_from_db()
    assert advisor.max_load == 3
    assert set(advisor.domains.values_list("code", flat=True)) == {"capital", "bank_credit"}
    event = AuditEvent.objects.get(action="services.advisor.update")
    assert "max_load" in event.data["changes"]


def test_an_advisor_sets_their_own_availability_but_not_anothers(world):
    me = world.a.users[AD]
    mine = make_advisor(world.a, user=me)
    other = make_advisor(world.a)
    until = timezone.localdate() + datetime.timedelta(days=7)
    services.advisor_set_availability(
        actor=me, advisor=mine, available=False, unavailable_until=until, reason="出差"
    )
    mine.refresh_from_db()
    assert (mine.available, mine.unavailable_until, mine.unavailable_reason) == (
        False,
        until,
        "出差",
    )
    with pytest.raises(PermissionDeniedError):
        services.advisor_set_availability(actor=me, advisor=other, available=False, reason="x")
    with pytest.raises(PermissionDeniedError):
        services.advisor_set_availability(actor=world.b.users[ZO], advisor=mine, available=True)
    services.advisor_set_availability(actor=world.a.users[ZO], advisor=mine, available=True)
    mine.refresh_from_db()
    assert mine.available and mine.unavailable_until is None and mine.unavailable_reason == ""
    assert AuditEvent.objects.filter(action="services.advisor.availability").count() == 2


def test_unavailable_needs_a_reason_and_no_past_date(world):
    advisor = make_advisor(world.a)
    official = world.a.users[ZO]
    with pytest.raises(ValidationError) as exc:
        services.advisor_set_availability(actor=official, advisor=advisor, available=False)
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.advisor_set_availability(
            actor=official,
            advisor=advisor,
            available=False,
            unavailable_until=timezone.localdate() - datetime.timedelta(days=1),
            reason="休假",
        )
    assert "unavailable_until" in exc.value.message_dict
    advisor.refresh_from_db()
    assert advisor.available


def test_ending_a_term_needs_a_reason_and_is_audited(world):
    advisor = make_advisor(world.a)
    official = world.a.users[ZO]
    with pytest.raises(ValidationError):
        services.advisor_end_term(actor=official, advisor=advisor, reason=" ")
    with pytest.raises(ValidationError):
        services.advisor_end_term(
            actor=official, advisor=advisor, ended_on=datetime.date(2020, 1, 1), reason="x"
        )
    with pytest.raises(PermissionDeniedError):
        services.advisor_end_term(actor=world.b.users[ZO], advisor=advisor, reason="换届")
    services.advisor_end_term(
        actor=official, advisor=advisor, ended_on=datetime.date(2026, 6, 30), reason="换届"
    )
    advisor.refresh_from_db()
    assert advisor.term_end == datetime.date(2026, 6, 30)
    assert AuditEvent.objects.get(action="services.advisor.end_term").reason == "换届"


def test_domains_nest_one_level_only_and_only_officials_edit(world):
    official = world.a.users[ZO]
    broad = domain("compliance")
    fine = services.domain_create(
        actor=official,
        data={"code": "export_control", "name": "出口管制合规", "parent": broad},
    )
    assert fine.parent == broad
    with pytest.raises(ValidationError) as exc:
        services.domain_create(
            actor=official,
            data={"code": "deeper", "name": "更细", "parent": fine},
        )
    assert "parent" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.domain_update(actor=official, domain=broad, data={"parent": domain("capital")})
    assert "parent" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.domain_create(actor=official, data={"code": "compliance", "name": "重复"})
    with pytest.raises(PermissionDeniedError):
        services.domain_create(actor=world.a.users[PO], data={"code": "x", "name": "x"})
    services.domain_update(actor=official, domain=fine, data={"name_en": "Export control"})
    assert ServiceDomain.objects.get(code="export_control").name_en == "Export control"
    assert AuditEvent.objects.filter(action__startswith="services.domain.").count() == 2
