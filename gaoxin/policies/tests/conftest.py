import datetime

import pytest

from gaoxin.policies.services import article_set, policy_create, version_publish

RND = {
    "and": [
        {
            "clause": {"article": "第三条", "label": "研发投入占比≥3%"},
            "rule": {">=": [{"var": "rnd_ratio"}, 3]},
        },
        {"in": ["high_tech", {"var": "qualifications"}]},
    ]
}
RND_FORMULA = {"min": [{"/": [{"var": "rnd_expense"}, 10]}, 5000000]}


def make_policy(zone, *, title="研发费用后补助", criteria=None, formula=RND_FORMULA):
    policy = policy_create(
        actor=None,
        zone=zone,
        data={"title": title, "issuing_body": "管委会", "summary": "摘要", "tags": "研发,补助"},
    )
    article_set(actor=None, policy=policy, articles=[("第三条", "研发投入占比不低于3%。")])
    version_publish(
        actor=None,
        policy=policy,
        criteria=criteria or RND,
        formula=formula,
        effective_from=datetime.date(2025, 1, 1),
    )
    return policy


@pytest.fixture
def policy(world):
    """A published policy of zone A: R&D ratio ≥ 3 % and 高新技术企业; 10 % of R&D expense."""
    return make_policy(world.a.zone)


@pytest.fixture
def as_user(client):
    def _login(user):
        client.force_login(user)
        client.cookies["django_language"] = "en"
        return client

    return _login
