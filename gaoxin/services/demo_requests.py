"""Demo data of the services requests part: service requests of MedPark firms (and of the demo
enterprise account hengtian) in several states, each filed, routed and moved through the real
services so that every routing reason is the router's own:

- 医疗器械注册合规 → 万飞, completed and rated 5 stars (hengtian's enterprise rates it);
- 科研成果转化 → 昝明辉, a meeting scheduled in three days;
- 知识产权 → 昝明辉, accepted;
- 供应链协同优化, assigned and past its first response deadline (filed a week ago: the only
  writes outside a service are this back-dating of the filing day and the deadline).

Idempotent: a request is found by its enterprise and subject; what exists is left alone.
When the zone has no advisors yet (the advisors' demo did not run), nothing is created.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import Organisation, User
from gaoxin.core.registry import demo_loader
from gaoxin.enterprises.models import Enterprise

from . import services_requests as svc
from .models import Advisor, ServiceDomain, ServiceRequest

ZONE_NAME = "郑州高新技术产业开发区管委会"
MEDPARK = "郑州高新MedPark·医械产业园"
HENGTIAN = "河南恒天久大实业有限公司"


@dataclass
class RequestsDemoReport:
    created: list[str] = field(default_factory=list)
    skipped: str = ""


# (enterprise name or None for a MedPark firm, domain code, subject, description, urgency,
#  the advisor's demo login it is meant for, the final step)
PLAN = (
    (
        HENGTIAN,
        "device_registration",
        "二类医疗器械注册检验与技术审评咨询（示例）",
        "公司拟申报一款二类医疗器械，需了解注册检验、临床评价路径及技术审评资料要求。",
        "normal",
        "wanfei",
        "rated",
    ),
    (
        None,
        "research_transfer",
        "院所科研成果转化合作路径咨询（示例）",
        "我司与高校合作研发的体外诊断试剂项目拟进行成果转化，需咨询作价入股与许可方式。",
        "normal",
        "zanminghui",
        "scheduled",
    ),
    (
        None,
        "ip",
        "核心专利布局与许可转化咨询（示例）",
        "公司有三项发明专利拟对外许可，需咨询专利布局、许可定价与转化收益分配。",
        "normal",
        "zanminghui",
        "accepted",
    ),
    (
        None,
        "supply_chain",
        "关键原材料供应链协同优化（示例）",
        "核心原料依赖单一供应商，希望顾问协助评估替代供应商并优化采购协同。",
        "urgent",
        "wanfei",
        "overdue",
    ),
)


def _official(zone) -> User | None:
    return (
        User.objects.filter(role=Role.ZONE_OFFICIAL, organisation=zone, is_active=True).first()
        or User.objects.filter(username="lili").first()
    )


def _member(enterprise) -> User | None:
    if enterprise.organisation_id is None:
        return None
    return User.objects.filter(
        organisation_id=enterprise.organisation_id, role=Role.ENTERPRISE_USER, is_active=True
    ).first()


def _advisor_of(login: str | None, zone) -> Advisor | None:
    if not login:
        return None
    return Advisor.objects.filter(zone=zone, expert__user__username=login).first()


def _medpark_firms(zone) -> list[Enterprise]:
    return list(Enterprise.objects.filter(zone=zone, park__name=MEDPARK).order_by("name")[:6])


def _drive(req, *, official, member, want: Advisor | None, step: str) -> None:
    """Move a freshly filed request to ``step`` through the services."""
    if want is not None and req.advisor_id != want.pk and req.status in ("assigned", "new"):
        if req.status == "new":
            svc.request_route(actor=official, request=req)
            req.refresh_from_db()
        if req.status == "assigned" and req.advisor_id != want.pk:
            svc.request_reassign(
                actor=official,
                request=req,
                advisor=want,
                reason="企业点名希望由该顾问跟进（示例）",
            )
            req.refresh_from_db()
    if req.status != "assigned" or req.advisor is None:
        return
    user = req.advisor.expert.user
    if step == "overdue":
        week_ago = timezone.now() - datetime.timedelta(days=7)
        ServiceRequest.objects.filter(pk=req.pk).update(
            created_at=week_ago, respond_by=timezone.localdate() - datetime.timedelta(days=2)
        )
        return
    if user is None:
        return
    req = svc.request_accept(actor=user, request=req)
    if step == "scheduled":
        when = timezone.localtime().replace(hour=14, minute=30, second=0, microsecond=0)
        svc.request_schedule(
            actor=user,
            request=req,
            when=when + datetime.timedelta(days=3),
            location="郑州高新MedPark·医械产业园 科研转化平台洽谈室（示例）",
        )
    elif step == "rated":
        req = svc.request_complete(
            actor=user,
            request=req,
            outcome="已梳理注册检验项目清单与临床评价路径，建议先行开展同品种比对；"
            "附技术审评资料目录一份（示例）。",
        )
        if member is not None:
            svc.request_rate(
                actor=member, request=req, stars=5, comment="解答专业及时，路径清晰（示例）"
            )


def describe(report: RequestsDemoReport) -> list[str]:
    if report.skipped:
        return [report.skipped]
    return [f"service requests created: {len(report.created)}", *report.created]


@demo_loader("services_requests", order=92, after=["services_advisors"], describe=describe)
def load_requests_demo() -> RequestsDemoReport:
    report = RequestsDemoReport()
    zone = Organisation.objects.filter(name=ZONE_NAME).first()
    if zone is None or not Advisor.objects.filter(zone=zone).exists():
        report.skipped = "service requests: the zone or its advisors are missing; nothing created"
        return report
    official = _official(zone)
    firms = iter(_medpark_firms(zone))
    for name, code, title, description, urgency, login, step in PLAN:
        enterprise = Enterprise.objects.filter(name=name).first() if name else next(firms, None)
        domain = ServiceDomain.objects.filter(code=code).first()
        if enterprise is None or domain is None:
            continue
        if ServiceRequest.objects.filter(enterprise=enterprise, title=title).exists():
            continue
        member = _member(enterprise)
        req = svc.request_create(
            actor=member or official,
            enterprise=enterprise,
            data={"domain": domain, "title": title, "description": description, "urgency": urgency},
            is_sample=True,
        )
        _drive(
            req,
            official=official,
            member=member,
            want=_advisor_of(login, zone),
            step=step,
        )
        report.created.append(f"{req.number} {title}")
    return report
