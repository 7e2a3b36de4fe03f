"""The program's demo (loader "firstset_program"): the 2024 round with its two published Henan
results, the open 2026 round with its policies, stages, materials and fund, one application
waiting at 推荐单位审核; loading twice changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gaoxin.applications.demo import load_applications_demo
from gaoxin.audit.services import verify_chain
from gaoxin.demo.loader import load_demo
from gaoxin.experts.demo import load_experts_demo
from gaoxin.firstset.demo import load_firstset_demo
from gaoxin.firstset.demo_qualifications import load_program_demo
from gaoxin.firstset.models import Declaration, Qualification, Round
from gaoxin.firstset.selectors_qualifications import open_rounds
from gaoxin.funds.demo import load_funds_demo
from gaoxin.funds.models import Fund
from gaoxin.policies.demo import load_policies_demo

pytestmark = pytest.mark.django_db


def _load():
    load_demo()
    load_policies_demo()
    load_experts_demo()
    load_funds_demo()
    load_applications_demo()
    load_firstset_demo()


def test_program_demo_idempotent():
    _load()
    report = load_program_demo()
    assert report.stopped == []
    r2024, r2026 = Round.objects.get(year=2024), Round.objects.get(year=2026)
    assert r2024.doc_number == "工信部联重装〔2024〕89号"
    assert "其余4家企业名称未在来源中列出" in r2024.results_note
    assert open_rounds() == [r2026]
    caps = dict(Qualification.objects.values_list("enterprise__name", "cap"))
    assert caps == {
        "河南恒天久大实业有限公司": Decimal("3000000.00"),
        "郑州赛为机电设备有限公司": Decimal("2160000.00"),
    }
    assert Qualification.objects.filter(is_sample=True).count() == 2
    sludge = Qualification.objects.get(enterprise__name="河南恒天久大实业有限公司")
    assert sludge.equipment_name == "含油污泥高值资源化利用装备"
    assert sludge.declarations.get().status == "verified"
    assert [s.name for s in r2026.qualification_policy.review_stages.all()] == [
        "初审", "推荐单位审核", "专家评审", "公示", "决定",
    ]  # fmt: skip
    assert Fund.objects.get(policy=r2026.subsidy_policy).budget == Decimal("20000000.00")
    waiting = r2026.requests.get().application
    assert waiting.status == "in_review" and waiting.current_stage.name == "推荐单位审核"
    counts = (Round.objects.count(), Qualification.objects.count(), Declaration.objects.count())
    again = load_program_demo()
    assert again.created == [] and again.stopped == []
    assert counts == (
        Round.objects.count(), Qualification.objects.count(), Declaration.objects.count()
    )  # fmt: skip
    assert verify_chain().ok
