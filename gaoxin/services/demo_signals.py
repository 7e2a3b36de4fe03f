"""Demo data of the services signals part (loader "services_signals"): the zone's signal rules
(the defaults, stored so the rules page shows who set them), a scan as of today so that the
advisors' desks and the officials' task list show real work (the demo's registry has
qualifications expiring within 90 days, near misses on the zone's policies and a first-set cap
at risk), and two sample resource matches of a MedPark enterprise: 红杉资本（示例） in talks, a
bank loan that succeeded with a reported amount. Idempotent: rules and matches are found by
their natural key, and a signal never creates a second task."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from gaoxin.accounts.models import User
from gaoxin.core.registry import demo_loader
from gaoxin.enterprises.models import Enterprise

from .choices import CounterpartKind, SignalKind
from .models import Advisor, ResourceMatch, SignalRule
from .services_signals import (
    effective_rule,
    follow_up_add,
    match_create,
    match_transition,
    signal_rule_set,
)
from .signals import signal_scan

# The contract names "services_advisors" and "innovation_projects" too; they are not on main
# yet (the lead adds them to AFTER at the merge, so that the scan routes to real advisors).
AFTER = [
    "zone",
    "policies",
    "firstset_supervision",
    "events",
    "services_advisors",
    "services_requests",
    "innovation_projects",
]
OFFICIAL = "lili"
MEDPARK_FIRM = "河南明视医学影像设备有限公司"


@dataclass
class SignalsDemoReport:
    rules: int = 0
    created: dict = field(default_factory=dict)
    matches: int = 0


def describe(report: SignalsDemoReport) -> list[str]:
    lines = [f"Services signals: {sum(report.created.values())} new tasks {report.created}."]
    if report.rules or report.matches:
        lines.append(f"  {report.rules} signal rules stored, {report.matches} sample matches.")
    return lines


def _rules(official, zone) -> int:
    stored = 0
    for kind in SignalKind.values:
        if SignalRule.objects.filter(zone=zone, kind=kind).exists():
            continue
        rule = effective_rule(zone, kind)
        signal_rule_set(
            actor=official,
            zone=zone,
            kind=kind,
            enabled=rule.enabled,
            action=rule.action,
            domain=rule.domain,
            params=rule.params or None,
        )
        stored += 1
    return stored


def _advisor(zone, code: str):
    return (
        Advisor.objects.filter(zone=zone, domains__code=code).order_by("pk").first()
        or Advisor.objects.filter(zone=zone).order_by("pk").first()
    )


def _matches(official, zone) -> int:
    enterprise = Enterprise.objects.filter(name=MEDPARK_FIRM, zone=zone).first()
    if enterprise is None:
        enterprise = Enterprise.objects.filter(zone=zone, park__name__contains="MedPark").first()
    if enterprise is None:
        return 0
    today = timezone.localdate()
    made = 0
    investor = "红杉资本（示例）"
    if not ResourceMatch.objects.filter(enterprise=enterprise, counterpart_name=investor).exists():
        match = match_create(
            actor=official,
            data={
                "enterprise": enterprise,
                "kind": CounterpartKind.INVESTOR,
                "counterpart_name": investor,
                "need": "B 轮融资，用于医学影像设备注册检验与产线扩建（示例）。",
                "advisor": _advisor(zone, "capital"),
                "next_follow_up": today + datetime.timedelta(days=10),
            },
            is_sample=True,
        )
        match_transition(
            actor=official,
            match=match,
            name="introduce",
            reason="顾问引荐，双方首次线上沟通（示例）。",
            next_follow_up=today + datetime.timedelta(days=7),
        )
        match_transition(
            actor=official,
            match=match,
            name="negotiate",
            reason="已签保密协议，进入尽调（示例）。",
            next_follow_up=today + datetime.timedelta(days=14),
        )
        follow_up_add(
            actor=official,
            match=match,
            happened_on=today - datetime.timedelta(days=2),
            note="投资方完成实地走访，待补充临床数据（示例）。",
            next_follow_up=today + datetime.timedelta(days=14),
        )
        made += 1
    bank = "郑州银行高新区支行（示例）"
    if not ResourceMatch.objects.filter(enterprise=enterprise, counterpart_name=bank).exists():
        match = match_create(
            actor=official,
            data={
                "enterprise": enterprise,
                "kind": CounterpartKind.BANK,
                "counterpart_name": bank,
                "need": "科技贷流动资金贷款（示例）。",
                "advisor": _advisor(zone, "bank_credit"),
            },
            is_sample=True,
        )
        match_transition(actor=official, match=match, name="introduce", reason="银企对接会引荐。")
        match_transition(
            actor=official,
            match=match,
            name="succeed",
            reason="获批科技贷 500 万元（企业自报，未核验）（示例）。",
            amount=Decimal("5000000.00"),
        )
        made += 1
    return made


@demo_loader("services_signals", order=95, after=AFTER, describe=describe)
def load_signals_demo() -> SignalsDemoReport:
    official = User.objects.filter(username=OFFICIAL).first()
    report = SignalsDemoReport()
    if official is None or official.zone is None:
        return report
    zone = official.zone
    report.rules = _rules(official, zone)
    report.matches = _matches(official, zone)
    report.created = signal_scan(actor=None, zone=zone)
    return report
