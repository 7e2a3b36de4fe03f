"""The institute project's workflow (ADR 0005): the stage gates.

rnd ─to_pilot─▶ pilot ─to_transfer─▶ transfer ─to_incubation─▶ incubation;
close (pilot, transfer, incubation) ─▶ closed; stop (rnd, pilot, transfer, incubation) ─▶ stopped.
Closed and stopped are final. A gate (to_*) is passed only with every criterion of the
institute's gate answered with evidence (``services_projects.gate_pass`` writes the GatePass
in the same step).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gaoxin.core.transitions import Workflow, transition

from .choices import ProjectStage

S = ProjectStage
ACTIVE = (S.RND, S.PILOT, S.TRANSFER, S.INCUBATION)

PROJECT_WORKFLOW = Workflow(
    key="innovation.project",
    model="innovation.Project",
    states=ProjectStage,
    field="stage",
    verbose_name=_("Institute project"),
    initial=(S.RND,),
    transitions=[
        transition("to_pilot", S.RND, S.PILOT, _("Pass the gate to pilot")),
        transition("to_transfer", S.PILOT, S.TRANSFER, _("Pass the gate to transfer")),
        transition("to_incubation", S.TRANSFER, S.INCUBATION, _("Pass the gate to incubation")),
        transition(
            "close", (S.PILOT, S.TRANSFER, S.INCUBATION), S.CLOSED, _("Close"), needs_reason=True
        ),
        transition("stop", ACTIVE, S.STOPPED, _("Stop"), needs_reason=True),
    ],
)
