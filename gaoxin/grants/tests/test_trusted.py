"""A round's candidates are found on verified facts only, and the list says which verified
facts each firm qualified on and where they came from (issue 9, item 4)."""

from __future__ import annotations

import datetime

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.factories import UserFactory
from gaoxin.enterprises import services as registry
from gaoxin.enterprises.choices import FactSource, Membership
from gaoxin.enterprises.tests.factories import EnterpriseFactory
from gaoxin.grants import services

from .conftest import AS_OF, figures

pytestmark = pytest.mark.django_db


def test_declared_figures_make_no_candidate_until_verified(world, policy, official):
    low = world.a.low  # 1 % R&D on its verified figures: not met
    member = UserFactory(role=Role.ENTERPRISE_USER, organisation=low.organisation)
    record = registry.yearly_fact_upsert(
        actor=member, enterprise=low, year=2024, data={"rnd_expense": "9000000.00"}
    )
    grant_round = services.round_create(actor=official, policy=policy, as_of=AS_OF, today=AS_OF)
    assert not grant_round.candidates.filter(enterprise=low).exists()
    grant_round.delete()  # not confirmed: a new round may be created once it is gone
    registry.declaration_verify(actor=official, record=record)
    grant_round = services.round_create(actor=official, policy=policy, as_of=AS_OF, today=AS_OF)
    candidate = grant_round.candidates.get(enterprise=low)
    assert candidate.facts["rnd_expense"] == "9000000.00"
    (source,) = candidate.sources["rnd_expense"]
    assert (source["record"], source["source"]) == (record.pk, FactSource.DECLARATION)


def test_each_candidate_keeps_the_sources_of_the_facts_it_qualified_on(world, policy, official):
    grant_round = services.round_create(actor=official, policy=policy, as_of=AS_OF, today=AS_OF)
    third = grant_round.candidates.get(enterprise=world.a.third)
    assert set(third.sources) == {"rnd_ratio", "rnd_expense"}
    # The factory's figures have no provenance record: an official's entry has one.
    registry.yearly_fact_upsert(
        actor=official,
        enterprise=world.a.second,
        year=2024,
        data={"revenue": "10000000.00", "rnd_expense": "900000.00"},
    )
    grant_round.delete()
    grant_round = services.round_create(actor=official, policy=policy, as_of=AS_OF, today=AS_OF)
    second = grant_round.candidates.get(enterprise=world.a.second)
    (source,) = second.sources["rnd_expense"]
    assert source["source"] == FactSource.STAFF
    assert datetime.date.fromisoformat(source["verified_on"]) <= datetime.date.today()
    assert len(second.sources["rnd_ratio"]) == 1  # one record gave revenue and R&D expense


def test_the_round_page_shows_the_verified_facts_and_their_source(world, policy, official, client):
    registry.yearly_fact_upsert(
        actor=official,
        enterprise=world.a.second,
        year=2024,
        data={"revenue": "10000000.00", "rnd_expense": "900000.00"},
    )
    grant_round = services.round_create(actor=official, policy=policy, as_of=AS_OF, today=AS_OF)
    client.force_login(official)
    client.cookies["django_language"] = "en"
    body = client.get(f"/grants/{grant_round.pk}/").content.decode()
    assert "Verified facts it qualified on" in body
    assert "Staff entry, verified" in body


def test_a_partner_outside_the_zone_is_never_a_candidate(world, policy, official):
    partner = EnterpriseFactory(
        name="区外合作单位有限公司", zone=world.a.zone, membership=Membership.PARTNER
    )
    figures(partner, revenue="100000000", rnd="9000000")
    grant_round = services.round_create(actor=official, policy=policy, as_of=AS_OF, today=AS_OF)
    assert not grant_round.candidates.filter(enterprise=partner).exists()
    assert grant_round.candidates.filter(enterprise=world.a.third).exists()
