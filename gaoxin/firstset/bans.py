"""Bans on applying (P11: fraud → funds clawed back and no application for some years),
enforced at the enterprise's next qualification or subsidy application."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError

from .models import Ban


def active_ban(enterprise, today: datetime.date) -> Ban | None:
    """The ban in force on ``today`` for ``enterprise`` (the one that ends last), if any."""
    return (
        Ban.objects.filter(enterprise=enterprise, starts_on__lte=today, ends_on__gt=today)
        .order_by("-ends_on")
        .first()
    )


def require_not_banned(enterprise, today: datetime.date) -> None:
    """Refuse (409 ``banned``) when ``enterprise`` is barred from applying on ``today``."""
    ban = active_ban(enterprise, today)
    if ban is not None:
        raise DomainError(
            _(
                "%(enterprise)s is barred from applying to the first-set program until "
                "%(until)s (recorded %(since)s: %(reason)s)."
            )
            % {
                "enterprise": enterprise,
                "until": ban.ends_on.isoformat(),
                "since": ban.starts_on.isoformat(),
                "reason": ban.reason,
            },
            code="banned",
        )
