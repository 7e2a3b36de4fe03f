"""Every write of the events app, each one transaction with its audit event.

- ``event_create`` / ``event_update`` / ``event_delete``: zone officials for their zone's events,
  park operators for events at their parks (or that they created); an event with signings or
  registrations is not deleted;
- ``organiser_add`` / ``organiser_remove``, ``talk_add`` / ``talk_remove``, ``advisor_add`` /
  ``advisor_remove``: the event's managers;
- ``registration_create``: anyone, for a public event open for registration (before its
  deadline, under its capacity), one active registration per phone number; visitors without an
  account are rate-limited per address (counted from the audit trail, as the public objections
  of grants and applications are);
- ``registration_cancel``: the event's managers, or the registrant who is logged in;
- ``export_recorded``: the export of an event's registrations, audited.

``actor=None`` is the command line or the demo loader (trusted).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.audit.changes import field_changes
from gaoxin.audit.models import AuditEvent
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError
from gaoxin.enterprises.validators import mask_phone, normalise_phone

from . import rules, selectors
from .choices import OrganiserRole, RegistrationStatus
from .models import Event, EventOrganiser, Registration, Talk

EVENT_FIELDS = (
    "kind", "title", "theme", "starts_on", "start_time", "ends_on", "venue", "park",
    "description", "outcomes", "participants", "is_public", "registration_open", "capacity",
    "registration_deadline",
)  # fmt: skip
# Online registrations from visitors without an account, per client address and hour.
PUBLIC_REGISTRATIONS_PER_HOUR = 5


def _full_clean(obj, **kwargs) -> None:
    """The model's own checks as a DomainError naming the first field at fault."""
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        name, errors = next(iter(exc.message_dict.items()))
        raise DomainError(errors[0], field=None if name == NON_FIELD_ERRORS else name) from exc


def _snapshot(event: Event) -> dict[str, Any]:
    return {name: getattr(event, f"{name}_id" if name == "park" else name) for name in EVENT_FIELDS}


def _require_manager(actor, event: Event) -> None:
    if actor is not None and not rules.can_manage(actor, event):
        raise PermissionDeniedError(
            _("Only the zone's officials, or the operator of the event's park, manage this event.")
        )


def _check_park(actor, event: Event) -> None:
    """The park is one of the event's zone; a park operator holds events at its own parks."""
    park = event.park
    if park is not None and park.zone_id != event.zone_id:
        raise DomainError(_("Park: choose one of the zone's parks."), field="park")
    if actor is None or actor.role != Role.PARK_OPERATOR:
        return
    if park is None or park.operator_id != actor.organisation_id:
        raise DomainError(_("Park: choose one of the parks your organisation runs."), field="park")


def _check_registration_fields(event: Event) -> None:
    if event.registration_open and not event.is_public:
        raise DomainError(
            _("Registration: only a public event takes registrations; make it public first."),
            field="registration_open",
        )
    deadline = event.registration_deadline
    if deadline is not None and deadline > (event.ends_on or event.starts_on):
        raise DomainError(
            _("Registration deadline: it cannot be after the event."),
            field="registration_deadline",
        )


def _clean_event(actor, event: Event) -> None:
    _full_clean(event, exclude=["zone", "created_by"])
    _check_park(actor, event)
    _check_registration_fields(event)


@transaction.atomic
def event_create(*, actor, data: dict[str, Any], zone=None, reason: str = "") -> Event:
    """A new event of the actor's zone (``zone`` for the command line and the demo)."""
    if actor is not None:
        if not rules.can_create(actor):
            raise PermissionDeniedError(_("Only zone officials and park operators add events."))
        zone = actor.organisation.home_zone if actor.organisation_id else None
    if zone is None:
        raise DomainError(_("Your organisation belongs to no high-tech zone."))
    fields = {k: v for k, v in data.items() if k in EVENT_FIELDS}
    event = Event(zone=zone, created_by=actor, **fields)
    _clean_event(actor, event)
    event.save()
    record(
        action="events.event.create",
        actor=actor,
        obj=event,
        summary=_("Event %(title)s added") % {"title": event.title},
        data={"event": event.pk, "kind": event.kind, "starts_on": event.starts_on.isoformat()},
        reason=reason,
    )
    return event


@transaction.atomic
def event_update(*, actor, event: Event, data: dict[str, Any]) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    _require_manager(actor, event)
    before = _snapshot(event)
    for name, value in data.items():
        if name in EVENT_FIELDS:
            setattr(event, name, value)
    _clean_event(actor, event)
    changes = field_changes(before, _snapshot(event))
    if not changes:
        return event
    event.save()
    record(
        action="events.event.update",
        actor=actor,
        obj=event,
        summary=_("Event %(title)s changed") % {"title": event.title},
        data={"event": event.pk},
        changes=changes,
    )
    return event


@transaction.atomic
def event_delete(*, actor, event: Event, reason: str = "") -> None:
    """Delete an event nobody registered for and at which nothing was signed."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    _require_manager(actor, event)
    if event.signings.exists() or event.registrations.exists():
        raise InvalidTransitionError(
            _(
                "This event has signings or registrations and is kept; make it non-public "
                "instead of deleting it."
            ),
            code="event_in_use",
        )
    record(
        action="events.event.delete",
        actor=actor,
        obj=event,
        summary=_("Event %(title)s deleted") % {"title": event.title},
        data={"event": event.pk, "starts_on": event.starts_on.isoformat()},
        reason=reason,
    )
    event.delete()


def _touch(action: str, actor, event: Event, summary: str, data: dict, reason: str = "") -> None:
    record(
        action=action,
        actor=actor,
        obj=event,
        summary=summary,
        data={"event": event.pk, **data},
        reason=reason,
    )


@transaction.atomic
def organiser_add(
    *, actor, event: Event, role: str, name: str, organisation=None, reason: str = ""
) -> EventOrganiser:
    _require_manager(actor, event)
    name = (name or (organisation.name if organisation else "")).strip()
    choices = selectors.organiser_choices(event.zone)
    if organisation is not None and not choices.filter(pk=organisation.pk).exists():
        raise DomainError(
            _(
                "Organisation: choose one of the zone's own or a body of no zone (an "
                "association, a university); another zone's is not offered."
            ),
            field="organisation",
        )
    if role not in OrganiserRole.values:
        raise DomainError(_("Role: choose 指导, 主办, 承办 or 协办."), field="role")
    if event.organisers.filter(role=role, name=name).exists():
        raise DomainError(
            _("This unit is already listed in that role."), field="name", code="duplicate"
        )
    last = event.organisers.filter(role=role).aggregate(m=Max("order"))["m"]
    organiser = EventOrganiser(
        event=event, role=role, name=name, organisation=organisation, order=(last or 0) + 1
    )
    _full_clean(organiser, exclude=["event"], validate_constraints=False)
    organiser.save()
    _touch(
        "events.organiser.add",
        actor,
        event,
        _("%(name)s added as %(role)s of %(event)s")
        % {"name": name, "role": organiser.get_role_display(), "event": event.title},
        {"organiser": organiser.pk, "role": role, "name": name},
        reason,
    )
    return organiser


@transaction.atomic
def organiser_remove(*, actor, organiser: EventOrganiser) -> None:
    event = organiser.event
    _require_manager(actor, event)
    _touch(
        "events.organiser.remove",
        actor,
        event,
        _("%(name)s removed from %(event)s") % {"name": organiser.name, "event": event.title},
        {"organiser": organiser.pk, "role": organiser.role, "name": organiser.name},
    )
    organiser.delete()


def _check_expert(event: Event, expert) -> None:
    if expert is not None and expert.zone_id != event.zone_id:
        raise DomainError(_("Expert: choose one of the zone's expert pool."), field="expert")


@transaction.atomic
def talk_add(
    *,
    actor,
    event: Event,
    speaker: str,
    topic: str,
    speaker_title: str = "",
    expert=None,
    reason: str = "",
) -> Talk:
    _require_manager(actor, event)
    _check_expert(event, expert)
    speaker = (speaker or (expert.name if expert else "")).strip()
    last = event.talks.aggregate(m=Max("order"))["m"]
    talk = Talk(
        event=event,
        speaker=speaker,
        speaker_title=(speaker_title or "").strip(),
        topic=(topic or "").strip(),
        expert=expert,
        order=(last or 0) + 1,
    )
    _full_clean(talk, exclude=["event"])
    talk.save()
    _touch(
        "events.talk.add",
        actor,
        event,
        _("Talk by %(speaker)s added to %(event)s")
        % {"speaker": talk.speaker, "event": event.title},
        {"talk": talk.pk, "speaker": talk.speaker, "topic": talk.topic},
        reason,
    )
    return talk


@transaction.atomic
def talk_remove(*, actor, talk: Talk) -> None:
    event = talk.event
    _require_manager(actor, event)
    _touch(
        "events.talk.remove",
        actor,
        event,
        _("Talk by %(speaker)s removed from %(event)s")
        % {"speaker": talk.speaker, "event": event.title},
        {"talk": talk.pk, "speaker": talk.speaker, "topic": talk.topic},
    )
    talk.delete()


@transaction.atomic
def advisor_add(*, actor, event: Event, expert, reason: str = "") -> None:
    _require_manager(actor, event)
    _check_expert(event, expert)
    if event.appointed_advisors.filter(pk=expert.pk).exists():
        raise DomainError(
            _("Expert: already appointed at this event."), field="expert", code="duplicate"
        )
    event.appointed_advisors.add(expert)
    _touch(
        "events.advisor.add",
        actor,
        event,
        _("%(name)s appointed advisor at %(event)s") % {"name": expert.name, "event": event.title},
        {"expert": expert.pk},
        reason,
    )


@transaction.atomic
def advisor_remove(*, actor, event: Event, expert) -> None:
    _require_manager(actor, event)
    event.appointed_advisors.remove(expert)
    _touch(
        "events.advisor.remove",
        actor,
        event,
        _("%(name)s no longer listed at %(event)s") % {"name": expert.name, "event": event.title},
        {"expert": expert.pk},
    )


# --- registration ------------------------------------------------------------------------------


def public_registrations_per_hour() -> int:
    return int(
        getattr(settings, "EVENTS_PUBLIC_REGISTRATIONS_PER_HOUR", PUBLIC_REGISTRATIONS_PER_HOUR)
    )


def _require_under_limit(ip: str | None) -> None:
    """At most ``public_registrations_per_hour()`` registrations without an account per address
    and hour, counted from the audit trail (which records the address of each)."""
    limit = public_registrations_per_hour()
    recent = AuditEvent.objects.filter(
        action="events.registration.create",
        actor_id__isnull=True,
        data__ip=ip,
        occurred_at__gte=timezone.now() - datetime.timedelta(hours=1),
    ).count()
    if recent >= limit:
        raise DomainError(
            _(
                "Too many registrations were sent from your address in the last hour (at most "
                "%(limit)s): please try again later."
            )
            % {"limit": limit},
            code="too_many",
        )


def registration_closed_reason(event: Event, today: datetime.date) -> str:
    """Why ``event`` takes no registration today ("" when it does; capacity aside)."""
    if event.starts_on < today:
        return _("This event has taken place.")
    if not event.is_public or not event.registration_open:
        return _("This event does not take registrations.")
    if event.registration_deadline is not None and today > event.registration_deadline:
        return _("Registration closed on %(day)s.") % {
            "day": event.registration_deadline.isoformat()
        }
    return ""


def _require_open(event: Event, today: datetime.date) -> None:
    if reason := registration_closed_reason(event, today):
        raise InvalidTransitionError(reason, code="registration_closed")


def _require_place(event: Event) -> None:
    if event.capacity is not None:
        taken = event.registrations.filter(status=RegistrationStatus.REGISTERED).count()
        if taken >= event.capacity:
            raise InvalidTransitionError(
                _("The event is full (%(capacity)s places); registration is closed.")
                % {"capacity": event.capacity},
                code="event_full",
            )


def _clean_contact(name: str, phone: str, email: str) -> tuple[str, str, str]:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Name: this field is required."), field="name")
    try:
        phone = normalise_phone((phone or "").strip())
    except ValidationError as exc:
        raise DomainError(
            _("Phone: give a phone number in China, e.g. 13812341234 or 0371-67891234."),
            field="phone",
        ) from exc
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise DomainError(
                _("E-mail: not a valid address, e.g. name@example.com."), field="email"
            ) from exc
    return name, phone, email


def _enterprise_of(user):
    if user is None or not user.is_authenticated or user.role != Role.ENTERPRISE_USER:
        return None
    return getattr(user.organisation, "enterprise", None) if user.organisation_id else None


def _require_can_register(event: Event, phone: str, *, user, ip, today) -> None:
    """Open, not yet registered under this phone, a place left, and (for a visitor without an
    account) under the rate limit; otherwise a DomainError naming what to fix."""
    _require_open(event, today)
    if event.registrations.filter(phone=phone, status=RegistrationStatus.REGISTERED).exists():
        raise DomainError(
            _("Phone: this number is already registered for the event."),
            field="phone",
            code="duplicate",
        )
    _require_place(event)
    if user is None:
        _require_under_limit(ip)


@transaction.atomic
def registration_create(
    *,
    event: Event,
    name: str,
    phone: str,
    organisation_name: str = "",
    email: str = "",
    user=None,
    ip: str | None = None,
    today: datetime.date | None = None,
) -> Registration:
    """Register for a public event that is open (before its deadline, under its capacity).
    A logged-in ``user`` is linked (and their enterprise); anyone else is rate-limited."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    name, phone, email = _clean_contact(name, phone, email)
    user = user if user is not None and user.is_authenticated else None
    _require_can_register(event, phone, user=user, ip=ip, today=today or timezone.localdate())
    registration = Registration(
        event=event,
        name=name,
        phone=phone,
        email=email,
        user=user,
        organisation_name=(organisation_name or "").strip(),
        enterprise=_enterprise_of(user),
    )
    _full_clean(registration, exclude=["event"], validate_constraints=False)
    registration.save()
    record(
        action="events.registration.create",
        actor=user,
        obj=registration,
        summary=_("%(name)s registered for %(event)s") % {"name": name, "event": event.title},
        data={"event": event.pk, "phone": mask_phone(phone), "ip": ip},
    )
    return registration


@transaction.atomic
def registration_cancel(*, actor, registration: Registration, reason: str = "") -> Registration:
    """Cancel a registration: the event's managers, or the registrant logged in."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    event = registration.event
    if actor is not None and not (
        rules.can_manage(actor, event) or rules.can_cancel_own(actor, registration)
    ):
        raise PermissionDeniedError(_("Only the event's managers or the registrant cancel it."))
    if registration.status == RegistrationStatus.CANCELLED:
        raise InvalidTransitionError(_("This registration is already cancelled."))
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    record(
        action="events.registration.cancel",
        actor=actor,
        obj=registration,
        summary=_("Registration of %(name)s for %(event)s cancelled")
        % {"name": registration.name, "event": event.title},
        data={"event": event.pk, "phone": mask_phone(registration.phone)},
        reason=(reason or "").strip(),
        changes={"status": [RegistrationStatus.REGISTERED, RegistrationStatus.CANCELLED]},
    )
    return registration


@transaction.atomic
def export_recorded(*, actor, event: Event, rows: int) -> None:
    _require_manager(actor, event)
    record(
        action="events.registration.export",
        actor=actor,
        obj=event,
        summary=_("Registrations of %(event)s exported") % {"event": event.title},
        data={"event": event.pk, "rows": rows},
    )
