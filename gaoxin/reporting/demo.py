"""The yearly reporting demo: the 2025 campaign of the demo zone (郑州高新区), open today, and
one firm's 2025 figures submitted and awaiting verification — so the overview shows
"2025年：1/N 家已报" honestly and the official has a submission to verify.

Everything goes through the services and is audited. Idempotent: nothing happens when the
zone already has a 2025 campaign, or when the zone is not loaded. ``gaoxin load-demo`` calls
:func:`load_reporting_demo` after the other demos.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import Organisation, User
from gaoxin.core import workdays
from gaoxin.core.errors import DomainError
from gaoxin.core.registry import demo_loader
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.services import yearly_fact_upsert
from gaoxin.policies.demo import ZONE_NAME

from . import services
from .choices import DEFAULT_FIGURES
from .deadlines import DEFAULT_WORKING_DAYS, longest_period
from .models import Campaign

YEAR = 2025
# The demo firm that has already reported (its user is the demo account "saiwei").
REPORTED = "郑州赛为机电设备有限公司"
GROWTH = Decimal("1.06")


@dataclass
class ReportingDemoReport:
    created: bool = False
    deadline: datetime.date | None = None
    submitted: str = ""
    note: str = ""


def _period(today: datetime.date) -> tuple[datetime.date, int]:
    """Open today for up to the default period, as far as the working-day calendar reaches;
    when it reaches no further than today, open on the first of its last month instead."""
    days = min(DEFAULT_WORKING_DAYS, longest_period(today))
    if days:
        return today, days
    opened_on = datetime.date(workdays.last_known_year(), 12, 1)
    return opened_on, min(DEFAULT_WORKING_DAYS, longest_period(opened_on))


def describe(report: ReportingDemoReport) -> list[str]:
    if report.created:
        who = f"{report.submitted} has submitted" if report.submitted else "none yet"
        return [f"年报填报 demo: the 2025 campaign is open until {report.deadline}; {who}."]
    if report.note:
        return [f"年报填报 demo not opened: {report.note}"]
    return []


@demo_loader("reporting", order=40, after=["zone", "holidays"], describe=describe)
def load_reporting_demo() -> ReportingDemoReport:
    report = ReportingDemoReport()
    zone = Organisation.objects.filter(name=ZONE_NAME).first()
    if zone is None or Campaign.objects.filter(zone=zone, year=YEAR).exists():
        return report
    opened_on, days = _period(timezone.localdate())
    try:
        campaign = services.campaign_open(
            actor=None,
            zone=zone,
            year=YEAR,
            required=list(DEFAULT_FIGURES),
            working_days=days,
            opened_on=opened_on,
            is_sample=True,
        )
    except DomainError as error:  # the working-day calendar does not reach the period
        report.note = error.message
        return report
    report.created, report.deadline = True, campaign.deadline
    report.submitted = _submit_one(zone)
    return report


def _submit_one(zone) -> str:
    """The demo firm declares its 2025 figures (its 2024 ones grown by 6 %), through the
    year form's service: a pending submission."""
    enterprise = Enterprise.objects.filter(zone=zone, name=REPORTED).zone_members().first()
    user = (
        User.objects.filter(organisation=enterprise.organisation, role=Role.ENTERPRISE_USER)
        .order_by("pk")
        .first()
        if enterprise is not None
        else None
    )
    last = enterprise.yearly_facts.order_by("-year").first() if enterprise else None
    if user is None or last is None:
        return ""
    data = {}
    for name in DEFAULT_FIGURES:
        value = getattr(last, name)
        if isinstance(value, Decimal):
            value = (value * GROWTH).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        data[name] = value if value is not None else 0
    yearly_fact_upsert(
        actor=user,
        enterprise=enterprise,
        year=YEAR,
        data=data,
        evidence="2025年度统计年报（示例）",
    )
    return enterprise.name
