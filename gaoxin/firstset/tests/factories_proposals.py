"""Catalog revision proposals made directly (for the tests of the proposals part)."""

from __future__ import annotations

from decimal import Decimal

from gaoxin.accounts.choices import Role

from ..choices import Direction, ProposalKind
from ..models import CatalogProposal

JUSTIFICATION = "国内同类装备的技术水平已明显提高，建议据此修订该项指标。"


def new_entry_proposal(side, edition, **overrides) -> CatalogProposal:
    """A new-entry proposal of ``side``'s enterprise (made directly, not audited)."""
    data = {
        "enterprise": side.enterprise,
        "edition": edition,
        "kind": ProposalKind.NEW_ENTRY,
        "field_name": "节能环保装备",
        "equipment_name": "含油污泥热解析处理装备",
        "indicator_name": "处理后固相含油率",
        "direction": Direction.AT_MOST,
        "proposed_threshold": Decimal("0.2"),
        "unit": "%",
        "justification": JUSTIFICATION,
        "created_by": side.users[Role.ENTERPRISE_USER],
    }
    return CatalogProposal.objects.create(**{**data, **overrides})


def current_edition_of(w):
    """The current catalog edition (made once per test when there is none)."""
    from ..models import CatalogEdition
    from .factories import EditionFactory

    edition = CatalogEdition.objects.filter(is_current=True).first()
    return edition or EditionFactory(is_current=True)


def proposal_of_a(w) -> CatalogProposal:
    """A submitted proposal of side A's enterprise (made once per test), for the matrices."""
    if not hasattr(w, "a_proposal"):
        w.a_proposal = new_entry_proposal(w.a, current_edition_of(w))
    return w.a_proposal


def new_entry_body(w) -> dict:
    """An API body of a new-entry proposal (with a current edition to propose against)."""
    current_edition_of(w)
    return {
        "kind": "new_entry",
        "field_name": "节能环保装备",
        "equipment_name": "矩阵测试装备",
        "indicator_name": "处理能力",
        "direction": ">=",
        "proposed_threshold": "100",
        "justification": JUSTIFICATION,
    }


def proposal_path(w) -> dict:
    return {"pk": proposal_of_a(w).pk}
