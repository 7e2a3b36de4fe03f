"""Every write of the investment pipeline: recording and changing a lead, moving it on the
lead workflow, recording its signing (with the agreement file) and settling it in the park.

Each is one transaction, checks who may do it (``scoping``), validates (``full_clean``) and
is audited in the same transaction; moves go only through ``LEAD_WORKFLOW.apply``.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import User
from gaoxin.audit.changes import field_changes, snapshot
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.enterprises import scoping as enterprise_scoping
from gaoxin.events.scoping import visible_events
from gaoxin.parks.models import SegmentMembership
from gaoxin.parks.scoping import visible_clusters, visible_parks

from .agreements import check_agreement
from .choices import LeadStatus
from .models import Lead, Signing
from .scoping import WORKING_ROLES, can_work_on
from .settling import settle_enterprise
from .workflows import LEAD_WORKFLOW

LEAD_FIELDS = (
    "park",
    "segment",
    "firm_name",
    "uscc",
    "contact_name",
    "contact_phone",
    "source",
    "source_detail",
    "owner",
    "expected_investment",
    "expected_output",
    "production_year",
    "next_follow_up",
    "note",
    "enterprise",
    "contact_on",
)
# Moves that need more than a note: their own form and service.
OWN_SERVICE = {"sign": "lead_sign", "settle": "lead_settle"}


def _check_worker(actor) -> None:
    if actor is None or not actor.is_authenticated or actor.role not in WORKING_ROLES:
        raise PermissionDeniedError(
            _("Only zone officials and park operators work on investment leads.")
        )


def _check_lead(actor, lead: Lead) -> None:
    if not can_work_on(actor, lead):
        raise PermissionDeniedError(_("You cannot work on this lead."))


def _problems(actor, lead: Lead, changed: set[str]) -> dict[str, list]:
    """What the actor may not put on the lead: a park, segment, owner or enterprise out of
    their reach. Only what changes is checked: an official may edit a lead an operator owns."""
    errors: dict[str, list] = {}
    if (
        "park" in changed
        and lead.park_id
        and not visible_parks(actor).filter(pk=lead.park_id).exists()
    ):
        errors["park"] = [_("Choose one of your parks.")]
    if actor.role == Role.PARK_OPERATOR and not lead.park_id:
        errors["park"] = [_("Choose the park the firm is to settle in: one of your parks.")]
    if (
        "segment" in changed
        and lead.segment_id
        and not (
            lead.segment.cluster.zone_id == lead.zone_id
            and visible_clusters(actor).filter(pk=lead.segment.cluster_id).exists()
        )
    ):
        errors["segment"] = [_("Choose a chain segment of a cluster of your zone.")]
    if "owner" in changed and lead.owner_id and lead.owner.organisation_id != actor.organisation_id:
        errors["owner"] = [_("The owner must be someone of your organisation.")]
    if (
        "enterprise" in changed
        and lead.enterprise_id
        and not enterprise_scoping.can_view(actor, lead.enterprise)
    ):
        errors["enterprise"] = [_("Choose an enterprise you can see.")]
    return errors


def _zone_of(actor, lead: Lead):
    if lead.park_id:
        return lead.park.zone
    return actor.zone


def _clean(actor, lead: Lead, changed: set[str]) -> None:
    errors = _problems(actor, lead, changed)
    try:
        lead.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, list(messages))
    if errors:
        raise ValidationError(errors)


def _assign(lead: Lead, data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(LEAD_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    for name, value in data.items():
        if value is None and name in ("uscc", "note", "source_detail"):
            value = ""
        setattr(lead, name, value)
    if lead.uscc:
        lead.uscc = lead.uscc.strip().upper()


def _snapshot(lead: Lead) -> dict[str, Any]:
    return snapshot(lead, LEAD_FIELDS)


@transaction.atomic
def lead_create(*, actor, data: Mapping[str, Any], is_sample: bool = False) -> Lead:
    """Record a new lead (status contact) in the actor's zone; owner defaults to the actor."""
    _check_worker(actor)
    lead = Lead(owner=actor, contact_on=timezone.localdate(), is_sample=is_sample)
    _assign(lead, data)
    if not lead.contact_on:
        lead.contact_on = timezone.localdate()
    zone = _zone_of(actor, lead)
    if zone is None:
        raise PermissionDeniedError(_("Your organisation does not belong to a zone."))
    lead.zone = zone
    _clean(actor, lead, set(LEAD_FIELDS))
    lead.save()
    record(
        action="investment.lead.create",
        actor=actor,
        obj=lead,
        summary=_("Recorded the investment lead %(firm)s") % {"firm": lead.firm_name},
        changes=field_changes({}, _snapshot(lead)),
    )
    return lead


@transaction.atomic
def lead_update(*, actor, lead: Lead, data: Mapping[str, Any]) -> Lead:
    """Change a lead's facts (its status moves only through the workflow)."""
    _check_worker(actor)
    _check_lead(actor, lead)
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    before = _snapshot(lead)
    _assign(lead, {k: v for k, v in data.items() if k != "contact_on"})
    if lead.park_id and lead.park.zone_id != lead.zone_id:
        raise ValidationError({"park": [_("Choose a park of the lead's zone.")]})
    changes = field_changes(before, _snapshot(lead))
    _clean(actor, lead, set(changes))
    if not changes:
        return lead
    lead.save()
    record(
        action="investment.lead.update",
        actor=actor,
        obj=lead,
        summary=_("Changed the investment lead %(firm)s") % {"firm": lead.firm_name},
        changes=changes,
    )
    return lead


def _move(actor, lead: Lead, name: str, note: str, fields: dict, next_follow_up=None) -> None:
    """Apply ``name`` with the note; the entry date of the new state and the next follow-up
    are written in the same UPDATE."""
    target = LEAD_WORKFLOW.transition(name).target
    fields = {f"{target}_on": timezone.localdate(), **fields, "next_follow_up": next_follow_up}
    LEAD_WORKFLOW.apply(
        lead,
        name,
        actor=actor,
        summary=_("%(firm)s: %(move)s")
        % {"firm": lead.firm_name, "move": LEAD_WORKFLOW.transition(name).label},
        reason=note or "",
        fields=fields,
    )


@transaction.atomic
def lead_transition(
    *, actor, lead: Lead, name: str, note: str, next_follow_up: datetime.date | None = None
) -> Lead:
    """Move a lead by ``name`` (visit, negotiate, produce, drop, reopen) with its note."""
    _check_worker(actor)
    _check_lead(actor, lead)
    if name not in LEAD_WORKFLOW._by_name:
        raise DomainError(_("There is no move called “%(name)s”.") % {"name": name}, field="name")
    if name in OWN_SERVICE:
        raise DomainError(
            _("“%(move)s” has its own form: it needs more than a note.")
            % {"move": LEAD_WORKFLOW.transition(name).label},
            code="own_form",
            field="name",
        )
    _move(actor, lead, name, note, {}, next_follow_up)
    return lead


def _store_agreement(signing: Signing, upload) -> None:
    extension = check_agreement(upload, field="agreement")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    signing.agreement_name = upload.name[:200]
    signing.agreement_extension = extension
    signing.agreement_sha256 = digest.hexdigest()
    signing.agreement.save("agreement" + extension, upload, save=False)


@transaction.atomic
def lead_sign(
    *,
    actor,
    lead: Lead,
    signed_on: datetime.date,
    amount,
    note: str,
    segment=None,
    park=None,
    event=None,
    agreement=None,
    next_follow_up: datetime.date | None = None,
    is_sample: bool = False,
) -> Signing:
    """Record the signing (签约) of a lead in negotiation and move it to signed (a lead signing
    again after dropping and reopening rewrites its one signing; the history keeps the old)."""
    _check_worker(actor)
    _check_lead(actor, lead)
    LEAD_WORKFLOW.check(lead, "sign", reason=note or "")
    signing = Signing.objects.filter(lead=lead).first() or Signing(lead=lead)
    values = {
        "signed_on": signed_on,
        "amount": amount,
        "segment": segment or lead.segment,
        "park": park or lead.park,
        "event": event,
        "note": note or "",
        "recorded_by": actor,
        "is_sample": is_sample,
    }
    for name, value in values.items():
        setattr(signing, name, value)
    _check_signing(actor, signing)
    signing.full_clean(exclude=["lead", "agreement"])  # before the file is written
    if agreement is not None:
        _store_agreement(signing, agreement)
    signing.save()
    _record_signing(actor, lead, signing)
    _move(actor, lead, "sign", note, {"signed_on": signed_on}, next_follow_up)
    return signing


def _record_signing(actor, lead: Lead, signing: Signing) -> None:
    record(
        action="investment.signing.create",
        actor=actor,
        obj=lead,
        summary=_("Recorded the signing of %(firm)s") % {"firm": lead.firm_name},
        data={"signing": signing.pk, "agreement_sha256": signing.agreement_sha256},
        changes=field_changes({}, {"amount": signing.amount, "signed_on": signing.signed_on}),
    )


def _check_signing(actor, signing: Signing) -> None:
    errors: dict[str, list] = {}
    if signing.park_id and not visible_parks(actor).filter(pk=signing.park_id).exists():
        errors["park"] = [_("Choose one of your parks.")]
    if (
        signing.segment_id
        and not visible_clusters(actor).filter(pk=signing.segment.cluster_id).exists()
    ):
        errors["segment"] = [_("Choose a chain segment of a cluster of your zone.")]
    if signing.event_id and not visible_events(actor).filter(pk=signing.event_id).exists():
        errors["event"] = [_("Choose an event of your zone.")]
    if signing.signed_on and signing.signed_on > timezone.localdate():
        errors["signed_on"] = [_("The signing date cannot be in the future.")]
    if signing.amount is not None and signing.amount <= 0:
        errors["amount"] = [_("The amount must be more than zero.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def lead_settle(
    *,
    actor,
    lead: Lead,
    note: str,
    uscc: str = "",
    next_follow_up: datetime.date | None = None,
) -> Lead:
    """Settle a signed lead (落地): its enterprise moves into the lead's park, or is created
    from the lead; the enterprise joins the lead's segment. One transaction, audited."""
    _check_worker(actor)
    _check_lead(actor, lead)
    LEAD_WORKFLOW.check(lead, "settle", reason=note or "")
    if lead.park_id is None:
        raise DomainError(_("Choose the lead's park before settling it."), field="park")
    enterprise = settle_enterprise(actor, lead, uscc, note)
    _join_segment(actor, lead, enterprise)
    _move(actor, lead, "settle", note, {"enterprise": enterprise}, next_follow_up)
    return lead


def _join_segment(actor, lead: Lead, enterprise) -> None:
    if lead.segment_id is None:
        return
    membership, created = SegmentMembership.objects.get_or_create(
        segment=lead.segment,
        enterprise=enterprise,
        defaults={"note": _("Settled through investment promotion"), "is_sample": lead.is_sample},
    )
    if created:
        membership.full_clean()
        record(
            action="investment.segment_membership.create",
            actor=actor,
            obj=lead,
            summary=_("%(firm)s joined the chain segment %(segment)s")
            % {"firm": enterprise.name, "segment": lead.segment.name},
            data={"membership": membership.pk, "enterprise": enterprise.pk},
        )


def owners_for(actor, keep=None):
    """The people of the actor's organisation a lead can be given to (and ``keep``, the lead's
    owner now, so an official editing an operator's lead can leave it where it is)."""
    mine = Q(organisation_id=actor.organisation_id, is_active=True, role__in=WORKING_ROLES)
    return User.objects.filter(mine | Q(pk=getattr(keep, "pk", None))).order_by("username")


def is_open(lead: Lead) -> bool:
    return lead.status not in (LeadStatus.SETTLED, LeadStatus.PRODUCING, LeadStatus.DROPPED)


@transaction.atomic
def export_recorded(*, actor, what: str, rows: int) -> None:
    """Audit an export of the pipeline (leads, signings or the funnel)."""
    record(
        action="investment.export",
        actor=actor,
        summary=_("Exported the investment %(what)s") % {"what": what},
        data={"what": what, "rows": rows},
    )


@transaction.atomic
def agreement_downloaded(*, actor, signing: Signing) -> None:
    """Audit a download of a signing's agreement file."""
    record(
        action="investment.signing.download",
        actor=actor,
        obj=signing.lead,
        summary=_("Downloaded the agreement of %(firm)s") % {"firm": signing.lead.firm_name},
        data={"signing": signing.pk, "sha256": signing.agreement_sha256},
    )
