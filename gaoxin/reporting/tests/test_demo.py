"""The reporting demo: the demo zone's 2025 campaign is open, one firm (郑州赛为) has submitted
its 2025 figures, and the overview says so honestly ("2025年：1/N 家已报")."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import User
from gaoxin.demo.loader import load_demo
from gaoxin.enterprises.choices import RecordStatus
from gaoxin.enterprises.models import Enterprise, FactRecord
from gaoxin.policies.demo import ZONE_NAME
from gaoxin.reporting import selectors
from gaoxin.reporting.demo import REPORTED, load_reporting_demo
from gaoxin.reporting.models import Campaign

pytestmark = pytest.mark.django_db


def pin(monkeypatch, day):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)


def test_the_demo_campaign_is_open_with_one_submission(monkeypatch):
    pin(monkeypatch, datetime.date(2026, 3, 2))
    load_demo()
    report = load_reporting_demo()
    assert report.created and report.submitted == REPORTED
    campaign = Campaign.objects.get(zone__name=ZONE_NAME)
    assert campaign.year == 2025 and campaign.is_sample and campaign.is_open
    assert campaign.deadline == datetime.date(2026, 3, 30)
    submission = FactRecord.objects.get(year=2025)
    assert submission.status == RecordStatus.PENDING and submission.enterprise.name == REPORTED
    members = Enterprise.objects.filter(zone=campaign.zone).zone_members().count()
    progress = selectors.campaign_progress(campaign)
    assert (progress.reported, progress.total) == (1, members)
    assert members < Enterprise.objects.filter(zone=campaign.zone).count()  # partners not asked

    official = next(
        u for u in User.objects.filter(role=Role.ZONE_OFFICIAL) if u.zone == campaign.zone
    )
    client = Client()
    client.force_login(official)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("dashboard:home")).content.decode()
    assert f"2025: 1 of {members} enterprises reported" in page

    assert load_reporting_demo().created is False  # idempotent
    assert Campaign.objects.count() == 1 and FactRecord.objects.filter(year=2025).count() == 1


def test_beyond_the_working_day_calendar_the_campaign_opens_in_its_last_month(monkeypatch):
    from gaoxin.grants.workdays import last_known_year

    pin(monkeypatch, datetime.date(last_known_year() + 1, 6, 1))
    load_demo()
    report = load_reporting_demo()
    assert report.created and report.deadline.year == last_known_year()
