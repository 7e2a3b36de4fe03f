# ruff: noqa: E501  (the sample policies' Chinese texts read better unwrapped)
"""The policy demo: nine SAMPLE support policies of 郑州高新区 (示例, ``is_sample``): their
kinds follow the zone's real support programmes, but the thresholds and amounts are for the
demo, not from a real policy document, so no document number is given.

Idempotent and audited: a policy is found by its zone and title and left as it is when present;
what is missing is created through the services (draft, articles, published version 1).
``gaoxin load-demo`` calls :func:`load_policies_demo`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import OrganisationKind
from gaoxin.accounts.models import Organisation
from gaoxin.audit.services import record
from gaoxin.core.registry import demo_loader

from .choices import DeliveryMode
from .models import Policy
from .services import article_set, draft_save, policy_create, version_publish

ZONE_NAME = "郑州高新技术产业开发区管委会"
ISSUER = "郑州高新技术产业开发区管委会"
EFFECTIVE_FROM = datetime.date(2025, 1, 1)
PUBLISHED_ON = datetime.date(2024, 12, 20)
SAMPLE_NOTE = "(示例政策：条件与金额为演示用示例值，并非政策原文。)"


def clause(article: str, label: str, rule: dict) -> dict:
    return {"clause": {"article": article, "label": label}, "rule": rule}


def has(kind: str) -> dict:
    return {"in": [kind, {"var": "qualifications"}]}


def capped(fact: str, rate: str, cap: int) -> dict:
    return {"min": [{"*": [{"var": fact}, Decimal(rate)]}, cap]}


POLICIES: list[dict] = [
    {
        "title": "郑州高新区企业研发费用后补助政策",
        "summary": "对研发投入占比达到3%的企业，按上年度研发费用的10%给予后补助，最高500万元。",
        "tags": "研发,科技创新,后补助",
        "delivery": DeliveryMode.NO_APPLICATION,
        "articles": [
            ("第一条", "为鼓励企业加大研发投入，制定本政策。"),
            ("第三条", "上年度研发费用占营业收入比例不低于3%，且研发费用不低于50万元的企业，纳入支持范围。"),
            ("第四条", "按企业上年度研发费用的10%给予后补助，单个企业最高不超过500万元。"),
        ],
        "criteria": {"and": [
            clause("第三条", "研发投入占比≥3%", {">=": [{"var": "rnd_ratio"}, 3]}),
            clause("第三条", "研发费用≥50万元", {">=": [{"var": "rnd_expense"}, 500000]}),
        ]},
        "formula": capped("rnd_expense", "0.1", 5000000),
    },
    {
        "title": "郑州高新区高新技术企业认定奖励",
        "summary": "对首次通过或重新通过高新技术企业认定的企业给予一次性奖励30万元。",
        "tags": "高新技术企业,资质奖励",
        "delivery": DeliveryMode.NO_APPLICATION,
        "articles": [
            ("第二条", "持有有效期内高新技术企业证书的区内企业。"),
            ("第三条", "给予一次性奖励30万元。"),
        ],
        "criteria": clause("第二条", "持有高新技术企业证书", has("high_tech")),
        "formula": 300000,
    },
    {
        "title": "郑州高新区专精特新中小企业奖励",
        "summary": "对认定为省级专精特新中小企业的区内企业给予一次性奖励20万元。",
        "tags": "专精特新,资质奖励",
        "delivery": DeliveryMode.APPLY,
        "articles": [
            ("第二条", "获得省级专精特新中小企业认定且在有效期内的企业。"),
            ("第三条", "给予一次性奖励20万元。"),
        ],
        "criteria": clause("第二条", "专精特新中小企业", has("srdi")),
        "formula": 200000,
    },
    {
        "title": "郑州高新区专精特新“小巨人”企业奖励",
        "summary": "对获评国家级专精特新“小巨人”企业的区内企业给予一次性奖励50万元。",
        "tags": "小巨人,专精特新,资质奖励",
        "delivery": DeliveryMode.APPLY,
        "articles": [
            ("第二条", "获评国家级专精特新“小巨人”企业且在有效期内。"),
            ("第三条", "给予一次性奖励50万元。"),
        ],
        "criteria": clause("第二条", "专精特新“小巨人”", has("little_giant")),
        "formula": 500000,
    },
    {
        "title": "MedPark·医械产业园入驻企业落户补贴",
        "summary": "对入驻郑州高新MedPark·医械产业园、成立不满8年的医疗器械企业，按上年度纳税额的50%给予落户补贴，最高200万元。",
        "tags": "MedPark,医疗器械,落户",
        "industries": "C358",
        "segments": "中游·医疗器械整机,医学影像设备,体外诊断试剂,智能康复器械",  # the cluster 医疗器械
        "delivery": DeliveryMode.APPLY,
        "articles": [
            ("第二条", "在郑州高新MedPark·医械产业园内注册并实际经营的企业。"),
            ("第三条", "企业成立时间不满8年。"),
            ("第五条", "按上年度纳税额的50%给予落户补贴，最高不超过200万元。"),
        ],
        "criteria": {"and": [
            clause("第二条", "入驻MedPark", {"in": ["MedPark", {"var": "park"}]}),
            clause("第三条", "成立不满8年", {"<": [{"var": "years_since_founding"}, 8]}),
        ]},
        "formula": capped("tax_paid", "0.5", 2000000),
    },
    {
        "title": "郑州高新区外贸出口奖励",
        "summary": "对上年度出口额达到1000万元的企业，按出口额的1%给予奖励，最高100万元。",
        "tags": "外贸,出口",
        "delivery": DeliveryMode.APPLY,
        "articles": [
            ("第二条", "上年度自营出口额不低于1000万元的区内企业。"),
            ("第三条", "按上年度出口额的1%给予奖励，单个企业最高100万元。"),
        ],
        "criteria": clause("第二条", "出口额≥1000万元", {">=": [{"var": "export_value"}, 10000000]}),
        "formula": capped("export_value", "0.01", 1000000),
    },
    {
        "title": "郑州高新区知识产权（专利）奖励",
        "summary": "对上年度获得授权发明专利5件以上的企业，每件奖励5000元，最高50万元。",
        "tags": "知识产权,专利",
        "delivery": DeliveryMode.APPLY,
        "articles": [
            ("第二条", "上年度获得授权专利不少于5件的区内企业。"),
            ("第三条", "每件授权专利奖励5000元，单个企业每年最高50万元。"),
        ],
        "criteria": clause("第二条", "授权专利≥5件", {">=": [{"var": "patents_granted"}, 5]}),
        "formula": {"min": [{"*": [{"var": "patents_granted"}, 5000]}, 500000]},
    },
    {
        "title": "郑州高新区科技型中小企业研发激励",
        "segments": "关键零部件,生物原料与试剂原料",  # upstream gaps of the cluster 医疗器械
        "summary": "对入库科技型中小企业、从业人数不超过500人的企业，给予研发激励5万元。",
        "tags": "科技型中小企业,研发",
        "delivery": DeliveryMode.NO_APPLICATION,
        "articles": [
            ("第二条", "当年入库的科技型中小企业。"),
            ("第三条", "从业人数不超过500人。"),
            ("第四条", "给予研发激励5万元。"),
        ],
        "criteria": {"and": [
            clause("第二条", "科技型中小企业", has("tech_sme")),
            clause("第三条", "从业人数≤500人", {"<=": [{"var": "employees"}, 500]}),
        ]},
        "formula": 50000,
    },
    {
        "title": "首台(套)重大技术装备保险补偿",
        "summary": "生产首台(套)重大技术装备并投保综合险的企业，可申请保费补助；金额请用首台(套)保费补助估算器计算。",
        "tags": "首台(套),保险补偿,装备制造",
        "industries": "C34, C35, C38, C39, C40",
        "segments": "装备制造",
        "delivery": DeliveryMode.APPLY,
        "link": "/firstset/estimator/",
        "articles": [
            ("第二条", "制造首台(套)重大技术装备、列入《首台(套)重大技术装备推广应用指导目录》的制造业企业。"),
            ("第三条", "企业处于生产或销售阶段。"),
            ("第四条", "保费补助按实际投保年度保费的80%给予，具体以省级审定为准。"),
        ],
        "criteria": {"and": [
            clause("第二条", "制造业企业(行业代码C)", {"in": ["C", {"var": "industry_code"}]}),
            clause("第三条", "处于生产或销售阶段", {"in": [{"var": "stage"}, ["production", "sales"]]}),
        ]},
        "formula": None,
    },
]  # fmt: skip


@dataclass
class PoliciesDemoReport:
    created: int = 0
    existing: int = 0


def _zone() -> Organisation | None:
    return (
        Organisation.objects.filter(name=ZONE_NAME).first()
        or Organisation.objects.filter(kind=OrganisationKind.ZONE_COMMITTEE, parent__isnull=True)
        .order_by("pk")
        .first()
    )


def describe(report: PoliciesDemoReport) -> list[str]:
    return [f"Sample policies loaded: {report.created}."] if report.created else []


@demo_loader("policies", order=20, after=["zone"], describe=describe)
def load_policies_demo() -> PoliciesDemoReport:
    """Create the sample policies that are missing (nothing when the zone is not loaded)."""
    report = PoliciesDemoReport()
    zone = _zone()
    if zone is None:
        return report
    with transaction.atomic():
        for spec in POLICIES:
            if Policy.objects.filter(zone=zone, title=spec["title"]).exists():
                report.existing += 1
                continue
            _create(zone, spec)
            report.created += 1
        _draft_revision(zone)
        if report.created:
            record(
                action="policies.demo.load",
                actor=None,
                obj=zone,
                summary=_("Loaded the sample policies"),
                data={"created": report.created, "existing": report.existing},
                reason="示例数据: gaoxin load-demo",
            )
    return report


# A pending revision of the R&D subsidy, so the sandbox has a draft to compare: the threshold
# rises to 4 % and the rate to 12 %, from next 1 January.
DRAFT_OF = POLICIES[0]["title"]


def _draft_revision(zone: Organisation) -> None:
    policy = Policy.objects.filter(zone=zone, title=DRAFT_OF).first()
    if policy is None or policy.versions.count() != 1:
        return
    draft_save(
        actor=None,
        policy=policy,
        criteria={"and": [
            clause("第三条", "研发投入占比≥4%", {">=": [{"var": "rnd_ratio"}, 4]}),
            clause("第三条", "研发费用≥50万元", {">=": [{"var": "rnd_expense"}, 500000]}),
        ]},
        formula=capped("rnd_expense", "0.12", 5000000),
        effective_from=datetime.date(timezone.localdate().year + 1, 1, 1),
        reason="示例数据: 拟修订草稿",
    )  # fmt: skip


def _create(zone: Organisation, spec: dict) -> Policy:
    policy = policy_create(
        actor=None,
        zone=zone,
        data={
            "title": spec["title"],
            "issuing_body": ISSUER,
            "doc_number": "",
            "published_on": PUBLISHED_ON,
            "summary": spec["summary"] + SAMPLE_NOTE,
            "tags": spec["tags"],
            "target_industries": spec.get("industries", ""),
            "chain_segments": spec.get("segments", ""),
            "delivery_mode": spec["delivery"],
            "link": spec.get("link", ""),
            "is_sample": True,
        },
    )
    article_set(actor=None, policy=policy, articles=spec["articles"])
    version_publish(
        actor=None,
        policy=policy,
        criteria=spec["criteria"],
        formula=spec["formula"],
        effective_from=EFFECTIVE_FROM,
    )
    return policy
