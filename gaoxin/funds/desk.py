"""The official's and auditor's desk panel: this year's funds of the zone at a glance."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.core.money import format_whole_wan
from gaoxin.core.registry import desk_panel

from .pace import risk_of
from .selectors import visible_funds


def _totals_line(year: int, funds: list) -> dict:
    def total(name: str) -> str:
        return format_whole_wan(sum((getattr(f, name) for f in funds), Decimal(0)))

    return {
        "text": _(
            "%(year)s: %(count)s funds, budget %(budget)s, committed %(committed)s, "
            "paid %(paid)s (10k yuan)"
        )
        % {
            "year": year,
            "count": len(funds),
            "budget": total("budget"),
            "committed": total("committed"),
            "paid": total("paid"),
        }
    }


@desk_panel(
    "funds", template="core/_desk_card.html", roles=[Role.ZONE_OFFICIAL, Role.AUDITOR], order=30
)
def funds_desk(user) -> dict | None:
    year = timezone.localdate().year
    funds = list(visible_funds(user).filter(year=year))
    at_risk = [f for f in funds if risk_of(f).at_risk]
    lines = [_totals_line(year, funds)] if funds else []
    if at_risk:
        lines.append(
            {
                "text": _("%(count)s funds may end the year with money unused")
                % {"count": len(at_risk)},
                "warn": True,
            }
        )
    return {
        "key": "funds",
        "icon": "wallet2",
        "title": _("Fund ledgers"),
        "link": reverse("funds:fund_list"),
        "link_label": _("Open"),
        "lines": lines,
        "empty": _("No fund for %(year)s yet.") % {"year": year},
    }
