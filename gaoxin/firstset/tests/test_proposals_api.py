"""The catalog revision proposals API: scoped reads, enterprise-only writes, 400 naming fields."""

from __future__ import annotations

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent

from ..models import CatalogProposal
from .factories_proposals import JUSTIFICATION, new_entry_proposal

pytestmark = pytest.mark.django_db

EU, ZO, PR = Role.ENTERPRISE_USER, Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER


def change(robot, **overrides):
    return {
        "kind": "change_indicator",
        "entry": robot.pk,
        "indicator_name": "重复定位精度",
        "proposed_threshold": "0.08",
        "justification": JUSTIFICATION,
        **overrides,
    }


def test_an_enterprise_user_proposes_through_the_api(world, robot, api):
    response = api(world.a.users[EU]).post("/firstset/proposals", change(robot))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["current_threshold"] == "0.1" and body["proposed_threshold"] == "0.08"
    assert body["enterprise"] == world.a.enterprise.pk and body["status"] == "submitted"
    assert AuditEvent.objects.filter(action="firstset.proposal.create").count() == 1


def test_a_wrong_indicator_is_400_naming_the_field(world, robot, api):
    response = api(world.a.users[EU]).post(
        "/firstset/proposals", change(robot, indicator_name="不存在的指标")
    )
    assert response.status_code == 400
    assert "indicator_name" in response.content.decode()
    assert not CatalogProposal.objects.exists()


def test_a_new_entry_without_its_equipment_is_400(world, edition, api):
    body = {
        "kind": "new_entry", "field_name": "节能环保装备", "indicator_name": "处理能力",
        "direction": ">=", "proposed_threshold": "100", "justification": JUSTIFICATION,
    }  # fmt: skip
    response = api(world.a.users[EU]).post("/firstset/proposals", body)
    assert response.status_code == 400
    assert "equipment_name" in response.content.decode()


@pytest.mark.parametrize("role", [ZO, PR])
def test_officials_do_not_propose(world, robot, api, role):
    assert api(world.a.users[role]).post("/firstset/proposals", change(robot)).status_code == 403


def test_reads_are_scoped(world, edition, api):
    mine = new_entry_proposal(world.a, edition)
    theirs = new_entry_proposal(world.b, edition)
    for role in (EU, ZO, PR):
        client = api(world.a.users[role])
        rows = client.get("/firstset/proposals").json()["items"]
        assert [row["id"] for row in rows] == [mine.pk], role
        assert client.get(f"/firstset/proposals/{theirs.pk}").status_code == 404
        assert client.get(f"/firstset/proposals/{mine.pk}").status_code == 200
    assert api(world.a.users[Role.AUDITOR]).get("/firstset/proposals").status_code == 403
