"""Desk panels of the service requests (imported by the app's desk.py, which the lead owns):
staff see the requests needing attention (nobody could take them, or past the first response
deadline); enterprise users their open requests and those waiting for their rating; advisors
the requests they hold."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import desk_panel

from . import selectors_requests as selectors

SHOWN = 5
TEMPLATE = "services/requests/_desk.html"


def _lines(qs, today) -> list[dict]:
    return [
        {
            "number": r.number,
            "title": r.title,
            "status": r.status,
            "label": r.get_status_display(),
            "overdue": selectors.is_overdue(r, today),
            "url": reverse("services:request_detail", args=[r.pk]),
        }
        for r in qs[:SHOWN]
    ]


@desk_panel(
    "services-requests-attention",
    template=TEMPLATE,
    roles=[Role.ZONE_OFFICIAL, Role.PARK_OPERATOR],
    order=70,
)
def attention_desk(user) -> dict | None:
    today = timezone.localdate()
    qs = selectors.desk_staff(user).order_by("respond_by", "created_at")
    return {
        "key": "services-requests-attention",
        "icon": "chat-square-text",
        "title": _("Service requests needing attention"),
        "link": reverse("services:request_list") + "?overdue=on",
        "link_label": _("Open"),
        "count": qs.count(),
        "lines": _lines(qs, today),
        "empty": _("No request waits for an advisor and none is overdue."),
    }


@desk_panel("services-requests-mine", template=TEMPLATE, roles=[Role.ENTERPRISE_USER], order=70)
def my_requests_desk(user) -> dict | None:
    today = timezone.localdate()
    qs = selectors.desk_enterprise(user).order_by("-created_at")
    return {
        "key": "services-requests-mine",
        "icon": "chat-square-text",
        "title": _("My service requests"),
        "link": reverse("services:request_list"),
        "link_label": _("Open"),
        "count": qs.count(),
        "lines": _lines(qs, today),
        "empty": _("No open request. Ask an advisor for help with a new service request."),
    }
