"""The first-set insurance demo (loader "firstset_insurance", after "firstset_program").

For the 2024 qualifications of 恒天久大 and 赛为机电 (created by "firstset_program"; found by
enterprise name and round year; absent → nothing is done): SAMPLE (示例) policies registered by
the enterprise's user with a proof of payment and verified by an official of its zone — 恒天 a
renewal chain (2024-08-01..2025-07-31, 2025-08-01..2026-07-31), 赛为 one policy
(2025-03-01..2026-02-28, premium 560 000); each then has one more policy in force on the
demo's day (to 2026-12-31, the window's end), not claimed yet. The subsidy of the earlier
policies, computed by the rulebook, is recorded as the 2024 results were (from outside the
platform): an allocation on the cap ledger, dated when it was decided (2025), and a commitment
in the 2024 round's subsidy fund of this year (created when missing); 恒天's is paid with a
sample treasury reference. No application walks the stages. 恒天 then uses most of its cap
(2 800 000 of 3 000 000), 赛为 less than half (448 000 of 2 160 000: "at risk"). Idempotent:
what exists is left as it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import UTC
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import User
from gaoxin.core.registry import demo_loader
from rulebook.firstset.calc import calculate

from . import ledger
from . import selectors_insurance as sel
from . import services_insurance as services
from .models import CapEntry, InsurancePolicy, Qualification

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
INSURER = "中国人民财产保险股份有限公司河南省分公司"
COVER = "综合险(质量风险+责任风险)"
NOTE = "示例:2024年度保费补助(平台外办理,演示数据)"

# enterprise name fragment → its policies (number, start, end, sum insured, premium), in order
POLICIES = {
    "恒天久大": [
        ("示例-PICC-HT-2024-001", D(2024, 8, 1), D(2025, 7, 31), "80000000", "1600000"),
        ("示例-PICC-HT-2025-001", D(2025, 8, 1), D(2026, 7, 31), "80000000", "1900000"),
        ("示例-PICC-HT-2026-001", D(2026, 8, 1), D(2026, 12, 31), "40000000", "250000"),
    ],
    "赛为机电": [
        ("示例-PICC-SW-2025-001", D(2025, 3, 1), D(2026, 2, 28), "28000000", "560000"),
        ("示例-PICC-SW-2026-001", D(2026, 3, 1), D(2026, 12, 31), "24000000", "380000"),
    ],
}
# how many of them (the first ones) the 2024 subsidies paid for; the last policy of each is in
# force on the demo's day, not claimed yet (the tender certificate can be issued on it)
CLAIMED = {"恒天久大": 2, "赛为机电": 1}
# when the subsidy was decided (the cap ledger's date, for the pace chart) and paid
DECIDED = {"恒天久大": D(2025, 10, 30), "赛为机电": D(2025, 5, 30)}
PAID = {"恒天久大": "示例-豫财企拨〔2025〕018号"}
USERS = {"恒天久大": "河南某石化有限公司", "赛为机电": "郑州某重型装备有限公司"}


@dataclass
class InsuranceDemoReport:
    policies: int = 0
    allocations: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def describe(report: InsuranceDemoReport) -> list[str]:
    lines = [f"first-set insurance: {report.policies} sample policies"]
    lines += [f"  allocated {line}" for line in report.allocations]
    lines += [f"  skipped: {line}" for line in report.skipped]
    return lines


def _qualification(fragment: str) -> Qualification | None:
    return (
        Qualification.objects.filter(enterprise__name__contains=fragment, round__year=2024)
        .select_related("enterprise", "round")
        .first()
    )


def _member(enterprise):
    return User.objects.filter(
        organisation=enterprise.organisation_id, role=Role.ENTERPRISE_USER, is_active=True
    ).first()


def _verifier(policy):
    for user in User.objects.filter(role=Role.ZONE_OFFICIAL, is_active=True).order_by("pk"):
        if sel.can_verify(user, policy):
            return user
    return None


def _policy(q, member, spec, previous, fragment) -> InsurancePolicy:
    number, start, end, sum_insured, premium = spec
    existing = InsurancePolicy.objects.filter(insurer=INSURER, number=number).first()
    if existing is not None:
        return existing
    data = {
        "qualification": q,
        "declaration": q.declarations.order_by("pk").first(),
        "insurer": INSURER,
        "number": number,
        "insured_user": USERS[fragment],
        "starts_on": start,
        "ends_on": end,
        "sum_insured": Decimal(sum_insured),
        "premium": Decimal(premium),
        "cover": COVER,
        "paid_on": start,
    }
    upload = SimpleUploadedFile("示例-保费缴纳凭证.pdf", PDF, content_type="application/pdf")
    policy = services.policy_register(actor=member, data=data, proof=upload, previous=previous)
    InsurancePolicy.objects.filter(pk=policy.pk).update(is_sample=True)
    verifier = _verifier(policy)
    if verifier is not None:
        services.policy_verify(actor=verifier, policy=policy, reason="示例:已核对保单与缴费凭证")
    return policy


def _subsidy(q, policies) -> Decimal:
    case = {
        "jurisdiction": "CN",
        "qualification": {
            "cap": str(q.cap),
            "valid_from": q.valid_from.isoformat(),
            "valid_to": q.valid_to.isoformat(),
            "granted_before": "0",
        },
        "policies": [
            {"id": p.pk, "equipment": q.equipment_name, "start": p.starts_on.isoformat(),
             "end": p.ends_on.isoformat(), "sum_insured": str(p.sum_insured),
             "premium": str(p.premium)}
            for p in policies
        ],
    }  # fmt: skip
    return Decimal(calculate(case)["total"])


def _allocate(q, policies, report, fragment: str) -> None:
    from gaoxin.funds.selectors import fund_for
    from gaoxin.funds.services import commitment_create, fund_create

    if CapEntry.objects.filter(qualification=q, note=NOTE).exists():
        return
    amount = _subsidy(q, policies)
    if amount <= 0:
        return
    entry = ledger.allocate(actor=None, qualification=q, amount=amount, note=NOTE)
    # a sample of the past: dated when it was decided, so the pace chart reads as it went
    decided = datetime.datetime.combine(DECIDED[fragment], datetime.time(10), tzinfo=UTC)
    CapEntry.objects.filter(pk=entry.pk).update(created_at=decided)
    policy = q.round.subsidy_policy
    if policy is not None:
        year = timezone.localdate().year
        fund = fund_for(policy, year) or fund_create(
            actor=None, policy=policy, year=year, budget=Decimal("10000000"), is_sample=True
        )
        commitment = commitment_create(actor=None, fund=fund, enterprise=q.enterprise,
                                       amount=amount, source=q, reason=NOTE)  # fmt: skip
        _pay(commitment, fragment)
    report.allocations.append(f"{q.number} {amount}")


def _pay(commitment, fragment: str) -> None:
    """恒天's subsidy was paid (a sample treasury reference); 赛为's is committed, not paid yet."""
    from gaoxin.funds.rules import can_manage_fund
    from gaoxin.funds.services import disbursement_create

    reference = PAID.get(fragment)
    officials = User.objects.filter(role=Role.ZONE_OFFICIAL, is_active=True).order_by("pk")
    manager = next((u for u in officials if can_manage_fund(u, commitment.fund)), None)
    if reference is None or manager is None:
        return
    disbursement_create(actor=manager, commitment=commitment, amount=commitment.amount,
                        reference=reference, idempotency_key=f"demo-{reference}")  # fmt: skip


@demo_loader("firstset_insurance", order=71, after=["firstset_program"], describe=describe)
def load_insurance_demo() -> InsuranceDemoReport:
    report = InsuranceDemoReport()
    for fragment, specs in POLICIES.items():
        q = _qualification(fragment)
        member = _member(q.enterprise) if q else None
        if q is None or member is None or q.cap is None or not q.declarations.exists():
            report.skipped.append(fragment)
            continue
        with transaction.atomic():
            previous, made = None, []
            for spec in specs:
                previous = _policy(q, member, spec, previous, fragment)
                made.append(previous)
            report.policies += len(made)
            _allocate(q, made[: CLAIMED[fragment]], report, fragment)
    return report
