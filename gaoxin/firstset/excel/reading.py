"""Matching a sheet's header row to the expected columns (shared by the two readers)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from gaoxin.core.imports import ErrorList

from .columns import Column, header_key


def map_headers(
    header: Sequence[str],
    columns: Sequence[Column],
    errors: ErrorList,
    extra: Callable[[str], Any] | None = None,
) -> tuple[dict[str, int], dict[Any, int]]:
    """The position of each known column, and of each column ``extra`` recognises.

    A required column that is missing, a header that appears twice and a header nobody knows
    are errors (a misspelt header would otherwise drop its data without a word).
    """
    by_key = {}
    for column in columns:
        by_key[header_key(column.header)] = column
        by_key[column.key.lower()] = column
    found: dict[str, int] = {}
    extras: dict[Any, int] = {}
    for index, text in enumerate(header):
        if not text:
            continue
        column = by_key.get(header_key(text))
        key = column.key if column is not None else (extra(text) if extra else None)
        if key is None:
            errors.add(1, text, _("Unknown column %(column)s.") % {"column": text})
            continue
        target = found if column is not None else extras
        if key in target:
            errors.add(1, text, _("The column %(column)s appears twice.") % {"column": text})
            continue
        target[key] = index
    for column in columns:
        if column.required and column.key not in found:
            errors.add(
                1,
                column.label,
                _("The column %(column)s is missing; keep the template's header row.")
                % {"column": column.label},
            )
    return found, extras
