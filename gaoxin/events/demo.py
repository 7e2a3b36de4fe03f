"""The events demo: the two events of the seed document and one upcoming briefing to register for.

(a) the 2025-04-25 conference at 郑州高新·数算产业园: theme, organisers, 200+ participants, the
    MedPark 产业生态规划, 18 signings, 9 advisors, the speeches; of its 5 talks the seed names two
    speakers (昝明辉, 万飞) and four topics, so the three other speakers are "未具名专家" and the
    pairing of speakers and topics is the demo's (said in the description);
(b) the 2025-04-23 unveiling of 河南省纤维新材料纺机装备产业研究院 at 郑纺机;
(c) a 首台(套) policy briefing in 2027-01 at MedPark with registration open (capacity 80), which
    the seed does not mention (is_sample).

Idempotent: an event is looked up by (zone, title) and, when it exists, left as it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from gaoxin.accounts.models import Organisation
from gaoxin.core.registry import demo_loader
from gaoxin.experts.models import Expert
from gaoxin.parks.models import Park

from . import services
from .choices import EventKind, OrganiserRole
from .models import Event

REASON = "示例数据: gaoxin load-demo"
ZONE_NAME = "郑州高新技术产业开发区管委会"
CONFERENCE = "2025郑州高新医疗健康产业高质量发展大会"
UNVEILING = "河南省纤维新材料纺机装备产业研究院揭牌"
BRIEFING = "首台(套)重大技术装备保险补偿政策宣讲会（示例）"
SUANPARK = "郑州高新·数算产业园"
MEDPARK = "郑州高新MedPark·医械产业园"
# The seed: "来自中国科学院、中国政法大学、红杉资本等机构的9位专家受聘为园区顾问". The expert demo
# holds 9 advisors (昝明辉, 万飞 and seven invented ones); 马宏军 and 付豪 spoke for their
# associations and are not among them.
NOT_ADVISORS = ("马宏军", "付豪")
UNNAMED = "未具名专家"

CONFERENCE_DATA = {
    "kind": EventKind.CONFERENCE,
    "title": CONFERENCE,
    "theme": "产业集聚·共享未来",
    "starts_on": datetime.date(2025, 4, 25),
    "venue": SUANPARK,
    "participants": 200,
    "is_public": True,
    "description": (
        "以“产业集聚·共享未来”为主题，汇聚政府部门、行业协会、科研院所及医疗健康领域200余位代表，"
        "共同探讨产业生态构建与高质量发展路径。\n"
        "主题分享环节共5位专家：报道点名昝明辉（中国科学院苏州医工所郑州研究院副研究员）与万飞"
        "（河南正谦医疗注册部副总监），议题为科研成果转化、医疗器械注册合规、资本赋能路径、"
        "供应链协同优化等；另外3位专家报道未具名，各议题与讲者的对应为演示所设（示例）。"
    ),
    "outcomes": "\n".join(
        (
            "郑州高新产业投资集团有限公司总经理陈金阁发布“郑州高新MedPark·医械产业园”产业生态规划",
            "18家领军企业与园区现场签约（医学影像设备、体外诊断试剂、智能康复器械等细分领域）",
            "产业顾问聘任仪式：9位专家受聘为园区顾问，覆盖技术转化、合规运营、资本对接",
            "郑州高新区管委会经济发展部副部长李黎致辞",
            "河南省医药行业协会副会长马宏军、河南省医疗器械行业协会副会长付豪发言",
        )
    ),
}
CONFERENCE_ORGANISERS = (
    (OrganiserRole.GUIDING, "郑州高新区管委会", ZONE_NAME),
    (OrganiserRole.HOSTING, "河南省医药行业协会", "河南省医药行业协会"),
    (OrganiserRole.HOSTING, "河南省医疗器械行业协会", "河南省医疗器械行业协会"),
    (OrganiserRole.UNDERTAKING, "郑州高新产业投资集团有限公司", "郑州高新产业投资集团有限公司"),
    (OrganiserRole.UNDERTAKING, "郑州报业集团智慧传媒产业运营公司", ""),
)
# (speaker, title, topic, expert name in the pool)
CONFERENCE_TALKS = (
    ("昝明辉", "中国科学院苏州医工所郑州研究院副研究员", "科研成果转化", "昝明辉"),
    ("万飞", "河南正谦医疗注册部副总监", "医疗器械注册合规", "万飞"),
    (UNNAMED, "报道未具名（示例）", "资本赋能路径", ""),
    (UNNAMED, "报道未具名（示例）", "供应链协同优化", ""),
    (UNNAMED, "报道未具名（示例）", "产业升级路径研讨（报道未列出具体议题）", ""),
)

UNVEILING_DATA = {
    "kind": EventKind.UNVEILING,
    "title": UNVEILING,
    "theme": "打造纺机装备发展“最强大脑”",
    "starts_on": datetime.date(2025, 4, 23),
    "venue": "郑州纺织机械股份有限公司",
    "is_public": True,
    "description": (
        "河南省纤维新材料纺机装备产业研究院在郑纺机揭牌，是河南新成立的又一家省级产业研究院。"
        "研究院由领军企业郑纺机牵头，东华大学、郑州轻工业大学等高校，核心上下游企业新乡化纤股份有限公司、"
        "保定天鹅新型纤维制造有限公司、河南先迪电气科技有限公司等共同参与，开展前沿及关键共性技术研发、"
        "中试和成果转化、孵化，打通纤维新材料纺机装备产业领域科技成果转化的“最后一公里”。"
    ),
    "outcomes": "河南省纤维新材料纺机装备产业研究院揭牌成立",
}

BRIEFING_DATA = {
    "kind": EventKind.BRIEFING,
    "title": BRIEFING,
    "theme": "首台(套)保险补偿政策解读与申报实务（示例）",
    "starts_on": datetime.date(2027, 1, 15),
    "start_time": datetime.time(14, 30),
    "venue": "郑州高新MedPark·医械产业园 科研转化平台报告厅（示例）",
    "is_public": True,
    "registration_open": True,
    "capacity": 80,
    "registration_deadline": datetime.date(2027, 1, 12),
    "description": (
        "示例活动：面向园区企业讲解首台(套)重大技术装备保险补偿政策的条件、比例与申报材料。"
    ),
}


@dataclass
class EventsDemoReport:
    events: int = 0


def describe(report: EventsDemoReport) -> list[str]:
    return [f"Events: {report.events} added."] if report.events else []


def _create(zone, data: dict, park_name: str, *, sample: bool) -> Event | None:
    if Event.objects.filter(zone=zone, title=data["title"]).exists():
        return None
    park = Park.objects.filter(zone=zone, name=park_name).first() if park_name else None
    event = services.event_create(actor=None, zone=zone, data={**data, "park": park}, reason=REASON)
    Event.objects.filter(pk=event.pk).update(is_sample=sample)
    return event


def _conference_program(event: Event, zone) -> None:
    for role, name, organisation_name in CONFERENCE_ORGANISERS:
        organisation = Organisation.objects.filter(name=organisation_name).first()
        services.organiser_add(
            actor=None, event=event, role=role, name=name, organisation=organisation, reason=REASON
        )
    for speaker, title, topic, expert_name in CONFERENCE_TALKS:
        expert = Expert.objects.filter(zone=zone, name=expert_name).first() if expert_name else None
        services.talk_add(
            actor=None,
            event=event,
            speaker=speaker,
            speaker_title=title,
            topic=topic,
            expert=expert,
            reason=REASON,
        )
    advisors = Expert.objects.filter(zone=zone).exclude(name__in=NOT_ADVISORS).order_by("pk")[:9]
    for expert in advisors:
        services.advisor_add(actor=None, event=event, expert=expert, reason=REASON)


@demo_loader("events", order=60, after=["zone", "experts"], describe=describe)
def load_events_demo() -> EventsDemoReport:
    report = EventsDemoReport()
    zone = Organisation.objects.filter(name=ZONE_NAME).first()
    if zone is None:
        return report
    if conference := _create(zone, CONFERENCE_DATA, SUANPARK, sample=False):
        _conference_program(conference, zone)
        report.events += 1
    if _create(zone, UNVEILING_DATA, "", sample=False):
        report.events += 1
    if briefing := _create(zone, BRIEFING_DATA, MEDPARK, sample=True):
        services.organiser_add(
            actor=None,
            event=briefing,
            role=OrganiserRole.HOSTING,
            name="郑州高新区管委会经济发展部（示例）",
            reason=REASON,
        )
        report.events += 1
    return report
