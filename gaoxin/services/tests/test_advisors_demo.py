"""The advisors demo: the nine advisors appointed at the MedPark conference, with domains,
terms and one away; the zone's service settings; idempotent."""

from __future__ import annotations

import datetime

import pytest

from gaoxin.demo.loader import load_demo
from gaoxin.events.demo import load_events_demo
from gaoxin.experts.demo import load_experts_demo

from ..demo_advisors import load_services_advisors_demo
from ..models import Advisor, ServiceSettings
from ..selectors_advisors import is_unavailable

pytestmark = pytest.mark.django_db


def test_the_nine_advisors_and_the_settings_idempotent():
    load_demo()
    load_experts_demo()
    load_events_demo()
    report = load_services_advisors_demo()
    assert (report.advisors, report.settings) == (9, 1)
    advisors = {a.expert.name: a for a in Advisor.objects.select_related("expert")}
    assert len(advisors) == 9 and all(a.is_sample for a in advisors.values())
    zan, wan = advisors["昝明辉"], advisors["万飞"]
    assert {d.code for d in zan.domains.all()} == {"tech_transfer", "research_transfer"}
    assert {d.code for d in wan.domains.all()} == {"compliance", "device_registration"}
    assert {d.code for d in advisors["孙资（示例）"].domains.all()} == {"capital", "capital_paths"}
    assert zan.appointed_at is not None and zan.term_start == zan.appointed_at.starts_on
    assert zan.term_end == datetime.date(2028, 4, 24) and zan.max_load == 5
    away = [a for a in advisors.values() if is_unavailable(a)]
    assert len(away) == 1 and away[0].unavailable_reason
    settings = ServiceSettings.objects.get()
    assert (settings.first_response_days, settings.urgent_first_response_days) == (2, 1)
    again = load_services_advisors_demo()
    assert (again.advisors, again.settings) == (0, 0)
    assert Advisor.objects.count() == 9
