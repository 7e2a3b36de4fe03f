"""The labels of the audit actions this app records (registered in ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from .choices import CapEntryKind
from .workflows import DECLARATION, INSURANCE_POLICY, PROPOSAL, QUALIFICATION

AUDIT_ACTIONS = {
    "firstset.demo.load": _("First-set demo data loaded"),
    "firstset.catalog_field.create": _("Catalog field created"),
    "firstset.catalog_edition.create": _("Catalog edition created"),
    "firstset.catalog_entry.create": _("Catalog entry created"),
    "firstset.catalog_entry.update": _("Catalog entry changed"),
    "firstset.catalog_entry.delete": _("Catalog entry deleted"),
    "firstset.catalog.import": _("Catalog imported"),
    # the program's workflows
    **DECLARATION.audit_actions(),
    **QUALIFICATION.audit_actions(),
    **INSURANCE_POLICY.audit_actions(),
    **PROPOSAL.audit_actions(),
    # the cap ledger (ledger.py)
    **{f"firstset.cap.{kind}": label for kind, label in CapEntryKind.choices},
    # --- qualifications (declarations, requests, qualifications, results) ---
    "firstset.declaration.create": _("Equipment declaration created"),
    "firstset.declaration.update": _("Equipment declaration changed"),
    "firstset.declaration.delete": _("Equipment declaration deleted"),
    "firstset.declaration.evidence_add": _("Evidence of a declaration uploaded"),
    "firstset.declaration.evidence_remove": _("Evidence of a declaration removed"),
    "firstset.qualification_request.create": _("Qualification request started"),
    "firstset.qualification_request.update": _("Qualification request changed"),
    "firstset.qualification.create": _("Qualification granted"),
    "firstset.program.load": _("First-set program demo loaded"),
    # --- insurance (policies, subsidy claims) ---
    "firstset.insurance_policy.create": _("Insurance policy registered"),
    "firstset.insurance_policy.update": _("Insurance policy corrected"),
    "firstset.insurance_policy.proof_download": _("Proof of payment downloaded"),
    "firstset.claim.create": _("Premium-subsidy application started"),
    "firstset.claim.update": _("Policies of a premium-subsidy application changed"),
    "firstset.claim.allocate": _("Premium subsidy allocated against the cap"),
    "firstset.demo.insurance": _("First-set insurance demo data loaded"),
    # --- insurance end ---
    # --- supervision (claw-back, bans, alerts) ---
    "firstset.ban.create": _("Ban on applying recorded (first-set fraud)"),
    "firstset.alerts.send": _("Alerts on first-set caps at risk sent"),
    "firstset.supervision.export": _("First-set supervision exported"),
    # --- certificates ---
    "firstset.certificate.issue": _("Tender certificate downloaded"),
    # --- proposals (catalog revision feedback) and estimator ---
    "firstset.proposal.create": _("Catalog revision proposed"),
}
