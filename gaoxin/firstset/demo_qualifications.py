"""The first-set program's demo (loader "firstset_program"): the 2024 round with the published
Henan results (恒天久大 — 含油污泥高值资源化利用装备; 赛为机电 — 重载工业机器人, each with one
verified sample model and a qualification whose cap is a 示例 value: the seed gives none), and
the open 2026 round with its two published policies (资格审定: 初审 → 推荐单位审核 → 专家评审 →
公示 → 决定; 保费补助资金申请: 推荐单位审核 → 第三方专家复核 → 决定), their materials, score
sheets and the subsidy fund of the current year; the 2024 round's own premium-subsidy policy
(the same stages and materials, in force since the round's window opened: its window runs to
2026-12-31, so its qualified enterprises still claim) with its fund of the current year; one
qualification application of 河南先迪电气 waits at 推荐单位审核.

Idempotent: rounds by year, policies by title, funds by (policy, year), declarations by
(enterprise, entry, model), qualifications by number, the application by (policy, enterprise);
what exists is left as it is (a round without a subsidy policy is given the 2024 one).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import Organisation, User
from gaoxin.applications import services as applications
from gaoxin.applications.models import Application
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError
from gaoxin.core.registry import demo_loader
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.services.attachments import attachment_store
from gaoxin.policies.choices import DeliveryMode
from gaoxin.policies.models import Policy
from gaoxin.policies.services import policy_create, version_publish

from . import services_qualifications as svc
from .choices import DeclarationStatus
from .models import CatalogEdition, CatalogEntry, Declaration, DeclarationEvidence, Qualification
from .models import Round as RoundModel
from .qualification_program import new_verify_code
from .workflows import DECLARATION

ZONE = "郑州高新技术产业开发区管委会"
ECONOMY = "郑州高新技术产业开发区管委会经济发展部"
PROVINCE = "河南省工业和信息化厅"
PDF = b"%PDF-1.4\n% sample file\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RESULTS_PUBLISHED_ON = datetime.date(2024, 12, 20)  # 示例: the seed gives no date
RESULTS_NOTE = (
    "河南省工业和信息化厅公布：河南省共6家企业通过资格审定，其中郑州市2家，均位于郑州高新区；"
    "其余4家企业名称未在来源中列出。公布日期为示例（来源未给出具体日期）。"
)
ROUNDS = {
    2024: {
        "name": "2024年度首台(套)重大技术装备保险补偿",
        "doc_number": "工信部联重装〔2024〕89号",
        "valid_from": datetime.date(2024, 7, 1),
        "valid_to": datetime.date(2026, 12, 31),
        "results_published_on": RESULTS_PUBLISHED_ON,
        "results_note": RESULTS_NOTE,
    },
    2026: {
        "name": "2026年度首台(套)重大技术装备保险补偿",
        "doc_number": "",
        "valid_from": datetime.date(2026, 7, 1),
        "valid_to": datetime.date(2029, 6, 30),
    },
}
QUALIFICATION_POLICY = "2026年首台(套)重大技术装备保险补偿资格审定"
SUBSIDY_POLICY = "2026年首台(套)保费补助资金申请"
SUBSIDY_POLICY_2024 = "2024年首台(套)保费补助资金申请"
# (kind, name, owner, role, working days, experts)
QUALIFICATION_STAGES = [
    ("review", "初审", "economy", Role.ZONE_OFFICIAL, 5, None),
    ("review", "推荐单位审核", "province", Role.PROVINCIAL_REVIEWER, 10, None),
    ("expert", "专家评审", "province", Role.PROVINCIAL_REVIEWER, 10, 3),
    ("publication", "公示", "economy", Role.ZONE_OFFICIAL, 5, None),
    ("decision", "决定", "province", Role.PROVINCIAL_REVIEWER, 5, None),
]
SUBSIDY_STAGES = [
    ("review", "推荐单位审核", "economy", Role.ZONE_OFFICIAL, 5, None),
    ("expert", "第三方专家复核", "province", Role.PROVINCIAL_REVIEWER, 10, 3),
    ("decision", "决定", "province", Role.PROVINCIAL_REVIEWER, 5, None),
]
QUALIFICATION_MATERIALS = ["资格审定申请表", "检测报告"]
SUBSIDY_MATERIALS = ["保费补助资金申请表", "保费支付凭证"]
FUND_BUDGET = Decimal("20000000")
ROBOT = "重载工业机器人"
SLUDGE = "含油污泥资源化处理成套装备"
ROBOT_VALUES = {"额定负载": "600", "重复定位精度(±)": "0.08", "平均无故障工作时间(MTBF)": "60000"}
SLUDGE_VALUES = {"处理能力": "120", "处理后固相含油率": "0.2", "油回收率": "92"}
# (number, enterprise, entry, published equipment name, model, values, sample cap)
RESULTS_2024 = [
    ("ZG2024-0001", "河南恒天久大实业有限公司", SLUDGE, "含油污泥高值资源化利用装备",
     "HT-YN120（示例）", SLUDGE_VALUES, "3000000"),
    ("ZG2024-0002", "郑州赛为机电设备有限公司", ROBOT, ROBOT,
     "SW-HR600（示例）", ROBOT_VALUES, "2160000"),
]  # fmt: skip
IN_REVIEW = ("河南先迪电气科技有限公司", ROBOT, "XD-HR520（示例）")


@dataclass
class ProgramDemoReport:
    created: list[str] = field(default_factory=list)
    stopped: list[str] = field(default_factory=list)


def describe(report: ProgramDemoReport) -> list[str]:
    lines = [f"firstset_program: created {', '.join(report.created) or 'nothing (all present)'}"]
    return lines + [f"  stopped early: {text}" for text in report.stopped]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}（示例）.pdf", PDF, content_type="application/pdf")


def _policy(title: str, zone, owners, stages, materials, report, *, since=None) -> Policy:
    policy = Policy.objects.filter(zone=zone, title=title).first()
    if policy is not None:
        return policy
    policy = policy_create(
        actor=None,
        zone=zone,
        data={
            "title": title,
            "issuing_body": "工业和信息化部、财政部、国家金融监督管理总局",
            "summary": "首台(套)重大技术装备保险补偿（示例数据：审核流程为演示配置）。",
            "delivery_mode": DeliveryMode.APPLY,
            "is_sample": True,
        },
    )
    effective = min(since or datetime.date(2026, 1, 1), timezone.localdate())
    version_publish(
        actor=None, policy=policy, criteria={">=": [{"var": "employees"}, 0]},
        effective_from=effective,
    )  # fmt: skip
    for kind, name, owner, role, days, n in stages:
        data = {"kind": kind, "name": name, "owner_organisation": owners[owner],
                "owner_role": role, "working_days": days, "experts_n": n}  # fmt: skip
        applications.stage_create(actor=None, policy=policy, data=data)
    applications.setup_update(actor=None, policy=policy, materials=materials)
    _score_sheet(policy)
    report.created.append(f"policy {title}")
    policy.refresh_from_db()
    return policy


def _score_sheet(policy) -> None:
    from gaoxin.experts.demo import SHEET_ITEMS, THRESHOLD
    from gaoxin.experts.models import ScoreSheet
    from gaoxin.experts.services import sheet_save

    if not ScoreSheet.objects.filter(policy=policy).exists():
        sheet = sheet_save(
            actor=None, policy=policy, items=[dict(i) for i in SHEET_ITEMS],
            disagreement_threshold=THRESHOLD,
        )  # fmt: skip
        ScoreSheet.objects.filter(pk=sheet.pk).update(is_sample=True)


def _fund(policy, report) -> None:
    from gaoxin.funds.selectors import fund_for
    from gaoxin.funds.services import fund_create

    year = timezone.localdate().year
    if fund_for(policy, year) is None:
        fund_create(actor=None, policy=policy, year=year, budget=FUND_BUDGET, is_sample=True)
        report.created.append(f"fund {year} of {policy.title}")


def _subsidy_2024(round_, zone, owners, report) -> None:
    """The 2024 round's premium-subsidy policy, stages and fund (its window is still open)."""
    if round_.subsidy_policy_id is None:
        policy = _policy(
            SUBSIDY_POLICY_2024, zone, owners, SUBSIDY_STAGES, SUBSIDY_MATERIALS, report,
            since=round_.valid_from,
        )  # fmt: skip
        RoundModel.objects.filter(pk=round_.pk).update(subsidy_policy=policy)
        round_.subsidy_policy = policy
        record(
            action="firstset.program.load", actor=None, obj=round_,
            summary=f"示例：{round_.year}年度保费补助资金申请政策 {policy.title}",
            data={"subsidy_policy": policy.pk},
        )  # fmt: skip
    _fund(round_.subsidy_policy, report)


def _round(year: int, edition, report, **policies) -> RoundModel:
    found = RoundModel.objects.filter(year=year).first()
    if found is not None:
        return found
    report.created.append(f"round {year}")
    return RoundModel.objects.create(year=year, edition=edition, **ROUNDS[year], **policies)


def _declaration(enterprise, entry, model, values, report) -> Declaration:
    found = Declaration.objects.filter(enterprise=enterprise, entry=entry, model_name=model)
    if found.exists():
        return found.get()
    declaration = svc.declaration_create(
        actor=None, entry=entry, enterprise=enterprise, is_sample=True,
        data={"model_name": model, "product_name": entry.equipment_name, "values": values,
              "unit_value": "1500000"},
    )  # fmt: skip
    attachment = attachment_store(actor=None, enterprise=enterprise, upload=_pdf("检测报告"))
    DeclarationEvidence.objects.create(
        declaration=declaration, kind="检测报告", attachment=attachment
    )
    report.created.append(f"declaration {model}")
    return declaration


def _verified(declaration, reason: str) -> None:
    if declaration.status == DeclarationStatus.DRAFT:
        DECLARATION.apply(declaration, "declare", actor=None, summary="示例：已申报")
    if declaration.status == DeclarationStatus.DECLARED:
        DECLARATION.apply(declaration, "verify", actor=None, summary="示例：已核实", reason=reason)


def _results_2024(round_, entries, report) -> None:
    for number, name, entry_name, equipment, model, values, cap in RESULTS_2024:
        enterprise = Enterprise.objects.filter(name=name).first()
        if enterprise is None or Qualification.objects.filter(number=number).exists():
            continue
        declaration = _declaration(enterprise, entries[entry_name], model, values, report)
        _verified(declaration, round_.doc_number)
        qualification = Qualification.objects.create(
            number=number, enterprise=enterprise, round=round_, entry=entries[entry_name],
            equipment_name=equipment, support_mode=entries[entry_name].support_mode, quantity=1,
            cap=Decimal(cap), valid_from=round_.valid_from, valid_to=round_.valid_to,
            province="河南省", recommending_unit="郑州市工业和信息化局",
            published_on=RESULTS_PUBLISHED_ON, verify_code=new_verify_code(), is_sample=True,
        )  # fmt: skip
        qualification.declarations.set([declaration])
        record(
            action="firstset.qualification.create", actor=None, obj=qualification,
            summary=f"示例：{round_.year}年资格审定结果 {number} {name}",
            data={"cap": cap, "sample": True},
        )  # fmt: skip
        report.created.append(f"qualification {number}")


def _in_review(round_, entries, lili, report) -> None:
    name, entry_name, model = IN_REVIEW
    enterprise = Enterprise.objects.filter(name=name).first()
    policy = round_.qualification_policy
    if enterprise is None or Application.objects.filter(policy=policy, enterprise=enterprise):
        return
    with transaction.atomic():
        declaration = _declaration(enterprise, entries[entry_name], model, ROBOT_VALUES, report)
        request = svc.request_start(
            actor=None, round_=round_, enterprise=enterprise,
            data={"declarations": [declaration.pk], "quantity": 2, "declared_value": "3000000",
                  "expected_premium": "90000", "is_sample": True},
        )  # fmt: skip
        application = request.application
        for kind in QUALIFICATION_MATERIALS:
            applications.material_add(
                actor=None, application=application, kind=kind, upload=_pdf(kind)
            )
        applications.application_submit(actor=None, application=application)
    report.created.append(f"application {application.number}")
    review = application.reviews.get(status="open")
    applications.review_decide(
        actor=lili, review=review, action="approve", opinion="材料齐全，同意推荐（示例）"
    )


@demo_loader(
    "firstset_program",
    order=70,
    after=["firstset", "policies", "funds", "experts", "applications"],
    describe=describe,
)
def load_program_demo() -> ProgramDemoReport:
    report = ProgramDemoReport()
    edition = CatalogEdition.objects.filter(is_current=True).first()
    zone = Organisation.objects.filter(name=ZONE).first()
    if edition is None or zone is None:
        report.stopped.append("no current catalog edition or no zone")
        return report
    entries = {e.equipment_name: e for e in CatalogEntry.objects.filter(edition=edition)}
    owners = {
        "economy": Organisation.objects.get(name=ECONOMY),
        "province": Organisation.objects.get(name=PROVINCE),
    }
    with transaction.atomic():
        round_2024 = _round(2024, edition, report)
        _results_2024(round_2024, entries, report)
        _subsidy_2024(round_2024, zone, owners, report)
        qualification = _policy(
            QUALIFICATION_POLICY, zone, owners, QUALIFICATION_STAGES, QUALIFICATION_MATERIALS,
            report,
        )  # fmt: skip
        subsidy = _policy(SUBSIDY_POLICY, zone, owners, SUBSIDY_STAGES, SUBSIDY_MATERIALS, report)
        _fund(subsidy, report)
        round_2026 = _round(
            2026, edition, report, qualification_policy=qualification, subsidy_policy=subsidy
        )
    try:
        _in_review(round_2026, entries, User.objects.get(username="lili"), report)
    except DomainError as exc:
        report.stopped.append(f"{IN_REVIEW[0]}: {exc.message}")
    if report.created:
        with transaction.atomic():
            record(
                action="firstset.program.load", actor=None, obj=None,
                summary="示例：首台(套)项目演示数据已载入", data={"created": report.created},
            )  # fmt: skip
    return report
