import datetime

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.policies.services import policy_create, version_publish

# Met by every enterprise in a park named a园区 or b园区 (one in each zone of the world).
IN_PARK = {"in": [{"var": "park"}, ["a园区", "b园区"]]}
NEVER = {"in": [{"var": "park"}, ["无此园区"]]}


def publish(policy, criteria=IN_PARK, effective_from=datetime.date(2025, 1, 1)):
    return version_publish(
        actor=None, policy=policy, criteria=criteria, effective_from=effective_from
    )


def new_policy(zone, title="研发费用后补助", tags="研发,补助"):
    return policy_create(
        actor=None,
        zone=zone,
        data={"title": title, "issuing_body": "管委会", "summary": "摘要", "tags": tags},
    )


@pytest.fixture
def member_a(world):
    return world.a.users[Role.ENTERPRISE_USER]


@pytest.fixture
def member_b(world):
    return world.b.users[Role.ENTERPRISE_USER]
