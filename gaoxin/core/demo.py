"""Core's part of ``gaoxin load-demo``: the sample 2027 holiday arrangement, entered before the
loaders whose periods may reach 2027 (grants, reporting)."""

from __future__ import annotations

from .holidays.demo import load_holiday_demo
from .registry import demo_loader


def describe(created: bool) -> list[str]:
    return ["Sample 2027 holiday arrangement entered (示例数据; replace it)."] if created else []


demo_loader("holidays", order=5, describe=describe)(load_holiday_demo)
