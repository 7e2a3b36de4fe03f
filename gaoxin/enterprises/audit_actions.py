"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from .workflows import DECLARATION_WORKFLOW

AUDIT_ACTIONS = {
    "enterprises.enterprise.create": _("Enterprise registered"),
    "enterprises.enterprise.update": _("Enterprise file changed"),
    "enterprises.yearly_fact.create": _("Yearly figures recorded"),
    "enterprises.yearly_fact.update": _("Yearly figures changed"),
    "enterprises.yearly_fact.delete": _("Yearly figures deleted"),
    "enterprises.qualification.add": _("Qualification added"),
    "enterprises.qualification.update": _("Qualification changed"),
    "enterprises.qualification.remove": _("Qualification removed"),
    "enterprises.contact.add": _("Contact added"),
    "enterprises.contact.update": _("Contact changed"),
    "enterprises.contact.remove": _("Contact removed"),
    "enterprises.contact.reveal": _("Contact phone number shown"),
    "enterprises.attachment.download": _("Attachment downloaded"),
    "enterprises.declaration.submit": _("Declaration submitted"),
    **DECLARATION_WORKFLOW.audit_actions(),
    "enterprises.import": _("Enterprises imported"),
    "enterprises.import.failed": _("Enterprise import failed"),
    "enterprises.department_import": _("Department data imported"),
    "enterprises.export": _("Enterprises exported"),
}
