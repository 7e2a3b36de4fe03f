"""The demo data, built deterministically from the seed facts: a pure plan, no database.

Everything the seed does not state is generated here with `random.Random` seeded per record
from a fixed string, so every machine builds the same demo, and adding a firm does not change
the others. Money is whole yuan (Decimal); figures are internally consistent: output value is
about revenue, R&D is 2–12 % of revenue, employees follow revenue per head, patents follow R&D.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

import phonenumbers

from gaoxin.core.money import to_yuan
from gaoxin.enterprises.choices import QualificationKind, Stage
from gaoxin.enterprises.identifiers import generate_uscc

from . import seed

SEED = "gaoxin-demo-20250425"  # the day of the conference the seed reports
YEARS = (2022, 2023, 2024)

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰"
    "萍鹏辉建国红梅海燕晓峰宇浩凯琳雪晨阳帆博文斌倩颖"
)
ZONE_ROADS = (
    "科学大道", "长椿路", "西三环路", "翠竹街", "银屏路", "红松路", "冬青街", "莲花街",
    "雪松路", "瑞达路", "梧桐街", "合欢街", "枫杨街", "碧桃路", "金梭路", "石楠路",
)  # fmt: skip
OTHER_ADDRESSES = {
    "410700": ("河南省新乡市", ("人民路", "建设路", "新华路", "平原路", "华兰大道")),
    "130600": ("河北省保定市", ("朝阳大街", "东风路", "复兴路", "七一路", "恒祥大街")),
}
MOBILE_PREFIXES = ("138", "139", "150", "186", "137", "135", "158", "187", "189", "133", "177")
PRIMARY_TITLES = ("总经理助理", "综合管理部经理", "行政主管", "董事会秘书", "项目申报专员")
SECOND_TITLES = ("财务总监", "研发中心主任", "市场部经理", "质量部经理")


@dataclass(frozen=True)
class FactPlan:
    year: int
    revenue: Decimal
    output_value: Decimal | None
    rnd_expense: Decimal
    employees: int
    tax_paid: Decimal
    patents_granted: int
    export_value: Decimal


@dataclass(frozen=True)
class QualificationPlan:
    kind: str
    certificate_no: str
    valid_from: date
    valid_to: date


@dataclass(frozen=True)
class ContactPlan:
    name: str
    title: str
    phone: str
    is_primary: bool


@dataclass(frozen=True)
class EnterprisePlan:
    name: str
    uscc: str
    legal_representative: str
    address: str
    region_code: str
    industry_code: str
    industry_name: str
    park: str | None  # a ParkSpec key
    stage: str
    founded_on: date
    segment: str
    seed_named: bool  # the seed names the firm
    org_is_sample: bool  # its organisation's name is an assumption or invented
    facts: tuple[FactPlan, ...]
    qualifications: tuple[QualificationPlan, ...]
    contacts: tuple[ContactPlan, ...]
    is_sample: bool = True  # every enterprise row holds generated data (credit code, figures)


@dataclass(frozen=True)
class Plan:
    organisations: tuple[seed.OrgSpec, ...]
    parks: tuple[seed.ParkSpec, ...]
    enterprises: tuple[EnterprisePlan, ...]
    accounts: tuple[seed.AccountSpec, ...]


def _rng(*parts: str) -> random.Random:
    # A str seed is hashed with SHA-512 (random's version 2 seeding): the same on every machine
    # and independent of PYTHONHASHSEED.
    return random.Random(":".join((SEED, *parts)))  # noqa: S311 - sample data, not secrets


def _person(rng: random.Random, avoid: set[str]) -> str:
    while True:
        given = "".join(rng.sample(GIVEN, rng.choice((1, 2, 2))))
        name = rng.choice(SURNAMES) + given
        if name not in seed.SEED_PEOPLE and name not in avoid and given[0] != name[0]:
            return name


def _mobile(rng: random.Random) -> str:
    while True:
        number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(number, "CN")):
            return number


def _address(rng: random.Random, region_code: str, park: str | None) -> str:
    if region_code in OTHER_ADDRESSES:
        city, roads = OTHER_ADDRESSES[region_code]
        return f"{city}{rng.choice(roads)}{rng.randint(1, 399)}号"
    address = f"河南省郑州市高新技术产业开发区{rng.choice(ZONE_ROADS)}{rng.randint(1, 299)}号"
    if park == seed.MEDPARK:
        address += f" MedPark·医械产业园{rng.randint(1, 12)}号楼"
    return address


def _yuan(amount: float) -> Decimal:
    return to_yuan(round(amount))


def _growth(park: str | None, large: bool) -> tuple[float, float]:
    """The range of a year's revenue growth: MedPark firms grow fast, large firms slowly."""
    if park == seed.MEDPARK:
        return (0.12, 0.38)
    if large:
        return (0.02, 0.09)
    return (0.04, 0.18)


def _ratios(
    rng: random.Random, research: bool, large: bool, park: str | None
) -> tuple[float, float, float]:
    """R&D share of revenue, revenue per employee and tax share of revenue, by kind of firm."""
    if research:
        return rng.uniform(0.10, 0.115), rng.uniform(3.5e5, 5.5e5), 0.03
    if large:
        return rng.uniform(0.022, 0.035), rng.uniform(1.2e6, 1.7e6), 0.05
    if park == seed.MEDPARK:
        return rng.uniform(0.06, 0.10), rng.uniform(6e5, 1.1e6), 0.05
    return rng.uniform(0.035, 0.07), rng.uniform(7e5, 1.3e6), 0.05


def _facts(rng: random.Random, revenue_2024: int, industry_code: str, park: str | None):
    research = industry_code.startswith("M")
    large = revenue_2024 >= 3_000_000_000
    growth = _growth(park, large)
    rnd_ratio, per_head, tax_ratio = _ratios(rng, research, large, park)
    export_share = 0.0 if research or rng.random() < 0.45 else rng.uniform(0.04, 0.28)
    per_patent = rng.uniform(6e5, 1.6e6)
    output_ratio = rng.uniform(0.95, 1.10)

    revenue = {2024: float(revenue_2024)}
    revenue[2023] = revenue[2024] / (1 + rng.uniform(*growth))
    revenue[2022] = revenue[2023] / (1 + rng.uniform(*growth))
    facts = []
    for year in YEARS:
        rev = revenue[year]
        rnd = rev * min(0.12, max(0.02, rnd_ratio + rng.uniform(-0.004, 0.004)))
        facts.append(
            FactPlan(
                year=year,
                revenue=_yuan(rev),
                output_value=None
                if research
                else _yuan(rev * output_ratio * rng.uniform(0.97, 1.03)),
                rnd_expense=_yuan(rnd),
                employees=max(12, round(rev / per_head * rng.uniform(0.96, 1.04))),
                tax_paid=_yuan(rev * tax_ratio * rng.uniform(0.75, 1.25)),
                patents_granted=round(rnd / per_patent * rng.uniform(0.7, 1.3)),
                export_value=_yuan(rev * export_share * rng.uniform(0.85, 1.15)),
            )
        )
    return tuple(facts)


def _window(rng: random.Random, year: int, months: tuple[int, ...], years_valid: int):
    start = date(year, rng.choice(months), rng.randint(1, 28))
    return start, date(start.year + years_valid, start.month, start.day) - timedelta(days=1)


def _qualification(rng: random.Random, kind: str, region_code: str, year: int):
    province = region_code[:2]
    if kind == QualificationKind.HIGH_TECH:
        # 高新技术企业证书: GR + batch year + province + sequence; valid three years.
        start, end = _window(rng, year, (10, 11, 12), 3)
        return QualificationPlan(kind, f"GR{year}{province}{rng.randint(1, 3999):06d}", start, end)
    if kind == QualificationKind.TECH_SME:
        # 科技型中小企业入库登记编号; valid for the year it is registered in.
        start = date(year, rng.randint(3, 6), rng.randint(1, 28))
        number = f"{year}{region_code}{rng.randint(1, 12):02d}{rng.randint(1, 9999):06d}"
        return QualificationPlan(kind, number, start, date(year, 12, 31))
    if kind == QualificationKind.SRDI:
        start, end = _window(rng, year, (6, 7, 8, 9), 3)
        return QualificationPlan(
            kind, f"ZJTX{year}{province}{rng.randint(1, 2999):04d}", start, end
        )
    if kind == QualificationKind.LITTLE_GIANT:
        start, end = _window(rng, year, (7,), 3)
        return QualificationPlan(kind, f"XJR{year}{rng.randint(1, 9999):04d}", start, end)
    raise ValueError(kind)


def _qualifications(rng: random.Random, kinds: tuple[str, ...], region_code: str):
    """The kinds given, with a batch year each; a renewed high-tech certificate keeps its
    expired predecessor, so the demo has expired qualifications to show."""
    quals: list[QualificationPlan] = []
    for kind in kinds:
        if kind == QualificationKind.HIGH_TECH:
            year = rng.choice((2021, 2022, 2023, 2023, 2024))
            if year >= 2023 and rng.random() < 0.5:
                quals.append(_qualification(rng, kind, region_code, year - 3))
        elif kind == QualificationKind.TECH_SME:
            year = rng.choice((2024, 2025))
        elif kind == QualificationKind.SRDI:
            year = rng.choice((2021, 2022, 2023, 2024))
        else:
            year = 2024
        quals.append(_qualification(rng, kind, region_code, year))
    return tuple(quals)


def _sample_kinds(rng: random.Random) -> tuple[str, ...]:
    kinds = []
    if rng.random() < 0.6:
        kinds.append(QualificationKind.HIGH_TECH)
    if rng.random() < 0.55:
        kinds.append(QualificationKind.TECH_SME)
    if rng.random() < 0.25:
        kinds.append(QualificationKind.SRDI)
    return tuple(kinds)


def _contacts(rng: random.Random, avoid: set[str]) -> tuple[ContactPlan, ...]:
    contacts = []
    for i in range(rng.choice((1, 2))):
        name = _person(rng, avoid)
        avoid.add(name)
        titles = PRIMARY_TITLES if i == 0 else SECOND_TITLES
        contacts.append(ContactPlan(name, rng.choice(titles), _mobile(rng), is_primary=i == 0))
    return tuple(contacts)


def _founded_on(
    rng: random.Random, founded_year: int | None, industry_code: str, revenue_2024: int
) -> date:
    """A day of ``founded_year``; without one, research institutes are young and big firms
    old."""
    if founded_year is None:
        founded_year = (
            rng.randint(2016, 2021)
            if industry_code.startswith("M")
            else rng.randint(1998 if revenue_2024 > 500_000_000 else 2006, 2020)
        )
    return date(founded_year, rng.randint(1, 12), rng.randint(1, 28))


def _enterprise(
    *,
    name: str,
    region_code: str,
    industry_code: str,
    industry_name: str,
    stage: str,
    park: str | None,
    segment: str,
    revenue_2024: int,
    founded_year: int | None,
    kinds: tuple[str, ...] | None,
    seed_named: bool,
    org_is_sample: bool,
) -> EnterprisePlan:
    rng = _rng("enterprise", name)
    uscc = generate_uscc(rng, region_code)
    legal_rep = _person(rng, set())
    founded_on = _founded_on(rng, founded_year, industry_code, revenue_2024)
    if kinds is None:
        kinds = _sample_kinds(rng)
    return EnterprisePlan(
        name=name,
        uscc=uscc,
        legal_representative=legal_rep,
        address=_address(rng, region_code, park),
        region_code=region_code,
        industry_code=industry_code,
        industry_name=industry_name,
        park=park,
        stage=stage,
        founded_on=founded_on,
        segment=segment,
        seed_named=seed_named,
        org_is_sample=org_is_sample,
        facts=_facts(rng, revenue_2024, industry_code, park),
        qualifications=_qualifications(rng, kinds, region_code),
        contacts=_contacts(rng, {legal_rep}),
    )


def _stage(rng: random.Random, revenue_2024: int) -> str:
    """Small firms are still in R&D or pilot; large ones produce and sell."""
    if revenue_2024 < 60_000_000:
        return rng.choice((Stage.RND, Stage.PILOT))
    if revenue_2024 < 120_000_000:
        return rng.choice((Stage.PILOT, Stage.PRODUCTION))
    return rng.choice((Stage.PRODUCTION, Stage.PRODUCTION, Stage.SALES))


def _sample_sizes() -> list[int]:
    """2024 revenue of each generated MedPark firm: spread, summing with the named ones to
    the demo's MedPark total."""
    named = sum(f.revenue_2024 for f in seed.NAMED_FIRMS if f.park == seed.MEDPARK)
    weights = [_rng("size", name).lognormvariate(0, 0.7) for name, *_ in seed.SAMPLE_MEDPARK_FIRMS]
    remaining = seed.MEDPARK_REVENUE_2024 - named
    return [round(remaining * w / sum(weights)) for w in weights]


def _named_enterprise(firm: seed.NamedFirmSpec) -> EnterprisePlan:
    """A firm the seed document names, with its own figures and qualifications."""
    return _enterprise(
        name=firm.name,
        region_code=firm.region_code,
        industry_code=firm.industry_code,
        industry_name=firm.industry_name,
        stage=firm.stage,
        park=firm.park,
        segment=firm.segment,
        revenue_2024=firm.revenue_2024,
        founded_year=firm.founded_year,
        kinds=firm.qualifications,
        seed_named=True,
        org_is_sample=firm.org_is_sample,
    )


def _sample_enterprise(
    name: str, segment: str, code: str, industry: str, size: int
) -> EnterprisePlan:
    """A generated MedPark firm (示例): stage, founding year and qualifications drawn."""
    return _enterprise(
        name=name,
        region_code=seed.ZONE_REGION,
        industry_code=code,
        industry_name=industry,
        stage=_stage(_rng("stage", name), size),
        park=seed.MEDPARK,
        segment=segment,
        revenue_2024=size,
        founded_year=None,
        kinds=None,
        seed_named=False,
        org_is_sample=True,
    )


@cache
def build_plan() -> Plan:
    enterprises = [_named_enterprise(firm) for firm in seed.NAMED_FIRMS]
    for (name, segment, code, industry), size in zip(
        seed.SAMPLE_MEDPARK_FIRMS, _sample_sizes(), strict=True
    ):
        enterprises.append(_sample_enterprise(name, segment, code, industry, size))
    plan = Plan(
        organisations=seed.ORGANISATIONS,
        parks=seed.PARKS,
        enterprises=tuple(enterprises),
        accounts=seed.ACCOUNTS,
    )
    _check(plan)
    return plan


def _check(plan: Plan) -> None:
    """Fail loudly (at build time, in the tests) if generation ever produced a clash."""
    usccs = [e.uscc for e in plan.enterprises]
    certificates = [q.certificate_no for e in plan.enterprises for q in e.qualifications]
    names = [e.name for e in plan.enterprises] + [o.name for o in plan.organisations]
    for label, values in (("credit code", usccs), ("certificate", certificates), ("name", names)):
        if len(values) != len(set(values)):
            raise AssertionError(f"demo plan has a duplicate {label}")
    in_medpark = sum(1 for e in plan.enterprises if e.park == seed.MEDPARK)
    if in_medpark != seed.MEDPARK_SIGNED:
        raise AssertionError(f"demo plan has {in_medpark} MedPark firms, not {seed.MEDPARK_SIGNED}")
