"""Scoped reads of grant rounds and the public notices."""

from __future__ import annotations

from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When

from gaoxin.accounts.choices import Role
from gaoxin.policies.choices import DeliveryMode, PolicyStatus
from gaoxin.policies.models import Policy

from . import rules
from .models import (
    CandidateStatus,
    GrantCandidate,
    GrantRound,
    ObjectionStatus,
    Publication,
    RoundStatus,
)


def visible_rounds(user) -> QuerySet[GrantRound]:
    """The rounds ``user`` may read: their zone's (officials, park operators) or their
    province's (provincial reviewers); none for anyone else."""
    qs = GrantRound.objects.select_related("policy", "version", "policy__zone")
    if user is None or not user.is_authenticated or not user.is_active or not user.organisation_id:
        return qs.none()
    organisation = user.organisation
    if user.role in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR):
        zone = organisation.home_zone
        return qs.filter(policy__zone=zone) if zone else qs.none()
    if user.role == Role.PROVINCIAL_REVIEWER:
        prefix = organisation.region_code[:2]
        return qs.filter(policy__zone__region_code__startswith=prefix) if prefix else qs.none()
    return qs.none()


def round_list(user) -> QuerySet[GrantRound]:
    return (
        visible_rounds(user)
        .annotate(
            candidate_count=Count("candidates", distinct=True),
            open_objections=Count(
                "objections", filter=Q(objections__status=ObjectionStatus.OPEN), distinct=True
            ),
        )
        .order_by("-created_at", "-id")
    )


def eligible_policies(user) -> QuerySet[Policy]:
    """The published 免申即享 policies of the official's zone (a round can start for them)."""
    zone = user.organisation.home_zone if user.organisation_id else None
    if zone is None:
        return Policy.objects.none()
    return Policy.objects.filter(
        zone=zone, status=PolicyStatus.PUBLISHED, delivery_mode=DeliveryMode.NO_APPLICATION
    ).order_by("title")


def public_notices() -> QuerySet[Publication]:
    """Every published notice, current and past (newest first)."""
    return (
        Publication.objects.select_related(
            "round", "round__policy", "round__version", "round__policy__zone"
        )
        .filter(round__status__in=[RoundStatus.NOTICE, RoundStatus.CONFIRMED])
        .order_by("-published_on", "-id")
    )


class BenefitState:
    """Where an enterprise stands in a round it was put on the notice of."""

    NOTICE = "notice"
    REMOVED = "removed"
    CONFIRMED = "confirmed"
    PAID = "paid"


def benefit_list(*, user) -> QuerySet[GrantCandidate]:
    """The user's enterprise's places on public notices (newest notice first), each with its
    ``state`` (:class:`BenefitState`). Only what was made public: the candidate lists before a
    notice, and enterprises excluded before it, are internal. Nothing for anyone but an
    enterprise user, and only their own organisation's enterprise."""
    qs = GrantCandidate.objects.select_related(
        "enterprise", "round", "round__policy", "round__publication"
    )
    if not rules.can_view_benefits(user) or not user.organisation_id:
        return qs.none()
    return (
        qs.filter(
            enterprise__organisation_id=user.organisation_id,
            on_notice=True,
            round__publication__isnull=False,
            round__status__in=[RoundStatus.NOTICE, RoundStatus.CONFIRMED],
        )
        .annotate(
            state=Case(
                When(
                    status=CandidateStatus.CONFIRMED,
                    round__paid_on__isnull=False,
                    then=Value(BenefitState.PAID),
                ),
                When(status=CandidateStatus.CONFIRMED, then=Value(BenefitState.CONFIRMED)),
                When(status=CandidateStatus.REMOVED, then=Value(BenefitState.REMOVED)),
                default=Value(BenefitState.NOTICE),
                output_field=CharField(),
            )
        )
        .order_by("-round__publication__published_on", "-round_id")
    )
