"""Settling a signed lead (落地/入驻) in the registry, through the enterprises app's services:
the firm the lead already names moves into the lead's park (``enterprise_update``), or a new
enterprise is registered from the lead (``enterprise_create``) without retyping anything."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gaoxin.enterprises.choices import Stage
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.services import enterprise_create, enterprise_update
from gaoxin.enterprises.validators import normalise_uscc, validate_uscc

from .models import Lead


def checked_uscc(lead: Lead, uscc: str) -> str:
    """The credit code to register the firm with (given now, or the lead's); a message on
    ``uscc`` when it is missing or not valid."""
    code = normalise_uscc(uscc or lead.uscc).upper()
    if not code:
        raise ValidationError(
            {"uscc": [_("Enter the firm's unified social credit code to register it.")]}
        )
    try:
        validate_uscc(code)
    except ValidationError as exc:
        raise ValidationError({"uscc": exc.messages}) from exc
    return code


def settle_enterprise(actor, lead: Lead, uscc: str, note: str) -> Enterprise:
    """The enterprise the lead settles as, in the lead's park."""
    if lead.enterprise_id:
        enterprise = lead.enterprise
        if enterprise.park_id != lead.park_id:
            enterprise = enterprise_update(
                actor=actor, enterprise=enterprise, data={"park": lead.park}, reason=note
            )
        return enterprise
    code = checked_uscc(lead, uscc)
    existing = Enterprise.objects.filter(uscc=code).first()
    if existing is not None:
        raise ValidationError(
            {
                "uscc": [
                    _(
                        "%(name)s is already registered with this credit code: choose it as "
                        "the lead's enterprise instead."
                    )
                    % {"name": existing.name}
                ]
            }
        )
    return enterprise_create(
        actor=actor,
        data={
            "name": lead.firm_name,
            "uscc": code,
            "park": lead.park,
            "region_code": lead.zone.region_code,
            "stage": Stage.RND,
            "is_sample": lead.is_sample,
        },
    )
