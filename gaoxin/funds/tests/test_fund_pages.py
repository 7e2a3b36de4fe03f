"""The pages that create and edit a fund: in Chinese and English, errors next to their field,
the floor of the budget and cap shown, only the zone's officials."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.funds.models import Fund

from .factories import make_policy

D = Decimal
THIS_YEAR = datetime.date.today().year


def en(client):
    client.cookies["django_language"] = "en"
    return client


def zh(client):
    client.cookies["django_language"] = "zh-hans"
    return client


def field_error(html: str, field: str) -> str:
    """The error shown under ``field`` (the house's _field.html), or ''."""
    match = re.search(rf'data-testid="error-{field}">([^<]*)<', html)
    return match.group(1) if match else ""


def test_the_empty_desk_points_to_a_new_fund(client, official, auditor):
    zh(client).force_login(official)
    html = client.get(reverse("funds:fund_list")).content.decode()
    assert 'data-testid="empty-new-fund"' in html and "新建资金" in html
    client.force_login(auditor)
    html = client.get(reverse("funds:fund_list")).content.decode()
    assert 'data-testid="no-funds"' in html and "new-fund" not in html


@pytest.mark.parametrize(("lang", "words"), [(zh, "新建资金"), (en, "New fund")])
def test_the_new_fund_page_offers_the_zones_policies(client, world, official, lang, words):
    ours = make_policy(world.a.zone, "研发费用后补助")
    theirs = make_policy(world.b.zone, "乙区政策")
    lang(client).force_login(official)
    html = client.get(reverse("funds:fund_create") + f"?policy={ours.pk}").content.decode()
    assert words in html and f'value="{THIS_YEAR}"' in html
    assert f'data-title="{ours.title}"' in html and theirs.title not in html
    assert 'name="name"' in html and ours.title in html  # the name prefilled
    assert "js/fund_name.js" in html and "data-name-pattern" in html


def test_without_policies_the_page_says_to_create_one(client, world, official):
    client.force_login(official)
    html = client.get(reverse("funds:fund_create")).content.decode()
    assert 'data-testid="no-policies"' in html and reverse("policies:manage_create") in html


def test_creating_a_fund_goes_to_its_page(client, world, official):
    policy = make_policy(world.a.zone)
    zh(client).force_login(official)
    data = {"policy": policy.pk, "year": THIS_YEAR, "name": "", "budget": "3,000,000"}
    response = client.post(reverse("funds:fund_create"), {**data, "per_enterprise_cap": ""})
    fund = Fund.objects.get(policy=policy)
    assert response.status_code == 302 and response.url == reverse(
        "funds:fund_detail", args=[fund.pk]
    )
    assert fund.budget == D("3000000.00") and fund.per_enterprise_cap is None
    assert fund.name == f"{policy.title}{THIS_YEAR}年度资金"


@pytest.mark.parametrize(
    ("lang", "year_error", "budget_error"),
    [(zh, "已有", "大于零"), (en, "already has a fund", "more than zero")],
)
def test_errors_are_shown_next_to_their_field(
    client, world, official, fund, lang, year_error, budget_error
):
    lang(client).force_login(official)
    data = {"policy": fund.policy_id, "year": fund.year, "budget": "100"}
    html = client.post(reverse("funds:fund_create"), data).content.decode()
    assert year_error in field_error(html, "year")
    html = client.post(reverse("funds:fund_create"), {**data, "budget": "0"}).content.decode()
    assert budget_error in field_error(html, "budget")
    assert Fund.objects.count() == 1


def test_another_zones_policy_cannot_be_chosen(client, world):
    theirs = make_policy(world.b.zone, "乙区政策")
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    data = {"policy": theirs.pk, "year": THIS_YEAR, "budget": "100"}
    html = client.post(reverse("funds:fund_create"), data).content.decode()
    assert field_error(html, "policy") and not Fund.objects.exists()


@pytest.mark.parametrize(("lang", "words"), [(zh, "编辑"), (en, "Edit")])
def test_the_fund_page_has_an_edit_button_for_officials(
    client, commitment, official, auditor, lang, words
):
    url = reverse("funds:fund_detail", args=[commitment.fund_id])
    lang(client).force_login(official)
    html = client.get(url).content.decode()
    assert 'data-testid="edit-fund"' in html and words in html
    client.force_login(auditor)
    assert 'data-testid="edit-fund"' not in client.get(url).content.decode()


@pytest.mark.parametrize("lang", [zh, en])
def test_the_edit_page_shows_the_floor(client, world, commitment, official, lang):
    lang(client).force_login(official)
    html = client.get(reverse("funds:fund_update", args=[commitment.fund_id])).content.decode()
    floor = html[html.index('data-testid="fund-floor"') :]
    assert "200,000.00" in floor[: floor.index("</dl>")]
    assert world.a.enterprise.name in floor[: floor.index("</dl>")]
    assert 'value="1000000.00"' in html and 'value="300000.00"' in html


@pytest.mark.parametrize(
    ("lang", "budget_error", "cap_error", "reason_error"),
    [(zh, "已承诺", "上限", "原因"), (en, "already committed", "cap per enterprise", "Say why")],
)
def test_the_edit_page_puts_refusals_on_their_field(
    client, commitment, official, lang, budget_error, cap_error, reason_error
):
    fund = commitment.fund
    url = reverse("funds:fund_update", args=[fund.pk])
    lang(client).force_login(official)
    data = {"name": fund.name, "budget": "1000000", "per_enterprise_cap": "300000", "reason": "x"}
    html = client.post(url, {**data, "budget": "150000"}).content.decode()
    assert budget_error in field_error(html, "budget") and "200,000.00" in html
    html = client.post(url, {**data, "per_enterprise_cap": "150000"}).content.decode()
    assert cap_error in field_error(html, "per_enterprise_cap")
    html = client.post(url, {**data, "budget": "900000", "reason": ""}).content.decode()
    assert reason_error in field_error(html, "reason")
    fund.refresh_from_db()
    assert (fund.budget, fund.per_enterprise_cap) == (D("1000000.00"), D("300000.00"))


def test_editing_saves_and_audits(client, commitment, official):
    fund = commitment.fund
    client.force_login(official)
    data = {"name": "新名称", "budget": "1,200,000", "per_enterprise_cap": "", "reason": "追加预算"}
    response = client.post(reverse("funds:fund_update", args=[fund.pk]), data)
    assert response.status_code == 302
    fund.refresh_from_db()
    assert (fund.name, fund.budget, fund.per_enterprise_cap) == ("新名称", D("1200000.00"), None)
    event = AuditEvent.objects.get(action="funds.fund.update")
    assert event.data["changes"]["per_enterprise_cap"] == ["300000.00", None]


def test_the_auditor_and_another_zone_cannot_post(client, world, fund, auditor):
    url = reverse("funds:fund_update", args=[fund.pk])
    data = {"name": "改名", "budget": "5", "per_enterprise_cap": "", "reason": "x"}
    client.force_login(auditor)
    assert client.post(url, data).status_code == 403
    assert client.post(reverse("funds:fund_create"), {"budget": "5"}).status_code == 403
    client.force_login(world.b.users[Role.ZONE_OFFICIAL])
    assert client.post(url, data).status_code == 404
    assert Fund.objects.get(pk=fund.pk).name == fund.name
