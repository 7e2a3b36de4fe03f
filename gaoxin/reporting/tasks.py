"""The daily reminder sweep of the yearly reporting campaigns, on the task queue; the scheduler
(``gaoxin scheduler``, ``settings.SCHEDULE["reporting.remind"]``) enqueues it once a day."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from gaoxin.core import context


def _bound(request_id: str):
    if context.current().request_id:
        return None
    return context.bind(context.RequestContext(request_id=request_id, channel="task"))


@task()
def send_campaign_reminders(as_of: str | None = None) -> int:
    """:func:`gaoxin.reporting.services.send_reminders` in the worker; ``as_of`` as YYYY-MM-DD
    (today when None). Returns how many enterprises were reminded."""
    from .services import send_reminders

    day = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
    bound = _bound(f"reporting-remind-{day.isoformat()}")
    try:
        return send_reminders(today=day)
    finally:
        if bound is not None:
            context.reset(bound)
