"""The applications demo: review stages and required materials for every 需申报 demo policy
(推荐单位审核 by the zone's 经济发展部 officials → 专家评审 (lili draws) → 省厅复核 by
河南省工业和信息化厅's provincial reviewer → 公示 → 决定). Idempotent: a policy that has stages is
left as it is. (Demo applications in every state are not loaded yet.)"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import Organisation
from gaoxin.core.registry import demo_loader
from gaoxin.policies.models import Policy

from . import services

STAGES = [
    ("review", "推荐单位审核", "economy", Role.ZONE_OFFICIAL, 5, None),
    ("expert", "专家评审", "economy", Role.ZONE_OFFICIAL, 10, 2),
    ("review", "省厅复核", "province", Role.PROVINCIAL_REVIEWER, 10, None),
    ("publication", "公示", "economy", Role.ZONE_OFFICIAL, 5, None),
    ("decision", "决定", "economy", Role.ZONE_OFFICIAL, 5, None),
]
MATERIALS = ["申请表", "审计报告"]


@dataclass
class ApplicationsDemoReport:
    policies: int = 0
    stages: int = 0


def _owners() -> dict[str, Organisation]:
    return {
        "economy": Organisation.objects.get(name="郑州高新技术产业开发区管委会经济发展部"),
        "province": Organisation.objects.get(name="河南省工业和信息化厅"),
    }


def describe(report: ApplicationsDemoReport) -> list[str]:
    return [f"applications: stages for {report.policies} policies ({report.stages} new)"]


@demo_loader("applications", order=60, after=["policies"], describe=describe)
@transaction.atomic
def load_applications_demo() -> ApplicationsDemoReport:
    report = ApplicationsDemoReport()
    owners = _owners()
    for policy in Policy.objects.filter(delivery_mode="apply", is_sample=True):
        report.policies += 1
        if policy.review_stages.exists():
            continue
        for kind, name, owner, role, days, n in STAGES:
            data = {"kind": kind, "name": name, "owner_organisation": owners[owner],
                    "owner_role": role, "working_days": days, "experts_n": n}  # fmt: skip
            services.stage_create(actor=None, policy=policy, data=data)
            report.stages += 1
        services.setup_update(actor=None, policy=policy, materials=MATERIALS)
    return report
