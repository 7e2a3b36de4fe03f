"""The lock state django-axes keeps, read for the account pages and cleared by the unlock.

Axes locks by username (settings.AXES_LOCKOUT_PARAMETERS = ["username"]): an account is locked
while the failures recorded for its username within the lockout window reach the policy's limit.
This module reads the same `AccessAttempt` rows axes reads, so the pages agree with the login.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.db.models import Max, Sum
from django.utils import timezone

from .models import LoginPolicy


def _duration() -> timedelta:
    return timedelta(minutes=LoginPolicy.current().lockout_minutes)


def _window_start() -> datetime:
    return timezone.now() - _duration()


def locked_until(usernames: Iterable[str] | None = None) -> dict[str, datetime]:
    """Locked usernames (all, or among `usernames`) and when each lock ends."""
    policy = LoginPolicy.current()
    duration = timedelta(minutes=policy.lockout_minutes)
    qs = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - duration)
    if usernames is not None:
        qs = qs.filter(username__in=list(usernames))
    rows = (
        qs.order_by()
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=policy.failure_limit)
    )
    return {row["username"]: row["last"] + duration for row in rows}


def is_locked(username: str) -> bool:
    return username in locked_until([username])


def failures(username: str) -> int:
    """Failed logins counted against the account in the current window."""
    total = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=_window_start()
    ).aggregate(n=Sum("failures_since_start"))["n"]
    return total or 0


def clear(username: str) -> int:
    """Forget the failed logins of `username` (the documented axes API); returns rows removed."""
    return AxesProxyHandler.reset_attempts(username=username)
