"""The expert's desk panel: the score sheets waiting for them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import desk_panel

from .selectors import assignments_for_user


@desk_panel("scores", template="core/_desk_card.html", roles=[Role.ADVISOR], order=10)
def my_score_sheets(user) -> dict | None:
    pending = assignments_for_user(user).count()
    return {
        "key": "scores",
        "icon": "pencil-square",
        "title": _("My score sheets"),
        "link": reverse("experts:mine"),
        "link_label": _("Open"),
        "lines": (
            [
                {
                    "text": _("%(count)s applications wait for your scores") % {"count": pending},
                    "warn": True,
                }
            ]
            if pending
            else []
        ),
        "empty": _("No score sheet waits for you."),
    }
