"""Every allowed transition of the seminar workflow from every state, through seminar_move,
and a refused one per state (the slot and seat workflows: test_events_consultations.py and
test_events_waiting_list.py)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import InvalidTransitionError
from gaoxin.services import services_events as svc
from gaoxin.services.workflows import SEMINAR_WORKFLOW

from .factories_events import known_calendar, make_seminar

pytestmark = pytest.mark.django_db
__all__ = ["known_calendar"]

PATH_TO = {"planned": [], "open": ["open"], "closed": ["open", "close"]}


def seminar_in(world, state):
    seminar = make_seminar(world.a.zone, capacity=3, open_it=False)
    for step in PATH_TO[state]:
        svc.seminar_move(actor=None, seminar=seminar, name=step)
    seminar.refresh_from_db()
    return seminar


@pytest.mark.parametrize("source,name,target", SEMINAR_WORKFLOW.table())
def test_every_seminar_transition_from_every_state(world, source, name, target):
    seminar = seminar_in(world, source)
    official = world.a.users[Role.ZONE_OFFICIAL]
    now = seminar.starts_at + datetime.timedelta(hours=1) if name == "hold" else timezone.now()
    svc.seminar_move(actor=official, seminar=seminar, name=name, reason="理由", now=now)
    seminar.refresh_from_db()
    assert seminar.status == target
    assert AuditEvent.objects.filter(action=f"services.seminar.{name}").exists()


@pytest.mark.parametrize("state", ["planned", "open", "closed"])
def test_a_refused_step_per_state(world, state):
    seminar = seminar_in(world, state)
    refused = next(t.name for t in SEMINAR_WORKFLOW.transitions if state not in t.sources)
    with pytest.raises(InvalidTransitionError):
        svc.seminar_move(actor=None, seminar=seminar, name=refused, reason="x")
