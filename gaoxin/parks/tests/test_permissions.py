"""The permission matrix of the park's object forms (platforms, buildings, units), listed in
EXTRA_URLS of tests/test_permission_matrix.py: anonymous → login; the park's zone officials
and operator 200; the provincial reviewer (reads the park) 403; every other role 403; the
same roles of the other side 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role

from .factories import make_building, make_platform, make_space

MANAGERS = {Role.ZONE_OFFICIAL, Role.PARK_OPERATOR}


def _objects(park) -> dict:
    building = make_building(park)
    return {
        "platform": make_platform(park),
        "building": building,
        "space": make_space(building),
    }


URLS = {
    "parks:platform_create": lambda p, o: [p.pk],
    "parks:platform_update": lambda p, o: [p.pk, o["platform"].pk],
    "parks:platform_delete": lambda p, o: [p.pk, o["platform"].pk],
    "parks:building_create": lambda p, o: [p.pk],
    "parks:building_update": lambda p, o: [p.pk, o["building"].pk],
    "parks:space_create": lambda p, o: [p.pk],
    "parks:space_update": lambda p, o: [p.pk, o["space"].pk],
    "parks:space_occupancy": lambda p, o: [p.pk, o["space"].pk],
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(URLS))
def test_each_role_on_each_form(client, world, name):
    objects = _objects(world.a.park)
    url = reverse(name, args=URLS[name](world.a.park, objects))
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    for role in Role.values:
        client.force_login(world.a.users[role])
        expected = 200 if role in MANAGERS else 403
        assert client.get(url).status_code == expected, (name, role)
    for role in MANAGERS:
        client.force_login(world.b.users[role])
        assert client.get(url).status_code == 404, (name, role)


@pytest.mark.django_db
def test_an_object_of_another_park_is_404_under_ones_own_park(client, world):
    """A guessed id of side B's unit under side A's park (which A manages) is not found."""
    theirs = _objects(world.b.park)
    client.force_login(world.a.users[Role.PARK_OPERATOR])
    for name in ("parks:platform_update", "parks:building_update", "parks:space_occupancy"):
        key = name.split(":")[1].split("_")[0]
        url = reverse(name, args=[world.a.park.pk, theirs[key].pk])
        assert client.get(url).status_code == 404, name
