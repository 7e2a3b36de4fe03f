"""Reads of the facts' provenance and of the verification queue (核验), scoped by the user."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from . import scoping
from .choices import RecordStatus, RecordSubject
from .models import Enterprise, FactRecord


def queue(*, user, filters: dict[str, str] | None = None) -> QuerySet[FactRecord]:
    """Pending declarations an official of the zone may verify, oldest first."""
    if not scoping.can_use_verification_queue(user):
        return FactRecord.objects.none()
    filters = filters or {}
    qs = (
        FactRecord.objects.filter(
            status=RecordStatus.PENDING, enterprise__in=scoping.visible_enterprises(user)
        )
        .select_related("enterprise", "attachment", "declared_by", "qualification")
        .order_by("created_at", "pk")
    )
    if filters.get("subject") in RecordSubject.values:
        qs = qs.filter(subject=filters["subject"])
    if filters.get("q"):
        qs = qs.filter(enterprise__name__icontains=filters["q"])
    return qs


def pending_for_user(*, user, ids) -> list[FactRecord]:
    return list(queue(user=user).filter(pk__in=list(ids)))


def record_get(*, user, pk: int) -> FactRecord:
    """One record of an enterprise the user may see (DoesNotExist otherwise)."""
    return FactRecord.objects.select_related("enterprise", "attachment", "qualification").get(
        pk=pk, enterprise__in=scoping.visible_enterprises(user)
    )


def records_of(*, user, enterprise: Enterprise) -> QuerySet[FactRecord]:
    if not scoping.can_view(user, enterprise):
        return FactRecord.objects.none()
    return enterprise.fact_records.select_related(
        "enterprise", "attachment", "decided_by", "declared_by", "qualification"
    )


@dataclass
class Provenance:
    """Where the values in force came from, and what is declared but not yet verified."""

    # field → record, for the profile; (year, field) → record; qualification id → record
    profile: dict[str, FactRecord] = field(default_factory=dict)
    yearly: dict[tuple[int, str], FactRecord] = field(default_factory=dict)
    qualifications: dict[int, FactRecord] = field(default_factory=dict)
    pending: list[FactRecord] = field(default_factory=list)
    rejected: list[FactRecord] = field(default_factory=list)

    def year_sources(self, year: int) -> list[FactRecord]:
        """The distinct records behind a year's figures."""
        seen: dict[int, FactRecord] = {}
        for (y, _name), rec in self.yearly.items():
            if y == year:
                seen.setdefault(rec.pk, rec)
        return list(seen.values())

    def pending_year(self, year: int) -> FactRecord | None:
        return next(
            (r for r in self.pending if r.subject == RecordSubject.YEARLY and r.year == year),
            None,
        )

    def pending_profile(self) -> FactRecord | None:
        return next((r for r in self.pending if r.subject == RecordSubject.PROFILE), None)

    def pending_years(self, known: set[int]) -> list[FactRecord]:
        """Declared years with no verified figures yet."""
        return [
            r for r in self.pending if r.subject == RecordSubject.YEARLY and r.year not in known
        ]

    def pending_qualifications(self) -> list[FactRecord]:
        return [r for r in self.pending if r.subject == RecordSubject.QUALIFICATION]

    def as_dict(self) -> dict[str, Any]:
        return {"profile": self.profile, "pending": self.pending}


def provenance(*, user, enterprise: Enterprise) -> Provenance:
    """The latest verified record of each value, and the open and recent rejected declarations."""
    out = Provenance()
    records = records_of(user=user, enterprise=enterprise).order_by("decided_at", "pk")
    for rec in records:
        if rec.status == RecordStatus.PENDING:
            out.pending.append(rec)
        elif rec.status == RecordStatus.REJECTED:
            out.rejected.append(rec)
        elif rec.status == RecordStatus.VERIFIED:
            if rec.subject == RecordSubject.PROFILE:
                for name in rec.values:
                    out.profile[name] = rec
            elif rec.subject == RecordSubject.YEARLY:
                for name in rec.values:
                    out.yearly[(rec.year, name)] = rec
            elif rec.qualification_id:
                out.qualifications[rec.qualification_id] = rec
    out.pending.sort(key=lambda r: r.created_at)
    out.rejected = sorted(out.rejected, key=lambda r: r.decided_at, reverse=True)[:5]
    return out
