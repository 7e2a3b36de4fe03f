"""Fixtures of the expert tests: zone A's pool of five experts (医疗器械 / 技术转化 / 资本对接), a
policy of zone A with a scoring sheet, and zone A's enterprise as the applicant (and, for want
of the applications app here, as the draw's subject too)."""

from __future__ import annotations

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.policies.tests.conftest import make_policy

from .factories import ExpertFactory, ScoreSheetFactory


@pytest.fixture
def policy(world):
    policy = make_policy(world.a.zone, title="首台套申报政策")
    ScoreSheetFactory(policy=policy)
    return policy


@pytest.fixture
def applicant(world):
    return world.a.enterprise


@pytest.fixture
def pool(world):
    zone = world.a.zone
    return [
        ExpertFactory(zone=zone, name="甲", fields=["医疗器械", "技术转化"]),
        ExpertFactory(zone=zone, name="乙", fields=["医疗器械"]),
        ExpertFactory(zone=zone, name="丙", fields=["资本对接"]),
        ExpertFactory(zone=zone, name="丁", fields=["技术转化"]),
        ExpertFactory(zone=zone, name="戊", fields=["医疗器械"], user=world.a.users[Role.ADVISOR]),
    ]


@pytest.fixture
def official(world):
    return world.a.users[Role.ZONE_OFFICIAL]


@pytest.fixture
def advisor(world):
    return world.a.users[Role.ADVISOR]


def make_draw(world):
    """For the permission matrices: side A's pool of two experts (the first linked to A's
    advisor, with a tie to side B's enterprise), a policy with a scoring sheet, and a draw of
    both for A's enterprise. Returns (expert, tie, policy, draw)."""
    from gaoxin.experts import services

    from .factories import TieFactory

    policy = make_policy(world.a.zone, title="专家评审矩阵政策")
    ScoreSheetFactory(policy=policy)
    expert = ExpertFactory(zone=world.a.zone, user=world.a.users[Role.ADVISOR])
    ExpertFactory(zone=world.a.zone)
    tie = TieFactory(expert=expert, enterprise=world.b.enterprise)
    draw = services.draw_create(
        actor=None, subject=world.a.enterprise, enterprise=world.a.enterprise, policy=policy, n=2
    )
    return expert, tie, policy, draw
