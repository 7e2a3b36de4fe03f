"""An enterprise's contacts. Phone numbers are personal data: the audit trail keeps them
masked, and showing one in full to an official is itself audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.audit.services import record
from gaoxin.core.errors import PermissionDeniedError

from .. import scoping
from ..models import Contact, Enterprise
from ..validators import mask_phone, normalise_phone
from ._common import (
    as_text,
    blank,
    diff,
    full_clean_or_raise,
    raise_if_any,
    reject_unknown,
    require_edit,
    snapshot,
)

CONTACT_FIELDS = ("name", "title", "phone", "email", "is_primary")


@transaction.atomic
def contact_add(*, actor, enterprise: Enterprise, data: Mapping[str, Any]) -> Contact:
    require_edit(actor, enterprise)
    contact = Contact(enterprise=enterprise)
    _apply_contact(contact, data)
    contact.save()
    demoted = _keep_one_primary(contact)
    record(
        action="enterprises.contact.add",
        actor=actor,
        obj=enterprise,
        summary=_("Added the contact %(name)s") % {"name": contact.name},
        data={
            "contact_id": contact.pk,
            "changes": _contact_changes(blank(CONTACT_FIELDS), contact),
            "no_longer_primary": demoted,
        },
    )
    return contact


@transaction.atomic
def contact_update(*, actor, contact: Contact, data: Mapping[str, Any]) -> Contact:
    enterprise = contact.enterprise
    require_edit(actor, enterprise)
    before = snapshot(contact, CONTACT_FIELDS)
    _apply_contact(contact, data)
    changes = _contact_changes(before, contact)
    if not changes:
        return contact
    contact.save()
    demoted = _keep_one_primary(contact)
    record(
        action="enterprises.contact.update",
        actor=actor,
        obj=enterprise,
        summary=_("Changed the contact %(name)s") % {"name": contact.name},
        data={"contact_id": contact.pk, "changes": changes, "no_longer_primary": demoted},
    )
    return contact


@transaction.atomic
def contact_remove(*, actor, contact: Contact) -> None:
    enterprise = contact.enterprise
    require_edit(actor, enterprise)
    before = snapshot(contact, CONTACT_FIELDS)
    name, pk = contact.name, contact.pk
    contact.delete()
    record(
        action="enterprises.contact.remove",
        actor=actor,
        obj=enterprise,
        summary=_("Removed the contact %(name)s") % {"name": name},
        data={"contact_id": pk, "changes": _masked(diff(before, blank(CONTACT_FIELDS)))},
    )


@transaction.atomic
def contact_reveal(*, actor, contact: Contact) -> str:
    """The contact's full phone number, for an official who pressed "show". Audited."""
    enterprise = contact.enterprise
    if not scoping.can_reveal_contacts(actor, enterprise):
        raise PermissionDeniedError(
            _("You cannot see the full phone numbers of this enterprise's contacts.")
        )
    record(
        action="enterprises.contact.reveal",
        actor=actor,
        obj=enterprise,
        summary=_("Showed the phone number of the contact %(name)s") % {"name": contact.name},
        data={"contact_id": contact.pk},
    )
    return contact.phone


def _apply_contact(contact: Contact, data: Mapping[str, Any]) -> None:
    reject_unknown(data, CONTACT_FIELDS)
    errors: dict[str, list] = {}
    for name, value in data.items():
        if name == "is_primary":
            contact.is_primary = bool(value)
        elif name == "phone":
            contact.phone = _phone(value, errors)
        elif name == "email":
            contact.email = as_text(value).lower()
        else:
            setattr(contact, name, as_text(value))
    raise_if_any(errors)
    full_clean_or_raise(contact, {})


def _phone(value: Any, errors: dict) -> str:
    text = as_text(value)
    if not text:
        return ""
    try:
        return normalise_phone(text)
    except ValidationError as exc:
        errors.setdefault("phone", []).extend(exc.error_list)
        return text


def _keep_one_primary(contact: Contact) -> list[int]:
    """At most one primary contact per enterprise: a new primary demotes the others."""
    if not contact.is_primary:
        return []
    others = list(
        Contact.objects.filter(enterprise_id=contact.enterprise_id, is_primary=True).exclude(
            pk=contact.pk
        )
    )
    for other in others:
        other.is_primary = False
        other.save(update_fields=["is_primary", "updated_at"])
    return [other.pk for other in others]


def _contact_changes(before: dict, contact: Contact) -> dict:
    return _masked(diff(before, snapshot(contact, CONTACT_FIELDS)))


def _masked(changes: dict) -> dict:
    """Phone numbers are personal data: the audit trail keeps them masked."""
    if "phone" in changes:
        changes["phone"] = [mask_phone(v) if v else v for v in changes["phone"]]
    return changes
