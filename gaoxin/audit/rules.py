"""Permissions of the audit trail are the auditor's; they are declared with the other role
permissions in gaoxin.accounts.rules (audit.view_events, audit.export_events,
audit.verify_chain) so the separation of the three administrators reads in one place."""
