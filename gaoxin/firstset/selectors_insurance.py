"""Reads of the insurance part: insurance policies (保单) and premium-subsidy claims, scoped.

- enterprise user: its own enterprise's;
- zone official: the enterprises of its zone (the recommending unit's first check);
- provincial reviewer: the enterprises registered in its province;
- everyone else: none.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.accounts.scoping import staff_scope
from gaoxin.applications.choices import OPEN_STATUSES
from gaoxin.applications.rules import enterprise_of

from .choices import CapEntryKind, InsuranceStatus, QualificationStatus
from .models import InsurancePolicy, Qualification, SubsidyClaim

READER_ROLES = (Role.ENTERPRISE_USER, Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER)
VERIFIER_ROLES = (Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER)
# a claim of an application in one of these holds its policies (open or decided)
HOLDING_STATUSES = (*OPEN_STATUSES, "decided")


def _scoped(qs: QuerySet, user, enterprise: str) -> QuerySet:
    if user is None or not user.is_authenticated or user.role not in READER_ROLES:
        return qs.none()
    if user.role == Role.ENTERPRISE_USER:
        own = enterprise_of(user)
        return qs.filter(**{enterprise: own}) if own else qs.none()
    scoped = staff_scope(qs, user, zone=f"{enterprise}__zone", region=f"{enterprise}__region_code")
    return scoped if scoped is not None else qs.none()


def policies_for(user) -> QuerySet[InsurancePolicy]:
    qs = InsurancePolicy.objects.select_related(
        "enterprise", "qualification", "declaration", "previous", "proof"
    )
    return _scoped(qs, user, "enterprise")


def policy_list(user, params=None) -> QuerySet[InsurancePolicy]:
    qs = policies_for(user)
    params = params or {}
    status = params.get("status")
    if status in InsuranceStatus.values:
        qs = qs.filter(status=status)
    text = (params.get("q") or "").strip()
    if text:
        qs = qs.filter(
            Q(number__icontains=text)
            | Q(insurer__icontains=text)
            | Q(enterprise__name__icontains=text)
        )
    return qs.order_by("-starts_on", "-id")


def policy_get(user, pk: int) -> InsurancePolicy:
    """One policy in ``user``'s scope (DoesNotExist otherwise, so that existence never leaks)."""
    return policies_for(user).get(pk=pk)


def verification_queue(user) -> QuerySet[InsurancePolicy]:
    if user is None or not user.is_authenticated or user.role not in VERIFIER_ROLES:
        return InsurancePolicy.objects.none()
    return policies_for(user).filter(status=InsuranceStatus.REGISTERED).order_by("created_at", "id")


def can_verify(user, policy: InsurancePolicy) -> bool:
    """Zone officials of the enterprise's zone, provincial reviewers of its province."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role in VERIFIER_ROLES
        and policies_for(user).filter(pk=policy.pk).exists()
    )


def qualifications_of(enterprise) -> QuerySet[Qualification]:
    """The enterprise's qualifications a policy may be registered on (qualified, not revoked)."""
    if enterprise is None:
        return Qualification.objects.none()
    return Qualification.objects.filter(
        enterprise=enterprise, status=QualificationStatus.QUALIFIED
    ).select_related("round", "entry")


def _policy_blocker(policy, today: datetime.date) -> str | None:
    """Why the round's premium-subsidy policy takes no application today (None: it does)."""
    from gaoxin.policies.choices import DeliveryMode, PolicyStatus
    from gaoxin.policies.selectors import version_in_force

    names = {"policy": policy.title}
    if policy.status != PolicyStatus.PUBLISHED or policy.delivery_mode != DeliveryMode.APPLY:
        return (
            _(
                "Its round's premium-subsidy policy %(policy)s is not published for "
                "applications yet: ask the zone's first-set office to publish it."
            )
            % names
        )
    if version_in_force(policy, today) is None:
        return (
            _(
                "Its round's premium-subsidy policy %(policy)s has no version in force today: "
                "ask the zone's first-set office to publish a version."
            )
            % names
        )
    if not policy.review_stages.exists():
        return (
            _(
                "Its round's premium-subsidy policy %(policy)s has no review stages yet: ask "
                "the zone's first-set office to set them up."
            )
            % names
        )
    return None


def subsidy_blocker(qualification: Qualification, today: datetime.date) -> str | None:
    """Why no premium subsidy can be applied for on ``qualification`` today, with what to do
    (None: it can)."""
    if qualification.status == QualificationStatus.REVOKED:
        return _("The qualification is revoked: no subsidy can be claimed on it.")
    if qualification.valid_to < today:
        return _("The qualification expired on %(day)s: no subsidy can be claimed on it.") % {
            "day": qualification.valid_to.isoformat()
        }
    if qualification.cap is None:
        return _("The qualification has no cap yet: ask the provincial department to set it.")
    policy = qualification.round.subsidy_policy
    if policy is None:
        return _(
            "Its round has no premium-subsidy policy yet: ask the zone's first-set office "
            "to link one to the round."
        )
    return _policy_blocker(policy, today)


def claim_options(enterprise, today: datetime.date) -> list[tuple[Qualification, str | None]]:
    """Every qualification of ``enterprise``, newest round first, with why it cannot be
    claimed on (None: it can)."""
    if enterprise is None:
        return []
    qualifications = (
        Qualification.objects.filter(enterprise=enterprise)
        .select_related("round", "round__subsidy_policy")
        .order_by("-round__year", "number")
    )
    return [(q, subsidy_blocker(q, today)) for q in qualifications]


def claimable_qualifications(
    enterprise, today: datetime.date | None = None
) -> QuerySet[Qualification]:
    """Qualifications a premium-subsidy application can be started on today."""
    today = today or timezone.localdate()
    open_ = [q.pk for q, blocker in claim_options(enterprise, today) if blocker is None]
    return qualifications_of(enterprise).filter(pk__in=open_)


def claimable_policies(qualification, claim=None) -> QuerySet[InsurancePolicy]:
    """Policies of ``qualification`` a claim may take: registered or verified, paid (date and
    proof), in no other open or decided claim (``claim`` itself excepted)."""
    held = SubsidyClaim.objects.filter(application__status__in=HOLDING_STATUSES)
    if claim is not None:
        held = held.exclude(pk=claim.pk)
    policies = (
        InsurancePolicy.objects.filter(
            qualification=qualification,
            status__in=(InsuranceStatus.REGISTERED, InsuranceStatus.VERIFIED),
            paid_on__isnull=False,
            proof__isnull=False,
        )
        .exclude(claims__in=held)
        .order_by("starts_on", "id")
    )
    return not_subsidised_outside(qualification, policies)


def not_subsidised_outside(qualification, policies: QuerySet[InsurancePolicy]):
    """``policies`` without those a subsidy recorded without a claim paid for (decided outside
    the platform, as the demo's 2024 ones): the policies started on or before the last such
    allocation. The money is in ``used`` already; claiming them again would count it twice."""
    outside = (
        qualification.cap_entries.filter(kind=CapEntryKind.ALLOCATE, claim__isnull=True)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if outside is None:
        return policies
    return policies.filter(starts_on__gt=timezone.localdate(outside))


def claims_for(user) -> QuerySet[SubsidyClaim]:
    qs = SubsidyClaim.objects.select_related(
        "application", "application__policy", "qualification", "commitment"
    )
    return _scoped(qs, user, "application__enterprise")


def claim_get(user, pk: int) -> SubsidyClaim:
    return claims_for(user).get(pk=pk)


def renewal_chain(policy: InsurancePolicy) -> list[InsurancePolicy]:
    """The policies of ``policy``'s renewal chain, oldest first."""
    first = policy
    seen = {first.pk}
    while first.previous_id and first.previous_id not in seen:
        first = first.previous
        seen.add(first.pk)
    chain = [first]
    while (nxt := InsurancePolicy.objects.filter(previous=chain[-1]).first()) is not None:
        if nxt in chain:
            break
        chain.append(nxt)
    return chain
