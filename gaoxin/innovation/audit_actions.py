"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from .workflows import PROJECT_WORKFLOW

AUDIT_ACTIONS = {
    **PROJECT_WORKFLOW.audit_actions(),
    # --- institutes ---
    "innovation.institute.create": _("Research institute recorded"),
    "innovation.institute.update": _("Research institute changed"),
    "innovation.institute.member_add": _("Institute member added"),
    "innovation.institute.member_update": _("Institute member changed"),
    "innovation.institute.member_remove": _("Institute member removed"),
    "innovation.institute.criterion_add": _("Gate criterion added"),
    "innovation.institute.criterion_remove": _("Gate criterion removed"),
    "innovation.institute.export": _("Research institute data exported"),
    # --- projects ---
}
