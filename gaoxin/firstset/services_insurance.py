"""Writes of the insurance part: insurance policies (保单 — register, renew, correct, verify,
reject) and premium-subsidy claims (保费补助资金申请 — start, change the policies claimed).

What an enterprise types is declared: a policy's figures reach a subsidy decision only once an
official verified them against the policy and the proof of payment (see subsidy_program.decide).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.applications.choices import ApplicationStatus
from gaoxin.applications.rules import enterprise_of
from gaoxin.applications.services import application_create
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.core.money import format_yuan
from gaoxin.enterprises.services.attachments import attachment_store

from . import selectors_insurance as sel
from .bans import require_not_banned
from .choices import InsuranceStatus, QualificationStatus
from .models import Declaration, InsurancePolicy, Qualification, SubsidyClaim
from .workflows import INSURANCE_POLICY

POLICY_FIELDS = (
    "qualification",
    "declaration",
    "insurer",
    "number",
    "insured_user",
    "starts_on",
    "ends_on",
    "sum_insured",
    "premium",
    "cover",
    "paid_on",
)
EDITABLE = (InsuranceStatus.REGISTERED, InsuranceStatus.REJECTED)
# refusals that the records' state causes (409 in the API); every other refusal is of the input
# (422, naming the field)
STATE_CODES = {
    "duplicate_policy",
    "renewed",
    "verified",
    "no_proof",
    "not_draft",
    "unverified_policies",
    "over_recomputed",
    "not_qualified",
}


def refused(message, *, code: str = "invalid", field: str | None = None) -> DomainError:
    """A DomainError whose API status says whose fault it is: the state (409) or the input
    (422)."""
    error = DomainError(message, code=code, field=field)
    error.status = 409 if code in STATE_CODES else 422
    return error


# --- checks shared by registration, correction and the subsidy program -------------------


def is_covered(qualification: Qualification, declaration: Declaration | None) -> bool:
    """P9: a qualified model of the qualification, or an improved model of one (same enterprise
    and entry) that meets every indicator of the entry."""
    if declaration is None:
        return False
    qualified = set(qualification.declarations.values_list("pk", flat=True))
    if declaration.pk in qualified:
        return True
    return bool(
        declaration.improved_from_id in qualified
        and declaration.enterprise_id == qualification.enterprise_id
        and (qualification.entry_id is None or declaration.entry_id == qualification.entry_id)
        and declaration.meets_all
    )


def require_covered(qualification, declaration) -> None:
    if declaration is None:
        raise refused(_("Insured model: choose the model the policy insures."), field="declaration")
    if not is_covered(qualification, declaration):
        failed = [
            str(row.get("name"))
            for row in (declaration.check_result or {}).get("indicators") or []
            if isinstance(row, dict) and not row.get("met")
        ]
        detail = (
            "、".join(failed)
            if failed
            else _("it is neither a qualified model nor an improved model of one")
        )
        raise refused(
            _(
                "Insured model: %(model)s is not covered by qualification %(number)s "
                "(%(detail)s); equipment that does not meet the catalog's core indicators is "
                "refused."
            )
            % {"model": declaration.model_name, "number": qualification.number, "detail": detail},
            code="not_covered",
            field="declaration",
        )


def require_in_window(qualification, starts_on: datetime.date, ends_on: datetime.date) -> None:
    """P8: the policy period lies inside the qualification's validity window."""
    if starts_on >= qualification.valid_from and ends_on <= qualification.valid_to:
        return
    raise refused(
        _(
            "Insurance period %(start)s to %(end)s is outside the qualification's validity "
            "window %(valid_from)s to %(valid_to)s."
        )
        % {
            "start": starts_on.isoformat(),
            "end": ends_on.isoformat(),
            "valid_from": qualification.valid_from.isoformat(),
            "valid_to": qualification.valid_to.isoformat(),
        },
        code="outside_window",
        field="ends_on" if starts_on >= qualification.valid_from else "starts_on",
    )


def _require_qualification(enterprise, qualification) -> None:
    if (
        qualification is None
        or qualification.enterprise_id != enterprise.pk
        or qualification.status != QualificationStatus.QUALIFIED
    ):
        raise refused(
            _("Qualification: choose one of your enterprise's qualifications in force."),
            field="qualification",
        )


def _check_policy(enterprise, data: dict[str, Any], today, exclude_pk=None) -> None:
    qualification = data.get("qualification")
    _require_qualification(enterprise, qualification)
    require_covered(qualification, data.get("declaration"))
    starts_on, ends_on = data["starts_on"], data["ends_on"]
    if ends_on < starts_on:
        raise refused(_("Ends on: must be on or after the start."), field="ends_on")
    require_in_window(qualification, starts_on, ends_on)
    for key, label in (("sum_insured", _("Sum insured")), ("premium", _("Premium"))):
        if data.get(key) is None or data[key] <= 0:
            raise refused(_("%(field)s: must be more than zero.") % {"field": label}, field=key)
    if data.get("paid_on") and data["paid_on"] > today:
        raise refused(_("Premium paid on: cannot be in the future."), field="paid_on")
    taken = InsurancePolicy.objects.filter(insurer=data["insurer"], number=data["number"])
    if taken.exclude(pk=exclude_pk).exists():
        raise refused(
            _("Policy number: %(insurer)s's policy %(number)s is already registered.")
            % {"insurer": data["insurer"], "number": data["number"]},
            code="duplicate_policy",
            field="number",
        )


def _store_proof(actor, enterprise, upload):
    try:
        return attachment_store(actor=actor, enterprise=enterprise, upload=upload)
    except ValidationError as exc:
        message = "; ".join(m for msgs in exc.message_dict.values() for m in msgs)
        raise refused(_("Proof of payment: %(error)s") % {"error": message}, field="proof") from exc


def _own_enterprise(actor):
    enterprise = enterprise_of(actor)
    if enterprise is None:
        raise PermissionDeniedError(_("Only the enterprise's own users register its policies."))
    return enterprise


def is_break(previous: InsurancePolicy | None, starts_on: datetime.date) -> bool:
    """P5: cover is continuous when the renewal starts the day after the previous one ends."""
    return previous is not None and starts_on != previous.ends_on + datetime.timedelta(days=1)


# --- policies ------------------------------------------------------------------------------


@transaction.atomic
def policy_register(*, actor, data: dict[str, Any], proof=None, previous=None, today=None):
    """Register a policy of the actor's enterprise (a renewal when ``previous`` is given)."""
    today = today or timezone.localdate()
    enterprise = _own_enterprise(actor)
    if previous is not None:
        if previous.enterprise_id != enterprise.pk:
            raise PermissionDeniedError(_("The renewed policy is not your enterprise's."))
        if InsurancePolicy.objects.filter(previous=previous).exists():
            raise refused(
                _("Renewal of: policy %(number)s was renewed already.")
                % {"number": previous.number},
                code="renewed",
                field="previous",
            )
    _check_policy(enterprise, data, today)
    policy = InsurancePolicy(
        enterprise=enterprise, previous=previous, created_by=actor,
        **{key: data.get(key) for key in POLICY_FIELDS},
    )  # fmt: skip
    policy.cover = policy.cover or ""
    if proof is not None:
        policy.proof = _store_proof(actor, enterprise, proof)
    policy.save()
    record(
        action="firstset.insurance_policy.create",
        actor=actor,
        obj=policy,
        summary=_("Registered insurance policy %(number)s (premium %(premium)s)")
        % {"number": policy.number, "premium": format_yuan(policy.premium)},
        data={
            "qualification": policy.qualification_id,
            "previous": previous.pk if previous else None,
            "break": is_break(previous, policy.starts_on),
        },
    )
    return policy


@transaction.atomic
def policy_update(*, actor, policy: InsurancePolicy, data: dict[str, Any], proof=None, today=None):
    """Correct a registered or rejected policy (a rejected one goes back to registered)."""
    today = today or timezone.localdate()
    enterprise = _own_enterprise(actor)
    policy = InsurancePolicy.objects.select_for_update().get(pk=policy.pk)
    if policy.enterprise_id != enterprise.pk:
        raise PermissionDeniedError(_("Only the enterprise's own users correct its policies."))
    if policy.status not in EDITABLE:
        raise refused(
            _("Policy %(number)s is verified: it can no longer be changed.")
            % {"number": policy.number},
            code="verified",
        )
    _check_policy(enterprise, data, today, exclude_pk=policy.pk)
    changes = {}
    for key in POLICY_FIELDS:
        before, after = getattr(policy, key), data.get(key)
        if key == "cover":
            after = after or ""
        if before != after:
            changes[key] = [str(before), str(after)]
            setattr(policy, key, after)
    if proof is not None:
        policy.proof = _store_proof(actor, enterprise, proof)
        changes["proof"] = ["", policy.proof.original_name]
    policy.save()
    record(
        action="firstset.insurance_policy.update",
        actor=actor,
        obj=policy,
        summary=_("Corrected insurance policy %(number)s") % {"number": policy.number},
        changes=changes,
    )
    if policy.status == InsuranceStatus.REJECTED:
        INSURANCE_POLICY.apply(
            policy, "reopen", actor=actor,
            summary=_("Policy %(number)s corrected and resubmitted") % {"number": policy.number},
        )  # fmt: skip
    return policy


def _require_verifier(actor, policy) -> None:
    if not sel.can_verify(actor, policy):
        raise PermissionDeniedError(
            _(
                "Only officials of the enterprise's zone or reviewers of its province verify "
                "policies."
            )
        )


@transaction.atomic
def policy_verify(*, actor, policy: InsurancePolicy, reason: str) -> InsurancePolicy:
    """An official checked the policy and the proof of payment (核验): its figures are trusted."""
    _require_verifier(actor, policy)
    policy = InsurancePolicy.objects.select_for_update().get(pk=policy.pk)
    if policy.proof_id is None or policy.paid_on is None:
        raise refused(
            _("Policy %(number)s: the proof of payment and the date paid are needed to verify it.")
            % {"number": policy.number},
            code="no_proof",
            field="proof",
        )
    INSURANCE_POLICY.apply(
        policy, "verify", actor=actor, reason=(reason or "").strip(),
        summary=_("Verified insurance policy %(number)s") % {"number": policy.number},
    )  # fmt: skip
    return policy


@transaction.atomic
def policy_reject(*, actor, policy: InsurancePolicy, reason: str) -> InsurancePolicy:
    _require_verifier(actor, policy)
    policy = InsurancePolicy.objects.select_for_update().get(pk=policy.pk)
    INSURANCE_POLICY.apply(
        policy, "reject", actor=actor, reason=(reason or "").strip(),
        summary=_("Rejected insurance policy %(number)s") % {"number": policy.number},
    )  # fmt: skip
    return policy


def proof_downloaded(*, actor, policy: InsurancePolicy) -> None:
    with transaction.atomic():
        record(
            action="firstset.insurance_policy.proof_download",
            actor=actor,
            obj=policy,
            summary=_("Downloaded the proof of payment of policy %(number)s")
            % {"number": policy.number},
        )


# --- claims --------------------------------------------------------------------------------


def _check_claim_policies(qualification, policies, claim=None) -> list[InsurancePolicy]:
    policies = list(policies)
    if not policies:
        raise refused(_("Policies: choose at least one paid policy to claim."), field="policies")
    allowed = set(sel.claimable_policies(qualification, claim).values_list("pk", flat=True))
    not_allowed = [p.number for p in policies if p.pk not in allowed]
    if not_allowed:
        raise refused(
            _(
                "Policies: %(numbers)s cannot be claimed (a claim takes registered or verified "
                "policies of this qualification, paid, with the proof uploaded, in no other claim)."
            )
            % {"numbers": "、".join(not_allowed)},
            code="policy_not_claimable",
            field="policies",
        )
    return policies


@transaction.atomic
def claim_start(*, actor, qualification: Qualification, policies, today=None) -> SubsidyClaim:
    """A premium-subsidy application on the round's subsidy policy, with its policies."""
    today = today or timezone.localdate()
    enterprise = _own_enterprise(actor)
    _require_qualification(enterprise, qualification)
    require_not_banned(enterprise, today)
    subsidy_policy = qualification.round.subsidy_policy
    if subsidy_policy is None:
        raise refused(
            _("Qualification: its round has no premium-subsidy policy yet."), field="qualification"
        )
    policies = _check_claim_policies(qualification, policies)
    application = application_create(
        actor=actor, policy=subsidy_policy, enterprise=enterprise, today=today
    )
    claim = SubsidyClaim.objects.create(application=application, qualification=qualification)
    claim.policies.set(policies)
    record(
        action="firstset.claim.create",
        actor=actor,
        obj=application,
        summary=_("Premium-subsidy application %(number)s on qualification %(qualification)s")
        % {"number": application.number, "qualification": qualification.number},
        data={"claim": claim.pk, "policies": [p.pk for p in policies]},
    )
    return claim


@transaction.atomic
def claim_update(*, actor, claim: SubsidyClaim, policies) -> SubsidyClaim:
    """Change the policies of a draft or returned claim."""
    enterprise = _own_enterprise(actor)
    application = claim.application
    if application.enterprise_id != enterprise.pk:
        raise PermissionDeniedError(_("Only the enterprise's own users change its application."))
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED):
        raise refused(
            _("Application %(number)s is not a draft: its policies can no longer be changed.")
            % {"number": application.number},
            code="not_draft",
        )
    before = sorted(claim.policies.values_list("number", flat=True))
    policies = _check_claim_policies(claim.qualification, policies, claim)
    claim.policies.set(policies)
    record(
        action="firstset.claim.update",
        actor=actor,
        obj=application,
        summary=_("Changed the policies of application %(number)s")
        % {"number": application.number},
        changes={"policies": ["、".join(before), "、".join(sorted(p.number for p in policies))]},
    )
    return claim
