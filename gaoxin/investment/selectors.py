"""Reads of the investment pipeline, every one scoped by the user (``scoping``)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from gaoxin.audit.models import AuditEvent

from .choices import LeadStatus
from .models import Lead, Signing
from .scoping import visible_leads

CLOSED = (LeadStatus.SETTLED, LeadStatus.PRODUCING, LeadStatus.DROPPED)


def _int(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


def lead_list(user, filters: Mapping[str, str] | None = None) -> QuerySet[Lead]:
    """The user's leads, filtered by status, park, segment, owner ("mine"), overdue
    follow-up and text (firm, contact, credit code)."""
    filters = filters or {}
    qs = visible_leads(user).select_related("park", "segment", "owner", "enterprise")
    if status := filters.get("status"):
        qs = qs.filter(status=status) if status in LeadStatus.values else qs
    for name in ("park", "segment"):
        if (pk := _int(filters.get(name))) is not None:
            qs = qs.filter(**{f"{name}_id": pk})
    if filters.get("owner") == "mine":
        qs = qs.filter(owner=user)
    if filters.get("overdue"):
        qs = overdue(qs)
    if text := (filters.get("q") or "").strip():
        qs = qs.filter(
            Q(firm_name__icontains=text) | Q(contact_name__icontains=text) | Q(uscc__iexact=text)
        )
    return qs.order_by(F("next_follow_up").asc(nulls_last=True), "-updated_at", "-pk")


def overdue(qs: QuerySet[Lead]) -> QuerySet[Lead]:
    """Open leads whose next follow-up is past."""
    return qs.filter(next_follow_up__lt=timezone.localdate()).exclude(status__in=CLOSED)


def lead_get(user, pk: int) -> Lead:
    lead = (
        visible_leads(user)
        .select_related("park", "segment", "owner", "enterprise", "zone")
        .filter(pk=pk)
        .first()
    )
    if lead is None:
        raise Http404
    return lead


def lead_moves(lead: Lead) -> QuerySet[AuditEvent]:
    """The audit events of the lead (creation, changes, moves with their notes), oldest first."""
    return AuditEvent.objects.filter(
        object_type="investment.lead", object_id=str(lead.pk), action__startswith="investment."
    ).order_by("occurred_at", "pk")


def signing_list(user, filters: Mapping[str, str] | None = None) -> QuerySet[Signing]:
    filters = filters or {}
    qs = Signing.objects.filter(lead__in=visible_leads(user)).select_related(
        "lead", "segment", "park", "event"
    )
    for name in ("event", "park", "segment"):
        if (pk := _int(filters.get(name))) is not None:
            qs = qs.filter(**{f"{name}_id": pk})
    if (year := _int(filters.get("year"))) is not None:
        qs = qs.filter(signed_on__year=year)
    return qs.order_by("-signed_on", "-pk")


def signing_totals(qs: QuerySet[Signing]) -> dict:
    return qs.order_by().aggregate(count=Count("pk"), amount=Sum("amount"))


def signing_get(user, pk: int) -> Signing:
    signing = signing_list(user).filter(pk=pk).first()
    if signing is None:
        raise Http404
    return signing
