"""Demo data of the innovation institutes part: the seed's 河南省纤维新材料纺机装备产业研究院
(河南日报 2025-04-24, /work/shared/seed/) with its members, fields, kinds of work, and the demo's
default criteria of each stage gate.

Idempotent: the institute is found by zone and name, each member by name, each criterion by
gate and text; only what is missing is created, through the services as the system.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from gaoxin.accounts.models import Organisation
from gaoxin.core.registry import demo_loader
from gaoxin.enterprises.models import Enterprise

from . import services_institutes as services
from .choices import InstituteLevel, MemberRole, WorkKind
from .models import Institute

ZONE_NAME = "郑州高新技术产业开发区管委会"
INSTITUTE_NAME = "河南省纤维新材料纺机装备产业研究院"
HOST = "郑州纺织机械股份有限公司"  # the seed writes 郑纺机

INSTITUTE = {
    "name": INSTITUTE_NAME,
    "short_name": "纤维新材料纺机装备研究院",
    "level": InstituteLevel.PROVINCIAL,
    "unveiled_on": datetime.date(2025, 4, 23),
    "fields": ["粘胶纤维", "莱赛尔纤维", "新溶剂法纤维素纤维长丝"],
    "planned_fields": ["涤锦纶长丝", "芳纶", "碳纤维", "高强聚乙烯纤维"],
    "work_kinds": list(WorkKind.values),
    "description": (
        "围绕纤维新材料纺机装备产业领域的痛点、难点，由领军企业郑纺机牵头，东华大学、郑州轻工业大学等"
        "高校，核心上下游企业共同参与，开展前沿及关键共性技术研发、中试和成果转化、孵化，着力打通"
        "科技成果转化的“最后一公里”。"
    ),
    "source": "河南日报 2025-04-24《河南新增一家省级产业研究院》（见 shared/seed）",
}

# (name, role, kind of unit, note). The seed names 新乡化纤, 保定天鹅 and 河南先迪电气 only as
# "核心上下游企业"; the roles below are the demo's reading, not the seed's: 新乡化纤 and 保定天鹅
# make fibre on the machinery (downstream of the equipment the institute develops), and
# 河南先迪电气 supplies the machines' electrical drives (upstream).
MEMBERS = (
    (HOST, MemberRole.LEAD, "enterprise", "牵头单位（郑纺机）"),
    ("东华大学", MemberRole.UNIVERSITY, "organisation", ""),
    ("郑州轻工业大学", MemberRole.UNIVERSITY, "organisation", ""),
    ("新乡化纤股份有限公司", MemberRole.DOWNSTREAM, "enterprise", "纤维生产企业（装备用户）"),
    (
        "保定天鹅新型纤维制造有限公司",
        MemberRole.DOWNSTREAM,
        "enterprise",
        "新型纤维生产企业（装备用户）",
    ),
    ("河南先迪电气科技有限公司", MemberRole.UPSTREAM, "enterprise", "电气传动配套供应商"),
)

# The demo's default criteria of each gate (invented, plainly worded; GateCriterion has no
# sample mark).
CRITERIA = {
    "to_pilot": ("小试样品主要性能指标达到任务书要求", "中试方案与场地、经费落实"),
    "to_transfer": ("中试产品经用户试用验证", "知识产权布局完成"),
    "to_incubation": ("成果转化合同签订或产品实现销售", "孵化企业团队与注册方案明确"),
}


@dataclass
class InstitutesDemoReport:
    institutes: int = 0
    members: int = 0
    criteria: int = 0
    skipped: str = ""


def describe(report: InstitutesDemoReport) -> list[str]:
    if report.skipped:
        return [f"Research institutes skipped: {report.skipped}."]
    if not (report.institutes or report.members or report.criteria):
        return []
    return [
        f"Research institutes: {report.institutes} added, {report.members} members, "
        f"{report.criteria} gate criteria."
    ]


def _member_data(name: str, role: str, kind: str, note: str) -> dict | None:
    data = {"name": name, "role": role, "note": note}
    if kind == "enterprise":
        enterprise = Enterprise.objects.filter(name=name).first()
        if enterprise is None:
            return data  # a unit not on the platform is recorded by its name
        data["enterprise"] = enterprise
    else:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is not None:
            data["organisation"] = organisation
    return data


@demo_loader("innovation_institutes", order=80, after=["zone", "events"], describe=describe)
def load_institutes_demo() -> InstitutesDemoReport:
    report = InstitutesDemoReport()
    zone = Organisation.objects.filter(name=ZONE_NAME).first()
    if zone is None:
        report.skipped = "the zone is missing"
        return report
    with transaction.atomic():
        institute = Institute.objects.filter(zone=zone, name=INSTITUTE_NAME).first()
        if institute is None:
            host = Enterprise.objects.filter(name=HOST).first()
            institute = services.institute_create(
                actor=None, zone=zone, data={**INSTITUTE, "host": host}
            )
            report.institutes += 1
        existing = set(institute.members.values_list("name", flat=True))
        for order, (name, role, kind, note) in enumerate(MEMBERS, start=1):
            if name in existing:
                continue
            data = _member_data(name, role, kind, note)
            services.member_add(actor=None, institute=institute, data={**data, "order": order})
            report.members += 1
        for gate, texts in CRITERIA.items():
            for text in texts:
                if institute.gate_criteria.filter(gate=gate, text=text).exists():
                    continue
                services.criterion_add(actor=None, institute=institute, gate=gate, text=text)
                report.criteria += 1
    return report
