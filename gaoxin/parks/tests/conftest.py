"""Fixtures of the parks tests: side A's park with a platform and a building of three units:
one free, one occupied by side A's enterprise, one reserved for it."""

from __future__ import annotations

import pytest

from gaoxin.parks import services

from .factories import make_building, make_platform, make_space


@pytest.fixture
def park(world):
    return world.a.park


@pytest.fixture
def platform(park):
    return make_platform(park)


@pytest.fixture
def building(park):
    return make_building(park)


@pytest.fixture
def spaces(building, world):
    free = make_space(building, "A101", "420.00")
    occupied = make_space(building, "A102", "300.00")
    reserved = make_space(building, "A201", "280.00")
    services.space_set_occupancy(
        actor=None,
        space=occupied,
        occupancy="occupied",
        occupant=world.a.enterprise,
        reason="租赁合同已签",
    )
    services.space_set_occupancy(
        actor=None,
        space=reserved,
        occupancy="reserved",
        occupant=world.a.enterprise,
        reason="签约预留",
    )
    for space in (occupied, reserved):
        space.refresh_from_db()
    return {"free": free, "occupied": occupied, "reserved": reserved}
