"""Demo data of the innovation projects part: sample projects (示例) of the seed's institute
(河南省纤维新材料纺机装备产业研究院) in every stage on its fields, each gate passed with evidence,
spending lines, patents, a group standard, trainings spread over 2025–2026 (so the institute
page's chart has points) and an incubated firm registered in the enterprise registry.

Idempotent: projects are found by institute and title, outputs by their number, title or
topic, the incubated firm by its name; only what is missing is made, through the services as
the system (actor None). Dates are counted back from today, so every stage is current.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gaoxin.accounts.models import Organisation
from gaoxin.core.registry import demo_loader
from gaoxin.enterprises.identifiers import generate_uscc
from gaoxin.enterprises.models import Enterprise

from . import services_projects as services
from .choices import GATES, ProjectStage
from .models import GateCriterion, Institute, Patent, Project

ZONE_NAME = "郑州高新技术产业开发区管委会"
INSTITUTE_NAME = "河南省纤维新材料纺机装备产业研究院"
LEAD = "郑州纺织机械股份有限公司"
INCUBATED_FIRM = "郑州莱赛尔智能装备有限公司（示例）"
S = ProjectStage


@dataclass
class Spec:
    title: str
    field: str
    stage: str
    started: int  # days before today
    gates: tuple[int, ...]  # days before today each gate was passed (to_pilot, …)
    budget: int
    members: tuple[str, ...]
    description: str
    ended: int | None = None  # days before today it was closed or stopped
    end_reason: str = ""
    spendings: tuple[tuple[int, int, str], ...] = ()  # (days before today, yuan, purpose)
    patents: tuple[tuple[str, str, str, str, int, int | None], ...] = ()
    standards: tuple[tuple[str, str, str, int], ...] = ()  # (title, level, status, days)
    trainings: tuple[tuple[int, str, int], ...] = ()  # (days before today, topic, people)
    incubated: bool = False
    planned: int = 720  # planned end, days after the start


UNIS = ("东华大学", "郑州轻工业大学")
PROJECTS = (
    Spec(
        title="莱赛尔纤维高效纺丝装备（示例）",
        field="莱赛尔纤维",
        stage=S.INCUBATION,
        started=580,
        gates=(450, 260, 80),
        budget=8_000_000,
        members=(LEAD, "东华大学", "保定天鹅新型纤维制造有限公司"),
        description="面向莱赛尔纤维规模化生产的高效纺丝机组研制，突破纺丝组件与溶剂回收关键技术。",
        spendings=(
            (560, 1_200_000, "纺丝组件样机试制"),
            (420, 2_300_000, "中试线设备采购"),
            (250, 1_800_000, "用户现场试用与改进"),
            (60, 900_000, "孵化企业设立与首批订单交付"),
        ),
        patents=(
            (
                "CN202510345678.1（示例）",
                "一种莱赛尔纤维纺丝组件",
                "invention",
                "granted",
                500,
                120,
            ),
            ("CN202520456789.2（示例）", "纺丝溶剂回收装置", "utility", "granted", 430, 250),
            (
                "CN202610123456.3（示例）",
                "莱赛尔纺丝机智能控制方法",
                "invention",
                "filed",
                150,
                None,
            ),
        ),
        standards=(("莱赛尔纤维纺丝机组技术条件", "group", "drafting", 200),),
        trainings=(
            (540, "莱赛尔纤维纺丝工艺培训", 35),
            (330, "纺丝装备操作与维护培训", 48),
            (120, "孵化企业技术骨干培训", 22),
        ),
        incubated=True,
    ),
    Spec(
        title="新溶剂法纤维素长丝连续纺丝机（示例）",
        field="新溶剂法纤维素纤维长丝",
        stage=S.TRANSFER,
        started=520,
        gates=(380, 140),
        budget=6_500_000,
        members=(LEAD, "郑州轻工业大学", "新乡化纤股份有限公司"),
        description="新溶剂法纤维素纤维长丝连续纺丝机的研制与成果转化。",
        spendings=(
            (500, 900_000, "工艺路线论证与小试"),
            (360, 2_600_000, "中试机组制造"),
            (100, 700_000, "转化合同技术服务"),
        ),
        patents=(
            ("CN202510567890.4（示例）", "纤维素长丝连续纺丝装置", "invention", "filed", 400, None),
        ),
        trainings=((300, "新溶剂法长丝工艺交流会", 60), (45, "长丝纺丝机用户培训", 30)),
    ),
    Spec(
        title="粘胶纤维节能干燥设备（示例）",
        field="粘胶纤维",
        stage=S.PILOT,
        started=400,
        gates=(170,),
        budget=3_000_000,
        members=(LEAD, "河南先迪电气科技有限公司", "新乡化纤股份有限公司"),
        description="粘胶短纤干燥环节的热能回收与变频节能改造。",
        spendings=((380, 400_000, "能耗测试与方案设计"), (150, 1_100_000, "中试样机制造")),
        patents=(
            ("CN202520678901.5（示例）", "粘胶纤维干燥机热回收装置", "utility", "filed", 200, None),
        ),
        trainings=((210, "粘胶纤维节能技术培训", 40),),
    ),
    Spec(
        title="芳纶纺丝组件预研（示例）",
        field="芳纶",
        stage=S.RND,
        started=90,
        gates=(),
        budget=1_500_000,
        members=(LEAD, "东华大学"),
        description="面向研究院规划方向芳纶的纺丝组件材料与结构预研。",
        spendings=((60, 250_000, "文献调研与材料试验"),),
    ),
    Spec(
        title="粘胶短纤切断机改造（示例）",
        field="粘胶纤维",
        stage=S.CLOSED,
        started=620,
        gates=(470,),
        budget=1_200_000,
        members=(LEAD, "郑州轻工业大学"),
        description="粘胶短纤切断机刀盘与传动改造，中试验证后结题。",
        ended=190,
        end_reason="中试指标全部达到任务书要求，结题验收通过。",
        spendings=((600, 500_000, "切断机刀盘改造"), (450, 820_000, "中试验证")),
        standards=(("粘胶短纤维切断机", "group", "published", 420),),
        trainings=((400, "切断机改造成果推广会", 55),),
    ),
    Spec(
        title="碳纤维原丝牵伸装置可行性研究（示例）",
        field="碳纤维",
        stage=S.STOPPED,
        started=300,
        gates=(),
        budget=800_000,
        members=(LEAD, "东华大学"),
        description="碳纤维原丝多级牵伸装置的可行性研究。",
        ended=130,
        end_reason="技术路线调整，并入研究院碳纤维方向整体规划。",
        spendings=((280, 180_000, "可行性研究报告编制"),),
    ),
)


@dataclass
class ProjectsDemoReport:
    projects: int = 0
    gates: int = 0
    outputs: int = 0
    firms: int = 0
    skipped: str = ""
    notes: list[str] = field(default_factory=list)


def describe(report: ProjectsDemoReport) -> list[str]:
    if report.skipped:
        return [f"Institute projects skipped: {report.skipped}."]
    if not (report.projects or report.gates or report.outputs or report.firms):
        return []
    return [
        f"Institute projects: {report.projects} added, {report.gates} gates passed, "
        f"{report.outputs} outputs, {report.firms} incubated firms registered."
    ]


def _ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def _evidence(institute: Institute, gate: str) -> dict:
    return {
        c.pk: "已由研究院组织专家评审确认，见评审纪要（示例）。"
        for c in GateCriterion.objects.filter(institute=institute, gate=gate)
    }


def _project(institute: Institute, spec: Spec, today, report) -> Project:
    project = Project.objects.filter(institute=institute, title=spec.title).first()
    if project is not None:
        return project
    members = [m for name in spec.members for m in institute.members.filter(name=name)]
    lead = next((m for m in members if m.name == LEAD), members[0] if members else None)
    started = _ago(today, spec.started)
    project = services.project_create(
        actor=None,
        institute=institute,
        data={
            "title": spec.title,
            "field": spec.field,
            "description": spec.description,
            "started_on": started,
            "planned_end": started + datetime.timedelta(days=spec.planned),
            "budget": Decimal(spec.budget),
            "lead_member": lead,
        },
        members=members,
        is_sample=True,
    )
    report.projects += 1
    return project


def _gates(institute: Institute, project: Project, spec: Spec, today, report) -> None:
    for gate, days in zip(GATES, spec.gates, strict=False):
        project.refresh_from_db()
        if project.stage != services.PROJECT_WORKFLOW.transition(gate).sources[0]:
            continue
        services.gate_pass(
            actor=None,
            project=project,
            gate=gate,
            evidence=_evidence(institute, gate),
            passed_on=_ago(today, days),
            note="研究院技术委员会评审通过（示例）。",
        )
        report.gates += 1
    project.refresh_from_db()
    if spec.ended is not None and project.stage not in (S.CLOSED, S.STOPPED):
        end = services.project_close if spec.stage == S.CLOSED else services.project_stop
        end(actor=None, project=project, reason=spec.end_reason, ended_on=_ago(today, spec.ended))


def _outputs(institute: Institute, project: Project, spec: Spec, today, report) -> None:
    holder = project.lead_member
    for days, yuan, purpose in spec.spendings:
        if not project.spendings.filter(purpose=purpose).exists():
            services.spending_add(
                actor=None,
                project=project,
                spent_on=_ago(today, days),
                amount=Decimal(yuan),
                purpose=purpose,
            )
            report.outputs += 1
    for number, title, kind, status, filed, granted in spec.patents:
        if Patent.objects.filter(number=number).exists():
            continue
        services.patent_add(
            actor=None,
            project=project,
            data={
                "number": number,
                "title": title,
                "kind": kind,
                "status": status,
                "filed_on": _ago(today, filed),
                "granted_on": _ago(today, granted) if granted is not None else None,
                "member": holder,
            },
            is_sample=True,
        )
        report.outputs += 1
    for title, level, status, days in spec.standards:
        if project.standards.filter(title=title).exists():
            continue
        published = status == "published"
        services.standard_add(
            actor=None,
            project=project,
            data={
                "title": title,
                "level": level,
                "status": status,
                "number": "T/ZZTX 001-2026（示例）" if published else "",
                "started_on": _ago(today, days),
                "published_on": _ago(today, days - 200) if published else None,
                "member": holder,
            },
            is_sample=True,
        )
        report.outputs += 1
    for days, topic, people in spec.trainings:
        if project.trainings.filter(topic=topic).exists():
            continue
        services.training_add(
            actor=None,
            project=project,
            data={"held_on": _ago(today, days), "topic": topic, "people": people},
            is_sample=True,
        )
        report.outputs += 1
    if spec.incubated and not project.incubations.exists():
        firm = Enterprise.objects.filter(name=INCUBATED_FIRM).first()
        data = None
        if firm is None:
            rng = random.Random(20250423)  # noqa: S311 - a fixed sample code, not a secret
            uscc = generate_uscc(rng, institute.zone.region_code or "410100")
            data = {"name": INCUBATED_FIRM, "uscc": uscc, "legal_representative": "示例"}
            report.firms += 1
        services.incubation_add(
            actor=None,
            project=project,
            incubated_on=_ago(today, 70),
            enterprise=firm,
            firm=data,
            note="由研究院成果转化孵化设立（示例）",
            is_sample=True,
        )
        report.outputs += 1


# After the institutes part's loader ("innovation_institutes", order 80, the same `after`):
# the lower order runs first among loaders ready together, so the institute is there.
@demo_loader("innovation_projects", order=81, after=["innovation_institutes"], describe=describe)
def load_projects_demo() -> ProjectsDemoReport:
    report = ProjectsDemoReport()
    zone = Organisation.objects.filter(name=ZONE_NAME).first()
    institute = Institute.objects.filter(zone=zone, name=INSTITUTE_NAME).first() if zone else None
    if institute is None:
        report.skipped = "the institute (innovation_institutes) is missing"
        return report
    today = timezone.localdate()
    with transaction.atomic():
        for spec in PROJECTS:
            project = _project(institute, spec, today, report)
            _gates(institute, project, spec, today, report)
            project.refresh_from_db()
            _outputs(institute, project, spec, today, report)
    return report
