"""The daily reminder sweep of the yearly reporting campaigns, on the task queue; the scheduler
(``gaoxin scheduler``, ``settings.SCHEDULE["reporting.remind"]``) enqueues it once a day."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from gaoxin.core import context


@task()
def send_campaign_reminders(as_of: str | None = None) -> int:
    """:func:`gaoxin.reporting.services.send_reminders` in the worker; ``as_of`` as YYYY-MM-DD
    (today when None). Returns how many enterprises were reminded."""
    from .services import send_reminders

    day = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
    with context.task_context(f"reporting-remind-{day.isoformat()}"):
        return send_reminders(today=day)
