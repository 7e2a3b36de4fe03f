"""Catalog revision proposals (目录修订建议): pages, scoping, the review and the export."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent

from ..choices import ProposalKind, ProposalStatus
from ..models import CatalogProposal
from .factories import robot_entry
from .factories_proposals import JUSTIFICATION, new_entry_proposal

pytestmark = pytest.mark.django_db

EU, ZO, PR = Role.ENTERPRISE_USER, Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER


def _repeatability(entry):
    return entry.indicators.get(name="重复定位精度")


def test_an_enterprise_user_proposes_a_changed_indicator(world, robot, as_user):
    client = as_user(world.a.users[EU])
    page = client.get(reverse("firstset:proposal_create"))
    assert "One indicator per proposal" in page.content.decode()
    response = client.post(
        reverse("firstset:proposal_create"),
        {
            "kind": ProposalKind.CHANGE_INDICATOR,
            "indicator": _repeatability(robot).pk,
            "proposed_threshold": "0.08",
            "justification": JUSTIFICATION,
        },
    )
    proposal = CatalogProposal.objects.get()
    assert response.status_code == 302
    assert proposal.enterprise == world.a.enterprise
    assert (proposal.entry, proposal.indicator_name) == (robot, "重复定位精度")
    assert proposal.direction == "<=" and proposal.unit == "mm"
    assert proposal.proposed_threshold == Decimal("0.08")
    event = AuditEvent.objects.get(action="firstset.proposal.create")
    assert event.actor == world.a.users[EU]
    detail = client.get(reverse("firstset:proposal_detail", args=[proposal.pk])).content.decode()
    assert "≤ 0.1 mm" in detail  # the current threshold beside the proposed one
    assert "≤ 0.08 mm" in detail


def new_entry_data(**overrides):
    return {
        "kind": ProposalKind.NEW_ENTRY,
        "field_name": "节能环保装备",
        "equipment_name": "含油污泥热解析处理装备",
        "indicator_name": "处理后固相含油率",
        "direction": "<=",
        "proposed_threshold": "0.2",
        "justification": JUSTIFICATION,
        **overrides,
    }


def test_a_new_entry_needs_its_indicator_and_a_justification(world, edition, as_user):
    client = as_user(world.a.users[EU])
    url = reverse("firstset:proposal_create")
    response = client.post(url, new_entry_data(justification="太短"))
    assert "justification" in response.context["form"].errors
    response = client.post(url, new_entry_data(indicator_name=""))
    assert "Indicator: name the main technical indicator." in str(
        response.context["form"].errors["indicator_name"]
    )
    assert not CatalogProposal.objects.exists()
    assert client.post(url, new_entry_data()).status_code == 302
    assert CatalogProposal.objects.get().edition == edition


def test_a_changed_indicator_needs_the_indicator(world, robot, as_user):
    client = as_user(world.a.users[EU])
    response = client.post(
        reverse("firstset:proposal_create"),
        {"kind": ProposalKind.CHANGE_INDICATOR, "proposed_threshold": "1",
         "justification": JUSTIFICATION},
    )  # fmt: skip
    assert "indicator" in response.context["form"].errors
    assert not CatalogProposal.objects.exists()


def test_who_sees_which_proposals(world, edition, as_user):
    mine = new_entry_proposal(world.a, edition)
    theirs = new_entry_proposal(world.b, edition, equipment_name="另一装备")
    for role in (EU, ZO, PR):
        page = as_user(world.a.users[role]).get(reverse("firstset:proposal_list"))
        assert list(page.context["page_obj"]) == [mine], role
        other = as_user(world.a.users[role]).get(
            reverse("firstset:proposal_detail", args=[theirs.pk])
        )
        assert other.status_code == 404, role


def test_the_list_filters_paginates_and_has_an_empty_state(world, edition, as_user):
    client = as_user(world.a.users[ZO])
    assert 'data-testid="no-proposals"' in client.get(reverse("firstset:proposal_list")).text
    for number in range(21):
        new_entry_proposal(world.a, edition, equipment_name=f"装备{number}")
    new_entry_proposal(world.a, edition, status=ProposalStatus.DECLINED, comment="不采纳")
    page = client.get(reverse("firstset:proposal_list")).context["page_obj"]
    assert (len(page.object_list), page.paginator.count) == (20, 22)
    declined = client.get(reverse("firstset:proposal_list"), {"status": "declined"})
    assert [p.comment for p in declined.context["page_obj"]] == ["不采纳"]
    changed = client.get(reverse("firstset:proposal_list"), {"kind": "change_indicator"})
    assert not changed.context["page_obj"].object_list


@pytest.mark.parametrize("role", [ZO, PR])
def test_an_official_collects_with_a_comment(world, edition, as_user, role):
    proposal = new_entry_proposal(world.a, edition)
    client = as_user(world.a.users[role])
    url = reverse("firstset:proposal_review", args=[proposal.pk])
    refused = client.post(url, {"decision": "collect", "comment": ""})
    assert "comment" in refused.context["form"].errors
    response = client.post(url, {"decision": "collect", "comment": "纳入下一版目录修订讨论"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.COLLECTED
    assert proposal.comment == "纳入下一版目录修订讨论"
    event = AuditEvent.objects.get(action="firstset.proposal.collect")
    assert event.reason == "纳入下一版目录修订讨论"
    again = client.post(url, {"decision": "decline", "comment": "再议"})
    assert again.status_code == 200 and again.context["form"].non_field_errors()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.COLLECTED


def test_the_enterprise_cannot_review_and_another_zone_cannot_see(world, edition, as_user):
    proposal = new_entry_proposal(world.a, edition)
    url = reverse("firstset:proposal_review", args=[proposal.pk])
    assert as_user(world.a.users[EU]).get(url).status_code == 403
    assert (
        as_user(world.b.users[ZO]).post(url, {"decision": "decline", "comment": "x"}).status_code
        == 404
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_the_export_lists_the_proposals_in_scope(world, as_user):
    robot = robot_entry()
    edition = robot.edition
    new_entry_proposal(
        world.a, edition, kind=ProposalKind.CHANGE_INDICATOR, entry=robot,
        indicator_name="重复定位精度", proposed_threshold=Decimal("0.08"), unit="mm",
        equipment_name=robot.equipment_name,
    )  # fmt: skip
    new_entry_proposal(world.b, edition, equipment_name="另一区的装备")
    response = as_user(world.a.users[ZO]).get(reverse("firstset:proposal_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:6] == (
        "Enterprise", "Kind", "Catalog entry", "Indicator", "Current threshold",
        "Proposed threshold",
    )  # fmt: skip
    assert len(rows) == 2
    assert rows[1][0] == world.a.enterprise.name
    assert rows[1][4:7] == ("≤ 0.1", "≤ 0.08", "mm")
