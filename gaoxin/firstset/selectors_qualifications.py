"""Reads of declarations, qualifications and the public results, scoped by the user: an
enterprise user sees its enterprise's; a zone official (and, for qualifications, the auditor)
the zone's enterprises'; a provincial reviewer those of its province (region code prefix)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.applications.rules import active, enterprise_of, zone_of

from .choices import DeclarationStatus, QualificationStatus
from .models import Declaration, Qualification, Round
from .services_qualifications import round_is_open

AT_RISK_SHARE_LEFT = 0.25  # under a quarter of the window left …
AT_RISK_USED = 0.5  # … and under half of the cap used


def _scope(qs: QuerySet, user, *, auditor: bool) -> QuerySet:
    if not active(user) or not user.organisation_id:
        return qs.none()
    if user.role == Role.ENTERPRISE_USER:
        enterprise = enterprise_of(user)
        return qs.filter(enterprise=enterprise) if enterprise else qs.none()
    if user.role == Role.ZONE_OFFICIAL or (auditor and user.role == Role.AUDITOR):
        zone = zone_of(user)
        return qs.filter(enterprise__zone=zone) if zone else qs.none()
    if user.role == Role.PROVINCIAL_REVIEWER:
        prefix = (user.organisation.region_code or "")[:2]
        return qs.filter(enterprise__region_code__startswith=prefix) if prefix else qs.none()
    return qs.none()


def visible_declarations(user) -> QuerySet[Declaration]:
    qs = Declaration.objects.select_related("enterprise", "entry", "improved_from")
    return _scope(qs, user, auditor=False)


def declaration_list(user, filters: Mapping[str, str] | None = None) -> QuerySet[Declaration]:
    filters = filters or {}
    qs = visible_declarations(user)
    if filters.get("status") in DeclarationStatus.values:
        qs = qs.filter(status=filters["status"])
    if filters.get("q"):
        q = filters["q"].strip()
        qs = qs.filter(
            Q(model_name__icontains=q)
            | Q(product_name__icontains=q)
            | Q(entry__equipment_name__icontains=q)
            | Q(enterprise__name__icontains=q)
        )
    return qs.order_by("-updated_at", "-id")


def declaration_get(user, pk: int) -> Declaration:
    found = visible_declarations(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def covering_qualification(declaration: Declaration) -> Qualification | None:
    """The qualification an improved model is covered by: the one holding the model it
    improves, when it meets every indicator."""
    if declaration.improved_from_id is None or not declaration.meets_all:
        return None
    return (
        Qualification.objects.filter(declarations=declaration.improved_from_id)
        .exclude(status=QualificationStatus.REVOKED)
        .first()
    )


def visible_qualifications(user) -> QuerySet[Qualification]:
    qs = Qualification.objects.select_related("enterprise", "round", "entry").prefetch_related(
        Prefetch("declarations", queryset=Declaration.objects.order_by("model_name"))
    )
    return _scope(qs, user, auditor=True)


def qualification_list(user, filters: Mapping[str, str] | None = None, today=None):
    filters = filters or {}
    today = today or timezone.localdate()
    qs = visible_qualifications(user)
    if str(filters.get("round") or "").isdigit():
        qs = qs.filter(round__year=int(filters["round"]))
    status = filters.get("status")
    if status == "expired":
        qs = qs.filter(status=QualificationStatus.QUALIFIED, valid_to__lt=today)
    elif status == QualificationStatus.QUALIFIED:
        qs = qs.filter(status=status, valid_to__gte=today)
    elif status == QualificationStatus.REVOKED:
        qs = qs.filter(status=status)
    if filters.get("q"):
        q = filters["q"].strip()
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(enterprise__name__icontains=q)
            | Q(equipment_name__icontains=q)
            | Q(declarations__model_name__icontains=q)
        ).distinct()
    return qs.order_by("-round__year", "enterprise__name", "id")


def qualification_get(user, pk: int) -> Qualification:
    found = visible_qualifications(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def display_status(qualification: Qualification, today: datetime.date) -> str:
    """qualified, expired (a date fact: the window is over) or revoked."""
    if qualification.status == QualificationStatus.REVOKED:
        return "revoked"
    return "expired" if qualification.valid_to < today else "qualified"


def days_left(qualification: Qualification, today: datetime.date) -> int:
    return max((qualification.valid_to - today).days, 0)


def at_risk(qualification: Qualification, today: datetime.date) -> bool:
    """Less than a quarter of the window left and less than half of the cap used."""
    if display_status(qualification, today) != "qualified" or not qualification.cap:
        return False
    window = (qualification.valid_to - qualification.valid_from).days or 1
    share_left = days_left(qualification, today) / window
    used_share = qualification.used / qualification.cap
    return share_left < AT_RISK_SHARE_LEFT and used_share < AT_RISK_USED


def rounds_with_qualifications() -> QuerySet[Round]:
    return Round.objects.filter(qualifications__isnull=False).distinct().order_by("-year")


def open_rounds(today: datetime.date | None = None) -> list[Round]:
    today = today or timezone.localdate()
    rounds = Round.objects.select_related("qualification_policy", "edition").order_by("-year")
    return [r for r in rounds if round_is_open(r, today)]


def published_rounds() -> QuerySet[Round]:
    return Round.objects.filter(results_published_on__isnull=False).order_by("-year")


def public_results(round_: Round) -> list[tuple[str, list[Qualification]]]:
    """The round's qualified enterprises by province (no caps: those are not public)."""
    by_province: dict[str, list[Qualification]] = {}
    qs = (
        round_.qualifications.exclude(status=QualificationStatus.REVOKED)
        .select_related("enterprise")
        .order_by("province", "enterprise__name", "number")
    )
    for qualification in qs:
        by_province.setdefault(qualification.province, []).append(qualification)
    return list(by_province.items())


def eligible_declarations(enterprise, include=()) -> QuerySet[Declaration]:
    """The enterprise's draft declarations (and ``include``'s) a request may ask for."""
    return (
        Declaration.objects.filter(enterprise=enterprise)
        .filter(Q(status=DeclarationStatus.DRAFT) | Q(pk__in=list(include)))
        .select_related("entry")
        .order_by("entry__equipment_name", "model_name")
    )
