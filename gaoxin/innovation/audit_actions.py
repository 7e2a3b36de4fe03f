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
    "innovation.project.create": _("Institute project created"),
    "innovation.project.update": _("Institute project changed"),
    "innovation.project.export": _("Institute projects exported"),
    "innovation.gate.download": _("Gate evidence document downloaded"),
    "innovation.spending.add": _("Project spending recorded"),
    "innovation.spending.remove": _("Project spending removed"),
    "innovation.patent.add": _("Project patent recorded"),
    "innovation.patent.update": _("Project patent changed"),
    "innovation.patent.remove": _("Project patent removed"),
    "innovation.standard.add": _("Project standard recorded"),
    "innovation.standard.update": _("Project standard changed"),
    "innovation.standard.remove": _("Project standard removed"),
    "innovation.training.add": _("Project training recorded"),
    "innovation.training.remove": _("Project training removed"),
    "innovation.incubation.add": _("Incubated firm recorded"),
    "innovation.incubation.remove": _("Incubated firm removed"),
}
