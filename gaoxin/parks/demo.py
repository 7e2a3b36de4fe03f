"""The parks demo ("parks_spaces", after the zone loader): what the zone loader leaves empty on
MedPark and 郑州高新·数算产业园 — the introduction (MedPark's from the seed), a sample address
and contact, what each platform offers and whom to contact (sample) — and the parks'
buildings and units: three MedPark buildings (研发楼 A, 中试楼 B, 生产厂房 C) with 30 units,
some let to or reserved for MedPark's demo firms, the rest free; one building of five free
units at 数算产业园. Every building and unit is ``is_sample``.

Idempotent: a text is filled only while it is empty, a building or unit is created only when
its (park, name) / (building, unit) is missing, and an occupancy is set only on a unit just
created. Everything goes through the services (audited with actor None and the demo REASON).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from gaoxin.core.registry import demo_loader
from gaoxin.demo import seed
from gaoxin.enterprises.models import Enterprise

from . import cluster_demo  # noqa: F401 - registers the "clusters" loader
from .choices import Occupancy, SpaceUse
from .models import Building, Park, Space
from .services import (
    building_create,
    park_update,
    platform_update,
    space_create,
    space_set_occupancy,
)

REASON = "示例数据: gaoxin load-demo"
PARK_NAMES = {spec.key: spec.name for spec in seed.PARKS}
MEDPARK = PARK_NAMES[seed.MEDPARK]  # 郑州高新MedPark·医械产业园
SUANPARK = PARK_NAMES[seed.SUANPARK]  # 郑州高新·数算产业园

# The seed: "聚焦高端医疗器械研发制造，配套建设科研转化平台、金融服务枢纽、智慧物流仓储体系，
# 形成研发—中试—生产—销售一体化闭环 … 通过3年培育，打造中原地区首个百亿级医疗器械产业集聚区".
MEDPARK_TEXT = {
    "description": (
        "河南省政府认定的数字医疗仪器设备产业基地，聚焦高端医疗器械研发制造，配套建设科研转化平台、"
        "金融服务枢纽、智慧物流仓储体系，形成“研发—中试—生产—销售”一体化闭环。园区计划通过3年培育，"
        "打造中原地区首个百亿级医疗器械产业集聚区。"
    ),
    "address": "河南省郑州市高新技术产业开发区（示例地址）",
    "contact_name": "MedPark 招商服务中心（示例）",
    "contact_phone": "0371-6000-0001",
    "contact_email": "medpark@example.com",
}
SUANPARK_TEXT = {
    "description": (
        "数字经济与算力服务园区，2025郑州高新医疗健康产业高质量发展大会举办地（示例介绍）。"
    ),
    "address": "河南省郑州市高新技术产业开发区（示例地址）",
    "contact_name": "数算产业园服务中心（示例）",
    "contact_phone": "0371-6000-0002",
    "contact_email": "suanpark@example.com",
}
# What each MedPark platform offers and whom to contact (sample).
PLATFORMS = {
    "科研转化平台": (
        "共享实验室与检测设备；医疗器械注册检验、临床试验机构对接；高校院所成果转化与中试服务（示例）",
        "科研转化平台 王工（示例）",
        "0371-6000-0011",
    ),
    "金融服务枢纽": (
        "产业基金与股权投资对接；科技贷、知识产权质押融资与融资担保；首台（套）保险补偿申报辅导（示例）",
        "金融服务枢纽 刘经理（示例）",
        "0371-6000-0012",
    ),
    "智慧物流仓储体系": (
        "符合医疗器械经营质量管理规范的共享仓储；冷链配送；园区分拨中心与跨境物流对接（示例）",
        "智慧物流仓储 陈经理（示例）",
        "0371-6000-0013",
    ),
}


@dataclass(frozen=True)
class BuildingSpec:
    park: str
    name: str
    floors: int
    note: str
    # (unit, floor, area m², use, monthly rent per m²)
    units: tuple[tuple[str, int, str, str, str], ...]


def _units(prefix: str, floors: range, per_floor: int, area: str, use: str, rent: str):
    return tuple(
        (f"{prefix}{floor}0{n}", floor, area, use, rent)
        for floor in floors
        for n in range(1, per_floor + 1)
    )


BUILDINGS = (
    BuildingSpec(
        MEDPARK,
        "研发楼 A",
        6,
        "研发办公与实验室（示例）",
        _units("A", range(1, 7), 2, "420.00", SpaceUse.LAB, "45.00"),
    ),
    BuildingSpec(
        MEDPARK,
        "中试楼 B",
        4,
        "中试车间，洁净区（示例）",
        _units("B", range(1, 5), 2, "860.00", SpaceUse.MIXED, "38.00"),
    ),
    BuildingSpec(
        MEDPARK,
        "生产厂房 C",
        2,
        "标准厂房，载重 1.5 t/m²（示例）",
        _units("C", range(1, 3), 5, "1500.00", SpaceUse.PRODUCTION, "28.00"),
    ),
    BuildingSpec(
        SUANPARK,
        "算力中心 1 号楼",
        5,
        "数据中心配套办公（示例）",
        _units("S", range(1, 6), 1, "300.00", SpaceUse.OFFICE, "55.00"),
    ),
)
# MedPark units let (occupied) or held (reserved) for the n-th MedPark firm (by name).
OCCUPIED = {"A101": 0, "A102": 1, "A201": 2, "A301": 3, "B101": 4, "B201": 5, "C101": 6}
OCCUPIED |= {"C102": 7, "C103": 8, "A401": 9, "B301": 10, "C201": 11}
RESERVED = {"A402": 12, "B302": 13, "C202": 14, "C203": 15}


@dataclass
class ParksDemoReport:
    created: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return sum(self.created.values()) > 0


def describe(report: ParksDemoReport) -> list[str]:
    if not report.changed:
        return ["Parks: buildings and spaces already loaded; nothing changed."]
    parts = ", ".join(f"{n} {kind}" for kind, n in sorted(report.created.items()))
    return [f"Parks: {parts}."]


def _fill(park: Park, texts: dict, report: ParksDemoReport) -> None:
    missing = {k: v for k, v in texts.items() if not getattr(park, k)}
    if missing:
        park_update(actor=None, park=park, reason=REASON, **missing)
        report.created["park texts"] += len(missing)


def _platforms(park: Park, report: ParksDemoReport) -> None:
    for platform in park.platforms.all():
        spec = PLATFORMS.get(platform.name)
        if spec is None or platform.offers:
            continue
        offers, contact, phone = spec
        data = {"offers": offers, "contact_name": contact, "contact_phone": phone}
        platform_update(actor=None, platform=platform, reason=REASON, **data)
        report.created["platform offers"] += 1


def _occupy(space: Space, firms: list[Enterprise]) -> None:
    for table, state in ((OCCUPIED, Occupancy.OCCUPIED), (RESERVED, Occupancy.RESERVED)):
        index = table.get(space.code)
        if index is not None and index < len(firms):
            space_set_occupancy(
                actor=None, space=space, occupancy=state, occupant=firms[index], reason=REASON
            )


def _building(spec: BuildingSpec, park: Park, firms, report: ParksDemoReport) -> None:
    building = Building.objects.filter(park=park, name=spec.name).first()
    if building is None:
        building = building_create(
            actor=None,
            park=park,
            name=spec.name,
            floors=spec.floors,
            note=spec.note,
            is_sample=True,
            reason=REASON,
        )
        report.created["buildings"] += 1
    existing = set(building.spaces.values_list("code", flat=True))
    for code, floor, area, use, rent in spec.units:
        if code in existing:
            continue
        space = space_create(
            actor=None,
            building=building,
            code=code,
            floor=floor,
            area=Decimal(area),
            use=use,
            monthly_rent=Decimal(rent),
            is_sample=True,
            reason=REASON,
        )
        report.created["spaces"] += 1
        if park.name == MEDPARK:
            _occupy(space, firms)


@demo_loader("parks_spaces", order=15, after=["zone"], describe=describe)
def load_parks_demo() -> ParksDemoReport:
    report = ParksDemoReport()
    with transaction.atomic():
        parks = {p.name: p for p in Park.objects.filter(name__in=[MEDPARK, SUANPARK])}
        texts = {MEDPARK: MEDPARK_TEXT, SUANPARK: SUANPARK_TEXT}
        for name, park in parks.items():
            _fill(park, texts[name], report)
            _platforms(park, report)
        firms = list(Enterprise.objects.filter(park__name=MEDPARK).order_by("name"))
        for spec in BUILDINGS:
            if spec.park in parks:
                _building(spec, parks[spec.park], firms, report)
    return report
