"""The investment lead's workflow (ADR 0005: ``gaoxin.core.transitions``).

contact ─visit─▶ visit ─negotiate─▶ negotiation ─sign─▶ signed ─settle─▶ settled
─produce─▶ producing; drop (contact, visit, negotiation, signed) ─▶ dropped ─reopen─▶ contact.
Every move carries a note (the transition's reason); each sets the date the lead entered its
new state (``<state>_on``), from which the funnel's conversion times are computed.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gaoxin.core.transitions import Workflow, transition

from .choices import LeadStatus

L = LeadStatus

LEAD_WORKFLOW = Workflow(
    key="investment.lead",
    model="investment.Lead",
    states=LeadStatus,
    verbose_name=_("Investment lead"),
    initial=(L.CONTACT,),
    transitions=[
        transition("visit", L.CONTACT, L.VISIT, _("Record a visit"), needs_reason=True),
        transition(
            "negotiate",
            (L.CONTACT, L.VISIT),
            L.NEGOTIATION,
            _("Start negotiating"),
            needs_reason=True,
        ),
        transition("sign", L.NEGOTIATION, L.SIGNED, _("Record the signing"), needs_reason=True),
        transition("settle", L.SIGNED, L.SETTLED, _("Settle in the park"), needs_reason=True),
        transition("produce", L.SETTLED, L.PRODUCING, _("Start production"), needs_reason=True),
        transition(
            "drop",
            (L.CONTACT, L.VISIT, L.NEGOTIATION, L.SIGNED),
            L.DROPPED,
            _("Drop"),
            needs_reason=True,
        ),
        transition("reopen", L.DROPPED, L.CONTACT, _("Reopen"), needs_reason=True),
    ],
)
