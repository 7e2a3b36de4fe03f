"""Writes to the registry. Each is one transaction, permission-checked, validated with
`full_clean()` and recorded in the audit trail in the same transaction.

`data` arguments are mappings of model field names to values that are already typed (dates,
Decimals, a Park or its id) or plain strings (money as "1234.50", dates as "2024-05-01"). Credit
codes and phone numbers are normalised here, so the page, the API and the command line store the
same thing. Every sub-record write (facts, qualifications, contacts) is audited against the
enterprise, so the enterprise's history shows it.
"""

from .attachments import attachment_store
from .contacts import contact_add, contact_remove, contact_reveal, contact_update
from .declarations import PROFILE_FACT_FIELDS, verifies_directly
from .enterprises import (
    ENTERPRISE_FIELDS,
    LOCKED_FOR_ENTERPRISE_USERS,
    enterprise_create,
    enterprise_register,
    enterprise_update,
)
from .facts import (
    FACT_FIELDS,
    ListedFigures,
    ListedRowsInvalid,
    yearly_fact_delete,
    yearly_fact_upsert,
    yearly_facts_write_listed,
)
from .qualifications import (
    QUALIFICATION_FIELDS,
    ListedQualification,
    qualification_add,
    qualification_remove,
    qualification_update,
    qualifications_write_listed,
)
from .verification import declaration_reject, declaration_verify, declarations_verify

__all__ = [
    "ENTERPRISE_FIELDS",
    "FACT_FIELDS",
    "LOCKED_FOR_ENTERPRISE_USERS",
    "PROFILE_FACT_FIELDS",
    "QUALIFICATION_FIELDS",
    "ListedFigures",
    "ListedQualification",
    "ListedRowsInvalid",
    "attachment_store",
    "contact_add",
    "contact_remove",
    "contact_reveal",
    "contact_update",
    "declaration_reject",
    "declaration_verify",
    "declarations_verify",
    "enterprise_create",
    "enterprise_register",
    "enterprise_update",
    "qualification_add",
    "qualification_remove",
    "qualification_update",
    "qualifications_write_listed",
    "verifies_directly",
    "yearly_fact_delete",
    "yearly_fact_upsert",
    "yearly_facts_write_listed",
]
