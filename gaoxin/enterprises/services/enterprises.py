"""Registering an enterprise and changing its file."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import Organisation
from gaoxin.audit.services import record
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.parks.models import Park

from .. import domain, scoping
from ..choices import RecordSubject
from ..models import Enterprise, FactRecord
from ..validators import normalise_uscc
from . import declarations
from ._common import (
    as_date,
    as_text,
    blank,
    diff,
    facts_changed,
    field_labels,
    full_clean_or_raise,
    pk_of,
    raise_if_any,
    reject_unknown,
    resolve_park,
    snapshot,
)
from .declarations import PROFILE_FACT_FIELDS

ENTERPRISE_FIELDS = (
    "name",
    "uscc",
    "legal_representative",
    "address",
    "region_code",
    "industry_code",
    "industry_name",
    "park",
    "stage",
    "founded_on",
    "is_sample",
)
# What an enterprise's own users may not change in their file.
LOCKED_FOR_ENTERPRISE_USERS = ("uscc", "park")
# Fields of the file that are facts of policy criteria (policies.matching.facts): changing one
# may make a policy fit, so the enterprise is pushed the policies it now meets (精准推送).
PUSH_FIELDS = frozenset({"park", "stage", "industry_code", "founded_on"})


@transaction.atomic
def enterprise_create(*, actor, data: Mapping[str, Any]) -> Enterprise:
    """Register an enterprise in the actor's zone (zone official) or in one of the actor's
    parks (park operator), with the organisation its own users will belong to."""
    if not scoping.can_create(actor):
        raise PermissionDeniedError(
            _("Only zone officials and park operators can register enterprises.")
        )
    values = _enterprise_values(data)
    park = values.pop("park", None)
    errors: dict[str, list] = {}
    zone = _zone_for_new_enterprise(actor, park, errors)
    if zone is None:
        raise_if_any(errors)
    enterprise = Enterprise(**values, park=park, zone=zone)
    return enterprise_register(actor=actor, enterprise=enterprise, errors=errors)


@transaction.atomic
def enterprise_register(
    *,
    actor,
    enterprise: Enterprise,
    errors: dict[str, list] | None = None,
    reason: str = "",
    audit_data: Mapping[str, Any] | None = None,
) -> Enterprise:
    """Save a new enterprise, already placed in its zone and park: the steps every registration
    shares. It checks no permission: it is for enterprise_create, which has checked the actor's,
    and for the system (actor None: the demo loader), which places the enterprise itself.

    The region code defaults to the zone's; the credit code and the name must be free (`errors`:
    those found before, reported with these); the enterprise keeps the organisation it was
    given, or takes over one made before its file, or gets a new one. The audit event holds the
    changes, plus `audit_data`.
    """
    errors = {} if errors is None else errors
    if not enterprise.region_code and enterprise.zone_id is not None:
        enterprise.region_code = enterprise.zone.region_code
    _check_uscc_unique(enterprise, errors)
    made_before = _claim_organisation_name(enterprise, errors)
    full_clean_or_raise(enterprise, errors)
    if enterprise.organisation_id is None:
        enterprise.organisation = made_before or _new_organisation(actor, enterprise)
    enterprise.save()
    record(
        action="enterprises.enterprise.create",
        actor=actor,
        obj=enterprise,
        summary=_("Registered enterprise %(name)s") % {"name": enterprise.name},
        data={
            "changes": diff(blank(ENTERPRISE_FIELDS), snapshot(enterprise, ENTERPRISE_FIELDS)),
            **(audit_data or {}),
        },
        reason=reason,
    )
    return enterprise


@transaction.atomic
def enterprise_update(
    *,
    actor,
    enterprise: Enterprise,
    data: Mapping[str, Any],
    reason: str = "",
    evidence: str = "",
    attachment=None,
    provenance: Mapping[str, Any] | None = None,
    verifying=None,
) -> Enterprise:
    """Change an enterprise's file. Returns the saved enterprise (a fresh instance).

    An enterprise's own users may not change its credit code or park; a park operator keeps it
    in one of its parks; a zone official keeps it in the zone. A change to a field that
    policies read (`declarations.PROFILE_FACT_FIELDS`) by anyone but an official of the zone
    is declared for verification: the returned enterprise keeps the values in force and
    carries the pending record as ``declaration``.
    """
    if not scoping.can_edit(actor, enterprise):
        raise PermissionDeniedError(_("You cannot change this enterprise's file."))
    enterprise = _locked(enterprise)
    errors: dict[str, list] = {}
    before, changes = _set_values(actor, enterprise, data, errors)
    if not changes:
        return enterprise
    declaration = None
    if not (bool(verifying) or declarations.verifies_directly(actor, enterprise)):
        declaration, changes = _declare_profile(
            actor, enterprise, changes, errors, evidence=evidence, attachment=attachment
        )
        if not changes:
            enterprise.declaration = declaration
            return enterprise
    _write_changes(actor, enterprise, before, changes, errors, reason, provenance, verifying)
    enterprise.declaration = declaration
    return enterprise


def _locked(enterprise: Enterprise) -> Enterprise:
    return (
        Enterprise.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=enterprise.pk)
    )


def _set_values(
    actor, enterprise: Enterprise, data: Mapping[str, Any], errors: dict
) -> tuple[dict[str, Any], dict[str, list]]:
    """Set ``data`` on the (locked) enterprise: parsed, and within what the actor may change
    (an enterprise user keeps its credit code and park; the park is one the actor may use,
    found wrong in ``errors``). Returns the file before, and what changed."""
    values = _enterprise_values(data)
    if actor.role == Role.ENTERPRISE_USER:
        _check_locked_fields(enterprise, values)
    before = snapshot(enterprise, ENTERPRISE_FIELDS)
    if "park" in values and pk_of(values["park"]) != enterprise.park_id:
        _check_park_allowed(actor, values["park"], enterprise.zone_id, errors)
    for name, value in values.items():
        setattr(enterprise, name, value)
    return before, diff(before, snapshot(enterprise, ENTERPRISE_FIELDS))


def _declare_profile(
    actor, enterprise: Enterprise, changes: dict[str, list], errors: dict, *, evidence, attachment
) -> tuple[FactRecord | None, dict[str, list]]:
    """Declare for verification the changes to fields policies read; the enterprise keeps
    their values in force. Returns the declaration (None when no such field changed) and the
    changes left to write."""
    declared_changes = {k: v for k, v in changes.items() if k in PROFILE_FACT_FIELDS}
    if not declared_changes:
        return None, changes
    full_clean_or_raise(enterprise, errors)
    for name, (old, _new) in declared_changes.items():
        setattr(enterprise, Enterprise._meta.get_field(name).attname, old)
    declaration = declarations.declared(
        actor=actor,
        enterprise=enterprise,
        subject=RecordSubject.PROFILE,
        slot="profile",
        values={name: new for name, (_old, new) in declared_changes.items()},
        previous={name: old for name, (old, _new) in declared_changes.items()},
        evidence=evidence,
        attachment=attachment,
    )
    return declaration, {k: v for k, v in changes.items() if k not in declared_changes}


def _write_changes(
    actor,
    enterprise: Enterprise,
    before: dict[str, Any],
    changes: dict[str, list],
    errors: dict,
    reason: str,
    provenance: Mapping[str, Any] | None,
    verifying,
) -> None:
    """Save the changes to the file (the organisation renamed with it when it followed the
    name), with the audit event and, for fields policies read, their provenance record."""
    rename_organisation = _save_checked(enterprise, before, changes, errors)
    record(
        action="enterprises.enterprise.update",
        actor=actor,
        obj=enterprise,
        summary=_("Changed %(fields)s of %(name)s")
        % {"fields": field_labels(Enterprise, changes), "name": enterprise.name},
        data={"changes": changes, "organisation_renamed": rename_organisation},
        reason=reason,
    )
    facts_written = {k: v for k, v in changes.items() if k in PROFILE_FACT_FIELDS}
    if facts_written:
        declarations.entry_written(
            actor=actor,
            enterprise=enterprise,
            subject=RecordSubject.PROFILE,
            slot="profile",
            values={name: new for name, (_old, new) in facts_written.items()},
            previous={name: old for name, (old, _new) in facts_written.items()},
            provenance=provenance,
            verifying=verifying,
        )
    if PUSH_FIELDS.intersection(changes):
        facts_changed(enterprise)


def _save_checked(
    enterprise: Enterprise, before: dict[str, Any], changes: dict[str, list], errors: dict
) -> bool:
    """Check the changed file (credit code and name free) and save it; whether the
    organisation, which carried the old name, was renamed with it."""
    if "uscc" in changes:
        _check_uscc_unique(enterprise, errors)
    rename_organisation = "name" in changes and domain.organisation_follows_name(
        enterprise.organisation, before["name"]
    )
    if rename_organisation:
        _claim_organisation_name(enterprise, errors)
    full_clean_or_raise(enterprise, errors)
    enterprise.save()
    if rename_organisation:
        _rename_organisation(enterprise)
    return rename_organisation


def _enterprise_values(data: Mapping[str, Any]) -> dict[str, Any]:
    reject_unknown(data, ENTERPRISE_FIELDS)
    values: dict[str, Any] = {}
    errors: dict[str, list] = {}
    for name, value in data.items():
        if name == "uscc":
            values[name] = normalise_uscc(as_text(value))
        elif name == "industry_code":
            values[name] = as_text(value).upper()
        elif name == "park":
            values[name] = resolve_park(value, errors)
        elif name == "founded_on":
            values[name] = as_date(value, name, errors)
        elif name == "is_sample":
            values[name] = bool(value)
        else:
            values[name] = as_text(value)
    raise_if_any(errors)
    return values


def _zone_for_new_enterprise(actor, park: Park | None, errors: dict) -> Organisation | None:
    if actor.role == Role.ZONE_OFFICIAL:
        zone = actor.zone
        if zone is None:
            raise PermissionDeniedError(_("Your organisation does not belong to a zone."))
        _check_park_allowed(actor, park, zone.pk, errors)
        return zone
    _check_park_allowed(actor, park, None, errors)
    return park.zone if park is not None else None


def _check_park_allowed(actor, park: Park | None, zone_id: int | None, errors: dict) -> None:
    problem = domain.park_problem(actor, park, zone_id)
    if problem:
        errors.setdefault("park", []).append(problem)


def _check_locked_fields(enterprise: Enterprise, values: dict[str, Any]) -> None:
    before = snapshot(enterprise, LOCKED_FOR_ENTERPRISE_USERS)
    for name in LOCKED_FOR_ENTERPRISE_USERS:
        if name in values and pk_of(values[name]) != before[name]:
            raise PermissionDeniedError(
                _("Only the zone or the park operator can change the %(field)s of an enterprise.")
                % {"field": Enterprise._meta.get_field(name).verbose_name}
            )


def _check_uscc_unique(enterprise: Enterprise, errors: dict) -> None:
    if not enterprise.uscc:
        return
    taken = Enterprise.objects.filter(uscc=enterprise.uscc).exclude(pk=enterprise.pk).exists()
    if taken:
        errors.setdefault("uscc", []).append(
            ValidationError(
                _("An enterprise with this credit code is already registered."),
                code="uscc_taken",
            )
        )


def _claim_organisation_name(enterprise: Enterprise, errors: dict) -> Organisation | None:
    """Check that the enterprise's organisation may carry its name (domain.name_claim). Returns
    the organisation made before its file that a new enterprise takes over, if there is one."""
    if not enterprise.name:
        return None
    row = (
        Organisation.objects.filter(name=enterprise.name)
        .values_list(*domain.NAME_HOLDER_FIELDS)
        .first()
    )
    if row is None:
        return None
    holder = domain.NameHolder(*row)
    claim = domain.name_claim(
        holder, own_organisation_id=enterprise.organisation_id, zone_id=enterprise.zone_id
    )
    if claim is domain.NameClaim.TAKEN:
        errors.setdefault("name", []).append(
            ValidationError(domain.name_taken_message(), code="name_taken")
        )
    elif claim is domain.NameClaim.LINK:
        return Organisation.objects.get(pk=holder.pk)
    return None


def _new_organisation(actor, enterprise: Enterprise) -> Organisation:
    """The organisation the enterprise's users will belong to, when none was made before its
    file. (Made here, not by accounts.services.organisation_create, which is the system
    administrator's: registering an enterprise is the zone's or the park operator's act.)"""
    organisation = domain.new_enterprise_organisation(
        name=enterprise.name,
        zone=enterprise.zone,
        region_code=enterprise.region_code,
        is_sample=enterprise.is_sample,
    )
    organisation.full_clean()
    organisation.save()
    record(
        action="accounts.organisation.create",
        actor=actor,
        obj=organisation,
        summary=_("Created organisation %(name)s") % {"name": organisation.name},
        data={"kind": organisation.kind, "for_enterprise_uscc": enterprise.uscc},
    )
    return organisation


def _rename_organisation(enterprise: Enterprise) -> None:
    organisation = enterprise.organisation
    organisation.name = enterprise.name
    organisation.full_clean()
    organisation.save(update_fields=["name", "updated_at"])
