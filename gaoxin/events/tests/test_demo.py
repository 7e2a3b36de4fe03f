"""The events demo: the seed's conference and unveiling, a sample briefing open for
registration; loading twice changes nothing."""

from __future__ import annotations

import datetime

import pytest

from gaoxin.audit.models import AuditEvent
from gaoxin.demo.loader import load_demo
from gaoxin.events.choices import EventKind, OrganiserRole
from gaoxin.events.demo import BRIEFING, CONFERENCE, UNNAMED, UNVEILING, load_events_demo
from gaoxin.events.models import Event
from gaoxin.experts.demo import load_experts_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()
    load_experts_demo()
    return load_events_demo()


def test_the_seed_conference(demo):
    event = Event.objects.get(title=CONFERENCE)
    assert (event.kind, event.starts_on) == (EventKind.CONFERENCE, datetime.date(2025, 4, 25))
    assert event.park.name == event.venue == "郑州高新·数算产业园"
    assert event.theme == "产业集聚·共享未来" and event.participants == 200
    assert "200余位代表" in event.description and not event.is_sample
    roles = {o.name: (o.role, o.organisation_id is not None) for o in event.organisers.all()}
    assert roles["河南省医药行业协会"] == (OrganiserRole.HOSTING, True)
    assert roles["郑州报业集团智慧传媒产业运营公司"] == (OrganiserRole.UNDERTAKING, False)
    assert roles["郑州高新区管委会"][0] == OrganiserRole.GUIDING
    talks = list(event.talks.all())
    assert len(talks) == 5
    assert [t.speaker for t in talks[:2]] == ["昝明辉", "万飞"]
    assert all(t.expert is not None for t in talks[:2])
    assert [t.speaker for t in talks[2:]] == [UNNAMED] * 3
    names = set(event.appointed_advisors.values_list("name", flat=True))
    assert len(names) == 9 and {"昝明辉", "万飞"} <= names and "马宏军" not in names
    assert len(event.outcome_list) == 5 and not event.registration_open


def test_unveiling_and_the_sample_briefing(demo):
    unveiling = Event.objects.get(title=UNVEILING)
    assert unveiling.kind == EventKind.UNVEILING and unveiling.starts_on.isoformat() == "2025-04-23"
    assert "东华大学" in unveiling.description and unveiling.venue == "郑州纺织机械股份有限公司"
    briefing = Event.objects.get(title=BRIEFING)
    assert briefing.is_sample and briefing.registration_open and briefing.capacity == 80
    assert briefing.park.name == "郑州高新MedPark·医械产业园"
    assert briefing.starts_on.year == 2027 and briefing.starts_on.month == 1


def test_idempotent_and_audited_as_the_demo(demo):
    assert demo.events == 3
    before = (Event.objects.count(), AuditEvent.objects.count())
    assert load_events_demo().events == 0
    assert (Event.objects.count(), AuditEvent.objects.count()) == before
    created = AuditEvent.objects.filter(action="events.event.create")
    assert created.count() == 3 and all(e.actor_id is None and e.reason for e in created)
