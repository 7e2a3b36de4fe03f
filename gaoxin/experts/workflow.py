"""The score sheet's workflow (gaoxin.core.transitions): pending → submitted, and no way back."""

from django.utils.translation import gettext_lazy as _

from gaoxin.core.transitions import Workflow, transition

from .choices import AssignmentStatus

ASSIGNMENT_WORKFLOW = Workflow(
    key="experts.assignment",
    model="experts.Assignment",
    states=AssignmentStatus,
    verbose_name=_("Score sheet"),
    transitions=[
        transition("submit", AssignmentStatus.PENDING, AssignmentStatus.SUBMITTED, _("Submit")),
    ],
)
