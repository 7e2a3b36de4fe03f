"""The first-set program's workflows (ADR 0005: ``gaoxin.core.transitions``).

The two applications of the program — qualification (资格审定) and premium-subsidy funds
(保费补助资金申请) — run on the applications machinery (``gaoxin.applications.workflows``); what
they create or touch moves here:

Declaration: draft ─declare─▶ declared (its qualification request was submitted) ─verify─▶
verified (the qualification was decided) · declared ─reject─▶ rejected · declared ─reopen─▶ draft
(the request was returned or withdrawn).

Qualification: qualified ─revoke─▶ revoked (reason: fraud, a false declaration …).

Insurance policy: registered ─verify─▶ verified (an official checked the policy and the proof of
payment) · registered ─reject─▶ rejected ─reopen─▶ registered (corrected).

Catalog proposal: submitted ─collect─▶ collected · submitted ─decline─▶ declined.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.core.transitions import Workflow, transition

from .choices import DeclarationStatus, InsuranceStatus, ProposalStatus, QualificationStatus

D = DeclarationStatus
Q = QualificationStatus
I = InsuranceStatus  # noqa: E741
P = ProposalStatus

DECLARATION = Workflow(
    key="firstset.declaration",
    model="firstset.Declaration",
    states=DeclarationStatus,
    verbose_name=_("Equipment declaration"),
    initial=(D.DRAFT,),
    transitions=[
        transition("declare", D.DRAFT, D.DECLARED, _("Declare")),
        transition("verify", D.DECLARED, D.VERIFIED, _("Verify"), needs_reason=True),
        transition("reject", D.DECLARED, D.REJECTED, _("Reject"), needs_reason=True),
        transition("reopen", (D.DECLARED, D.REJECTED), D.DRAFT, _("Reopen"), needs_reason=True),
    ],
)

QUALIFICATION = Workflow(
    key="firstset.qualification",
    model="firstset.Qualification",
    states=QualificationStatus,
    verbose_name=pgettext_lazy("firstset", "Qualification"),
    initial=(Q.QUALIFIED,),
    transitions=[
        transition("revoke", Q.QUALIFIED, Q.REVOKED, _("Revoke"), needs_reason=True),
    ],
)

INSURANCE_POLICY = Workflow(
    key="firstset.insurance_policy",
    model="firstset.InsurancePolicy",
    states=InsuranceStatus,
    verbose_name=_("Insurance policy"),
    initial=(I.REGISTERED,),
    transitions=[
        transition("verify", I.REGISTERED, I.VERIFIED, _("Verify"), needs_reason=True),
        transition("reject", I.REGISTERED, I.REJECTED, _("Reject"), needs_reason=True),
        transition("reopen", I.REJECTED, I.REGISTERED, _("Correct and resubmit")),
    ],
)

PROPOSAL = Workflow(
    key="firstset.proposal",
    model="firstset.CatalogProposal",
    states=ProposalStatus,
    verbose_name=_("Catalog proposal"),
    initial=(P.SUBMITTED,),
    transitions=[
        transition("collect", P.SUBMITTED, P.COLLECTED, _("Collect"), needs_reason=True),
        transition("decline", P.SUBMITTED, P.DECLINED, _("Decline"), needs_reason=True),
    ],
)
