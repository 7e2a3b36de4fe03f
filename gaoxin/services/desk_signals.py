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
    roles=[Role.ZONE_OFFICIAL, Role.PARK_OPERATOR],
    order=45,
)
def tasks_desk(user) -> dict | None:
    """The open tasks no advisor could take, for the officials and operators who assign them
    (an advisor's own tasks are on the advisors part's panel, desk_advisors.py)."""
    tasks = task_list(user, {"unassigned": "on"})
    return {
        "key": "services-tasks",
        "icon": "list-check",
        "title": _("Advisor tasks without an advisor"),
        "link": reverse("services:task_list") + "?unassigned=on",
        "link_label": _("All tasks"),
        "count": tasks.count(),
        "tasks": [
            {"title": t.title, "due": t.due_on, "url": reverse("services:task_detail", args=[t.pk])}
            for t in tasks[:SHOWN]
        ],
        "empty": _("Every open task has an advisor."),
    }
