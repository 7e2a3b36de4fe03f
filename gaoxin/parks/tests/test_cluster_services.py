"""The clusters' services: who may write, what they refuse (on which field), what they audit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.experts.tests.factories import ExpertFactory
from gaoxin.parks import clusters
from gaoxin.parks.models import ChainSegment, Cluster

from .cluster_factories import cluster_of, firm, lead, member, segment, target

ZO, PO = Role.ZONE_OFFICIAL, Role.PARK_OPERATOR


def _refused(call, field=None, code=None):
    with pytest.raises(DomainError) as exc:
        call()
    if field is not None:
        assert exc.value.field == field, exc.value.message
    if code is not None:
        assert exc.value.code == code
    return exc.value


@pytest.mark.django_db
def test_cluster_create_by_zone_official_is_audited(world):
    a = world.a
    cluster = clusters.cluster_create(
        actor=a.users[ZO], zone=a.zone, name=" 医疗器械 ", parks=[a.park]
    )
    assert cluster.name == "医疗器械" and list(cluster.parks.all()) == [a.park]
    event = AuditEvent.objects.get(action="parks.cluster.create")
    assert event.object_id == str(cluster.pk) and event.actor == a.users[ZO]
    _refused(
        lambda: clusters.cluster_create(actor=a.users[ZO], zone=a.zone, name="医疗器械"),
        field="name",
        code="duplicate",
    )


@pytest.mark.django_db
def test_cluster_create_refusals(world):
    a, b = world.a, world.b
    with pytest.raises(PermissionDeniedError):
        clusters.cluster_create(actor=a.users[PO], zone=a.zone, name="x")
    with pytest.raises(PermissionDeniedError):
        clusters.cluster_create(actor=b.users[ZO], zone=a.zone, name="x")
    _refused(
        lambda: clusters.cluster_create(actor=a.users[ZO], zone=a.zone, name="x", parks=[b.park]),
        field="parks",
    )
    _refused(lambda: clusters.cluster_create(actor=a.users[ZO], zone=a.zone, name=" "), "name")
    assert not Cluster.objects.exists()


@pytest.mark.django_db
def test_cluster_update_records_changes(world):
    cluster = cluster_of(world.a)
    clusters.cluster_update(
        actor=world.a.users[ZO], cluster=cluster, name="医疗器械集群", description="d", parks=[]
    )
    event = AuditEvent.objects.get(action="parks.cluster.update")
    assert event.data["changes"]["name"] == ["医疗器械", "医疗器械集群"]
    assert event.data["changes"]["parks"] == [[world.a.park.name], []]


@pytest.mark.django_db
def test_segment_tree_rules(world):
    a = world.a
    cluster = cluster_of(a)
    top = clusters.segment_create(
        actor=a.users[PO], cluster=cluster, data={"name": "上游", "position": "upstream"}
    )
    child = clusters.segment_create(
        actor=a.users[ZO],
        cluster=cluster,
        data={"name": "零部件", "position": "downstream", "parent": top},
    )
    assert child.position == "upstream"  # a sub-segment takes its parent's position
    assert AuditEvent.objects.filter(action="parks.segment.create").count() == 2
    # no cycle: the parent cannot be placed under its own child
    _refused(
        lambda: clusters.segment_update(
            actor=a.users[ZO], segment=top, data={"name": "上游", "parent": child}
        ),
        field="parent",
    )
    _refused(
        lambda: clusters.segment_update(
            actor=a.users[ZO], segment=top, data={"name": "上游", "parent": top}
        ),
        field="parent",
    )
    # the parent is a segment of the same cluster
    elsewhere = segment(cluster_of(a, name="别的"), "别处")
    _refused(
        lambda: clusters.segment_create(
            actor=a.users[ZO], cluster=cluster, data={"name": "x", "parent": elsewhere}
        ),
        field="parent",
    )
    _refused(
        lambda: clusters.segment_create(
            actor=a.users[ZO], cluster=cluster, data={"name": "零部件", "position": "upstream"}
        ),
        field="name",
        code="duplicate",
    )
    _refused(
        lambda: clusters.segment_create(
            actor=a.users[ZO], cluster=cluster, data={"name": "y", "position": "sideways"}
        ),
        field="position",
    )
    top.refresh_from_db()
    assert top.parent is None


@pytest.mark.django_db
def test_segment_update_moves_sub_segments_position(world):
    cluster = cluster_of(world.a)
    top = segment(cluster, "环节", "upstream")
    child = segment(cluster, "子环节", parent=top)
    clusters.segment_update(
        actor=world.a.users[ZO], segment=top, data={"name": "环节", "position": "downstream"}
    )
    child.refresh_from_db()
    assert child.position == "downstream"
    event = AuditEvent.objects.get(action="parks.segment.update")
    assert event.data["changes"]["position"] == ["upstream", "downstream"]


@pytest.mark.django_db
def test_managers_are_the_zone_and_the_operators_of_its_parks(world):
    cluster = cluster_of(world.a)
    data = {"name": "x", "position": "upstream"}
    for user in (world.b.users[ZO], world.b.users[PO], world.a.users[Role.PROVINCIAL_REVIEWER]):
        with pytest.raises(PermissionDeniedError):
            clusters.segment_create(actor=user, cluster=cluster, data=data)
    assert not ChainSegment.objects.exists()


@pytest.mark.django_db
def test_segment_delete_only_when_empty(world):
    a = world.a
    cluster = cluster_of(a)
    seg = segment(cluster, "环节")
    child = segment(cluster, "子环节", parent=seg)
    _refused(lambda: clusters.segment_delete(actor=a.users[ZO], segment=seg), code="not_empty")
    enterprise = firm(a)
    member(child, enterprise)
    _refused(lambda: clusters.segment_delete(actor=a.users[ZO], segment=child))
    clusters.membership_remove(actor=a.users[ZO], segment=child, enterprise=enterprise)
    the_lead = lead(a, child)
    _refused(lambda: clusters.segment_delete(actor=a.users[ZO], segment=child))
    the_lead.delete()
    clusters.segment_delete(actor=a.users[PO], segment=child)
    assert not ChainSegment.objects.filter(name="子环节").exists()
    assert AuditEvent.objects.filter(action="parks.segment.delete").count() == 1


@pytest.mark.django_db
def test_membership_add_and_remove(world):
    a, b = world.a, world.b
    seg = segment(cluster_of(a), "环节")
    membership = clusters.membership_add(
        actor=a.users[PO], segment=seg, enterprise=a.enterprise, note=" 龙头 "
    )
    assert membership.note == "龙头"
    assert AuditEvent.objects.get(action="parks.membership.add").data["enterprise"] == (
        a.enterprise.pk
    )
    _refused(
        lambda: clusters.membership_add(actor=a.users[ZO], segment=seg, enterprise=a.enterprise),
        field="enterprise",
        code="duplicate",
    )
    _refused(
        lambda: clusters.membership_add(actor=a.users[ZO], segment=seg, enterprise=b.enterprise),
        field="enterprise",
    )
    with pytest.raises(PermissionDeniedError):
        clusters.membership_remove(actor=b.users[ZO], segment=seg, enterprise=a.enterprise)
    clusters.membership_remove(actor=a.users[ZO], segment=seg, enterprise=a.enterprise)
    assert not seg.memberships.exists()
    assert AuditEvent.objects.filter(action="parks.membership.remove").count() == 1
    _refused(
        lambda: clusters.membership_remove(actor=a.users[ZO], segment=seg, enterprise=a.enterprise),
        field="enterprise",
    )


@pytest.mark.django_db
def test_advisors_are_experts_of_the_zone(world):
    seg = segment(cluster_of(world.a), "环节")
    ours, theirs = ExpertFactory(zone=world.a.zone), ExpertFactory(zone=world.b.zone)
    _refused(
        lambda: clusters.segment_set_advisors(
            actor=world.a.users[ZO], segment=seg, experts=[ours, theirs]
        ),
        field="advisors",
    )
    clusters.segment_set_advisors(actor=world.a.users[ZO], segment=seg, experts=[ours])
    assert list(seg.advisors.all()) == [ours]
    event = AuditEvent.objects.get(action="parks.segment.advisors")
    assert event.data["changes"]["advisors"] == [[], [ours.name]]


@pytest.mark.django_db
def test_target_and_milestones(world):
    a = world.a
    cluster = cluster_of(a)
    data = {
        "name": "百亿目标",
        "segment": None,
        "metric": "output_value",
        "base_year": 2024,
        "target_year": 2028,
        "amount": "10000000000",
    }
    t = clusters.target_create(actor=a.users[PO], cluster=cluster, data=data)
    assert t.amount == Decimal("10000000000.00")
    _refused(
        lambda: clusters.target_create(
            actor=a.users[ZO], cluster=cluster, data={**data, "target_year": 2023}
        ),
        field="target_year",
    )
    _refused(
        lambda: clusters.target_create(
            actor=a.users[ZO], cluster=cluster, data={**data, "amount": "-1"}
        ),
        field="amount",
    )
    _refused(
        lambda: clusters.target_create(
            actor=a.users[ZO], cluster=cluster, data={**data, "amount": 1.5}
        ),
        field="amount",
    )
    other = segment(cluster_of(a, name="别的"), "别处")
    _refused(
        lambda: clusters.target_create(
            actor=a.users[ZO], cluster=cluster, data={**data, "segment": other}
        ),
        field="segment",
    )
    m = clusters.milestone_set(actor=a.users[ZO], target=t, year=2025, amount="4500000000")
    assert m.amount == Decimal("4500000000.00")
    clusters.milestone_set(actor=a.users[ZO], target=t, year=2025, amount="5000000000")
    assert t.milestones.get().amount == Decimal("5000000000.00")
    for year in (2023, 2029):
        _refused(
            lambda year=year: clusters.milestone_set(
                actor=a.users[ZO], target=t, year=year, amount="1"
            ),
            field="year",
        )
    # the years cannot shrink past a milestone
    _refused(
        lambda: clusters.target_update(
            actor=a.users[ZO], target=t, data={**data, "base_year": 2026}
        ),
        field="target_year",
    )
    assert t.base_year == 2024  # the refused edit changed neither the row nor the object
    t.refresh_from_db()
    assert t.base_year == 2024
    assert clusters.milestone_set(actor=a.users[ZO], target=t, year=2025, amount="") is None
    assert not t.milestones.exists()
    events = AuditEvent.objects.filter(action="parks.milestone.set")
    assert events.count() == 3
    assert events.order_by("pk").last().data["changes"]["amount"] == ["5000000000.00", None]
    with pytest.raises(PermissionDeniedError):
        clusters.milestone_set(actor=world.b.users[ZO], target=t, year=2025, amount="1")


@pytest.mark.django_db
def test_target_update_is_audited(world):
    t = target(cluster_of(world.a), amount="100")
    data = {
        "name": "新目标",
        "metric": "revenue",
        "base_year": 2024,
        "target_year": 2028,
        "amount": "200",
    }
    clusters.target_update(actor=world.a.users[ZO], target=t, data=data)
    event = AuditEvent.objects.get(action="parks.target.update")
    assert event.data["changes"]["metric"] == ["output_value", "revenue"]
