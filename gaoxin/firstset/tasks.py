"""The first-set program's scheduled tasks (settings.SCHEDULE) — owned by the supervision part."""

from __future__ import annotations

from django_tasks import task


@task()
def alert_caps_at_risk(day: str | None = None) -> int:
    """Tell the enterprise and the officials about caps at risk of going unused (supervision)."""
    from .supervision import alert_at_risk

    return alert_at_risk(day=day)
