"""The decision (决定): the decided amount (at most the computed one unless an official overrides
with a reason, audited), the policy version and trace it was computed with (replayable), the
money committed in the fund's ledger, and the facts the application declared verified with the
application as their source. All in the caller's transaction: a refusal (no fund, over budget)
leaves nothing saved."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, InvalidTransitionError
from gaoxin.core.money import format_yuan
from gaoxin.enterprises.choices import FactSource, RecordSubject
from gaoxin.enterprises.models import Enterprise, FactRecord, YearlyFact
from gaoxin.enterprises.services.declarations import declared, yearly_slot
from gaoxin.enterprises.services.verification import declaration_verify
from gaoxin.funds.selectors import fund_for
from gaoxin.funds.services import commitment_create
from gaoxin.policies.matching.catalog import CATALOG
from gaoxin.policies.whatif import label

from ..choices import FactOrigin
from ..factsheet import YEARLY, explain, thawed_facts
from ..models import Application
from ..programs import program_for
from ..workflows import APPLICATION
from .reviews_common import require_objections_answered

PROFILE_FACTS = ("stage", "industry_code")


def _amount(application: Application, amount, override_reason: str) -> tuple[Decimal, bool]:
    computed = application.computed_amount
    if amount is None:
        amount = (
            application.proposed_amount if application.proposed_amount is not None else computed
        )
    if amount is None:
        raise DomainError(_("Decided amount: enter the amount awarded."), field="amount")
    amount = Decimal(amount)
    if amount <= 0:
        raise DomainError(_("Decided amount: must be more than zero."), field="amount")
    over = computed is None or amount > computed
    if over and not (override_reason or "").strip():
        raise DomainError(
            _(
                "Decided amount: %(amount)s is more than the computed %(computed)s; lower it, or "
                "give the reason for the override."
            )
            % {"amount": format_yuan(amount), "computed": format_yuan(computed)},
            code="over_computed",
            field="amount",
        )
    return amount, over


def replay(application: Application) -> dict[str, Any]:
    """Recompute the decided (or current) version with the policy version it was computed with:
    {"amount": str|None, "stored": str|None, "same": bool}."""
    program = program_for(application.policy)
    if program is not None:
        return program.replay(application)
    version = application.current_version
    policy_version = application.decision_version or version.policy_version
    trace = explain(policy_version, thawed_facts(version.facts, {}))[0]
    stored = (application.decision_trace or version.trace).get("amount")
    return {"amount": trace["amount"], "stored": stored, "same": trace["amount"] == stored}


def _commit_money(actor, application: Application, amount: Decimal, year: int):

    fund = fund_for(application.policy, year)
    if fund is None:
        raise DomainError(
            _("%(policy)s has no fund for %(year)s: the money cannot be committed.")
            % {"policy": application.policy, "year": year},
            code="no_fund",
            field="amount",
        )
    return commitment_create(
        actor=actor,
        fund=fund,
        enterprise=application.enterprise,
        amount=amount,
        source=application,
        reason=_("Application %(number)s decided") % {"number": application.number},
    )


def _declared(version) -> dict[str, Any]:
    return {
        key: item["value"]
        for key, item in version.facts.items()
        if item["origin"] == FactOrigin.DECLARED and item["value"] not in (None, [], "")
    }


def _verify(decider, application: Application, subject, slot, values, previous, year=None):
    version = application.current_version
    material = version.materials.select_related("attachment").first()
    record_ = declared(
        actor=version.submitted_by or decider,
        enterprise=application.enterprise,
        subject=subject,
        slot=slot,
        values=values,
        previous=previous,
        year=year,
        evidence=_("Application %(number)s") % {"number": application.number},
        attachment=material.attachment if material else None,
    )
    FactRecord.objects.filter(pk=record_.pk).update(source=FactSource.APPLICATION)
    record_.refresh_from_db()
    declaration_verify(actor=decider, record=record_, reason=str(application))
    return record_


def _verify_yearly(decider, application: Application, yearly: dict) -> int:
    year = application.current_version.trace.get("facts_year")
    row = YearlyFact.objects.filter(enterprise=application.enterprise, year=year).first()
    previous = {k: None if row is None or getattr(row, k) is None else str(getattr(row, k))
                for k in yearly}  # fmt: skip
    subject, slot = RecordSubject.YEARLY, yearly_slot(year)
    return _verify(decider, application, subject, slot, yearly, previous, year).pk


def _verify_profile(decider, application: Application, profile: dict) -> int:
    enterprise = Enterprise.objects.get(pk=application.enterprise_id)
    previous = {k: getattr(enterprise, k) for k in profile}
    return _verify(decider, application, RecordSubject.PROFILE, "profile", profile, previous).pk


def verify_declared_facts(decider, application: Application) -> list[int]:
    """The figures and profile facts the application declared become verified values with the
    application as their source (a declaration verified by the deciding official); their
    record ids. Qualifications and the founding age need their own evidence and stay declared."""
    declared_values = _declared(application.current_version)
    yearly = {k: v for k, v in declared_values.items() if k in YEARLY}
    profile = {k: v for k, v in declared_values.items() if k in PROFILE_FACTS}
    done = []
    if yearly:
        done.append(_verify_yearly(decider, application, yearly))
    if profile:
        done.append(_verify_profile(decider, application, profile))
    if done:
        record(
            action="applications.facts.verify",
            actor=decider,
            obj=application,
            summary=_("Facts of %(number)s verified on its approval")
            % {"number": application.number},
            data={"records": done},
        )
    return done


def require_verifiable(application: Application) -> None:
    """No decision rests on a value the enterprise typed that the decision cannot verify: the
    figures and profile facts it declared are verified by the decision itself (above), but a
    declared qualification, founding age or park needs its own evidence — the enterprise
    declares it on its file with the certificate, an official verifies it (核验), and the
    application, returned, is resubmitted on the verified value."""
    declared_keys = [
        k for k in _declared(application.current_version) if k not in YEARLY | set(PROFILE_FACTS)
    ]
    if declared_keys:
        raise InvalidTransitionError(
            _(
                "%(facts)s: declared in the application and not verified. The decision cannot "
                "rest on them: have the enterprise declare them on its file with their evidence, "
                "verify them (核验), then return the application so it is resubmitted on the "
                "verified values."
            )
            % {
                "facts": pgettext("list separator", ", ").join(
                    label(CATALOG[k]) for k in declared_keys
                )
            },
            code="unverified_facts",
        )


def _audit_override(actor, application, amount, reason: str, computed) -> None:
    record(
        action="applications.decision.override",
        actor=actor,
        obj=application,
        summary=_("Decided %(amount)s above the computed %(computed)s")
        % {"amount": format_yuan(amount), "computed": format_yuan(application.computed_amount)},
        reason=reason,
        data={"amount": str(amount), "computed": computed},
    )


def decide(*, actor, application: Application, amount, override_reason: str, opinion: str,
           today: datetime.date | None = None) -> Application:  # fmt: skip
    """Decide (approve) the application: amount rule, ledger commitment, verified facts."""
    today = today or timezone.localdate()
    require_objections_answered(application)
    require_verifiable(application)
    amount, over = _amount(application, amount, override_reason)
    version = application.current_version
    check = replay(application)
    summary = _("Decided %(number)s: %(amount)s") % {
        "number": application.number,
        "amount": format_yuan(amount),
    }
    APPLICATION.apply(
        application,
        "decide",
        actor=actor,
        reason=opinion,
        summary=summary,
        data={"amount": str(amount), "computed": check["amount"], "override": over},
        fields={
            "decided_amount": amount,
            "override_reason": (override_reason or "").strip() if over else "",
            "decision_version": version.policy_version,
            "decision_trace": version.trace,
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
    )
    if over:
        _audit_override(actor, application, amount, override_reason, check["amount"])
    program = program_for(application.policy)
    if program is not None:
        # the program's effect (a cap granted, an allocation against one), same transaction
        program.decide(actor, application, amount, today)
        return application
    _commit_money(actor, application, amount, today.year)
    verify_declared_facts(actor, application)
    return application
