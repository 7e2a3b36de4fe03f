"""Desk panels of the first-set program: caps at risk of going unused (supervision part)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.core.money import format_yuan
from gaoxin.core.registry import desk_panel

from . import supervision
from .choices import QualificationStatus
from .selectors_supervision import visible_qualifications


def _current_rows(user) -> list[supervision.Row]:
    qs = visible_qualifications(user).filter(status=QualificationStatus.QUALIFIED)
    return [r for r in supervision.rows_of(qs) if r.state != supervision.LAPSED]


@desk_panel(
    "firstset_supervision",
    template="core/_desk_card.html",
    roles=[Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER, Role.AUDITOR],
    order=45,
)
def supervision_desk(user) -> dict | None:
    """The official's count of caps at risk, with a link to the supervision page."""
    rows = _current_rows(user)
    if not rows:
        return None
    at_risk = [r for r in rows if r.at_risk]
    lines = [{"text": _("%(count)s qualifications in their window") % {"count": len(rows)}}]
    if at_risk:
        lines.append(
            {
                "text": _("%(count)s at risk of money going unused (%(amount)s yuan)")
                % {
                    "count": len(at_risk),
                    "amount": format_yuan(sum(r.amount_at_risk for r in at_risk)),
                },
                "warn": True,
            }
        )
    return {
        "key": "firstset-supervision",
        "icon": "graph-up-arrow",
        "title": _("Supervision of spending"),
        "link": reverse("firstset:supervision") + ("?at_risk=1" if at_risk else ""),
        "link_label": _("Open"),
        "lines": lines,
        "empty": "",
    }


@desk_panel(
    "firstset_caps", template="core/_desk_card.html", roles=[Role.ENTERPRISE_USER], order=45
)
def caps_desk(user) -> dict | None:
    """The enterprise's qualifications: cap, used, remaining, days left; at risk in red."""
    rows = _current_rows(user)
    if not rows:
        return None
    lines = [
        {
            "text": _(
                "%(number)s %(equipment)s: cap %(cap)s, allocated %(used)s, remaining "
                "%(remaining)s yuan, %(days)s days left"
            )
            % {
                "number": r.qualification.number,
                "equipment": r.qualification.equipment_name,
                "cap": format_yuan(r.qualification.cap),
                "used": format_yuan(r.qualification.used),
                "remaining": format_yuan(r.remaining),
                "days": r.days_left,
            },
            "warn": r.at_risk,
        }
        for r in rows
    ]
    first = rows[0].qualification
    return {
        "key": "firstset-caps",
        "icon": "shield-check",
        "title": _("First-set premium-subsidy caps"),
        "link": reverse("firstset:supervision_detail", kwargs={"pk": first.pk}),
        "link_label": _("Open"),
        "lines": lines,
        "empty": "",
    }
