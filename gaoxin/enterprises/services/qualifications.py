"""An enterprise's qualifications (高新技术企业, 专精特新 …)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.audit.services import record

from ..models import Enterprise, Qualification
from ._common import (
    as_date,
    as_text,
    blank,
    diff,
    facts_changed,
    full_clean_or_raise,
    raise_if_any,
    reject_unknown,
    require_edit,
    snapshot,
)

QUALIFICATION_FIELDS = ("kind", "certificate_no", "valid_from", "valid_to")


@transaction.atomic
def qualification_add(*, actor, enterprise: Enterprise, data: Mapping[str, Any]) -> Qualification:
    require_edit(actor, enterprise)
    qualification = Qualification(enterprise=enterprise)
    _apply_qualification(qualification, data)
    qualification.save()
    record(
        action="enterprises.qualification.add",
        actor=actor,
        obj=enterprise,
        summary=_("Added the qualification %(qualification)s") % {"qualification": qualification},
        data={
            "qualification_id": qualification.pk,
            "changes": diff(
                blank(QUALIFICATION_FIELDS), snapshot(qualification, QUALIFICATION_FIELDS)
            ),
        },
    )
    facts_changed(enterprise)
    return qualification


@transaction.atomic
def qualification_update(
    *, actor, qualification: Qualification, data: Mapping[str, Any]
) -> Qualification:
    enterprise = qualification.enterprise
    require_edit(actor, enterprise)
    before = snapshot(qualification, QUALIFICATION_FIELDS)
    _apply_qualification(qualification, data)
    changes = diff(before, snapshot(qualification, QUALIFICATION_FIELDS))
    if not changes:
        return qualification
    qualification.save()
    record(
        action="enterprises.qualification.update",
        actor=actor,
        obj=enterprise,
        summary=_("Changed the qualification %(qualification)s") % {"qualification": qualification},
        data={"qualification_id": qualification.pk, "changes": changes},
    )
    facts_changed(enterprise)
    return qualification


@transaction.atomic
def qualification_remove(*, actor, qualification: Qualification) -> None:
    enterprise = qualification.enterprise
    require_edit(actor, enterprise)
    old = snapshot(qualification, QUALIFICATION_FIELDS)
    label, pk = str(qualification), qualification.pk
    qualification.delete()
    record(
        action="enterprises.qualification.remove",
        actor=actor,
        obj=enterprise,
        summary=_("Removed the qualification %(qualification)s") % {"qualification": label},
        data={"qualification_id": pk, "changes": diff(old, blank(QUALIFICATION_FIELDS))},
    )


def _apply_qualification(qualification: Qualification, data: Mapping[str, Any]) -> None:
    reject_unknown(data, QUALIFICATION_FIELDS)
    errors: dict[str, list] = {}
    for name, value in data.items():
        if name in ("valid_from", "valid_to"):
            setattr(qualification, name, as_date(value, name, errors))
        else:
            setattr(qualification, name, as_text(value))
    start, end = qualification.valid_from, qualification.valid_to
    if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
        errors.setdefault("valid_to", []).append(_("'Valid to' cannot be before 'valid from'."))
    raise_if_any(errors)
    full_clean_or_raise(qualification, {})
