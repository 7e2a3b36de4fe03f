"""The clusters demo: the cluster 医疗器械 of MedPark, its chain (both kinds of gap), the
memberships from the seed's segments, the advisors, the target with milestones, demo
policies naming segments of the map; loading twice changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gaoxin.audit.models import AuditEvent
from gaoxin.demo.loader import load_demo
from gaoxin.experts.demo import load_experts_demo
from gaoxin.parks import cluster_selectors as selectors
from gaoxin.parks.cluster_demo import TARGET_NAME, load_clusters_demo
from gaoxin.parks.models import ChainSegment, Cluster, SegmentMembership
from gaoxin.parks.targets import target_progress
from gaoxin.policies.demo import load_policies_demo
from gaoxin.policies.models import Policy

pytestmark = pytest.mark.django_db


def test_demo_cluster_chain_target_idempotent():
    load_demo()
    load_policies_demo()
    load_experts_demo()
    report = load_clusters_demo()
    assert (report.clusters, report.segments, report.targets) == (1, 10, 1)
    cluster = Cluster.objects.get(name="医疗器械")
    assert [p.name for p in cluster.parks.all()] == ["郑州高新MedPark·医械产业园"]
    assert ChainSegment.objects.get(name="医学影像设备").parent.name == "中游·医疗器械整机"
    assert SegmentMembership.objects.filter(segment__name="体外诊断试剂").count() == 6
    assert report.memberships == SegmentMembership.objects.count() == 19
    rows = {r["segment"].name: r for r in selectors.chain_rows(cluster)}
    assert rows["关键零部件"]["gap"] == "rnd_only" and rows["生物原料与试剂原料"]["gap"] == "empty"
    assert (
        rows["流通与数字医疗服务"]["gap"] == "empty" and rows["注册检测与临床服务"]["gap"] is None
    )
    assert [a.name for a in rows["注册检测与临床服务"]["advisors"]] == ["万飞", "钱律（示例）"]
    named = {name for p in Policy.objects.all() for name in p.segment_list}
    assert {"医学影像设备", "关键零部件"} <= named and named & set(rows) == named - {"装备制造"}
    target = cluster.targets.get()
    assert target.name == TARGET_NAME and target.amount == Decimal("10000000000.00")
    assert (target.base_year, target.target_year, target.is_sample) == (2024, 2028, False)
    assert "百亿级医疗器械产业集聚区" in target.source
    progress = {r["year"]: r for r in target_progress(target)}
    assert progress[2024]["actual"] > 0 and progress[2028]["milestone"] == target.amount
    assert AuditEvent.objects.filter(action="parks.demo.clusters").count() == 1

    again = load_clusters_demo()
    assert again.created == 0
    assert SegmentMembership.objects.count() == 19 and ChainSegment.objects.count() == 10
    assert AuditEvent.objects.filter(action="parks.demo.clusters").count() == 1
