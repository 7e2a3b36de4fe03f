"""The applications demo (示例): review stages and required materials for every 需申报 demo policy
(推荐单位审核 by the zone's 经济发展部 officials → 专家评审 (lili draws) → 省厅复核 by
河南省工业和信息化厅's provincial reviewer → 公示 → 决定), and applications of the seed's firms in
every state: a draft, in review at each stage, returned, on notice, decided with its commitment,
rejected, withdrawn.

Idempotent: a policy with stages keeps them; an application is made only when its (policy,
enterprise) pair has none. Each step runs in a savepoint: a step the data of other apps does not
allow yet (no fund for the year, too few experts in the pool) leaves the application at the
stage it reached, and the report says so. hengtian's enterprise has no open application to the
patent award, so the browser test (and a visitor) can apply to it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import Organisation, User
from gaoxin.core.errors import DomainError
from gaoxin.core.registry import demo_loader
from gaoxin.enterprises.models import Enterprise
from gaoxin.policies.models import Policy

from . import services
from .models import Application

STAGES = [
    ("review", "推荐单位审核", "economy", Role.ZONE_OFFICIAL, 5, None),
    ("expert", "专家评审", "economy", Role.ZONE_OFFICIAL, 10, 2),
    ("review", "省厅复核", "province", Role.PROVINCIAL_REVIEWER, 10, None),
    ("publication", "公示", "economy", Role.ZONE_OFFICIAL, 5, None),
    ("decision", "决定", "economy", Role.ZONE_OFFICIAL, 5, None),
]
MATERIALS = ["申请表", "审计报告"]
PATENTS = "郑州高新区知识产权（专利）奖励"
EXPORT = "郑州高新区外贸出口奖励"
# (policy, enterprise, how far it goes)
APPLICATIONS = [
    (EXPORT, "郑州赛为机电设备有限公司", "draft"),
    (PATENTS, "河南先迪电气科技有限公司", "stage1"),
    (PATENTS, "河南启明生物科技有限公司", "expert"),
    (PATENTS, "河南安适护理设备有限公司", "province"),
    (PATENTS, "郑州赛为机电设备有限公司", "returned"),
    (PATENTS, "河南康析生物医药有限公司", "publication"),
    (PATENTS, "希莱乐检(郑州)生物科技有限公司", "decided"),
    (EXPORT, "河南协同空间技术研究院", "rejected"),
    (EXPORT, "河南恒天久大实业有限公司", "withdrawn"),
]
DECLARED = {
    "patents_granted": "15",
    "export_value": "3000000",
    "tax_paid": "800000",
    "years_since_founding": "5",
    "park": "MedPark",
    "stage": "production",
    "industry_code": "C35",
    "qualifications": [],
    "revenue": "50000000",
    "rnd_expense": "2500000",
    "employees": "80",
    "output_value": "60000000",
}
PDF = b"%PDF-1.4\n% sample file\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class ApplicationsDemoReport:
    policies: int = 0
    stages: int = 0
    applications: int = 0
    stopped: list[str] = field(default_factory=list)


def describe(report: ApplicationsDemoReport) -> list[str]:
    lines = [
        f"applications: stages for {report.policies} policies ({report.stages} new), "
        f"{report.applications} new demo applications"
    ]
    lines += [f"  stopped early: {text}" for text in report.stopped]
    return lines


def _owners() -> dict[str, Organisation]:
    return {
        "economy": Organisation.objects.get(name="郑州高新技术产业开发区管委会经济发展部"),
        "province": Organisation.objects.get(name="河南省工业和信息化厅"),
    }


def _stages(report: ApplicationsDemoReport) -> None:
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


def _submitted(policy, enterprise, today) -> Application:
    application = services.application_create(
        actor=None, policy=policy, enterprise=enterprise, today=today, is_sample=True
    )
    typed = {key: value for key, value in DECLARED.items()}
    services.application_save(actor=None, application=application, values=typed, today=today)
    for kind in MATERIALS:
        upload = SimpleUploadedFile(f"{kind}（示例）.pdf", PDF, content_type="application/pdf")
        services.material_add(actor=None, application=application, kind=kind, upload=upload)
    return application


def _review(application):
    return application.reviews.filter(status="open").select_related("stage").first()


def _approve(application, users, today, opinion):
    from gaoxin.experts.models import Assignment
    from gaoxin.experts.selectors import latest_draw
    from gaoxin.experts.services import score_submit

    review = _review(application)
    actor = users[review.stage.owner_role]
    if review.stage.kind == "expert":
        draw = latest_draw(application) or services.experts_draw(
            actor=actor, review=review, seed=2025
        )
        items = draw.policy.score_sheet.items
        pending = Assignment.objects.filter(draw=draw, submitted_at__isnull=True)
        for n, assignment in enumerate(pending):
            scores = {i["key"]: str(max(int(i["max_points"]) - n - 2, 0)) for i in items}
            score_submit(actor=actor, assignment=assignment, scores=scores, comment="示例评分")
    if review.stage.kind == "publication":
        today = application.notice_ends_on + datetime.timedelta(days=1)
    services.review_decide(
        actor=actor, review=review, action="approve", opinion=opinion, today=today
    )
    application.refresh_from_db()


# the stage (order) each goal waits at; "decided" goes past the last
TARGET = {"stage1": 1, "expert": 2, "province": 3, "publication": 4, "decided": 99}


def _forward(application, goal: str, users, today) -> None:
    """Approve stage after stage until the application waits at its goal's stage (decided:
    through the decision)."""
    while application.status in ("in_review", "publication") and (
        application.current_stage.order < TARGET[goal]
    ):
        _approve(application, users, today, "同意（示例）")


def _advance(application, goal: str, users, today) -> None:
    if goal == "draft":
        return
    services.application_submit(actor=None, application=application, today=today)
    official = users[Role.ZONE_OFFICIAL]
    if goal == "returned":
        services.review_decide(
            actor=official,
            review=_review(application),
            action="return",
            opinion="材料不完整（示例）",
            points="请补充专利证书复印件（示例）",
        )
    elif goal == "rejected":
        services.review_decide(
            actor=official,
            review=_review(application),
            action="reject",
            opinion="出口额统计口径不符（示例）",
        )
    elif goal == "withdrawn":
        services.application_withdraw(actor=None, application=application, reason="示例")
    if goal in TARGET:
        application.refresh_from_db()
        _forward(application, goal, users, today)


def _one(policy_title, enterprise_name, goal, users, today, report) -> None:
    policy = Policy.objects.filter(title=policy_title, is_sample=True).first()
    enterprise = Enterprise.objects.filter(name=enterprise_name).first()
    if policy is None or enterprise is None:
        return
    existing = Application.objects.filter(policy=policy, enterprise=enterprise).first()
    if existing is not None:  # resume one an earlier run left waiting (no experts or fund yet)
        if goal in TARGET and existing.status in ("in_review", "publication"):
            try:
                _forward(existing, goal, users, today)
            except DomainError as exc:
                report.stopped.append(f"{existing.number} ({goal}): {getattr(exc, 'message', exc)}")
        return
    with transaction.atomic():
        application = _submitted(policy, enterprise, today)
    report.applications += 1
    try:
        _advance(application, goal, users, today)  # each step its own transaction
    except DomainError as exc:
        report.stopped.append(f"{application.number} ({goal}): {getattr(exc, 'message', exc)}")


@demo_loader(
    "applications",
    order=60,
    after=["policies", "funds", "experts"],
    describe=describe,
)
def load_applications_demo() -> ApplicationsDemoReport:
    report = ApplicationsDemoReport()
    with transaction.atomic():
        _stages(report)
    users = {
        Role.ZONE_OFFICIAL: User.objects.get(username="lili"),
        Role.PROVINCIAL_REVIEWER: User.objects.get(username="reviewer"),
    }
    today = timezone.localdate()
    for policy_title, enterprise_name, goal in APPLICATIONS:
        _one(policy_title, enterprise_name, goal, users, today, report)
    return report
