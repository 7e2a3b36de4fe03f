"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "firstset.demo.load": _("First-set demo data loaded"),
    "firstset.catalog_field.create": _("Catalog field created"),
    "firstset.catalog_edition.create": _("Catalog edition created"),
    "firstset.catalog_entry.create": _("Catalog entry created"),
    "firstset.catalog_entry.update": _("Catalog entry changed"),
    "firstset.catalog_entry.delete": _("Catalog entry deleted"),
    "firstset.catalog.import": _("Catalog imported"),
}
