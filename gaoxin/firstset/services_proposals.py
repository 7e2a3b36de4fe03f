"""Catalog revision proposals (目录修订建议): an enterprise proposes a new entry or a changed
indicator for the next edition of the Catalog; zone officials and provincial reviewers read
them, comment, and collect or decline them (the PROPOSAL workflow).

A proposal carries ONE indicator: for a new entry, its main indicator; more indicators are
more proposals. The reads (who sees which proposals) are here too: ``proposals_for``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.accounts.choices import Role
from gaoxin.accounts.scoping import staff_scope
from gaoxin.applications.rules import enterprise_of
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, PermissionDeniedError

from .choices import DIRECTION_SIGNS, Direction, ProposalKind, ProposalStatus
from .models import CatalogEdition, CatalogEntry, CatalogProposal, Indicator, plain_decimal
from .workflows import PROPOSAL

MIN_JUSTIFICATION = 20
"""Characters a justification needs at least (spaces at either end not counted)."""

DECISIONS = ("collect", "decline")


# --- reads ---------------------------------------------------------------------------------


def proposals_for(user) -> QuerySet[CatalogProposal]:
    """The proposals ``user`` may read: an enterprise user its enterprise's; a zone official
    the zone's enterprises'; a provincial reviewer those of enterprises of the province
    (region code prefix); nobody else any."""
    qs = CatalogProposal.objects.select_related("enterprise", "entry", "edition", "created_by")
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.role == Role.ENTERPRISE_USER:
        enterprise = enterprise_of(user)
        return qs.filter(enterprise=enterprise) if enterprise else qs.none()
    if user.role not in (Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER):
        return qs.none()
    return staff_scope(qs, user, zone="enterprise__zone", region="enterprise__region_code")


def proposal_list(user, *, status: str = "", kind: str = "") -> QuerySet[CatalogProposal]:
    qs = proposals_for(user)
    if status in ProposalStatus.values:
        qs = qs.filter(status=status)
    if kind in ProposalKind.values:
        qs = qs.filter(kind=kind)
    return qs


def current_indicator(proposal: CatalogProposal) -> Indicator | None:
    """The indicator of the current edition a changed-indicator proposal is about."""
    if proposal.kind != ProposalKind.CHANGE_INDICATOR or proposal.entry_id is None:
        return None
    return proposal.entry.indicators.filter(name=proposal.indicator_name).first()


def proposed_display(proposal: CatalogProposal) -> str:
    """The proposed threshold with its sign, e.g. "≤ 0.08"."""
    if proposal.proposed_threshold is None:
        return ""
    sign = DIRECTION_SIGNS.get(proposal.direction, proposal.direction)
    return f"{sign} {plain_decimal(proposal.proposed_threshold)}".strip()


def current_edition() -> CatalogEdition | None:
    return CatalogEdition.objects.filter(is_current=True).first()


# --- writes --------------------------------------------------------------------------------


@transaction.atomic
def proposal_create(*, actor, data: dict[str, Any]) -> CatalogProposal:
    """Record an enterprise user's proposal for its enterprise.

    ``data``: kind; for a new entry field_name, equipment_name, indicator_name, direction,
    proposed_threshold, unit; for a changed indicator entry (of the current edition),
    indicator_name (one of its indicators), proposed_threshold; and justification."""
    enterprise = enterprise_of(actor)
    if enterprise is None:
        raise PermissionDeniedError(_("Only enterprise users propose catalog revisions."))
    edition = current_edition()
    if edition is None:
        raise DomainError(
            _("There is no current catalog edition to propose revisions of."),
            code="no_current_edition",
        )
    fields = _checked_fields(data, edition)
    proposal = CatalogProposal.objects.create(
        enterprise=enterprise, edition=edition, created_by=actor, **fields
    )
    record(
        action="firstset.proposal.create",
        actor=actor,
        obj=proposal,
        summary=_("Catalog revision proposed: %(name)s") % {"name": proposal.equipment_name},
        data={"kind": proposal.kind, "indicator": proposal.indicator_name},
    )
    return proposal


def _checked_fields(data: dict[str, Any], edition: CatalogEdition) -> dict[str, Any]:
    kind = data.get("kind")
    if kind not in ProposalKind.values:
        raise DomainError(
            _("Kind: choose a new entry or a changed indicator."), code="invalid", field="kind"
        )
    threshold = data.get("proposed_threshold")
    if threshold is None or threshold == "":
        raise DomainError(
            _("Proposed threshold: enter the value you propose."),
            code="required",
            field="proposed_threshold",
        )
    fields = {"kind": kind, "proposed_threshold": Decimal(str(threshold))}
    fields["justification"] = _justification(data.get("justification"))
    if kind == ProposalKind.NEW_ENTRY:
        fields.update(_new_entry_fields(data))
    else:
        fields.update(_changed_indicator_fields(data, edition))
    return fields


def _justification(value: Any) -> str:
    text = str(value or "").strip()
    if len(text) < MIN_JUSTIFICATION:
        raise DomainError(
            _("Justification: explain the proposal in at least %(count)d characters.")
            % {"count": MIN_JUSTIFICATION},
            code="too_short",
            field="justification",
        )
    return text


NEW_ENTRY_REQUIRED = {
    "field_name": gettext_lazy("Field: name the catalog field (领域) of the new entry."),
    "equipment_name": gettext_lazy("Equipment: name the equipment of the new entry."),
    "indicator_name": gettext_lazy("Indicator: name the main technical indicator."),
}


def _new_entry_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {}
    for name, message in NEW_ENTRY_REQUIRED.items():
        value = str(data.get(name) or "").strip()
        if not value:
            raise DomainError(str(message), code="required", field=name)
        fields[name] = value
    direction = data.get("direction")
    if direction not in Direction.values:
        raise DomainError(
            _("Direction: choose ≥ (at least) or ≤ (at most)."), code="invalid", field="direction"
        )
    fields.update(direction=direction, unit=str(data.get("unit") or "").strip(), entry=None)
    return fields


def _changed_indicator_fields(data: dict[str, Any], edition: CatalogEdition) -> dict[str, Any]:
    entry = data.get("entry")
    if not isinstance(entry, CatalogEntry) or entry.edition_id != edition.pk:
        raise DomainError(
            _("Catalog entry: choose an entry of the current edition."),
            code="invalid",
            field="entry",
        )
    indicator = entry.indicators.filter(name=data.get("indicator_name") or "").first()
    if indicator is None:
        raise DomainError(
            _("Indicator: choose one of the entry's core indicators."),
            code="invalid",
            field="indicator_name",
        )
    return {
        "entry": entry,
        "field_name": entry.field.name,
        "equipment_name": entry.equipment_name,
        "indicator_name": indicator.name,
        "direction": indicator.direction,
        "unit": indicator.unit,
    }


@transaction.atomic
def proposal_review(*, actor, proposal: CatalogProposal, decision: str, comment: str):
    """Collect or decline a submitted proposal with the officials' comment (its reason)."""
    if actor.role not in (Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER):
        raise PermissionDeniedError(_("Only zone officials and provincial reviewers do this."))
    if decision not in DECISIONS:
        raise DomainError(
            _("Decision: collect or decline the proposal."), code="invalid", field="decision"
        )
    comment = (comment or "").strip()
    if not comment:
        raise DomainError(
            _("Comment: say why, for the enterprise and the catalog's editors."),
            code="required",
            field="comment",
        )
    proposal = CatalogProposal.objects.select_for_update().get(pk=proposal.pk)
    PROPOSAL.apply(
        proposal,
        decision,
        actor=actor,
        summary=str(proposal),
        reason=comment,
        fields={"comment": comment},
    )
    return proposal
