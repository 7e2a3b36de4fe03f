"""Parsing of input cases: every failure is a :class:`CaseError` naming the field path.

Money is a decimal string (``"1250000.00"``) or an integer; a ``float`` is refused because it
cannot hold every fen exactly. Dates are ISO ``YYYY-MM-DD`` strings (or ``datetime.date``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from rulebook.engine.errors import CaseError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def field_path(prefix: str | None, key: str | int) -> str:
    """``field_path("policies", 1)`` gives ``policies[1]``; ``field_path("a", "b")`` ``a.b``."""
    if isinstance(key, int):
        return f"{prefix or ''}[{key}]"
    return f"{prefix}.{key}" if prefix else key


def require_mapping(raw: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise CaseError(path or "(case)", "必须是一个对象(键值对)", "must be an object")
    return raw


def require_list(raw: Any, path: str) -> list[Any]:
    if not isinstance(raw, list):
        raise CaseError(path, "必须是一个列表", "must be a list")
    return raw


def reject_unknown(raw: Mapping[str, Any], path: str | None, allowed: Collection[str]) -> None:
    """Refuse keys outside ``allowed``: a misspelt key must not be silently ignored."""
    for key in raw:
        if key not in allowed:
            names = ", ".join(allowed)
            raise CaseError(
                field_path(path, str(key)),
                f"未知字段；允许的字段为 {names}",
                f"unknown field; allowed fields are {names}",
            )


def require_key(raw: Mapping[str, Any], key: str, path: str | None) -> Any:
    if key not in raw or raw[key] is None:
        raise CaseError(field_path(path, key), "缺少必填字段", "missing required field")
    return raw[key]


def parse_text(raw: Any, path: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise CaseError(path, "必须是非空文本", "must be a non-empty string")
    return raw.strip()


def parse_date(raw: Any, path: str) -> datetime.date:
    """An ISO date ``YYYY-MM-DD`` (a ``datetime.date`` is accepted as is, a datetime is not)."""
    if isinstance(raw, datetime.date) and not isinstance(raw, datetime.datetime):
        return raw
    if isinstance(raw, str) and _ISO_DATE.fullmatch(raw.strip()):
        try:
            return datetime.date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise CaseError(
        path,
        f"日期 {raw!r} 无效，应为 YYYY-MM-DD 格式的有效日期",
        f"{raw!r} is not a valid date; write it YYYY-MM-DD",
    )


def parse_decimal(raw: Any, path: str) -> Decimal:
    """A finite decimal number given as a string, an integer or a Decimal (never a float)."""
    if isinstance(raw, bool) or raw is None:
        raise CaseError(path, "必须是数字", "must be a number")
    if isinstance(raw, float):
        raise CaseError(
            path,
            '请以字符串形式填写十进制数(如 "1250000.00")，不接受浮点数',
            'write the number as a decimal string such as "1250000.00", not a float',
        )
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
    elif isinstance(raw, str):
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            value = None
    else:
        value = None
    if value is None or not value.is_finite():
        raise CaseError(path, f"{raw!r} 不是有效的数字", f"{raw!r} is not a number")
    return value


def parse_money(raw: Any, path: str) -> Decimal:
    """A non-negative yuan amount with at most two decimal places (fen)."""
    value = parse_decimal(raw, path)
    if value < 0:
        raise CaseError(path, f"金额不能为负数：{raw}", f"amount must not be negative: {raw}")
    if value.as_tuple().exponent < -2:
        raise CaseError(
            path,
            f"金额最多保留两位小数(分)：{raw}",
            f"amount has more than two decimal places (fen): {raw}",
        )
    return value


def parse_choice(raw: Any, path: str, choices: Collection[str]) -> str:
    if not isinstance(raw, str) or raw not in choices:
        names = ", ".join(choices)
        raise CaseError(path, f"必须是以下之一：{names}", f"must be one of {names}")
    return raw
