"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from .workflows import APPLICATION, REVIEW

AUDIT_ACTIONS = {
    "applications.stage.create": _("Review stage added"),
    "applications.stage.update": _("Review stage changed"),
    "applications.stage.delete": _("Review stage removed"),
    "applications.stage.reorder": _("Review stages reordered"),
    "applications.setup.update": _("Application materials set"),
    "applications.application.create": _("Application started"),
    "applications.application.save": _("Application draft saved"),
    "applications.material.add": _("Application material uploaded"),
    "applications.material.remove": _("Application material removed"),
    "applications.review.open": _("Review opened"),
    "applications.experts.draw": _("Experts drawn for an application"),
    "applications.objection.record": _("Objection to a proposed award recorded"),
    "applications.objection.answer": _("Objection to a proposed award answered"),
    "applications.decision.override": _("Decided amount above the computed amount"),
    "applications.facts.verify": _("Facts verified from an approved application"),
    **APPLICATION.audit_actions(),
    **REVIEW.audit_actions(),
}
