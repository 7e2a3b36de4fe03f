"""The expert demo: the seed's advisors in the pool (the two advisor accounts linked), a sheet
per 需申报 policy, two ties that exclude; loading twice changes nothing."""

from __future__ import annotations

import pytest

from gaoxin.demo.loader import load_demo
from gaoxin.experts import services
from gaoxin.experts.demo import load_experts_demo
from gaoxin.experts.models import Expert, ExpertTie, ScoreSheet
from gaoxin.policies.choices import DeliveryMode
from gaoxin.policies.demo import load_policies_demo
from gaoxin.policies.models import Policy

pytestmark = pytest.mark.django_db


def test_demo_pool_sheets_and_ties_idempotent():
    load_demo()
    load_policies_demo()
    report = load_experts_demo()
    assert report.experts == Expert.objects.count() == 11
    assert Expert.objects.get(name="昝明辉").user.username == "zanminghui"
    assert Expert.objects.get(name="万飞").user.username == "wanfei"
    assert not Expert.objects.get(name="万飞").is_sample
    assert Expert.objects.get(name="孙资（示例）").is_sample
    apply = Policy.objects.filter(delivery_mode=DeliveryMode.APPLY)
    assert apply.exists() and ScoreSheet.objects.count() == apply.count()
    assert ExpertTie.objects.count() == 2
    again = load_experts_demo()
    assert (again.experts, again.ties, again.sheets) == (0, 0, 0)
    assert Expert.objects.count() == 11

    tie = ExpertTie.objects.select_related("enterprise", "expert").first()
    draw = services.draw_create(
        actor=None, subject=tie.enterprise, enterprise=tie.enterprise, policy=apply.first(), n=5
    )
    excluded = {e["expert"]: e["reason"] for e in draw.excluded}
    assert excluded[tie.expert_id] == "declared_tie"
