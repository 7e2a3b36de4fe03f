"""The grant round's workflow on the codebase's one transitions mechanism
(``gaoxin.core.transitions``, ADR 0005).

candidates ─publish─▶ notice ─confirm─▶ confirmed

Export and payment are recorded on a confirmed round and do not change its status; candidates
and objections are rows of the round whose state changes happen inside the round's steps.
"""

from django.utils.translation import gettext_lazy as _

from gaoxin.core.transitions import Workflow, transition

from .models import RoundStatus

ROUND_WORKFLOW = Workflow(
    key="grants.round",
    model="grants.GrantRound",
    states=RoundStatus,
    verbose_name=_("Grant round"),
    transitions=[
        transition("publish", RoundStatus.CANDIDATES, RoundStatus.NOTICE, _("Publish the notice")),
        transition(
            "confirm",
            RoundStatus.NOTICE,
            RoundStatus.CONFIRMED,
            _("Confirm the list"),
            needs_reason=True,
        ),
    ],
)
