"""The expert demo: the zone's pool built from the seed's advisors and speakers, a scoring sheet
for every 需申报 demo policy, and two declared ties so that the 回避 of a draw shows.

The seed names 昝明辉 (中国科学院苏州医工所郑州研究院) and 万飞 (河南正谦医疗), who are the demo's
advisor accounts zanminghui and wanfei, and the association speakers 马宏军 and 付豪; it says the
other advisors come from 中国科学院、中国政法大学、红杉资本 and others without naming them, so
those seven are invented and named 示例. Fields, contacts and ties are invented (is_sample).
Idempotent: experts by (zone, name), ties by (expert, enterprise, kind), one sheet per policy.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from gaoxin.accounts.models import Organisation, User
from gaoxin.core.registry import demo_loader
from gaoxin.enterprises.models import Enterprise
from gaoxin.policies.choices import DeliveryMode
from gaoxin.policies.demo import ZONE_NAME
from gaoxin.policies.models import Policy

from . import services
from .choices import TieKind
from .models import Expert, ExpertTie, ScoreSheet


@dataclass(frozen=True)
class ExpertSpec:
    name: str
    title: str
    organisation: str  # a registered organisation's name, else written as organisation_name
    fields: tuple[str, ...]
    username: str = ""
    from_seed: bool = False


EXPERTS = (
    ExpertSpec(
        "昝明辉",
        "副研究员",
        "中国科学院苏州医工所郑州研究院",
        ("技术转化", "医疗器械"),
        "zanminghui",
        from_seed=True,
    ),
    ExpertSpec(
        "万飞", "注册部副总监", "河南正谦医疗", ("医疗器械", "合规运营"), "wanfei", from_seed=True
    ),
    ExpertSpec("马宏军", "副会长", "河南省医药行业协会", ("产业协同", "医药"), from_seed=True),
    ExpertSpec(
        "付豪", "副会长", "河南省医疗器械行业协会", ("医疗器械", "技术转化"), from_seed=True
    ),
    ExpertSpec("周明（示例）", "研究员", "中国科学院（示例）", ("技术转化", "医疗器械")),
    ExpertSpec("钱律（示例）", "教授", "中国政法大学（示例）", ("合规运营",)),
    ExpertSpec("孙资（示例）", "投资合伙人", "红杉资本（示例）", ("资本对接",)),
    ExpertSpec("吴工（示例）", "教授", "郑州大学（示例）", ("医疗器械", "供应链协同")),
    ExpertSpec("郑衡（示例）", "教授", "郑州轻工业大学", ("技术转化", "纺机装备")),
    ExpertSpec("冯财（示例）", "合伙人", "中原会计师事务所（示例）", ("资本对接", "财务审计")),
    ExpertSpec(
        "蒋慧（示例）", "高级工程师", "河南省医疗器械检验所（示例）", ("医疗器械", "合规运营")
    ),
)

TIES = (
    (
        "孙资（示例）",
        "郑州赛为机电设备有限公司",
        TieKind.SHAREHOLDING,
        "所在基金持有该企业股份（示例）",
    ),
    (
        "吴工（示例）",
        "河南恒天久大实业有限公司",
        TieKind.COLLABORATION,
        "与该企业有横向科研合作（示例）",
    ),
)

SHEET_ITEMS = [
    {"key": "technology", "label_zh": "技术先进性", "label_en": "Technology", "max_points": "30"},
    {"key": "market", "label_zh": "市场前景", "label_en": "Market prospects", "max_points": "25"},
    {"key": "team", "label_zh": "团队能力", "label_en": "Team", "max_points": "20"},
    {"key": "finance", "label_zh": "财务状况", "label_en": "Finances", "max_points": "15"},
    {"key": "compliance", "label_zh": "合规", "label_en": "Compliance", "max_points": "10"},
]
THRESHOLD = Decimal("20")
DECLARED_ON = datetime.date(2025, 6, 1)


@dataclass
class ExpertsDemoReport:
    experts: int = 0
    ties: int = 0
    sheets: int = 0


def describe(report: ExpertsDemoReport) -> list[str]:
    if not (report.experts or report.ties or report.sheets):
        return []
    return [
        f"Expert pool: {report.experts} experts, {report.ties} declared ties, "
        f"{report.sheets} scoring sheets added."
    ]


def _expert_data(spec: ExpertSpec) -> dict:
    organisation = Organisation.objects.filter(name=spec.organisation).first()
    user = User.objects.filter(username=spec.username).first() if spec.username else None
    return {
        "name": spec.name,
        "title": spec.title,
        "organisation": organisation,
        "organisation_name": "" if organisation else spec.organisation,
        "fields": list(spec.fields),
        "user": user if user is not None and not hasattr(user, "expert") else None,
        "note": "" if spec.from_seed else "示例数据：姓名与单位为演示虚构。",
    }


def _load_experts(zone, report: ExpertsDemoReport) -> None:
    for spec in EXPERTS:
        if Expert.objects.filter(zone=zone, name=spec.name).exists():
            continue
        expert = services.expert_create(actor=None, zone=zone, data=_expert_data(spec))
        # The two advisor accounts are the seed's own people; the rest of the pool is invented.
        Expert.objects.filter(pk=expert.pk).update(is_sample=not spec.username)
        report.experts += 1


def _load_ties(zone, report: ExpertsDemoReport) -> None:
    for name, firm, kind, note in TIES:
        expert = Expert.objects.filter(zone=zone, name=name).first()
        enterprise = Enterprise.objects.filter(name=firm).first()
        if expert is None or enterprise is None:
            continue
        if ExpertTie.objects.filter(expert=expert, enterprise=enterprise, kind=kind).exists():
            continue
        tie = services.tie_create(
            actor=None, expert=expert, enterprise=enterprise, kind=kind, note=note,
            declared_on=DECLARED_ON,
        )  # fmt: skip
        ExpertTie.objects.filter(pk=tie.pk).update(is_sample=True)
        report.ties += 1


def _load_sheets(zone, report: ExpertsDemoReport) -> None:
    policies = Policy.objects.filter(zone=zone, delivery_mode=DeliveryMode.APPLY)
    for policy in policies.exclude(pk__in=ScoreSheet.objects.values("policy_id")):
        sheet = services.sheet_save(
            actor=None, policy=policy, items=[dict(i) for i in SHEET_ITEMS],
            disagreement_threshold=THRESHOLD,
        )  # fmt: skip
        ScoreSheet.objects.filter(pk=sheet.pk).update(is_sample=True)
        report.sheets += 1


@demo_loader("experts", order=35, after=["zone", "policies"], describe=describe)
def load_experts_demo() -> ExpertsDemoReport:
    report = ExpertsDemoReport()
    zone = Organisation.objects.filter(name=ZONE_NAME).first()
    if zone is None:
        return report
    _load_experts(zone, report)
    _load_ties(zone, report)
    _load_sheets(zone, report)
    return report
