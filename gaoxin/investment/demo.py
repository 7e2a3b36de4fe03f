"""The investment demo (loader ``investment``, after ``clusters`` and ``events``).

- The seed: 18 firms signed with MedPark at the 2025 medical-health conference. One lead per
  firm (its enterprise set, park MedPark, segment = its first chain-segment membership, status
  settled, or producing for firms in production or sales), and its signing on 2025-04-25 at
  that event. The seed states the signings, not their amounts: amounts are samples, and so are
  the leads (``is_sample``).
- A pipeline of sample leads in every other state (contact, visit, negotiation, signed,
  dropped), owned by chenjinge (park operator) and lili (zone official), with expected output
  and a first year of production in 2026–2028 (for the cluster's target forecast); two have an
  overdue follow-up. Their stage dates are backdated from today, each after the previous.

Runs after the clusters and events loaders (a firm with no segment gets none). Idempotent: a lead
is found by zone and firm name; nothing existing is changed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation

from gaoxin.accounts.models import Organisation, User
from gaoxin.audit.services import record
from gaoxin.core.registry import demo_loader
from gaoxin.demo import seed
from gaoxin.enterprises.choices import Stage
from gaoxin.enterprises.models import Enterprise
from gaoxin.events.models import Event
from gaoxin.parks.models import ChainSegment, Park, SegmentMembership

from .choices import LeadSource, LeadStatus
from .models import Lead, Signing

REASON = "示例数据: gaoxin load-demo"
ZONE_NAME = "郑州高新技术产业开发区管委会"
CONFERENCE = "2025郑州高新医疗健康产业高质量发展大会"
SIGNED_ON = datetime.date(2025, 4, 25)
CLUSTER = "医疗器械"
W = Decimal(10000)  # 1 万元
MEDPARK_NAME = next(p.name for p in seed.PARKS if p.key == seed.MEDPARK)

L = LeadStatus


@dataclass(frozen=True)
class PipelineSpec:
    firm: str
    status: str
    owner: str  # username
    segment: str  # segment name, "" for none
    investment_wan: int
    output_wan: int
    production_year: int
    age_days: int  # first contact, days before today
    follow_up_days: int | None  # next follow-up, days from today (negative: overdue)
    source: str = LeadSource.REFERRAL


PIPELINE = (
    PipelineSpec(
        "深圳迈影医疗影像有限公司",
        L.CONTACT,
        "chenjinge",
        seed.SEGMENT_IMAGING,
        8000,
        15000,
        2027,
        20,
        10,
        LeadSource.CONFERENCE,
    ),
    PipelineSpec(
        "苏州康测生物技术有限公司", L.CONTACT, "lili", seed.SEGMENT_IVD, 3000, 6000, 2028, 35, -6
    ),
    PipelineSpec(
        "杭州步康智能康复设备有限公司",
        L.VISIT,
        "chenjinge",
        seed.SEGMENT_REHAB,
        5000,
        9000,
        2027,
        60,
        -3,
        LeadSource.CHAIN,
    ),
    PipelineSpec(
        "武汉光谱医疗器械有限公司",
        L.VISIT,
        "lili",
        seed.SEGMENT_IMAGING,
        12000,
        20000,
        2028,
        75,
        14,
        LeadSource.AGENCY,
    ),
    PipelineSpec(
        "上海精析诊断科技有限公司",
        L.NEGOTIATION,
        "chenjinge",
        seed.SEGMENT_IVD,
        6000,
        12000,
        2026,
        120,
        7,
        LeadSource.ASSOCIATION,
    ),
    PipelineSpec(
        "北京康复云科技有限公司",
        L.NEGOTIATION,
        "lili",
        seed.SEGMENT_REHAB,
        4000,
        7000,
        2027,
        150,
        21,
    ),
    PipelineSpec(
        "广州影联医学设备有限公司",
        L.SIGNED,
        "chenjinge",
        seed.SEGMENT_IMAGING,
        15000,
        30000,
        2026,
        200,
        30,
        LeadSource.CONFERENCE,
    ),
    PipelineSpec(
        "成都微检生物科技有限公司",
        L.SIGNED,
        "lili",
        seed.SEGMENT_IVD,
        5000,
        10000,
        2027,
        230,
        45,
        LeadSource.INBOUND,
    ),
    PipelineSpec(
        "天津睿动康复器械有限公司",
        L.DROPPED,
        "chenjinge",
        seed.SEGMENT_REHAB,
        2000,
        3000,
        2026,
        180,
        None,
    ),
    PipelineSpec(
        "南京医图软件有限公司", L.DROPPED, "lili", "", 1000, 1500, 2026, 160, None, LeadSource.OTHER
    ),
)
ORDER = (L.CONTACT, L.VISIT, L.NEGOTIATION, L.SIGNED)


@dataclass
class InvestmentDemoReport:
    leads: int = 0
    signings: int = 0
    skipped: str = ""


def describe(report: InvestmentDemoReport) -> list[str]:
    if report.skipped:
        return [f"investment: skipped ({report.skipped})"]
    return [f"investment: {report.leads} leads, {report.signings} signings"]


def _segment(name: str, zone) -> ChainSegment | None:
    if not name:
        return None
    return (
        ChainSegment.objects.filter(cluster__zone=zone, cluster__name=CLUSTER, name=name)
        .order_by("pk")
        .first()
    )


def _first_segment(enterprise: Enterprise) -> ChainSegment | None:
    membership = SegmentMembership.objects.filter(enterprise=enterprise).order_by("pk").first()
    return membership.segment if membership else None


def _save(lead: Lead) -> Lead:
    lead.full_clean()
    lead.save()
    with translation.override("zh-hans"):
        record(
            action="investment.lead.create",
            actor=None,
            obj=lead,
            summary=f"示例招商线索：{lead.firm_name}（{lead.get_status_display()}）",
            reason=REASON,
        )
    return lead


def _sign(lead: Lead, signed_on, amount: Decimal, event, recorder: User) -> None:
    signing = Signing(
        lead=lead,
        signed_on=signed_on,
        amount=amount,
        segment=lead.segment,
        park=lead.park,
        event=event,
        note="示例签约",
        recorded_by=recorder,
        is_sample=True,
    )
    signing.full_clean()
    signing.save()
    record(
        action="investment.signing.create",
        actor=None,
        obj=lead,
        summary=f"示例签约：{lead.firm_name}",
        data={"signing": signing.pk},
        reason=REASON,
    )


def medpark_firm_names() -> list[str]:
    """The 18 firms that signed with MedPark at the conference (seed: 3 named + 15 sample)."""
    named = [f.name for f in seed.NAMED_FIRMS if f.park == seed.MEDPARK]
    return named + [name for name, *_rest in seed.SAMPLE_MEDPARK_FIRMS]


def _conference_lead(index: int, enterprise: Enterprise, park: Park, owner: User, event):
    day = datetime.timedelta(days=index)
    producing = enterprise.stage in (Stage.PRODUCTION, Stage.SALES)
    lead = Lead(
        zone=park.zone,
        park=park,
        segment=_first_segment(enterprise),
        firm_name=enterprise.name,
        uscc=enterprise.uscc,
        source=LeadSource.CONFERENCE,
        source_detail=CONFERENCE if event is None else event.title,
        owner=owner,
        expected_investment=Decimal((index % 6 + 1) * 5000) * W,
        status=L.PRODUCING if producing else L.SETTLED,
        enterprise=enterprise,
        contact_on=datetime.date(2025, 1, 6) + day,
        visit_on=datetime.date(2025, 2, 17) + day,
        negotiation_on=datetime.date(2025, 3, 10) + day,
        signed_on=SIGNED_ON,
        settled_on=datetime.date(2025, 6, 2) + day,
        producing_on=datetime.date(2025, 10, 8) + day if producing else None,
        is_sample=True,
    )
    _save(lead)
    _sign(lead, SIGNED_ON, lead.expected_investment, event, owner)


def _conference(zone, park: Park, owner: User, report: InvestmentDemoReport) -> None:
    event = Event.objects.filter(title=CONFERENCE).order_by("pk").first()
    for index, name in enumerate(medpark_firm_names()):
        enterprise = Enterprise.objects.filter(name=name).first()
        if enterprise is None or Lead.objects.filter(zone=zone, firm_name=name).exists():
            continue
        _conference_lead(index, enterprise, park, owner, event)
        report.leads += 1
        report.signings += 1


def _dates(spec: PipelineSpec, today: datetime.date) -> dict:
    """Entry dates from first contact on, a third of the lead's age apart."""
    start = today - datetime.timedelta(days=spec.age_days)
    step = datetime.timedelta(days=max(spec.age_days // 4, 1))
    reached = ORDER[: ORDER.index(spec.status) + 1] if spec.status in ORDER else ORDER[:3]
    dates = {f"{state}_on": start + step * i for i, state in enumerate(reached)}
    if spec.status == L.DROPPED:
        dates["dropped_on"] = start + step * len(reached)
    return dates


def _pipeline(zone, parks: list[Park], users: dict, report: InvestmentDemoReport) -> None:
    today = timezone.localdate()
    for index, spec in enumerate(PIPELINE):
        if Lead.objects.filter(zone=zone, firm_name=spec.firm).exists():
            continue
        follow_up = spec.follow_up_days
        lead = Lead(
            zone=zone,
            park=parks[index % len(parks)] if spec.segment or index % 2 else parks[-1],
            segment=_segment(spec.segment, zone),
            firm_name=spec.firm,
            source=spec.source,
            owner=users[spec.owner],
            expected_investment=Decimal(spec.investment_wan) * W,
            expected_output=Decimal(spec.output_wan) * W,
            production_year=spec.production_year,
            status=spec.status,
            next_follow_up=None if follow_up is None else today + datetime.timedelta(follow_up),
            note="示例线索" if spec.status != L.DROPPED else "企业决定在长三角落地（示例）",
            is_sample=True,
            **_dates(spec, today),
        )
        _save(lead)
        report.leads += 1
        if spec.status == L.SIGNED:
            _sign(lead, lead.signed_on, lead.expected_investment, None, users[spec.owner])
            report.signings += 1


@demo_loader(
    "investment",
    order=70,
    after=["zone", "clusters", "events"],
    describe=describe,
)
def load_investment_demo() -> InvestmentDemoReport:
    report = InvestmentDemoReport()
    zone = Organisation.objects.filter(name=ZONE_NAME).first()
    medpark = Park.objects.filter(name=MEDPARK_NAME).first()
    users = {u.username: u for u in User.objects.filter(username__in=["chenjinge", "lili"])}
    if zone is None or medpark is None or len(users) < 2:
        report.skipped = "the zone, MedPark or the demo users are missing"
        return report
    parks = list(Park.objects.filter(operator=medpark.operator).order_by("pk"))
    with transaction.atomic():
        _conference(zone, medpark, users["chenjinge"], report)
        _pipeline(zone, parks, users, report)
    return report
