"""The funds' overview section: per fund of the latest year, budget, committed, paid and
remaining from the ledger, for the zone's officials only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import overview_sections
from gaoxin.dashboard.figures import figure_view
from gaoxin.dashboard.tests.helpers import workbook_rows
from gaoxin.funds.choices import EntryKind
from gaoxin.funds.overview import funds_section
from gaoxin.funds.services import disbursement_create

from .factories import make_commitment, make_fund


@pytest.fixture
def ledger(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    fund = make_fund(world.a.zone, budget="1000000", title="研发费用后补助")
    commitment = make_commitment(fund, world.a.enterprise, "250000")
    disbursement_create(
        actor=official,
        commitment=commitment,
        amount=Decimal("100000.00"),
        reference="BANK-1",
        idempotency_key="k-1",
    )
    make_fund(world.a.zone, budget="500000", title="旧政策", year=2024)  # an older year
    make_fund(world.b.zone, budget="9000000", title="别区资金")  # another zone
    world.fund = fund
    return world


@pytest.mark.django_db
def test_the_official_sees_each_fund_of_the_latest_year_from_the_ledger(ledger):
    section = funds_section(ledger.a.users[Role.ZONE_OFFICIAL])
    (figure,) = section["figures"]
    assert figure["key"] == "funds-money" and "2025" in figure["title"]
    fund = ledger.fund
    assert figure["rows"] == [
        {
            "cells": [
                fund.name,
                Decimal("1000000.00"),
                Decimal("250000.00"),
                Decimal("100000.00"),
                Decimal("750000.00"),
            ],
            "link": reverse("funds:fund_detail", kwargs={"pk": fund.pk}),
        }
    ]
    # the fund's totals are the ledger's sums
    entries = fund.entries.values("kind").annotate(total=Sum("amount"))
    by_kind = {row["kind"]: row["total"] for row in entries}
    assert by_kind[EntryKind.DISBURSEMENT] == figure["rows"][0]["cells"][3]
    shown = [c["text"] for c in figure_view(figure)["rows"][0]["cells"]]
    assert shown == [fund.name, "100.00", "25.00", "10.00", "75.00"]  # 万元


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER, Role.AUDITOR, Role.ENTERPRISE_USER]
)
def test_no_section_for_those_who_read_no_funds_on_the_overview(ledger, role):
    assert "funds" not in [s.key for s, _c in overview_sections(ledger.a.users[role])]
    keys = [s.key for s, _c in overview_sections(ledger.a.users[Role.ZONE_OFFICIAL])]
    assert "funds" in keys


@pytest.mark.django_db
def test_no_section_for_a_zone_without_funds(world):
    assert funds_section(world.a.users[Role.ZONE_OFFICIAL]) is None


@pytest.mark.django_db
def test_the_page_links_to_the_fund_and_exports_the_same_numbers(client, ledger):
    official = ledger.a.users[Role.ZONE_OFFICIAL]
    client.force_login(official)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("dashboard:home")).content.decode()
    assert 'data-section="funds"' in page and "别区资金" not in page
    detail = reverse("funds:fund_detail", kwargs={"pk": ledger.fund.pk})
    assert f'href="{detail}"' in page
    assert client.get(detail).status_code == 200
    response = client.get(reverse("dashboard:figure_export", kwargs={"key": "funds-money"}))
    assert workbook_rows(response.content) == [
        [
            "Fund",
            "Budget (10k yuan)",
            "Committed (10k yuan)",
            "Paid (10k yuan)",
            "Remaining (10k yuan)",
        ],
        [ledger.fund.name, 100, 25, 10, 75],
    ]
    # another zone's official gets their own zone's funds, never side A's
    client.force_login(ledger.b.users[Role.ZONE_OFFICIAL])
    response = client.get(reverse("dashboard:figure_export", kwargs={"key": "funds-money"}))
    assert workbook_rows(response.content)[1][0].startswith("别区资金")
    client.force_login(ledger.a.users[Role.PARK_OPERATOR])
    response = client.get(reverse("dashboard:figure_export", kwargs={"key": "funds-money"}))
    assert response.status_code == 404
