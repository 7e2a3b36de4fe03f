"""The funnel's numbers (reached, current, conversion, median days), the desk panel of overdue
follow-ups and the overview section's figures."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import desk_panels, overview_sections

from ..funnel import funnel
from ..models import Lead
from ..scoping import visible_leads
from .factories import make_lead, make_segment, signed_lead

pytestmark = pytest.mark.django_db

D = datetime.date


def _lead(side, firm, status, **dates):
    lead = make_lead(side, firm=firm)
    Lead.objects.filter(pk=lead.pk).update(status=status, **dates)
    return lead


def test_reached_current_conversion_and_median_days(world):
    a = world.a
    _lead(a, "甲", "contact", contact_on=D(2025, 1, 1))
    _lead(a, "乙", "visit", contact_on=D(2025, 1, 1), visit_on=D(2025, 1, 11))
    _lead(a, "丙", "visit", contact_on=D(2025, 1, 1), visit_on=D(2025, 1, 31))
    # negotiating without a recorded visit: it passed the visit stage all the same
    _lead(a, "丁", "negotiation", contact_on=D(2025, 1, 1), negotiation_on=D(2025, 2, 10))
    _lead(
        a,
        "戊",
        "dropped",
        contact_on=D(2025, 1, 1),
        visit_on=D(2025, 1, 21),
        dropped_on=D(2025, 3, 1),
    )
    _lead(world.b, "己", "visit", contact_on=D(2025, 1, 1), visit_on=D(2025, 1, 2))  # other zone
    rows = {r["status"]: r for r in funnel(visible_leads(a.users[Role.ZONE_OFFICIAL]))}
    assert [rows[s]["reached"] for s in ("contact", "visit", "negotiation", "signed")] == [
        5,
        4,
        1,
        0,
    ]
    assert [rows[s]["current"] for s in ("contact", "visit", "negotiation")] == [1, 2, 1]
    assert rows["contact"]["conversion"] is None
    assert rows["visit"]["conversion"] == Decimal("80.0")
    assert rows["negotiation"]["conversion"] == Decimal("25.0")
    assert rows["signed"]["conversion"] == Decimal("0.0")
    assert rows["settled"]["conversion"] is None  # nothing to convert from
    assert rows["visit"]["median_days"] == Decimal("20.0")  # 10, 20, 30 days
    # from first contact, the nearest earlier date the lead has: 40 days
    assert rows["negotiation"]["median_days"] == Decimal("40.0")
    assert rows["contact"]["median_days"] is None and rows["signed"]["median_days"] is None
    assert [r["status"] for r in funnel(Lead.objects.none())] == [
        "contact",
        "visit",
        "negotiation",
        "signed",
        "settled",
        "producing",
    ]


def test_funnel_counts_in_one_query_per_stage_at_most(world, django_assert_max_num_queries):
    make_lead(world.a)
    with django_assert_max_num_queries(7):
        funnel(Lead.objects.all())


def _panel(user, key):
    return dict((p.key, ctx) for p, ctx in desk_panels(user)).get(key)


def test_the_desk_shows_the_users_own_overdue_follow_ups(world):
    operator = world.a.users[Role.PARK_OPERATOR]
    past = timezone.localdate() - datetime.timedelta(days=3)
    overdue = make_lead(world.a, firm="逾期跟进企业", next_follow_up=past)
    make_lead(
        world.a, firm="未到期企业", next_follow_up=timezone.localdate() + datetime.timedelta(3)
    )
    Lead.objects.create(  # someone else's overdue lead is not on this desk
        zone=world.a.zone,
        park=world.a.park,
        firm_name="别人的企业",
        source="other",
        owner=world.a.users[Role.ZONE_OFFICIAL],
        contact_on=past,
        next_follow_up=past,
    )
    context = _panel(operator, "investment-follow-ups")
    assert context["count"] == 1
    assert [row["firm"] for row in context["leads"]] == ["逾期跟进企业"]
    assert context["leads"][0]["url"].endswith(f"/investment/{overdue.pk}/")
    assert _panel(world.a.users[Role.ENTERPRISE_USER], "investment-follow-ups") is None
    assert _panel(world.b.users[Role.PARK_OPERATOR], "investment-follow-ups")["count"] == 0


def test_the_overview_section_gives_the_funnel_and_the_signings_by_segment(world):
    segment = make_segment(world.a)
    signed_lead(world.a, segment=segment)
    sections = dict((s.key, ctx) for s, ctx in overview_sections(world.a.users[Role.ZONE_OFFICIAL]))
    figures = {f["key"]: f for f in sections["pipeline"]["figures"]}
    pipeline = figures["pipeline-funnel"]
    assert pipeline["chart"] == {
        "type": "funnel",
        "category_column": 0,
        "value_columns": [1],
        "money": False,
    }
    assert len(pipeline["columns"]) == 3
    signed = pipeline["rows"][3]
    assert signed["cells"][1:] == [1, 1] and signed["link"].endswith("?status=signed")
    by_segment = figures["signings-by-segment"]
    assert by_segment["rows"] == [
        {
            "cells": ["医学影像设备", 1, Decimal("50000000.00")],
            "link": f"/investment/signings/?segment={segment.pk}",
        }
    ]
    others = dict((s.key, ctx) for s, ctx in overview_sections(world.b.users[Role.ZONE_OFFICIAL]))
    assert "pipeline" not in others  # no lead on side B: no section
