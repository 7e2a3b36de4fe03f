"""The lock state django-axes keeps, read for the account pages and cleared by the unlock; and the
throttle on one client address across usernames.

Two rules, both on the `AccessAttempt` rows axes writes (one per username, address and browser):

- **Per account and address** (等保: lock after repeated failures). Axes counts failures per
  (username, client address) pair (settings.AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]])
  and locks that pair at the login policy's limit. Someone who types a wrong password five times
  for the security administrator locks out only their own address, not the administrator.
- **Per address** (throttle). `AddressThrottleHandler` also refuses an address from which
  settings.LOGIN_ADDRESS_FAILURE_LIMIT failures, for any usernames, were counted within
  settings.LOGIN_ADDRESS_WINDOW_MINUTES; it is let in again once they are older than that.

The address is `gaoxin.core.middleware.client_ip` (settings.AXES_CLIENT_IP_CALLABLE), the one the
audit trail records. This module reads the same rows axes reads, so the pages agree with the login.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

from .models import LoginPolicy


def _duration() -> timedelta:
    return timedelta(minutes=LoginPolicy.current().lockout_minutes)


def _window_start() -> datetime:
    return timezone.now() - _duration()


def locked_until(usernames: Iterable[str] | None = None) -> dict[str, datetime]:
    """Usernames (all, or among `usernames`) locked from at least one address, and when the
    last of those locks ends."""
    policy = LoginPolicy.current()
    duration = timedelta(minutes=policy.lockout_minutes)
    qs = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - duration)
    if usernames is not None:
        qs = qs.filter(username__in=list(usernames))
    rows = (
        qs.order_by()
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=policy.failure_limit)
    )
    until: dict[str, datetime] = {}
    for row in rows:
        end = row["last"] + duration
        until[row["username"]] = max(end, until.get(row["username"], end))
    return until


def is_locked(username: str) -> bool:
    return username in locked_until([username])


def failures(username: str) -> int:
    """Failed logins counted against the account in the current window, from every address."""
    total = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=_window_start()
    ).aggregate(n=Sum("failures_since_start"))["n"]
    return total or 0


def clear(username: str) -> int:
    """Forget the failed logins of `username` from every address (the documented axes API);
    returns rows removed."""
    return AxesProxyHandler.reset_attempts(username=username)


def address_failures(ip_address: str | None) -> int:
    """Failed logins from `ip_address`, any username, whose row was last hit within the window."""
    if not ip_address:
        return 0
    start = timezone.now() - timedelta(minutes=settings.LOGIN_ADDRESS_WINDOW_MINUTES)
    total = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=start).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return total or 0


def address_blocked(ip_address: str | None) -> bool:
    return address_failures(ip_address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


class AddressThrottleHandler(AxesDatabaseHandler):
    """Axes's database handler, also refusing an address that failed too often (any usernames).

    Used for every `authenticate()` (the login page and the admin's), as settings.AXES_HANDLER.
    Marks the request (`gaoxin_address_blocked`) so the locked-out page can say why.
    """

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return self._address_blocked(request, credentials)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        """Axes counts the failure and locks the pair at its limit; the failure that brings the
        address to its limit (or one refused because it is over it) gets the locked-out page."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if self._address_blocked(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials

    @staticmethod
    def _address_blocked(request, credentials) -> bool:
        if address_blocked(getattr(request, "axes_ip_address", None)):
            request.gaoxin_address_blocked = True
            return True
        return False
