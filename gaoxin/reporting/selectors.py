"""Reads of the yearly reporting campaigns (年报填报)."""

from __future__ import annotations


def required_figures(enterprise, year) -> tuple[str, ...]:
    """The figures an open campaign of the enterprise's zone requires for ``year``.

    No campaign exists yet, so nothing beyond the year itself is required."""
    return ()
