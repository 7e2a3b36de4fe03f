"""The funds' overview section: money committed and paid from the ledgers, per fund of the
latest year that has funds (zone officials only; the fund's page holds its entries)."""

from __future__ import annotations

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import overview_section

from . import rules as fund_rules
from .selectors import visible_funds


def money_figure(funds: list, year: int) -> dict:
    """Per fund: budget, committed, paid and remaining (yuan, shown in 万元), from the fund's
    running totals, which the ledger keeps (every commitment, disbursement, release and
    claw-back moves them in the same transaction)."""
    return {
        "key": "funds-money",
        "title": _("Funds %(year)s: committed and paid (10k yuan)") % {"year": year},
        "columns": [
            _("Fund"),
            _("Budget (10k yuan)"),
            _("Committed (10k yuan)"),
            _("Paid (10k yuan)"),
            _("Remaining (10k yuan)"),
        ],
        "rows": [
            {
                "cells": [fund.name, fund.budget, fund.committed, fund.paid, fund.remaining],
                "link": reverse("funds:fund_detail", kwargs={"pk": fund.pk}),
            }
            for fund in funds
        ],
        "chart": {
            "type": "bar",
            "category_column": 0,
            "value_columns": [1, 2, 3, 4],
            "money": True,
        },
        "wide": True,
        "note": _(
            "Remaining: budget not yet committed. A fund opens its ledger; "
            "other years are on the Funds page."
        ),
    }


@overview_section("funds", template="dashboard/_section.html", roles=[Role.ZONE_OFFICIAL], order=40)
def funds_section(user) -> dict | None:
    """Nothing for a user who reads no funds, or when the zone has no fund yet."""
    if not fund_rules.can_view_funds(user):
        return None
    funds = visible_funds(user)
    year = funds.aggregate(year=Max("year"))["year"]
    if year is None:
        return None
    rows = list(funds.filter(year=year).order_by("name", "pk"))
    return {
        "title": _("Money committed and paid"),
        "figures": [money_figure(rows, year)],
        "link": reverse("funds:fund_list"),
        "link_label": _("All funds"),
    }
