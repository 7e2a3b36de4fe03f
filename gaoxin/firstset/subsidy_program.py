"""The premium-subsidy program (保费补助资金申请) on the applications machinery — owned by the
insurance-and-claims work (see docs/firstset.md). Functions as in
``gaoxin.applications.programs.Program``.

- freeze: the claim's policies are re-checked (no ban, paid with proof, inside the window, on
  covered equipment) and the rulebook computes the subsidy under the CN 2024 regime with the
  qualification's cap and what was granted before; the trace is the rulebook's result with the
  case it was computed from (``case``) and ``amount`` = its total.
- decide: public money moves only on verified facts — every policy verified; the decided amount
  not above a fresh computation with the cap as it is now; the cap ledger allocates; the fund of
  the year commits the money.
- replay: the stored case computed again.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.audit.services import record
from gaoxin.core.money import format_yuan
from gaoxin.funds.selectors import fund_for
from gaoxin.funds.services import commitment_create
from rulebook.firstset.calc import calculate

from . import ledger
from .bans import require_not_banned
from .choices import InsuranceStatus, QualificationStatus
from .models import SubsidyClaim
from .services_insurance import refused


def _claim(application) -> SubsidyClaim:
    try:
        return application.firstset_claim
    except SubsidyClaim.DoesNotExist as exc:
        raise refused(
            _("This application has no insurance policies attached: start it from the claim page."),
            code="no_claim",
        ) from exc


def case_for(claim: SubsidyClaim) -> dict[str, Any]:
    """The rulebook case of ``claim`` with the cap as it stands now."""
    q = claim.qualification
    policies = claim.policies.select_related("declaration").order_by("starts_on", "id")
    return {
        "jurisdiction": "CN",
        "qualification": {
            "cap": str(q.cap if q.cap is not None else Decimal(0)),
            "valid_from": q.valid_from.isoformat(),
            "valid_to": q.valid_to.isoformat(),
            "granted_before": str(q.used),
        },
        "policies": [
            {
                "id": p.pk,
                "equipment": p.declaration.model_name if p.declaration_id else q.equipment_name,
                "start": p.starts_on.isoformat(),
                "end": p.ends_on.isoformat(),
                "sum_insured": str(p.sum_insured),
                "premium": str(p.premium),
            }
            for p in policies
        ],
    }


def _check(claim: SubsidyClaim, today: datetime.date) -> None:
    from .services_insurance import require_covered, require_in_window

    q = claim.qualification
    require_not_banned(claim.application.enterprise, today)
    if q.status != QualificationStatus.QUALIFIED or q.cap is None:
        raise refused(
            _("Qualification %(number)s is not in force: no subsidy can be claimed on it.")
            % {"number": q.number},
            code="not_qualified",
        )
    policies = list(claim.policies.select_related("declaration"))
    if not policies:
        raise refused(_("Policies: choose at least one paid policy to claim."), field="policies")
    for p in policies:
        if p.status == InsuranceStatus.REJECTED or p.paid_on is None or p.proof_id is None:
            raise refused(
                _("Policy %(number)s: the premium must be paid and its proof uploaded (and the "
                  "policy not rejected) before the application is submitted.")
                % {"number": p.number},
                code="unpaid_policy",
                field="policies",
            )  # fmt: skip
        if p.qualification_id != q.pk:
            raise refused(
                _("Policy %(number)s is not on this qualification.") % {"number": p.number},
                field="policies",
            )
        require_in_window(q, p.starts_on, p.ends_on)
        require_covered(q, p.declaration)


def _compute(claim: SubsidyClaim) -> tuple[dict[str, Any], dict[str, Any]]:
    case = case_for(claim)
    return case, calculate(case)


def freeze(actor, application, today):
    claim = _claim(application)
    _check(claim, today)
    case, result = _compute(claim)
    trace = {
        **result,
        "amount": result["total"],
        "case": case,
        "qualification": {"id": claim.qualification_id, "number": claim.qualification.number},
    }
    return trace, Decimal(result["total"])


def _stored_trace(application) -> dict[str, Any]:
    if application.decision_trace:
        return application.decision_trace
    version = application.current_version
    return version.trace if version is not None else {}


def replay(application):
    trace = _stored_trace(application)
    stored = trace.get("amount")
    if "case" not in trace:
        return {"amount": None, "stored": stored, "same": stored is None}
    amount = calculate(trace["case"])["total"]
    return {"amount": amount, "stored": stored, "same": amount == stored}


def _require_verified(claim: SubsidyClaim) -> None:
    unverified = sorted(
        claim.policies.exclude(status=InsuranceStatus.VERIFIED).values_list("number", flat=True)
    )
    if unverified:
        raise refused(
            _("Decision: policies %(numbers)s are not verified yet; public money moves only on "
              "verified policies — verify them (or return the application) first.")
            % {"numbers": "、".join(unverified)},
            code="unverified_policies",
            field="amount",
        )  # fmt: skip


def _require_within_recomputation(claim: SubsidyClaim, amount: Decimal) -> dict[str, Any]:
    claim.qualification.refresh_from_db()
    _case, result = _compute(claim)
    fresh = Decimal(result["total"])
    if amount > fresh:
        raise refused(
            _("Decided amount: %(amount)s is more than %(fresh)s, the subsidy computed again "
              "with the cap as it is now (allocated %(used)s of %(cap)s).")
            % {
                "amount": format_yuan(amount),
                "fresh": format_yuan(fresh),
                "used": format_yuan(claim.qualification.used),
                "cap": format_yuan(claim.qualification.cap),
            },
            code="over_recomputed",
            field="amount",
        )  # fmt: skip
    return result


def _fund(application, today):
    fund = fund_for(application.policy, today.year)
    if fund is None:
        raise refused(
            _("%(policy)s has no fund for %(year)s: the subsidy cannot be committed.")
            % {"policy": application.policy, "year": today.year},
            code="no_fund",
            field="amount",
        )
    return fund


def _audit_allocation(actor, application, claim, amount, commitment) -> None:
    record(
        action="firstset.claim.allocate",
        actor=actor,
        obj=application,
        summary=_("Allocated %(amount)s of qualification %(number)s to application %(app)s")
        % {
            "amount": format_yuan(amount),
            "number": claim.qualification.number,
            "app": application.number,
        },
        data={"claim": claim.pk, "commitment": commitment.pk, "amount": str(amount)},
    )


def decide(actor, application, amount, today):
    """The allocation, in the decision's transaction: verified policies, amount within a fresh
    computation, the cap ledger, then the fund's commitment."""
    claim = _claim(application)
    amount = Decimal(amount)
    _require_verified(claim)
    _require_within_recomputation(claim, amount)
    fund = _fund(application, today)
    ledger.allocate(
        actor=actor, qualification=claim.qualification, amount=amount, claim=claim,
        note=application.number,
    )  # fmt: skip
    # the system commits for the decision (the decider may be the province, not the fund's zone)
    commitment = commitment_create(
        actor=None,
        fund=fund,
        enterprise=application.enterprise,
        amount=amount,
        source=application,
        reason=_("Premium subsidy of application %(number)s decided")
        % {"number": application.number},
    )
    SubsidyClaim.objects.filter(pk=claim.pk).update(allocated=amount, commitment=commitment)
    _audit_allocation(actor, application, claim, amount, commitment)


def context(application, user):
    from .views.insurance import claim_panel_context

    return claim_panel_context(application, user, timezone.localdate())
