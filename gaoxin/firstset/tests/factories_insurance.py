"""Builders of the insurance tests: a round with a subsidy policy (zone A's stages), a
qualification of world A's enterprise with a covered model, policies registered through the
service. (Until the qualifications part's factories_program.py is merged, the round and the
qualification are built here, under names of their own.)"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from gaoxin.accounts.choices import Role
from gaoxin.applications.tests.factories import add_stages, make_policy
from gaoxin.firstset import services_insurance as services
from gaoxin.firstset.models import Declaration, Qualification, Round

from .factories import EditionFactory, EntryFactory, robot_entry

TODAY = datetime.date(2025, 6, 2)
WINDOW = (datetime.date(2025, 1, 1), datetime.date(2027, 12, 31))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_numbers = itertools.count(1)

MET = {
    "covered": True,
    "indicators": [
        {"name": "额定负载", "value": "600", "threshold": "500", "met": True},
        {"name": "重复定位精度", "value": "0.08", "threshold": "0.1", "met": True},
        {"name": "平均无故障工作时间", "value": "60000", "threshold": "50000", "met": True},
    ],
}
NOT_MET = {
    "covered": False,
    "indicators": [
        {"name": "额定负载", "value": "450", "threshold": "500", "met": False},
        {"name": "重复定位精度", "value": "0.08", "threshold": "0.1", "met": True},
    ],
}


def proof(name="缴费凭证.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def insurance_round(world, year=2025, window=WINDOW, stages=("review", "decision")) -> Round:
    """A round whose subsidy policy (zone A's, published, taking applications) has ``stages``."""
    edition = EditionFactory(year=year, is_current=True)
    policy = make_policy(world.a.zone, title=f"{year}年首台(套)保费补助资金申请")
    if stages:
        add_stages(policy, world.a, kinds=stages)
    return Round.objects.create(
        year=year,
        name=f"{year}年度首台(套)",
        edition=edition,
        subsidy_policy=policy,
        valid_from=window[0],
        valid_to=window[1],
    )


def insured_declaration(enterprise, entry, model="HT-600", improved_from=None, met=True):
    return Declaration.objects.create(
        enterprise=enterprise,
        entry=entry,
        model_name=model,
        improved_from=improved_from,
        check_result=MET if met else NOT_MET,
        meets_all=met,
        status="verified",
    )


def _entry(edition):
    """The robot entry the first time, another entry of the edition afterwards."""
    if not edition.entries.exists():
        return robot_entry(edition, number=f"示例-{next(_numbers):03d}")
    return EntryFactory(edition=edition, field=edition.entries.first().field)


def insured_qualification(world, rnd: Round, cap="2160000", side="a") -> Qualification:
    """A qualification of side's enterprise on the robot entry, its model HT-600 qualified."""
    enterprise = getattr(world, side).enterprise
    entry = _entry(rnd.edition)
    declaration = insured_declaration(enterprise, entry)
    n = next(_numbers)
    qualification = Qualification.objects.create(
        number=f"SQ-{rnd.year}-{n:03d}",
        enterprise=enterprise,
        round=rnd,
        entry=entry,
        equipment_name=entry.equipment_name,
        cap=Decimal(cap),
        valid_from=rnd.valid_from,
        valid_to=rnd.valid_to,
        recommending_unit="郑州市工业和信息化局",
        verify_code=f"VC{rnd.year}{n:06d}",
    )
    qualification.declarations.add(declaration)
    return qualification


def policy_data(qualification, **overrides) -> dict:
    data = {
        "qualification": qualification,
        "declaration": qualification.declarations.first(),
        "insurer": "中国人民财产保险股份有限公司",
        "number": f"PICC-{next(_numbers):05d}",
        "insured_user": "郑州某重工有限公司",
        "starts_on": datetime.date(2025, 3, 1),
        "ends_on": datetime.date(2026, 2, 28),
        "sum_insured": Decimal("28000000"),
        "premium": Decimal("560000"),
        "cover": "综合险(质量风险+责任风险)",
        "paid_on": datetime.date(2025, 3, 1),
    }
    data.update(overrides)
    return data


def registered_policy(world, qualification, *, with_proof=True, previous=None, **overrides):
    member = world.a.users[Role.ENTERPRISE_USER]
    return services.policy_register(
        actor=member,
        data=policy_data(qualification, **overrides),
        proof=proof() if with_proof else None,
        previous=previous,
        today=TODAY,
    )


def verified_policy(world, qualification, **overrides):
    policy = registered_policy(world, qualification, **overrides)
    return services.policy_verify(
        actor=world.a.users[Role.ZONE_OFFICIAL], policy=policy, reason="已核对保单与缴费凭证"
    )


def matrix_policy(w):
    """Side A's registered policy with its proof (made once per test), for the matrices."""
    if not hasattr(w, "insurance_policy"):
        qualification = insured_qualification(w, insurance_round(w))
        w.insurance_policy = registered_policy(w, qualification)
    return w.insurance_policy


def matrix_claim(w):
    """Side A's draft premium-subsidy claim on its policy (made once per test)."""
    if not hasattr(w, "insurance_claim"):
        policy = matrix_policy(w)
        w.insurance_claim = services.claim_start(
            actor=w.a.users[Role.ENTERPRISE_USER],
            qualification=policy.qualification,
            policies=[policy],
            today=TODAY,
        )
    return w.insurance_claim


def matrix_policy_body(w):
    qualification = matrix_policy(w).qualification
    return {
        "qualification": qualification.pk,
        "declaration": qualification.declarations.first().pk,
        "insurer": "中国平安财产保险股份有限公司",
        "number": "PA-MATRIX-1",
        "insured_user": "某用户单位",
        "starts_on": "2025-04-01",
        "ends_on": "2026-03-31",
        "sum_insured": "10000000.00",
        "premium": "200000.00",
        "cover": "综合险",
        "paid_on": "2025-04-01",
    }
