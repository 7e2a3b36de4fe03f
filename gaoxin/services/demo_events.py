"""Demo data of the consultations and seminars (loader "services_events", after the advisors).

- weekly consultation hours of 昝明辉 (技术转化, Tuesdays) and 万飞 (医疗器械注册合规, Thursdays)
  at MedPark (an invented room, 示例), from a month ago to two months ahead: past slots held or
  left open, a few future ones booked by 河南恒天久大 and 郑州赛为机电;
- "医疗器械注册合规专题研讨（示例）" with 万飞 speaking: capacity 20, full, 2 waiting, open;
- "科研成果转化专题研讨（示例）", a past seminar with 昝明辉, held, with its attendance.

Idempotent: found by natural key (the advisor's series location, the seminar title), created
only when missing, through the services with ``actor=None``. Everything is ``is_sample``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from gaoxin.core.registry import demo_loader
from gaoxin.enterprises.models import Enterprise
from gaoxin.parks.models import Park

from . import services_events as svc
from .models import Advisor, ConsultationSeries, Seminar, ServiceDomain

MEDPARK = "郑州高新MedPark·医械产业园"
ROOM = "郑州高新MedPark·医械产业园 企业服务中心 3 楼咨询室（示例）"
HALL = "郑州高新MedPark·医械产业园 科研转化平台报告厅（示例）"
# (expert name, domain code, weekday, start time, topics the enterprises booked)
HOURS = (
    (
        "昝明辉",
        "tech_transfer",
        1,
        datetime.time(9, 30),
        ("科研成果中试放大路径", "产学研合作协议要点"),
    ),
    (
        "万飞",
        "device_registration",
        3,
        datetime.time(14, 0),
        ("二类医疗器械注册检验", "临床评价资料准备"),
    ),
)
ENTERPRISES = ("河南恒天久大", "郑州赛为机电")
FULL_SEMINAR = "医疗器械注册合规专题研讨（示例）"
PAST_SEMINAR = "科研成果转化专题研讨（示例）"
# 20 registrants and 2 waiting (invented names, 示例 phones of the 139 0000 range).
PEOPLE = [f"参会人{n:02d}（示例）" for n in range(1, 23)]


@dataclass
class EventsDemoReport:
    slots: int = 0
    seminars: int = 0
    seats: int = 0
    missing: list[str] = field(default_factory=list)


def describe(report: EventsDemoReport) -> list[str]:
    lines = [
        f"consultations: {report.slots} slots; seminars: {report.seminars}, seats: {report.seats}"
    ]
    if report.missing:
        lines.append("missing (load services_advisors first): " + ", ".join(report.missing))
    return lines


def _advisor(name: str) -> Advisor | None:
    return Advisor.objects.filter(expert__name=name).select_related("expert", "zone").first()


def _enterprises(zone) -> list[Enterprise]:
    found = []
    for part in ENTERPRISES:
        e = Enterprise.objects.filter(zone=zone, name__contains=part).first()
        if e is not None:
            found.append(e)
    return found


def _hours(advisor: Advisor, code: str, weekday: int, start, topics, firms, report) -> None:
    if ConsultationSeries.objects.filter(advisor=advisor, location=ROOM).exists():
        return
    today = timezone.localdate()
    result = svc.series_create(
        actor=None,
        advisor=advisor,
        domain=ServiceDomain.objects.filter(code=code).first(),
        weekday=weekday,
        start_time=start,
        minutes=60,
        location=ROOM,
        first_date=today - datetime.timedelta(days=30),
        last_date=today + datetime.timedelta(days=61),
    )
    ConsultationSeries.objects.filter(pk=result.series.pk).update(is_sample=True)
    report.slots += result.created
    now = timezone.now()
    slots = list(result.series.slots.order_by("starts_at"))
    past = [s for s in slots if s.ends_at < now]
    future = [s for s in slots if s.starts_at > now]
    # the past ones: every other one was booked and held
    for index, slot in enumerate(past):
        if index % 2 or not firms:
            continue
        firm = firms[index // 2 % len(firms)]
        topic = topics[index // 2 % len(topics)]
        svc.slot_book(
            actor=None,
            slot=slot,
            topic=topic,
            enterprise=firm,
            now=slot.starts_at - datetime.timedelta(days=3),
        )
        svc.slot_hold(actor=None, slot=slot, notes="已按议题答疑，企业带回整改清单（示例）。")
    # the future ones: the first two booked, one by each enterprise
    for index, (slot, firm) in enumerate(zip(future[:2], firms, strict=False)):
        svc.slot_book(actor=None, slot=slot, topic=topics[index % len(topics)], enterprise=firm)


def _full_seminar(zone, wanfei: Advisor, report) -> None:
    if Seminar.objects.filter(zone=zone, title=FULL_SEMINAR).exists():
        return
    now = timezone.now()
    starts = timezone.make_aware(
        datetime.datetime.combine(
            timezone.localdate() + datetime.timedelta(days=17), datetime.time(14, 30)
        )
    )
    seminar = svc.seminar_create(
        actor=None,
        zone=zone,
        is_sample=True,
        data={
            "title": FULL_SEMINAR,
            "topic": "医疗器械注册合规：注册检验、临床评价与体系核查",
            "domain": ServiceDomain.objects.filter(code="device_registration").first(),
            "park": Park.objects.filter(zone=zone, name=MEDPARK).first(),
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=2, minutes=30),
            "venue": HALL,
            "capacity": 20,
            "registration_deadline": timezone.localdate(starts) - datetime.timedelta(days=2),
            "description": "面向入驻企业的专题研讨：二类、三类医疗器械注册路径与常见问题（示例）。",
        },
        speakers=[
            {
                "name": "万飞",
                "title": "河南正谦医疗注册部副总监",
                "topic": "医疗器械注册合规",
                "advisor": wanfei,
            }
        ],
    )
    svc.seminar_move(actor=None, seminar=seminar, name="open", now=now)
    firms = _enterprises(zone)
    for n, name in enumerate(PEOPLE):
        firm = firms[n % len(firms)].name if firms else "（示例）企业"
        svc.seat_register(
            actor=None,
            seminar=seminar,
            name=name,
            phone=f"139000{n + 1:05d}",
            organisation_name=firm,
            now=now,
        )
        report.seats += 1
    report.seminars += 1


def _past_seminar(zone, zanminghui: Advisor, report) -> None:
    if Seminar.objects.filter(zone=zone, title=PAST_SEMINAR).exists():
        return
    day = timezone.localdate() - datetime.timedelta(days=20)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    seminar = svc.seminar_create(
        actor=None,
        zone=zone,
        is_sample=True,
        data={
            "title": PAST_SEMINAR,
            "topic": "科研成果转化：从实验室样机到注册产品",
            "domain": ServiceDomain.objects.filter(code="research_transfer").first(),
            "park": Park.objects.filter(zone=zone, name=MEDPARK).first(),
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=2),
            "venue": HALL,
            "capacity": 30,
            "registration_deadline": day - datetime.timedelta(days=1),
            "description": "中国科学院苏州医工所郑州研究院与入驻企业交流成果转化路径（示例）。",
        },
        speakers=[
            {
                "name": "昝明辉",
                "title": "中国科学院苏州医工所郑州研究院副研究员",
                "topic": "科研成果转化",
                "advisor": zanminghui,
            }
        ],
    )
    before = starts - datetime.timedelta(days=10)
    svc.seminar_move(actor=None, seminar=seminar, name="open", now=before)
    firms = _enterprises(zone)
    seats = []
    for n in range(12):
        firm = firms[n % len(firms)].name if firms else "（示例）企业"
        seats.append(
            svc.seat_register(
                actor=None,
                seminar=seminar,
                name=f"往期参会人{n + 1:02d}（示例）",
                phone=f"139100{n + 1:05d}",
                organisation_name=firm,
                now=before,
            )
        )
    svc.seminar_move(actor=None, seminar=seminar, name="close", now=before)
    after = starts + datetime.timedelta(hours=1)
    for n, seat in enumerate(seats):
        (svc.seat_absent if n % 5 == 4 else svc.seat_attend)(actor=None, seat=seat, now=after)
    svc.seminar_move(actor=None, seminar=seminar, name="hold", now=after)
    report.seminars += 1
    report.seats += len(seats)


@demo_loader(
    "services_events", order=93, after=["holidays", "services_advisors"], describe=describe
)
@transaction.atomic
def load_services_events_demo() -> EventsDemoReport:
    report = EventsDemoReport()
    zanminghui, wanfei = _advisor("昝明辉"), _advisor("万飞")
    for name, advisor in (("昝明辉", zanminghui), ("万飞", wanfei)):
        if advisor is None:
            report.missing.append(name)
    for (_name, code, weekday, start, topics), advisor in zip(
        HOURS, (zanminghui, wanfei), strict=True
    ):
        if advisor is not None:
            _hours(advisor, code, weekday, start, topics, _enterprises(advisor.zone), report)
    if wanfei is not None:
        _full_seminar(wanfei.zone, wanfei, report)
    if zanminghui is not None:
        _past_seminar(zanminghui.zone, zanminghui, report)
    return report
