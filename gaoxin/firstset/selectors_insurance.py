"""Reads of the insurance part: insurance policies (保单) and premium-subsidy claims, scoped.

- enterprise user: its own enterprise's;
- zone official: the enterprises of its zone (the recommending unit's first check);
- provincial reviewer: the enterprises registered in its province;
- everyone else: none.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gaoxin.accounts.choices import Role
from gaoxin.accounts.scoping import staff_scope
from gaoxin.applications.choices import OPEN_STATUSES
from gaoxin.applications.rules import enterprise_of

from .choices import InsuranceStatus, QualificationStatus
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


def claimable_qualifications(enterprise) -> QuerySet[Qualification]:
    """Qualified qualifications whose round has a premium-subsidy policy."""
    return qualifications_of(enterprise).filter(round__subsidy_policy__isnull=False)


def claimable_policies(qualification, claim=None) -> QuerySet[InsurancePolicy]:
    """Policies of ``qualification`` a claim may take: registered or verified, paid (date and
    proof), in no other open or decided claim (``claim`` itself excepted)."""
    held = SubsidyClaim.objects.filter(application__status__in=HOLDING_STATUSES)
    if claim is not None:
        held = held.exclude(pk=claim.pk)
    return (
        InsurancePolicy.objects.filter(
            qualification=qualification,
            status__in=(InsuranceStatus.REGISTERED, InsuranceStatus.VERIFIED),
            paid_on__isnull=False,
            proof__isnull=False,
        )
        .exclude(claims__in=held)
        .order_by("starts_on", "id")
    )


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
