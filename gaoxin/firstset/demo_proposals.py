"""The first-set proposals demo (a @demo_loader of its own): two catalog revision proposals
of the demo's enterprises, made through the service as their users would (idempotent)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from gaoxin.core.registry import demo_loader

from .choices import Direction, ProposalKind
from .models import CatalogEntry, CatalogProposal
from .services_proposals import current_edition, proposal_create

SAIWEI = {
    "user": "saiwei",
    "kind": ProposalKind.CHANGE_INDICATOR,
    "entry": "重载工业机器人",
    "indicator_name": "重复定位精度(±)",
    "proposed_threshold": "0.08",
    "justification": (
        "国内主流重载机器人整机的重复定位精度已普遍达到±0.05~±0.08 mm，"
        "现行±0.1 mm 门槛已不能体现首台(套)的先进性，建议收紧至±0.08 mm。"
    ),
}
HENGTIAN = {
    "user": "hengtian",
    "kind": ProposalKind.NEW_ENTRY,
    "field_name": "节能环保装备",
    "equipment_name": "含油污泥热解析处理装备",
    "indicator_name": "处理后固相含油率",
    "direction": Direction.AT_MOST,
    "proposed_threshold": "0.2",
    "unit": "%",
    "justification": (
        "热解析工艺处理含油污泥后固相含油率可稳定低于0.2%，可回收油品，"
        "与现有萃取类成套装备技术路线不同，建议作为单独条目列入目录。"
    ),
}


@dataclass
class ProposalsDemoReport:
    created: list[str] = field(default_factory=list)


def describe(report: ProposalsDemoReport) -> list[str]:
    if not report.created:
        return []
    return [f"首台(套) catalog revision proposals loaded: {', '.join(report.created)}."]


@demo_loader("firstset_proposals", order=73, after=["zone", "firstset"], describe=describe)
def load_proposals_demo() -> ProposalsDemoReport:
    report = ProposalsDemoReport()
    edition = current_edition()
    if edition is None:
        return report
    for spec in (SAIWEI, HENGTIAN):
        _proposal(dict(spec), edition, report)
    return report


def _proposal(spec: dict, edition, report: ProposalsDemoReport) -> None:
    user = get_user_model().objects.filter(username=spec.pop("user")).first()
    if user is None or user.organisation_id is None:
        return
    if spec["kind"] == ProposalKind.CHANGE_INDICATOR:
        spec["entry"] = CatalogEntry.objects.filter(
            edition=edition, equipment_name=spec["entry"]
        ).first()
        if spec["entry"] is None:
            return
    exists = CatalogProposal.objects.filter(
        enterprise__organisation=user.organisation,
        edition=edition,
        indicator_name=spec["indicator_name"],
        kind=spec["kind"],
    ).exists()
    if not exists:
        proposal = proposal_create(actor=user, data=spec)
        report.created.append(proposal.equipment_name)
