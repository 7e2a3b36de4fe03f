"""The two workflows of applications (ADR 0005: ``gaoxin.core.transitions``).

Application: draft ─submit─▶ in_review ─return─▶ returned ─resubmit─▶ in_review …
─publish─▶ publication ─decide─▶ decided; reject from in_review or publication; the enterprise
withdraws while it is a draft, in review or returned. Moving from one review stage to the next
keeps the status (``in_review``); entering a publication stage publishes.

Review (one per stage visit): open ─approve/return/reject─▶ approved / returned / rejected,
each with the reviewer's written opinion (the transition's reason).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gaoxin.core.transitions import Workflow, transition

from .choices import ApplicationStatus, ReviewStatus

A = ApplicationStatus
R = ReviewStatus

APPLICATION = Workflow(
    key="applications.application",
    model="applications.Application",
    states=ApplicationStatus,
    verbose_name=_("Application"),
    transitions=[
        transition("submit", A.DRAFT, A.IN_REVIEW, _("Submit")),
        transition("return", A.IN_REVIEW, A.RETURNED, _("Return for revision"), needs_reason=True),
        transition("resubmit", A.RETURNED, A.IN_REVIEW, _("Resubmit")),
        transition("publish", A.IN_REVIEW, A.PUBLICATION, _("Publish the proposed award")),
        transition("decide", (A.IN_REVIEW, A.PUBLICATION), A.DECIDED, _("Decide")),
        transition(
            "reject", (A.IN_REVIEW, A.PUBLICATION), A.REJECTED, _("Reject"), needs_reason=True
        ),
        transition("withdraw", (A.DRAFT, A.IN_REVIEW, A.RETURNED), A.WITHDRAWN, _("Withdraw")),
    ],
)

REVIEW = Workflow(
    key="applications.review",
    model="applications.Review",
    states=ReviewStatus,
    verbose_name=_("Review"),
    transitions=[
        transition("approve", R.OPEN, R.APPROVED, _("Approve"), needs_reason=True),
        transition("return", R.OPEN, R.RETURNED, _("Return for revision"), needs_reason=True),
        transition("reject", R.OPEN, R.REJECTED, _("Reject"), needs_reason=True),
        transition("close", R.OPEN, R.CLOSED, _("Close (application withdrawn)")),
    ],
)
