"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from .workflow import ASSIGNMENT_WORKFLOW

AUDIT_ACTIONS = {
    "experts.expert.create": _("Expert added to the pool"),
    "experts.expert.update": _("Expert changed"),
    "experts.tie.create": _("Expert tie declared"),
    "experts.tie.delete": _("Expert tie removed"),
    "experts.sheet.save": _("Scoring sheet saved"),
    "experts.draw.create": _("Experts drawn"),
    "experts.pool.export": _("Expert pool exported"),
    **ASSIGNMENT_WORKFLOW.audit_actions(),
}
