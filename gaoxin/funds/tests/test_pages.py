"""The fund pages: desk, fund page, the forms that move money, the enterprise's page."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.audit.models import AuditEvent
from gaoxin.funds import pace
from gaoxin.funds.models import Fund, LedgerEntry
from gaoxin.funds.services import disbursement_create

D = Decimal


@pytest.fixture
def paid(commitment, official):
    disbursement_create(
        actor=official,
        commitment=commitment,
        amount=D("50000"),
        reference="GK-2025-007",
        idempotency_key="k",
    )
    return commitment


def test_the_desk_lists_the_zones_funds_and_exports_them(client, official, paid):
    client.force_login(official)
    response = client.get(reverse("funds:fund_list"))
    html = response.content.decode()
    assert paid.fund.name in html and "200,000.00" in html and "20%" in html
    export = client.get(reverse("funds:fund_list_export"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.values)
    assert rows[1][0] == paid.fund.name and rows[1][3] == 1000000 and rows[1][5] == 50000
    client.get(reverse("funds:fund_export", args=[paid.fund.pk]))
    events = AuditEvent.objects.filter(action="funds.export", actor=official)
    assert events.count() == 2 and events.filter(object_id=str(paid.fund.pk)).exists()


def test_the_desk_is_empty_for_another_zone(client, world, paid):
    from gaoxin.accounts.choices import Role

    client.force_login(world.b.users[Role.ZONE_OFFICIAL])
    response = client.get(reverse("funds:fund_list"))
    assert 'data-testid="no-funds"' in response.content.decode()


def test_the_fund_page_shows_totals_chart_and_actions(client, official, auditor, paid):
    url = reverse("funds:fund_detail", args=[paid.fund_id])
    client.force_login(official)
    html = client.get(url).content.decode()
    assert 'id="pace-chart-data"' in html and "GK-2025-007" in html
    assert 'data-testid="disburse"' in html and 'data-testid="clawback"' in html
    client.force_login(auditor)
    html = client.get(url).content.decode()
    assert 'id="pace-chart-data"' in html and 'data-testid="disburse"' not in html
    export = client.get(reverse("funds:fund_export", args=[paid.fund_id]))
    book = load_workbook(io.BytesIO(export.content))
    assert [ws.max_row for ws in book.worksheets] == [2, 3]


def _key(html: str) -> str:
    return re.search(r'name="idempotency_key" value="([0-9a-f]+)"', html).group(1)


def test_a_double_submit_of_the_disbursement_form_pays_once(client, official, commitment):
    url = reverse("funds:disbursement_create", args=[commitment.fund_id, commitment.pk])
    client.force_login(official)
    key = _key(client.get(url).content.decode())
    data = {"amount": "12,000", "reference": "GK-1", "idempotency_key": key}
    assert client.post(url, data).status_code == 302
    second = client.post(url, data, follow=True)
    assert "nothing was paid again" in second.content.decode() or "没有重复" in (
        second.content.decode()
    )
    commitment.refresh_from_db()
    assert commitment.disbursed == D("12000")
    assert LedgerEntry.objects.filter(kind="disbursement").count() == 1
    assert _key(client.get(url).content.decode()) != key  # a new form, a new key


def test_over_the_commitment_goes_back_onto_the_form(client, official, commitment):
    url = reverse("funds:disbursement_create", args=[commitment.fund_id, commitment.pk])
    client.force_login(official)
    data = {"amount": "200000.01", "reference": "GK-1", "idempotency_key": "x1"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert 'data-testid="error-amount"' in response.content.decode()
    assert not LedgerEntry.objects.filter(kind="disbursement").exists()


def test_release_and_clawback_with_confirmation(client, official, paid):
    client.force_login(official)
    release = reverse("funds:commitment_release", args=[paid.fund_id, paid.pk])
    assert client.post(release, {"reason": "项目终止"}).status_code == 302
    paid.refresh_from_db()
    assert paid.amount == D("50000")
    clawback = reverse("funds:clawback_create", args=[paid.fund_id, paid.pk])
    data = {"amount": "10000", "reference": "TH-1", "reason": "虚报"}
    unconfirmed = client.post(clawback, data)
    assert unconfirmed.status_code == 200 and 'data-testid="form-errors"' in (
        unconfirmed.content.decode()
    )
    assert not LedgerEntry.objects.filter(kind="clawback").exists()
    assert client.post(clawback, {**data, "confirm": "on"}).status_code == 302
    fund = Fund.objects.get(pk=paid.fund_id)
    assert (fund.committed, fund.paid) == (D("40000"), D("40000"))


def test_the_auditor_cannot_post_a_disbursement(client, auditor, commitment):
    client.force_login(auditor)
    url = reverse("funds:disbursement_create", args=[commitment.fund_id, commitment.pk])
    data = {"amount": "1", "reference": "GK-1", "idempotency_key": "x"}
    assert client.post(url, data).status_code == 403
    assert not LedgerEntry.objects.filter(kind="disbursement").exists()


def test_the_enterprise_sees_what_it_enjoyed(client, member, world, paid):
    client.force_login(member)
    html = client.get(reverse("funds:enjoyed")).content.decode()
    assert paid.fund.policy.title in html and "GK-2025-007" in html and "150,000.00" in html
    from gaoxin.accounts.choices import Role

    client.force_login(world.b.users[Role.ENTERPRISE_USER])
    html = client.get(reverse("funds:enjoyed")).content.decode()
    assert 'data-testid="no-enjoyed"' in html and "GK-2025-007" not in html


def test_the_pace_rule(world):
    fund = Fund(year=2025, budget=D("1200000"), committed=D("900000"), paid=D("300000"))
    assert pace.elapsed_share(2025, datetime.date(2024, 12, 31)) == 0
    assert pace.elapsed_share(2025, datetime.date(2025, 12, 31)) == 1
    early = pace.risk_of(fund, datetime.date(2025, 2, 1))  # 32 days: too early to say
    assert not early.at_risk
    mid = pace.risk_of(fund, datetime.date(2025, 7, 2))  # 183 of 365 days, a quarter paid
    # 1 200 000 − 300 000 ÷ (183/365); the calendar line 1 200 000 × 183/365
    assert mid.at_risk and mid.amount == D("601639.34") and mid.expected_paid == D("601643.84")
    on_pace = Fund(year=2025, budget=D("1200000"), committed=D("900000"), paid=D("580000"))
    assert not pace.risk_of(on_pace, datetime.date(2025, 7, 2)).at_risk
    ended = pace.risk_of(on_pace, datetime.date(2026, 1, 5))
    assert ended.at_risk and ended.amount == D("620000.00")
    assert not pace.risk_of(fund, datetime.date(2024, 6, 1)).at_risk
