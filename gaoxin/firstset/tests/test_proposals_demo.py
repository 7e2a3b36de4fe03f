"""The proposals demo: two proposals of the demo's enterprises, made once."""

from __future__ import annotations

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.factories import UserFactory
from gaoxin.audit.models import AuditEvent

from ..choices import ProposalKind
from ..demo import load_firstset_demo
from ..demo_proposals import load_proposals_demo
from ..models import CatalogProposal

pytestmark = pytest.mark.django_db


def test_the_demo_makes_two_proposals_once(world):
    load_firstset_demo()
    UserFactory(
        username="saiwei", role=Role.ENTERPRISE_USER, organisation=world.a.enterprise.organisation
    )
    UserFactory(
        username="hengtian", role=Role.ENTERPRISE_USER, organisation=world.b.enterprise.organisation
    )
    assert len(load_proposals_demo().created) == 2
    assert load_proposals_demo().created == []
    changed = CatalogProposal.objects.get(kind=ProposalKind.CHANGE_INDICATOR)
    assert changed.enterprise == world.a.enterprise
    assert changed.entry.equipment_name == "重载工业机器人"
    assert (changed.direction, str(changed.proposed_threshold.normalize())) == ("<=", "0.08")
    new = CatalogProposal.objects.get(kind=ProposalKind.NEW_ENTRY)
    assert (new.field_name, new.equipment_name) == ("节能环保装备", "含油污泥热解析处理装备")
    assert AuditEvent.objects.filter(action="firstset.proposal.create").count() == 2


def test_the_demo_without_its_users_does_nothing(db):
    load_firstset_demo()
    assert load_proposals_demo().created == []
    assert not CatalogProposal.objects.exists()
