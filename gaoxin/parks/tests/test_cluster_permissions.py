"""The permission matrix of every clusters URL (tests/test_permission_matrix.py points here):
each role of side A on side A's cluster, the same roles of side B (404 for side A's objects),
and anonymous visitors (sent to log in)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gaoxin.accounts.choices import Role

from .cluster_factories import cluster_of, member, segment, target

ALL_ROLES = [r.value for r in Role]
ZO, PO, PR = Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER
READERS = {ZO: 200, PO: 200, PR: 200}
MANAGERS = {ZO: 200, PO: 200, PR: 403}
OFFICIALS = {ZO: 200, PO: 403, PR: 403}


@pytest.fixture
def c(world):
    cluster = cluster_of(world.a)
    seg = segment(cluster, "环节")
    empty = segment(cluster, "空环节")
    member(seg, world.a.enterprise)
    world.cluster, world.seg, world.empty = cluster, seg, empty
    world.target = target(cluster, amount="1000")
    return world


def cl(w):
    return [w.cluster.pk]


def sg(w):
    return [w.seg.pk]


# name: (args(w) or None, allowed for side A's roles, side B's status for those roles)
MATRIX = {
    "clusters:list": (None, READERS, 200),
    "clusters:create": (None, OFFICIALS, 200),
    "clusters:detail": (cl, READERS, 404),
    "clusters:update": (cl, OFFICIALS, 404),
    "clusters:export": (cl, READERS, 404),
    "clusters:segment_create": (cl, MANAGERS, 404),
    "clusters:targets": (cl, READERS, 404),
    "clusters:targets_export": (cl, READERS, 404),
    "clusters:target_create": (cl, MANAGERS, 404),
    "clusters:segment": (sg, READERS, 404),
    "clusters:segment_update": (sg, MANAGERS, 404),
    "clusters:segment_delete": (lambda w: [w.empty.pk], MANAGERS, 404),
    "clusters:segment_advisors": (sg, MANAGERS, 404),
    "clusters:membership_add": (sg, MANAGERS, 404),
    "clusters:membership_remove": (
        lambda w: [w.seg.pk, w.a.enterprise.pk],
        MANAGERS,
        404,
    ),
    "clusters:target_update": (lambda w: [w.target.pk], MANAGERS, 404),
    "clusters:milestone_set": (lambda w: [w.target.pk], MANAGERS, 404),
}


def _url(name, w):
    args, _allowed, _other = MATRIX[name]
    return reverse(name, args=args(w) if args else None)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_role_of_side_a(c, name):
    url = _url(name, c)
    assert Client().get(url).status_code == 302  # anonymous: to the login page
    allowed = MATRIX[name][1]
    for role in ALL_ROLES:
        client = Client()
        client.force_login(c.a.users[role])
        status = client.get(url).status_code
        assert status == allowed.get(role, 403), (role, status)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_side_b_gets_not_found(c, name):
    url = _url(name, c)
    _args, allowed, other = MATRIX[name]
    for role, status in allowed.items():
        if status != 200:
            continue
        client = Client()
        client.force_login(c.b.users[role])
        assert client.get(url).status_code == other, role


@pytest.mark.django_db
def test_posts_of_side_b_change_nothing(c):
    """A guessed id of side A's objects, posted by side B's managers: 404, nothing changes."""
    posts = [
        ("clusters:membership_remove", [c.seg.pk, c.a.enterprise.pk], {}),
        ("clusters:segment_delete", [c.empty.pk], {}),
        ("clusters:membership_add", [c.seg.pk], {"enterprise": c.b.enterprise.pk}),
        ("clusters:milestone_set", [c.target.pk], {"year": 2025, "amount": "1"}),
    ]
    for role in (ZO, PO):
        client = Client()
        client.force_login(c.b.users[role])
        for name, args, data in posts:
            assert client.post(reverse(name, args=args), data).status_code == 404, name
    assert (
        c.seg.memberships.count() == 1 and c.empty.__class__.objects.filter(pk=c.empty.pk).exists()
    )
    assert not c.target.milestones.exists()
