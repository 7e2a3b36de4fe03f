"""The clusters demo ("clusters"): the cluster 医疗器械 of MedPark, its chain segments, the
firms in them, advisors, and the target 百亿 by 2028 (registered through ``demo.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.accounts.models import Organisation
from gaoxin.audit.services import record
from gaoxin.core.registry import demo_loader
from gaoxin.demo import seed
from gaoxin.enterprises.models import Enterprise
from gaoxin.experts.models import Expert
from gaoxin.policies.demo import ZONE_NAME

from . import clusters
from .choices import ChainPosition, TargetMetric
from .models import ChainSegment, Cluster, Park

# The cluster 医疗器械 of MedPark: the seed says the park "计划通过3年培育,打造中原地区首个百亿级
# 医疗器械产业集聚区" with a "研发一中试一生产一销售" loop; it names three product lines of the
# signed firms (医学影像设备, 体外诊断试剂, 智能康复器械, the demo firms' seed ``segment``). The
# rest of the chain (upstream, downstream, their segments), the placing of the firms without a
# segment, the advisors' segments and the milestones are assumptions (is_sample). The figures
# are the firms' output_value yearly facts (the two research institutes have none: they report
# revenue only).

DEMO_REASON = "示例数据: gaoxin load-demo"
CLUSTER_NAME = "医疗器械"
TARGET_NAME = "MedPark 百亿级医疗器械产业集群"
TARGET_SOURCE = "园区计划通过3年培育,打造中原地区首个百亿级医疗器械产业集聚区"
MEDPARK_NAME = next(p.name for p in seed.PARKS if p.key == seed.MEDPARK)

UPSTREAM = "上游·核心部件与原料"
MIDSTREAM = "中游·医疗器械整机"
DOWNSTREAM = "下游·应用与服务"
PARTS, MATERIALS = "关键零部件", "生物原料与试剂原料"
TESTING, DISTRIBUTION = "注册检测与临床服务", "流通与数字医疗服务"

# (name, position, parent, order)
SEGMENTS: tuple[tuple[str, str, str | None, int], ...] = (
    (UPSTREAM, ChainPosition.UPSTREAM, None, 1),
    (PARTS, ChainPosition.UPSTREAM, UPSTREAM, 1),
    (MATERIALS, ChainPosition.UPSTREAM, UPSTREAM, 2),
    (MIDSTREAM, ChainPosition.MIDSTREAM, None, 2),
    (seed.SEGMENT_IMAGING, ChainPosition.MIDSTREAM, MIDSTREAM, 1),
    (seed.SEGMENT_IVD, ChainPosition.MIDSTREAM, MIDSTREAM, 2),
    (seed.SEGMENT_REHAB, ChainPosition.MIDSTREAM, MIDSTREAM, 3),
    (DOWNSTREAM, ChainPosition.DOWNSTREAM, None, 3),
    (TESTING, ChainPosition.DOWNSTREAM, DOWNSTREAM, 1),
    (DISTRIBUTION, ChainPosition.DOWNSTREAM, DOWNSTREAM, 2),
)

# Firms the seed gives no segment: the R&D institute 北京理工大学郑州研究院 in 关键零部件 (a
# segment still at R&D: an investment target), 河南协同空间技术研究院 (pilot) in 注册检测与临床
# 服务, 河南正谦医疗 (a maker of devices, its line unknown) in the midstream segment itself.
# 生物原料与试剂原料 and 流通与数字医疗服务 stay empty (the other kind of gap).
EXTRA_MEMBERS: tuple[tuple[str, str], ...] = (
    ("北京理工大学郑州研究院", PARTS),
    ("河南协同空间技术研究院", TESTING),
    ("河南正谦医疗科技有限公司", MIDSTREAM),
)

ADVISORS: tuple[tuple[str, str], ...] = (
    ("昝明辉", PARTS),
    ("周明（示例）", PARTS),
    ("万飞", TESTING),
    ("钱律（示例）", TESTING),
    ("付豪", MIDSTREAM),
    ("吴工（示例）", DISTRIBUTION),
    ("孙资（示例）", MATERIALS),
)

MILESTONES = {
    2025: Decimal("4500000000.00"),
    2026: Decimal("6000000000.00"),
    2027: Decimal("8000000000.00"),
    2028: Decimal("10000000000.00"),
}


@dataclass
class ClustersDemoReport:
    clusters: int = 0
    segments: int = 0
    memberships: int = 0
    targets: int = 0

    @property
    def created(self) -> int:
        return self.clusters + self.segments + self.memberships + self.targets


def describe_clusters(report: ClustersDemoReport) -> list[str]:
    if not report.created:
        return []
    return [
        f"Clusters: {report.clusters} cluster(s), {report.segments} segment(s), "
        f"{report.memberships} membership(s), {report.targets} target(s) created."
    ]


def _cluster(zone, report: ClustersDemoReport) -> Cluster:
    cluster = Cluster.objects.filter(zone=zone, name=CLUSTER_NAME).first()
    if cluster is None:
        cluster = clusters.cluster_create(
            actor=None,
            zone=zone,
            name=CLUSTER_NAME,
            description="MedPark 医疗器械产业集群：从核心部件、整机到注册检测与流通服务。",
            parks=Park.objects.filter(name=MEDPARK_NAME),
        )
        report.clusters += 1
    return cluster


def _segments(cluster: Cluster, report: ClustersDemoReport) -> dict[str, ChainSegment]:
    found = {s.name: s for s in cluster.segments.all()}
    for name, position, parent, order in SEGMENTS:
        if name in found:
            continue
        data = {"name": name, "position": position, "parent": found.get(parent), "order": order}
        found[name] = clusters.segment_create(
            actor=None, cluster=cluster, data=data, is_sample=True
        )
        report.segments += 1
    return found


def _members(zone, segments: dict[str, ChainSegment], report: ClustersDemoReport) -> None:
    placed = [(f.name, f.segment) for f in seed.NAMED_FIRMS if f.segment]
    placed += [(name, segment) for name, segment, _code, _industry in seed.SAMPLE_MEDPARK_FIRMS]
    placed += list(EXTRA_MEMBERS)
    firms = {
        e.name: e for e in Enterprise.objects.filter(zone=zone, name__in=[n for n, _ in placed])
    }
    for name, segment_name in placed:
        segment, firm = segments[segment_name], firms.get(name)
        if firm is None or segment.memberships.filter(enterprise=firm).exists():
            continue
        clusters.membership_add(actor=None, segment=segment, enterprise=firm, is_sample=True)
        report.memberships += 1


def _advisors(zone, segments: dict[str, ChainSegment]) -> None:
    """Set when the segments are first created (later edits on the page are kept)."""
    experts = {e.name: e for e in Expert.objects.filter(zone=zone)}
    chosen: dict[str, list[Expert]] = {}
    for name, segment_name in ADVISORS:
        if name in experts:
            chosen.setdefault(segment_name, []).append(experts[name])
    for segment_name, advisors in chosen.items():
        clusters.segment_set_advisors(actor=None, segment=segments[segment_name], experts=advisors)


def _target(cluster: Cluster, report: ClustersDemoReport) -> None:
    if cluster.targets.filter(name=TARGET_NAME).exists():
        return
    data = {
        "name": TARGET_NAME,
        "segment": None,
        "metric": TargetMetric.OUTPUT_VALUE,
        "base_year": 2024,
        "target_year": 2028,
        "amount": Decimal("10000000000.00"),
        "source": TARGET_SOURCE,
    }
    target = clusters.target_create(actor=None, cluster=cluster, data=data)
    for year, amount in MILESTONES.items():
        clusters.milestone_set(actor=None, target=target, year=year, amount=amount)
    report.targets += 1


@demo_loader(
    "clusters",
    order=60,
    after=["zone", "experts", "policies"],
    describe=describe_clusters,
)
def load_clusters_demo() -> ClustersDemoReport:
    """The cluster 医疗器械 with its chain, memberships, advisors and target (idempotent)."""
    report = ClustersDemoReport()
    zone = Organisation.objects.filter(name=ZONE_NAME).first()
    if zone is None:
        return report
    with transaction.atomic():
        cluster = _cluster(zone, report)
        segments = _segments(cluster, report)
        _members(zone, segments, report)
        if report.segments:
            _advisors(zone, segments)
        _target(cluster, report)
        if report.created:
            record(
                action="parks.demo.clusters",
                actor=None,
                obj=cluster,
                summary=_("Loaded the sample cluster %(name)s") % {"name": cluster.name},
                data={
                    "segments": report.segments,
                    "memberships": report.memberships,
                    "targets": report.targets,
                },
                reason=DEMO_REASON,
            )
    return report
