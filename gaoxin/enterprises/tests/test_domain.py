"""The registry's shared rules (domain.py): pure functions, tested without the database."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.accounts.models import Organisation
from gaoxin.enterprises import domain
from gaoxin.enterprises.domain import NameClaim, NameHolder

OPERATOR = SimpleNamespace(role=Role.PARK_OPERATOR, organisation_id=7)
OFFICIAL = SimpleNamespace(role=Role.ZONE_OFFICIAL, organisation_id=1)
OWN_PARK = SimpleNamespace(operator_id=7, zone_id=1)
OTHER_PARK = SimpleNamespace(operator_id=8, zone_id=1)
FAR_PARK = SimpleNamespace(operator_id=7, zone_id=2)


@pytest.mark.parametrize(
    ("actor", "park", "zone_id", "problem"),
    [
        (OPERATOR, OWN_PARK, 1, None),
        (OPERATOR, OWN_PARK, None, None),
        (OPERATOR, None, 1, "Choose one of the parks your organisation operates."),
        (OPERATOR, OTHER_PARK, 1, "Your organisation does not operate this park."),
        (OPERATOR, FAR_PARK, 1, "This park is in another zone."),
        (OFFICIAL, None, 1, None),
        (OFFICIAL, OTHER_PARK, 1, None),
        (OFFICIAL, FAR_PARK, 1, "This park is in another zone."),
        (None, FAR_PARK, 1, "This park is in another zone."),
        (None, None, 1, None),
    ],
)
def test_park_problem(actor, park, zone_id, problem):
    assert domain.park_problem(actor, park, zone_id) == problem


def test_only_a_park_operator_must_choose_a_park():
    assert domain.park_required(OPERATOR)
    assert not domain.park_required(OFFICIAL)
    assert not domain.park_required(None)


def test_the_organisation_follows_the_name_it_still_carries():
    organisation = SimpleNamespace(name="甲公司")
    assert domain.organisation_follows_name(organisation, "甲公司")
    assert not domain.organisation_follows_name(organisation, "乙公司")
    assert not domain.organisation_follows_name(None, "甲公司")


UNUSED = NameHolder(pk=5, kind=OrganisationKind.ENTERPRISE, zone_id=1, enterprise_id=None)


@pytest.mark.parametrize(
    ("holder", "own", "zone_id", "claim"),
    [
        (UNUSED, 5, 1, NameClaim.OWN),
        (UNUSED, None, 1, NameClaim.LINK),
        (UNUSED, 6, 1, NameClaim.TAKEN),  # only a new enterprise takes one over
        (UNUSED, None, 2, NameClaim.TAKEN),  # another zone's
        (UNUSED, None, None, NameClaim.TAKEN),
        (UNUSED._replace(enterprise_id=9), None, 1, NameClaim.TAKEN),  # in use
        (UNUSED._replace(kind=OrganisationKind.ZONE_COMMITTEE), None, 1, NameClaim.TAKEN),
    ],
)
def test_name_claim(holder, own, zone_id, claim):
    assert domain.name_claim(holder, own_organisation_id=own, zone_id=zone_id) is claim


def test_a_new_enterprise_organisation_carries_its_name_zone_and_region():
    zone = Organisation(pk=1, name="甲高新区管委会", kind=OrganisationKind.ZONE_COMMITTEE)
    made = domain.new_enterprise_organisation(
        name="甲公司", zone=zone, region_code="410171", is_sample=True
    )
    assert made.pk is None
    assert (made.name, made.kind, made.zone_id, made.region_code, made.is_sample) == (
        "甲公司",
        OrganisationKind.ENTERPRISE,
        1,
        "410171",
        True,
    )
