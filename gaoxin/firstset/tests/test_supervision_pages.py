"""The supervision pages, exports and API: who sees which qualification (role and
organisation), the figures shown, the chart's data, the workbooks."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent

from .factories_supervision import allocate, make_claim, make_qualification

pytestmark = pytest.mark.django_db
ALL_ROLES = list(Role.values)
WINDOW_LEFT = datetime.timedelta(days=20)


@pytest.fixture
def sup(world):
    """Side A: an at-risk qualification (200 000 of 1 000 000, paid 150 000) and a well-used one;
    side B: one qualification of its own. Windows of 400 days ending 20 days from today."""
    today = timezone.localdate()
    window = {"valid_from": today - datetime.timedelta(days=380), "valid_to": today + WINDOW_LEFT}
    world.window = window
    at_risk = make_qualification(world.a.enterprise, cap="1000000", **window)
    make_claim(at_risk, "200000", paid="150000")
    well = make_qualification(
        world.a.enterprise,
        cap="400000",
        unit="洛阳市工业和信息化局",
        equipment="含油污泥处理装备",
        **window,
    )
    allocate(well, "300000")
    other = make_qualification(
        world.b.enterprise, cap="500000", unit="杭州市经济和信息化局", **window
    )
    world.at_risk, world.well, world.other = at_risk, well, other
    return world


DETAIL = {Role.ZONE_OFFICIAL: 200, Role.PROVINCIAL_REVIEWER: 200, Role.AUDITOR: 200,
          Role.ENTERPRISE_USER: 200}  # fmt: skip
CLAWBACK = {Role.ZONE_OFFICIAL: 200}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_detail_and_clawback_by_role_and_organisation(client, sup, role):
    pk = sup.at_risk.pk
    client.force_login(sup.a.users[role])
    detail = client.get(reverse("firstset:supervision_detail", kwargs={"pk": pk}))
    assert detail.status_code == DETAIL.get(role, 403)
    claw = client.get(reverse("firstset:supervision_clawback", kwargs={"pk": pk}))
    assert claw.status_code == CLAWBACK.get(role, 403)
    client.force_login(sup.b.users[role])
    other = client.get(reverse("firstset:supervision_detail", kwargs={"pk": pk}))
    assert other.status_code == (404 if role in DETAIL else 403)
    other_claw = client.get(reverse("firstset:supervision_clawback", kwargs={"pk": pk}))
    assert other_claw.status_code == (404 if role in CLAWBACK else 403)


def test_anonymous_is_asked_to_log_in(client, sup):
    for name in ("supervision_detail", "supervision_clawback"):
        response = client.get(reverse(f"firstset:{name}", kwargs={"pk": sup.at_risk.pk}))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_list_shows_the_zone_figures_and_the_rule(sup, as_user):
    page = as_user(sup.a.users[Role.ZONE_OFFICIAL]).get(reverse("firstset:supervision"))
    html = page.content.decode()
    rows = page.context["rows"]
    assert {r.qualification.pk for r in rows} == {sup.at_risk.pk, sup.well.pk}
    row = next(r for r in rows if r.qualification.pk == sup.at_risk.pk)
    assert (str(row.paid), str(row.remaining)) == ("150000.00", "800000.00")
    assert row.days_left == WINDOW_LEFT.days
    assert "less than 50% of its cap is allocated while less than 25%" in html
    assert 'id="pace-chart-data"' in html and "fund_pace.js" in html
    assert QUOTE in html  # the English page (as_user) says it in English


def test_filters_at_risk_unit_and_round(sup, as_user):
    client = as_user(sup.a.users[Role.ZONE_OFFICIAL])
    by_unit = client.get(reverse("firstset:supervision"), {"unit": "洛阳市工业和信息化局"})
    assert [r.qualification.pk for r in by_unit.context["rows"]] == [sup.well.pk]
    by_round = client.get(reverse("firstset:supervision"), {"round": sup.at_risk.round_id})
    assert len(by_round.context["rows"]) == 2


def test_the_province_sees_its_province_only(sup, as_user):
    page = as_user(sup.a.users[Role.PROVINCIAL_REVIEWER]).get(reverse("firstset:supervision"))
    assert {r.qualification.pk for r in page.context["rows"]} == {sup.at_risk.pk, sup.well.pk}
    other = as_user(sup.b.users[Role.PROVINCIAL_REVIEWER]).get(reverse("firstset:supervision"))
    assert [r.qualification.pk for r in other.context["rows"]] == [sup.other.pk]


def test_the_chart_data_of_the_selection(sup, as_user):
    page = as_user(sup.a.users[Role.ZONE_OFFICIAL]).get(reverse("firstset:supervision"))
    chart = page.context["chart"]
    assert chart["months"][0] == f"{sup.window['valid_from']:%Y-%m}"
    assert chart["months"][-1] == f"{sup.window['valid_to']:%Y-%m}"
    assert chart["budget"] == "1400000.00"
    shown = [v for v in chart["committed"] if v is not None]
    assert shown[-1] == "500000.00"  # 200 000 + 300 000 allocated, all this month
    assert chart["calendar"][-1] == "1400000.00"
    assert [v for v in chart["paid"] if v is not None][-1] == "150000.00"
    html = page.content.decode()
    start = html.index('id="pace-chart-data"')
    data = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert data == chart


def test_the_detail_shows_entries_claims_and_bans(sup, as_user):
    url = reverse("firstset:supervision_detail", kwargs={"pk": sup.at_risk.pk})
    page = as_user(sup.a.users[Role.ENTERPRISE_USER]).get(url)
    html = page.content.decode()
    assert page.context["row"].at_risk
    assert html.count('data-testid="entry-row"') == 1
    assert html.count('data-testid="claim-row"') == 1
    assert 'data-testid="clawback"' not in html
    official = as_user(sup.a.users[Role.ZONE_OFFICIAL]).get(url)
    assert 'data-testid="clawback"' in official.content.decode()


def test_the_report_per_bureau(sup, as_user):
    page = as_user(sup.a.users[Role.ZONE_OFFICIAL]).get(reverse("firstset:supervision_report"))
    lines, total = page.context["lines"], page.context["total"]
    assert [line.unit for line in lines] == ["洛阳市工业和信息化局", "郑州市工业和信息化局"]
    assert str(total.cap) == "1400000.00" and str(total.allocated) == "500000.00"
    assert str(total.paid) == "150000.00"
    assert QUOTE in page.content.decode()


QUOTE = "Keep track of the pace of spending, so that public funds are spent steadily and in order"


def test_the_seed_quote_reads_in_english_on_the_english_pages(sup, as_user):
    client = as_user(sup.a.users[Role.ZONE_OFFICIAL])
    client.cookies["django_language"] = "en"
    for name in ("firstset:supervision", "firstset:supervision_report"):
        html = client.get(reverse(name)).content.decode()
        assert QUOTE in html
        assert "把握资金" not in html


def test_the_seed_quote_reads_as_the_seed_on_the_chinese_pages(sup, as_user):
    client = as_user(sup.a.users[Role.ZONE_OFFICIAL])
    client.cookies["django_language"] = "zh-hans"
    for name in ("firstset:supervision", "firstset:supervision_report"):
        assert (
            "把握资金使用进度，确保财政资金平稳有序支出"
            in client.get(reverse(name)).content.decode()
        )


def _workbook(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content), read_only=True)


def test_the_exports_hold_the_rows(sup, as_user):
    client = as_user(sup.a.users[Role.ZONE_OFFICIAL])
    rows = list(_workbook(client.get(reverse("firstset:supervision_export"))).active.values)
    assert rows[0][0] == "Number"
    assert sorted(r[1] for r in rows[1:]) == ["a企业有限公司", "a企业有限公司"]
    assert {r[4] for r in rows[1:]} == {1000000, 400000}
    report = list(
        _workbook(client.get(reverse("firstset:supervision_report_export"))).active.values
    )
    assert [r[0] for r in report[1:]] == ["洛阳市工业和信息化局", "郑州市工业和信息化局", "Total"]
    assert report[-1][2] == 1400000
    assert AuditEvent.objects.filter(action="firstset.supervision.export").count() == 2


def test_the_ban_list(sup, as_user):
    from django.db import transaction

    from gaoxin.firstset.services_supervision import clawback_and_ban

    with transaction.atomic():
        clawback_and_ban(
            actor=sup.a.users[Role.ZONE_OFFICIAL], qualification=sup.well, claim=None,
            amount=None, reference="", reason="虚假申报", ban_years=3,
        )  # fmt: skip
    mine = as_user(sup.a.users[Role.AUDITOR]).get(reverse("firstset:ban_list"))
    assert mine.content.decode().count('data-testid="ban-row"') == 1
    other = as_user(sup.b.users[Role.ZONE_OFFICIAL]).get(reverse("firstset:ban_list"))
    assert 'data-testid="ban-row"' not in other.content.decode()


def test_the_api_rows_report_and_bans(sup, client):
    client.force_login(sup.a.users[Role.PROVINCIAL_REVIEWER])
    rows = client.get("/api/firstset/supervision").json()["items"]
    assert {r["qualification"] for r in rows} == {sup.at_risk.pk, sup.well.pk}
    risky = client.get("/api/firstset/supervision", {"at_risk": "true"}).json()["items"]
    assert [r["number"] for r in risky] == [sup.at_risk.number]
    assert risky[0]["paid"] == "150000.00" and risky[0]["remaining"] == "800000.00"
    report = client.get("/api/firstset/supervision/report").json()
    assert report["total"]["cap"] == "1400000.00" and len(report["units"]) == 2
    assert client.get("/api/firstset/bans").json()["items"] == []
    client.force_login(sup.a.users[Role.ENTERPRISE_USER])
    assert client.get("/api/firstset/supervision").status_code == 403


def test_the_desk_panels(sup):
    from gaoxin.firstset.desk import caps_desk, supervision_desk

    official = supervision_desk(sup.a.users[Role.ZONE_OFFICIAL])
    assert official["link"].endswith("?at_risk=1")
    warn = [line for line in official["lines"] if line.get("warn")]
    assert warn == [{"text": "1 at risk of money going unused (800,000.00 yuan)", "warn": True}]
    mine = caps_desk(sup.a.users[Role.ENTERPRISE_USER])
    flagged = {line["text"].split(" ")[0]: line["warn"] for line in mine["lines"]}
    assert flagged == {sup.at_risk.number: True, sup.well.number: False}
    assert caps_desk(sup.b.users[Role.ENTERPRISE_USER])["lines"][0]["text"].startswith(
        sup.other.number
    )
    assert supervision_desk(sup.a.users[Role.PARK_OPERATOR]) is None
