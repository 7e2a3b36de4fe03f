"""Reads of the fund ledgers, scoped by the user."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from gaoxin.core.errors import PermissionDeniedError

from . import rules as fund_rules
from .choices import EntryKind
from .models import Commitment, Fund, LedgerEntry


def fund_for(policy, year: int) -> Fund | None:
    """The policy's fund for ``year``, if it has one (for other apps' services)."""
    return Fund.objects.filter(policy=policy, year=year).first()


def commitments_of_enterprise(enterprise) -> QuerySet[Commitment]:
    """Everything committed to ``enterprise``, newest first, with fund and policy."""
    return (
        Commitment.objects.filter(enterprise=enterprise)
        .select_related("fund", "fund__policy")
        .order_by("-fund__year", "fund__policy__title", "-created_at", "-id")
    )


def visible_funds(user) -> QuerySet[Fund]:
    """The funds of the user's zone (officials and auditors); nothing for anyone else."""
    if not fund_rules.can_view_funds(user) or user.zone is None:
        return Fund.objects.none()
    return Fund.objects.filter(policy__zone=user.zone).select_related("policy")


def require_reader(user) -> None:
    if not fund_rules.can_view_funds(user):
        raise PermissionDeniedError(_("Fund ledgers are for the zone's officials and auditors."))


def fund_list(user) -> QuerySet[Fund]:
    """The funds of the user's zone, newest year first; 403 for a role that reads no funds."""
    require_reader(user)
    return visible_funds(user).order_by("-year", "name", "id")


def fund_get(user, pk: int) -> Fund:
    """A fund the user may read: 403 for a role that reads no funds, 404 for another zone's."""
    require_reader(user)
    fund = visible_funds(user).filter(pk=pk).first()
    if fund is None:
        raise Http404
    return fund


def fund_commitments(fund: Fund) -> QuerySet[Commitment]:
    return fund.commitments.select_related("enterprise").order_by("-created_at", "-id")


def fund_entries(fund: Fund) -> QuerySet[LedgerEntry]:
    return fund.entries.select_related("commitment__enterprise", "actor").order_by(
        "-created_at", "-id"
    )


def enjoyed_payments(enterprise) -> QuerySet[LedgerEntry]:
    """The disbursements and claw-backs of ``enterprise``, with their references."""
    return (
        LedgerEntry.objects.filter(
            commitment__enterprise=enterprise,
            kind__in=[EntryKind.DISBURSEMENT, EntryKind.CLAWBACK],
        )
        .select_related("fund__policy")
        .order_by("-created_at", "-id")
    )
