"""Desk panels of applications: the enterprise's applications and what they wait for; the
reviewer's queue with its deadlines."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import desk_panel

from .choices import ApplicationStatus
from .selectors import review_queue, visible_applications

REVIEWERS = [Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER]


@desk_panel("applications", template="core/_desk_card.html", roles=[Role.ENTERPRISE_USER], order=10)
def my_applications(user) -> dict:
    mine = visible_applications(user)
    counts = {
        status: mine.filter(status=status).count()
        for status in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)
    }
    under_way = mine.filter(
        status__in=[ApplicationStatus.IN_REVIEW, ApplicationStatus.PUBLICATION]
    ).count()
    lines = []
    if counts[ApplicationStatus.RETURNED]:
        lines.append(
            {
                "text": _("%(count)s returned for revision: fix and resubmit")
                % {"count": counts[ApplicationStatus.RETURNED]},
                "warn": True,
            }
        )
    if counts[ApplicationStatus.DRAFT]:
        lines.append(
            {
                "text": _("%(count)s drafts not submitted")
                % {"count": counts[ApplicationStatus.DRAFT]}
            }
        )
    if under_way:
        lines.append({"text": _("%(count)s under review or on notice") % {"count": under_way}})
    return {
        "key": "applications",
        "icon": "file-earmark-text",
        "title": _("My applications"),
        "link": reverse("applications:mine"),
        "link_label": _("Open"),
        "lines": lines,
        "empty": _("No application under way. Apply from a policy's page (需申报)."),
    }


@desk_panel("reviews", template="core/_desk_card.html", roles=REVIEWERS, order=20)
def my_reviews(user) -> dict:
    queue = review_queue(user)
    today = timezone.localdate()
    total = queue.count()
    overdue = queue.filter(due_on__lt=today).count()
    first = queue.first()
    lines = []
    if overdue:
        lines.append({"text": _("%(count)s overdue") % {"count": overdue}, "warn": True})
    if total:
        lines.append({"text": _("%(count)s waiting for you") % {"count": total}})
    if first is not None:
        lines.append(
            {
                "text": _("Next due %(day)s: %(number)s (%(stage)s)")
                % {
                    "day": first.due_on.isoformat(),
                    "number": first.application.number,
                    "stage": first.stage.name,
                }
            }
        )
    return {
        "key": "reviews",
        "icon": "clipboard-check",
        "title": _("Reviews"),
        "link": reverse("applications:review_queue"),
        "link_label": _("Open"),
        "lines": lines,
        "empty": _("Nothing waits for your review."),
    }
