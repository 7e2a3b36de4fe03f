"""Demo data of the advisor pool (loader "services_advisors", after experts and events).

The nine advisors are the experts appointed at the MedPark conference (the events demo's
``appointed_advisors``): 昝明辉 and 万飞, whom the seed names, and seven invented ones (their
names carry （示例）). Every Advisor row is marked ``is_sample``: the persons and organisations
of 昝明辉 and 万飞 come from the seed, but their domains, terms and loads are this demo's
reading, so the rows as a whole are invented. Domains fit the expert's fields and the seed's
topics (昝明辉 技术转化 · 科研成果转化, 万飞 合规运营 · 医疗器械注册合规, 红杉资本（示例） 资本对接
· 资本赋能路径 …); the term runs three years from the conference; at most five open requests.
One invented advisor is away until a date with a reason, so the routing shows an exclusion.
The zone's service settings (first response within 2 working days, 1 when urgent) are set
here too. Idempotent: an expert who is already an advisor is left as it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from gaoxin.accounts.models import Organisation
from gaoxin.core.registry import demo_loader
from gaoxin.events.demo import CONFERENCE, ZONE_NAME
from gaoxin.events.models import Event

from . import services_advisors as services
from .domains import ensure_standard_domains
from .models import Advisor, ServiceDomain, ServiceSettings

# expert name → the codes of their domains
DOMAINS = {
    "昝明辉": ("tech_transfer", "research_transfer"),
    "万飞": ("compliance", "device_registration"),
    "周明（示例）": ("tech_transfer", "research_transfer"),
    "钱律（示例）": ("compliance",),
    "孙资（示例）": ("capital", "capital_paths"),
    "吴工（示例）": ("device_registration", "supply_chain"),
    "郑衡（示例）": ("tech_transfer", "ip"),
    "冯财（示例）": ("capital", "bank_credit"),
    "蒋慧（示例）": ("compliance", "device_registration"),
}
FALLBACK = ("tech_transfer",)
AWAY = "蒋慧（示例）"
AWAY_DAYS = 14
AWAY_REASON = "赴外地参加医疗器械标准培训（示例）"
NOTE = "MedPark 产业生态规划发布会上聘任（示例）"


@dataclass
class AdvisorsDemoReport:
    advisors: int = 0
    settings: int = 0


def describe(report: AdvisorsDemoReport) -> list[str]:
    if not (report.advisors or report.settings):
        return []
    return [
        f"Advisor pool: {report.advisors} advisors appointed, "
        f"{report.settings} zone service settings added."
    ]


def _term_end(start: datetime.date) -> datetime.date:
    try:
        end = start.replace(year=start.year + 3)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + 3, day=28)
    return end - datetime.timedelta(days=1)


@demo_loader("services_advisors", order=90, after=["experts", "events"], describe=describe)
def load_services_advisors_demo() -> AdvisorsDemoReport:
    report = AdvisorsDemoReport()
    ensure_standard_domains()  # the browser tests load the demo into a flushed database
    zone = Organisation.objects.filter(name=ZONE_NAME).first()
    if zone is None:
        return report
    _settings, created = ServiceSettings.objects.get_or_create(
        zone=zone, defaults={"first_response_days": 2, "urgent_first_response_days": 1}
    )
    report.settings += int(created)
    event = Event.objects.filter(zone=zone, title=CONFERENCE).first()
    if event is None:
        return report
    experts = event.appointed_advisors.filter(zone=zone).order_by("pk")
    for expert in experts:
        if Advisor.objects.filter(expert=expert).exists():
            continue
        codes = DOMAINS.get(expert.name, FALLBACK)
        domains = list(ServiceDomain.objects.filter(code__in=codes))
        advisor = services.advisor_create(
            actor=None,
            expert=expert,
            domains=domains,
            data={
                "term_start": event.starts_on,
                "term_end": _term_end(event.starts_on),
                "max_load": 5,
                "appointed_at": event,
                "note": NOTE,
            },
            is_sample=True,
        )
        if expert.name == AWAY:
            services.advisor_set_availability(
                actor=None,
                advisor=advisor,
                available=False,
                unavailable_until=timezone.localdate() + datetime.timedelta(days=AWAY_DAYS),
                reason=AWAY_REASON,
            )
        report.advisors += 1
    return report
