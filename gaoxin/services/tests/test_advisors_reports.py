"""The service reports on a small fixture: exact counts and Decimal averages, scoped (a park
operator sees its parks' enterprises only), exported to Excel and audited."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.enterprises.tests.factories import EnterpriseFactory, ParkFactory

from .. import reports_advisors as reports
from .factories_advisors import (
    aware,
    make_advisor,
    make_request,
    make_seat,
    make_seminar,
    make_slot,
)

pytestmark = pytest.mark.django_db
ZO, PO = Role.ZONE_OFFICIAL, Role.PARK_OPERATOR


@pytest.fixture
def fixture(world):
    """Two advisors; in 2026: four requests of 万飞 (two rated 5 and 4, answered after 1 and 2
    days; one open and overdue), one of 昝明辉 from an enterprise of a park another operator
    runs; one consultation held, one seminar held with 万飞 speaking and two attendees."""
    a = world.a
    wan = make_advisor(a, name="万飞")
    zan = make_advisor(a, name="昝明辉", codes=("tech_transfer",))
    other_park = ParkFactory(zone=a.zone, name="另一园区")
    outsider = EnterpriseFactory(zone=a.zone, park=other_park, name="他园企业")
    make_request(
        a,
        wan,
        status="rated",
        created_at=aware(2026, 3, 2),
        responded_at=aware(2026, 3, 3),
        completed_at=aware(2026, 3, 10),
        rating=5,
        rated_at=aware(2026, 3, 11),
    )
    make_request(
        a,
        wan,
        status="rated",
        created_at=aware(2026, 3, 5),
        responded_at=aware(2026, 3, 7, 10),
        completed_at=aware(2026, 4, 1),
        rating=4,
        rated_at=aware(2026, 4, 2),
    )
    make_request(
        a,
        wan,
        status="assigned",
        created_at=aware(2026, 4, 20),
        respond_by=datetime.date(2026, 4, 22),
    )
    make_request(
        a,
        wan,
        code="device_registration",
        status="accepted",
        created_at=aware(2026, 5, 6),
        responded_at=aware(2026, 5, 6, 22),
    )
    make_request(a, zan, code="tech_transfer", enterprise=outsider, created_at=aware(2026, 5, 8))
    make_slot(wan, aware(2026, 4, 15), status="held", enterprise=a.enterprise)
    seminar = make_seminar(a, aware(2026, 6, 18), speaker=wan, status="held", code="compliance")
    make_seat(seminar, a.enterprise)
    make_seat(seminar, a.enterprise)
    make_seat(seminar, a.enterprise, status="absent")
    return {"wan": wan, "zan": zan, "other_park": other_park}


def test_the_advisor_report_counts_and_averages(world, fixture):
    rows = reports.advisor_report(
        world.a.users[ZO], datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    )
    wan = next(r for r in rows if r.advisor == fixture["wan"])
    assert (wan.open, wan.completed, wan.overdue) == (2, 2, 1)
    # 1 day, 2 days and 0.5 day → 3.5 / 3
    assert wan.response_days == Decimal("1.2")
    assert wan.rating == Decimal("4.50") and wan.rated == 2
    assert (wan.consultations, wan.seminars) == (1, 1)
    zan = next(r for r in rows if r.advisor == fixture["zan"])
    assert (zan.open, zan.completed, zan.response_days, zan.rating) == (1, 0, None, None)
    march = reports.advisor_report(
        world.a.users[ZO], datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)
    )
    wan_march = next(r for r in march if r.advisor == fixture["wan"])
    assert (wan_march.completed, wan_march.rating, wan_march.response_days) == (
        1,
        Decimal("5.00"),
        Decimal("1.5"),
    )


def test_the_operator_sees_only_its_parks_enterprises(world, fixture):
    rows = reports.advisor_report(
        world.a.users[PO], datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    )
    zan = next(r for r in rows if r.advisor == fixture["zan"])
    assert zan.open == 0
    by_park = reports.monthly_report(world.a.users[PO], 2026, "park")
    assert by_park.totals() == {"created": 4, "completed": 2, "consultations": 1, "attendance": 2}
    assert "另一园区" not in {row["name"] for row in by_park.rows()}
    official = reports.monthly_report(world.a.users[ZO], 2026, "park")
    assert official.totals()["created"] == 5
    assert reports.monthly_report(world.b.users[ZO], 2026, "park").rows() == []


def test_services_by_domain_per_month(world, fixture):
    report = reports.monthly_report(world.a.users[ZO], 2026, "domain")
    cells = {(r["month"], r["name"]): r for r in report.rows()}
    assert cells[(3, "合规运营")]["created"] == 2
    assert cells[(3, "合规运营")]["completed"] == 1
    assert cells[(4, "合规运营")]["completed"] == 1
    assert cells[(4, "合规运营")]["created"] == 1
    assert cells[(5, "医疗器械注册合规")]["created"] == 1
    assert cells[(5, "技术转化")]["created"] == 1
    no_domain = [r for r in report.rows() if r["key"] == reports.NONE_KEY]
    assert [(r["month"], r["consultations"]) for r in no_domain] == [(4, 1)]
    assert cells[(6, "合规运营")]["attendance"] == 2
    assert report.totals() == {"created": 5, "completed": 2, "consultations": 1, "attendance": 2}
    figure = reports.figure(report)
    assert figure["rows"][2]["cells"][0] == 3  # March
    assert sum(figure["rows"][2]["cells"][1:]) == 2


def test_report_pages_and_exports(world, fixture):
    client = Client()
    client.force_login(world.a.users[ZO])
    page = client.get(
        reverse("services:report_advisors"), {"date_from": "2026-01-01", "date_to": "2026-12-31"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "4.50" in html and 'data-testid="figure-chart"' in html
    export = client.get(
        reverse("services:report_advisors_export"),
        {"date_from": "2026-01-01", "date_to": "2026-12-31"},
    )
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    wan = next(r for r in rows if r[0] == "万飞")
    assert wan[1:4] == (2, 2, 1)
    assert wan[4] == Decimal("1.2") or abs(wan[4] - 1.2) < 1e-9
    assert wan[5] == 4.5 and wan[6] == 2
    for name, export_name in (
        ("services:report_domains", "services:report_domains_export"),
        ("services:report_parks", "services:report_parks_export"),
    ):
        page = client.get(reverse(name), {"year": 2026})
        assert page.status_code == 200 and page.context["totals"]["created"] == 5
        sheet = load_workbook(io.BytesIO(client.get(reverse(export_name), {"year": 2026}).content))
        rows = list(sheet.active.iter_rows(values_only=True))
        assert rows[1][0] == "2026-03"
        assert sum(r[2] for r in rows[1:]) == 5
    assert AuditEvent.objects.filter(action="services.advisors.export").count() == 3
    empty = client.get(reverse("services:report_parks"), {"year": 2020})
    assert 'data-testid="report-empty"' in empty.content.decode()
