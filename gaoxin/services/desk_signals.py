"""The desk panel of the signals part: an advisor's open tasks; for zone officials and park
operators, the open tasks that have no advisor yet. Named desk_signals.py: the lead imports it
from the app's desk.py (a desk module must be called desk.py to be discovered)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import desk_panel

from .selectors_signals import task_list

SHOWN = 5


@desk_panel(
    "services-tasks",
    template="services/signals/_desk_tasks.html",
    roles=[Role.ADVISOR, Role.ZONE_OFFICIAL, Role.PARK_OPERATOR],
    order=45,
)
def tasks_desk(user) -> dict | None:
    advisor = user.role == Role.ADVISOR
    filters = {} if advisor else {"unassigned": "on"}
    tasks = task_list(user, filters)
    return {
        "key": "services-tasks",
        "icon": "list-check",
        "title": _("Advisor tasks") if advisor else _("Advisor tasks without an advisor"),
        "link": reverse("services:task_list") + ("" if advisor else "?unassigned=on"),
        "link_label": _("All tasks"),
        "count": tasks.count(),
        "tasks": [
            {"title": t.title, "due": t.due_on, "url": reverse("services:task_detail", args=[t.pk])}
            for t in tasks[:SHOWN]
        ],
        "empty": _("No open task.") if advisor else _("Every open task has an advisor."),
    }
