"""Fixtures of the fund tests: a fund of zone A (budget 1 000 000, cap 300 000 per enterprise)."""

from __future__ import annotations

import pytest

from .factories import make_commitment, make_fund


@pytest.fixture
def fund(world):
    return make_fund(world.a.zone, budget="1000000", cap="300000")


@pytest.fixture
def commitment(fund, world):
    return make_commitment(fund, world.a.enterprise, "200000")
