"""The declaration's workflow (trusted facts) on the one transitions mechanism
(``gaoxin.core.transitions``, ADR 0005).

pending ─verify─▶ verified · pending ─reject─▶ rejected · pending ─withdraw─▶ withdrawn
(replaced by a newer declaration of the same subject).

Records written by an official or imported from a department are created verified: they have
no pending step.
"""

from django.utils.translation import gettext_lazy as _

from gaoxin.core.transitions import Workflow, transition

from .choices import RecordStatus

DECLARATION_WORKFLOW = Workflow(
    key="enterprises.declaration",
    model="enterprises.FactRecord",
    states=RecordStatus,
    verbose_name=_("Declaration"),
    # a declaration is created pending; an official's entry or a department's data verified
    initial=(RecordStatus.PENDING, RecordStatus.VERIFIED),
    transitions=[
        transition("verify", RecordStatus.PENDING, RecordStatus.VERIFIED, _("Verify")),
        transition(
            "reject", RecordStatus.PENDING, RecordStatus.REJECTED, _("Reject"), needs_reason=True
        ),
        transition(
            "withdraw",
            RecordStatus.PENDING,
            RecordStatus.WITHDRAWN,
            _("Replace by a newer declaration"),
        ),
    ],
)
