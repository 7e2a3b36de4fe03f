"""The applications demo: stages on every 需申报 demo policy, the seed's firms' applications in
every state the loaded apps allow (with the expert pool: through the expert stage to the notice;
with a fund: decided), hengtian free to apply to the patent award; loading twice changes
nothing."""

from __future__ import annotations

import pytest

from gaoxin.applications.demo import PATENTS, load_applications_demo
from gaoxin.applications.models import Application, ReviewStage
from gaoxin.demo.loader import load_demo
from gaoxin.experts.demo import load_experts_demo
from gaoxin.funds.demo import load_funds_demo
from gaoxin.funds.models import Commitment
from gaoxin.policies.demo import load_policies_demo
from gaoxin.policies.models import Policy

pytestmark = pytest.mark.django_db


def test_demo_stages_and_applications_idempotent():
    load_demo()
    load_policies_demo()
    load_experts_demo()
    load_funds_demo()
    report = load_applications_demo()
    assert report.stopped == []
    apply = Policy.objects.filter(delivery_mode="apply", is_sample=True)
    assert report.policies == apply.count() and report.stages == 5 * apply.count()
    assert ReviewStage.objects.filter(name="省厅复核", owner_role="provincial_reviewer").exists()
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {
        "draft",
        "in_review",
        "returned",
        "publication",
        "decided",
        "rejected",
        "withdrawn",
    } == statuses
    decided = Application.objects.get(status="decided")
    commitment = Commitment.objects.get(object_id=decided.pk, content_type__model="application")
    assert commitment.amount == decided.decided_amount
    stages = set(
        Application.objects.filter(status="in_review").values_list("current_stage__name", flat=True)
    )
    assert {"推荐单位审核", "专家评审", "省厅复核"} <= stages
    assert not Application.objects.filter(
        policy__title=PATENTS, enterprise__name="河南恒天久大实业有限公司"
    ).exists()
    count = Application.objects.count()
    again = load_applications_demo()
    assert (again.stages, again.applications) == (0, 0)
    assert Application.objects.count() == count
