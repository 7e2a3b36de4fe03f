"""The fund ledgers demo: one fund per demo policy for the current year with a budget in yuan,
and, in three of them, commitments to demo enterprises: partly paid, fully paid, released.

Everything goes through the services (so the totals, the ledger and the audit trail agree).
The demo's entries are then dated across the year (commitments in spring, payments later) so
that the pace-of-spending chart has a shape; only these sample rows are re-dated, and their
funds carry the 示例数据 badge. Idempotent: a policy that already has this year's fund is left
as it is, commitments included. ``gaoxin load-demo`` runs it after the policies and the zone.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gaoxin.core.registry import demo_loader
from gaoxin.enterprises.models import Enterprise
from gaoxin.policies.demo import ZONE_NAME
from gaoxin.policies.models import Policy

from .models import Commitment, Fund, LedgerEntry
from .selectors import fund_for
from .services import commitment_create, commitment_release, disbursement_create, fund_create

HENGTIAN = "河南恒天久大实业有限公司"
SAIWEI = "郑州赛为机电设备有限公司"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

RND = "郑州高新区企业研发费用后补助政策"
HIGH_TECH = "郑州高新区高新技术企业认定奖励"
SPECIALISED = "郑州高新区专精特新中小企业奖励"

# Yearly budget and cap per enterprise (yuan) by policy title; others get DEFAULT_BUDGET.
BUDGETS: dict[str, tuple[str, str | None]] = {
    RND: ("6000000", "1000000"),
    HIGH_TECH: ("3000000", "300000"),
    SPECIALISED: ("8000000", "500000"),
    "郑州高新区专精特新“小巨人”企业奖励": ("12000000", "1000000"),
    "MedPark·医械产业园入驻企业落户补贴": ("6000000", "800000"),
    "郑州高新区外贸出口奖励": ("5000000", "500000"),
    "郑州高新区知识产权（专利）奖励": ("3000000", "200000"),
    "郑州高新区科技型中小企业研发激励": ("15000000", "1000000"),
    "首台(套)重大技术装备保险补偿": ("20000000", "5000000"),
}
DEFAULT_BUDGET = ("5000000", None)


@dataclass(frozen=True)
class Spec:
    """A sample commitment: to a named firm or the n-th other firm of the zone (by name),
    committed in ``month``, paid ``payments`` [(yuan, month)], released when ``release``."""

    policy: str
    firm: str | int
    amount: str
    month: int
    payments: tuple[tuple[str, int], ...] = ()
    release: bool = False


COMMITMENTS = [
    Spec(RND, HENGTIAN, "345678.92", 3, (("200000.00", 6),)),  # partly paid
    Spec(RND, SAIWEI, "80000.00", 3, (("80000.00", 5),)),  # paid in full
    Spec(RND, 0, "900000.00", 3, (("900000.00", 4),)),
    Spec(RND, 1, "750000.00", 5, (("750000.00", 7),)),
    Spec(RND, 2, "620000.00", 6, (("400000.00", 8), ("220000.00", 10))),
    Spec(RND, 3, "480000.00", 7, (("480000.00", 9),)),
    Spec(RND, 4, "560000.00", 9, (("300000.00", 11),)),
    *(Spec(HIGH_TECH, n, "300000.00", 4, (("300000.00", 6),)) for n in range(5, 14)),
    Spec(HIGH_TECH, 14, "300000.00", 4, release=True),  # released: the firm moved away
    Spec(SPECIALISED, SAIWEI, "500000.00", 7, (("250000.00", 9),)),
]


@dataclass
class FundsDemoReport:
    funds: int = 0
    commitments: int = 0


def describe(report: FundsDemoReport) -> list[str]:
    if not report.funds:
        return []
    return [f"Fund ledgers: {report.funds} funds, {report.commitments} commitments."]


def _on(year: int, month: int) -> datetime.datetime:
    """The 15th of ``month`` at 10:00 in Shanghai, never after now."""
    when = datetime.datetime(year, month, 15, 10, tzinfo=SHANGHAI)
    return min(when, timezone.now())


def _enterprise(zone, firm: str | int) -> Enterprise | None:
    firms = Enterprise.objects.filter(zone=zone, membership="zone").order_by("name", "pk")
    if isinstance(firm, int):
        return firms.exclude(name__in=[HENGTIAN, SAIWEI])[firm : firm + 1].first()
    return firms.filter(name=firm).first()


def _commit(fund: Fund, spec: Spec, year: int) -> bool:
    enterprise = _enterprise(fund.policy.zone, spec.firm)
    if enterprise is None:
        return False
    commitment = commitment_create(
        actor=None,
        fund=fund,
        enterprise=enterprise,
        amount=Decimal(spec.amount),
        source=fund.policy,
        reason="评审通过，管委会主任办公会研究决定（示例）",
    )
    _date(commitment, commitment.entries.get(), _on(year, spec.month))
    for number, (paid, paid_month) in enumerate(spec.payments, start=1):
        entry, _created = disbursement_create(
            actor=None,
            commitment=commitment,
            amount=Decimal(paid),
            reference=f"郑高财拨〔{year}〕{commitment.pk:03d}-{number}号",
            idempotency_key=f"demo-{commitment.pk}-{number}",
        )
        _date(None, entry, _on(year, paid_month))
    if spec.release:
        entry = commitment_release(actor=None, commitment=commitment, reason="企业迁出本区（示例）")
        _date(None, entry, _on(year, spec.month + 2))
    return True


def _date(commitment: Commitment | None, entry: LedgerEntry, when: datetime.datetime) -> None:
    """Date a sample row (a queryset UPDATE: entries are append-only for every other code)."""
    LedgerEntry.objects.filter(pk=entry.pk).update(created_at=when)
    if commitment is not None:
        Commitment.objects.filter(pk=commitment.pk).update(created_at=when)


@demo_loader("funds", order=50, after=["zone", "policies"], describe=describe)
def load_funds_demo() -> FundsDemoReport:
    """Create this year's fund of every demo policy that has none, with the sample entries."""
    report = FundsDemoReport()
    year = timezone.localdate().year
    with transaction.atomic():
        for policy in Policy.objects.filter(zone__name=ZONE_NAME).order_by("pk"):
            if fund_for(policy, year) is not None:
                continue
            budget, cap = BUDGETS.get(policy.title, DEFAULT_BUDGET)
            fund = fund_create(
                actor=None,
                policy=policy,
                year=year,
                budget=Decimal(budget),
                per_enterprise_cap=Decimal(cap) if cap else None,
                name=f"{policy.title}专项资金",
                is_sample=True,
            )
            report.funds += 1
            for spec in (s for s in COMMITMENTS if s.policy == policy.title):
                report.commitments += _commit(fund, spec, year)
    return report
