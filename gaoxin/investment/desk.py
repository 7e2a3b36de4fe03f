"""The desk panel of zone officials and park operators: their own leads whose follow-up is
past, with the first few linked."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import desk_panel

from .selectors import lead_list, overdue

SHOWN = 5


@desk_panel(
    "investment-follow-ups",
    template="investment/_desk_follow_ups.html",
    roles=[Role.ZONE_OFFICIAL, Role.PARK_OPERATOR],
    order=40,
)
def follow_ups_desk(user) -> dict | None:
    leads = overdue(lead_list(user, {"owner": "mine"}))
    count = leads.count()
    return {
        "key": "investment-follow-ups",
        "icon": "alarm",
        "title": _("Investment follow-ups"),
        "link": reverse("investment:lead_list") + "?owner=mine&overdue=on",
        "link_label": _("Open"),
        "count": count,
        "leads": [
            {
                "firm": lead.firm_name,
                "due": lead.next_follow_up,
                "url": reverse("investment:lead_detail", args=[lead.pk]),
            }
            for lead in leads[:SHOWN]
        ],
        "empty": _("None of your leads is waiting for a follow-up."),
    }
