"""Supervision of the caps' spending (资金使用进度) — owned by the supervision part."""

from __future__ import annotations


def alert_at_risk(*, day: str | None = None) -> int:
    raise NotImplementedError
