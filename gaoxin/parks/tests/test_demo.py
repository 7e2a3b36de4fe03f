"""The parks demo: MedPark's platforms, texts, buildings and units (some let to or reserved
for its demo firms, the rest free), 数算产业园's building; loading twice changes nothing."""

from __future__ import annotations

import pytest

from gaoxin.audit.models import AuditEvent
from gaoxin.demo.loader import load_demo
from gaoxin.parks.demo import MEDPARK, REASON, SUANPARK, load_parks_demo
from gaoxin.parks.models import Building, Park, Space

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    load_demo()
    return load_parks_demo()


def test_medpark_has_three_buildings_and_thirty_units(loaded):
    medpark = Park.objects.get(name=MEDPARK)
    names = set(Building.objects.filter(park=medpark).values_list("name", flat=True))
    assert names == {"研发楼 A", "中试楼 B", "生产厂房 C"}
    spaces = Space.objects.filter(building__park=medpark)
    assert spaces.count() == 30 and all(s.is_sample for s in spaces)
    assert spaces.filter(occupancy="occupied").count() == 12
    assert spaces.filter(occupancy="reserved").count() == 4
    assert spaces.filter(occupancy="free").count() == 14
    occupants = spaces.exclude(occupant=None).values_list("occupant__park", flat=True)
    assert set(occupants) == {medpark.pk}
    assert medpark.description and medpark.address
    assert all(p.offers and p.contact_name for p in medpark.platforms.all())
    assert Space.objects.filter(building__park__name=SUANPARK, occupancy="free").count() == 5


def test_loading_twice_changes_nothing(loaded):
    events = AuditEvent.objects.count()
    snapshot = list(Space.objects.values_list("pk", "occupancy", "occupant_id", "area"))
    again = load_parks_demo()
    assert not again.changed
    assert AuditEvent.objects.count() == events
    assert list(Space.objects.values_list("pk", "occupancy", "occupant_id", "area")) == snapshot


def test_the_demo_is_audited_as_the_system(loaded):
    events = AuditEvent.objects.filter(action__startswith="parks.space")
    assert events.exists() and all(e.actor_id is None and e.reason == REASON for e in events)
