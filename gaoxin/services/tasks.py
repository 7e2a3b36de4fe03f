"""The services' scheduled tasks (settings.SCHEDULE)."""

from __future__ import annotations

import datetime

from django_tasks import task


@task()
def scan_signals(day: str | None = None) -> dict[str, int]:
    """Run every signal detector for every zone as of ``day`` (today): the advisor tasks and
    notifications of the day (never twice for the same signal)."""
    from .signals import signal_scan

    return signal_scan(actor=None, day=datetime.date.fromisoformat(day) if day else None)
