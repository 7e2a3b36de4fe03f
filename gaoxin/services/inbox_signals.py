"""The inbox messages of the signals part: a task in its advisor's inbox, a signal told to the
enterprise's users (rule action "notify")."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import AdvisorTask


def notification_kind() -> str:
    """The inbox kind of a signal's notification."""
    from gaoxin.notifications.choices import NotificationKind

    return NotificationKind.SERVICE_SIGNAL


def notify_users(users, title: str, body: str, link: str) -> int:
    from gaoxin.notifications.models import Notification

    kind = notification_kind()
    notes = [
        Notification(recipient=u, kind=kind, title=title[:200], body=body, link=link[:200])
        for u in users
    ]
    Notification.objects.bulk_create(notes)
    return len(notes)


def tell_advisor(task: AdvisorTask) -> int:
    """Put the task in its advisor's inbox."""
    if task.advisor_id is None:
        return 0
    user = task.advisor.expert.user if task.advisor.expert.user_id else None
    if user is None or not user.is_active:
        return 0
    link = reverse("services:task_detail", args=[task.pk])
    return notify_users([user], _("New task: %(title)s") % {"title": task.title}, task.detail, link)
