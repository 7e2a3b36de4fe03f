"""The ``--as-of`` option the policy commands share."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError
from django.utils import timezone


def as_of_option(parser, what: str) -> None:
    parser.add_argument(
        "--as-of",
        dest="as_of",
        metavar="YYYY-MM-DD",
        help=f"{what} (default: today)",
    )


def parse_as_of(value: str | None) -> datetime.date:
    if not value:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-of: {value!r} is not a date; use YYYY-MM-DD") from exc
