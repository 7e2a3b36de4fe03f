"""Every write of the consultations (定期咨询) and seminars (专题研讨), each one transaction with
its audit event; every state change through the workflows of ``workflows.py``.

Consultations:

- ``series_create``: the zone's officials or park operators, or the advisor for their own hours;
  makes one slot per week on the working days from ``first_date`` to ``last_date`` (at most a
  year), skips holidays (and says how many), refuses an overlap with the advisor's slots;
- ``series_end``: withdraws the future open slots of a series;
- ``slot_book`` (an enterprise user, a future open slot, at most ``MAX_BOOKINGS_PER_ADVISOR``
  future bookings with one advisor), ``slot_release`` (the booker before the start, or the
  advisor / staff), ``slot_hold`` (after the start), ``slot_withdraw``.

Seminars:

- ``seminar_create`` / ``seminar_update`` (officials; park operators for their zone, at their
  parks): raising the capacity moves the waiting ones up in order, lowering it below the seats
  taken is refused; ``seminar_move`` (open, close, reopen, hold, cancel — cancel tells the
  registrants);
- ``seat_register``: a seat while one is free, else a place on the waiting list (the seminar
  row is locked, so two registrants never take the last seat); ``seat_cancel`` moves the first
  waiting one up in the same transaction; ``seat_attend`` / ``seat_absent`` after the start.

``actor=None`` is the command line or the demo loader (trusted).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import User
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError
from gaoxin.core.workdays import CalendarUnknown, is_workday
from gaoxin.enterprises.validators import mask_phone, normalise_phone
from gaoxin.notifications.choices import NotificationKind

from .choices import SeatStatus, SeminarStatus, SlotStatus
from .models import (
    Advisor,
    ConsultationSeries,
    ConsultationSlot,
    Seminar,
    SeminarSeat,
    SeminarSpeaker,
)
from .scoping import enterprise_of
from .workflows import SEAT_WORKFLOW, SEMINAR_WORKFLOW, SLOT_WORKFLOW

# An enterprise holds at most this many future bookings with the same advisor.
MAX_BOOKINGS_PER_ADVISOR = 2
# A series covers at most this many days.
MAX_SERIES_DAYS = 366
# The inbox kind of the services' notifications (see the report: the lead adds the choice).
NOTICE_KIND = NotificationKind.SERVICE
# The seats a registration takes: registered, and after the seminar attended or absent.
TAKING_A_SEAT = (SeatStatus.REGISTERED, SeatStatus.ATTENDED, SeatStatus.ABSENT)
SEMINAR_FIELDS = (
    "title", "topic", "domain", "starts_at", "ends_at", "venue", "capacity",
    "registration_deadline", "description", "park",
)  # fmt: skip


# --- who may do what ---------------------------------------------------------------------------


def _home_zone_id(user) -> int | None:
    if user is None or not user.is_authenticated or not user.organisation_id:
        return None
    home = user.organisation.home_zone
    return home.pk if home else None


def is_zone_staff(user, zone_id: int) -> bool:
    """A zone official or park operator of the zone (they run its consultations and seminars)."""
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR)
        and _home_zone_id(user) == zone_id
    )


def is_the_advisor(user, advisor: Advisor) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.role == Role.ADVISOR
        and advisor.expert.user_id == user.pk
    )


def can_run_slots(user, advisor: Advisor) -> bool:
    """The advisor themself, or the staff of the advisor's zone."""
    return is_zone_staff(user, advisor.zone_id) or is_the_advisor(user, advisor)


def can_manage_seminar(user, seminar: Seminar) -> bool:
    """The zone's officials; a park operator of the zone for a seminar at none of the parks or
    at one it runs."""
    if not is_zone_staff(user, seminar.zone_id):
        return False
    if user.role == Role.PARK_OPERATOR and seminar.park_id is not None:
        return seminar.park.operator_id == user.organisation_id
    return True


def can_book(user, advisor: Advisor) -> bool:
    enterprise = enterprise_of(user)
    return enterprise is not None and enterprise.zone_id == advisor.zone_id


def can_register(user, seminar: Seminar) -> bool:
    """An enterprise user of the zone, or its staff on someone's behalf."""
    enterprise = enterprise_of(user)
    if enterprise is not None:
        return enterprise.zone_id == seminar.zone_id
    return is_zone_staff(user, seminar.zone_id)


def _deny(message: str) -> None:
    raise PermissionDeniedError(message)


# --- small helpers -----------------------------------------------------------------------------


def _full_clean(obj, **kwargs) -> None:
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        name, errors = next(iter(exc.message_dict.items()))
        raise DomainError(errors[0], field=None if name == NON_FIELD_ERRORS else name) from exc


def _when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _users_of_enterprise(enterprise) -> list[User]:
    if enterprise is None:
        return []
    return list(User.objects.filter(organisation_id=enterprise.organisation_id, is_active=True))


def _tell(users, title: str, body: str, link: str) -> int:
    """Put a notification in each user's inbox (in the caller's transaction)."""
    from gaoxin.notifications.models import Notification

    notes = [
        Notification(recipient=u, kind=NOTICE_KIND, title=title[:200], body=body, link=link)
        for u in {u.pk: u for u in users if u is not None}.values()
    ]
    Notification.objects.bulk_create(notes)
    return len(notes)


def _slot_link(slot: ConsultationSlot) -> str:
    return reverse("services:slot_detail", kwargs={"pk": slot.pk})


def _seminar_link(seminar: Seminar) -> str:
    return reverse("services:seminar_detail", kwargs={"pk": seminar.pk})


# --- consultation series -----------------------------------------------------------------------


@dataclass
class SeriesResult:
    series: ConsultationSeries
    created: int
    skipped: list[datetime.date]


def _series_dates(series: ConsultationSeries) -> tuple[list[datetime.date], list[datetime.date]]:
    """(the working days of the series, the holidays skipped)."""
    day = series.first_date + datetime.timedelta(
        days=(series.weekday - series.first_date.weekday()) % 7
    )
    days, skipped = [], []
    while day <= series.last_date:
        (days if is_workday(day) else skipped).append(day)
        day += datetime.timedelta(days=7)
    return days, skipped


def _slot_times(series: ConsultationSeries, day: datetime.date):
    starts = timezone.make_aware(datetime.datetime.combine(day, series.start_time))
    return starts, starts + datetime.timedelta(minutes=series.minutes)


def _clash(advisor: Advisor, starts, ends) -> ConsultationSlot | None:
    return (
        ConsultationSlot.objects.filter(advisor=advisor, starts_at__lt=ends, ends_at__gt=starts)
        .exclude(status=SlotStatus.CANCELLED)
        .first()
    )


@transaction.atomic
def series_create(
    *,
    actor,
    advisor: Advisor,
    domain=None,
    weekday: int,
    start_time: datetime.time,
    minutes: int = 60,
    location: str,
    first_date: datetime.date,
    last_date: datetime.date,
    today: datetime.date | None = None,
) -> SeriesResult:
    """Regular hours of ``advisor`` and their slots, one per week on working days."""
    if actor is not None and not can_run_slots(actor, advisor):
        _deny(_("Only the zone's officials and park operators, or the advisor, set their hours."))
    today = today or timezone.localdate()
    if actor is not None and first_date < today:
        raise DomainError(_("From: choose today or a later day."), field="first_date")
    if last_date < first_date:
        raise DomainError(_("Until: it cannot be before 'from'."), field="last_date")
    if (last_date - first_date).days >= MAX_SERIES_DAYS:
        raise DomainError(
            _("Until: a series covers at most a year; end it within a year of 'from'."),
            field="last_date",
        )
    Advisor.objects.select_for_update().filter(pk=advisor.pk).first()  # one series at a time
    series = ConsultationSeries(
        zone_id=advisor.zone_id,
        advisor=advisor,
        domain=domain,
        weekday=weekday,
        start_time=start_time,
        minutes=minutes,
        location=(location or "").strip(),
        first_date=first_date,
        last_date=last_date,
        created_by=actor,
        is_sample=False,
    )
    _full_clean(series, exclude=["zone", "advisor", "created_by"])
    try:
        days, skipped = _series_dates(series)
    except CalendarUnknown as exc:
        raise DomainError(
            _("Until: %(why)s Or end the hours within a year whose calendar is known.")
            % {"why": exc.message},
            field="last_date",
        ) from exc
    if not days:
        raise DomainError(
            _("From/until: there is no working day on this weekday between the two dates."),
            field="last_date",
        )
    slots = []
    for day in days:
        starts, ends = _slot_times(series, day)
        clash = _clash(advisor, starts, ends)
        if clash is not None:
            raise DomainError(
                _(
                    "Start time: on %(day)s the advisor already has a slot from %(start)s to "
                    "%(end)s (%(where)s); choose another time or weekday."
                )
                % {
                    "day": day.isoformat(),
                    "start": f"{timezone.localtime(clash.starts_at):%H:%M}",
                    "end": f"{timezone.localtime(clash.ends_at):%H:%M}",
                    "where": clash.location,
                },
                field="start_time",
            )
        slots.append((starts, ends))
    series.save()
    ConsultationSlot.objects.bulk_create(
        ConsultationSlot(
            series=series, advisor=advisor, starts_at=s, ends_at=e, location=series.location
        )
        for s, e in slots
    )
    record(
        action="services.series.create",
        actor=actor,
        obj=series,
        summary=_(
            "Consultation hours of %(advisor)s set: %(count)s slots, %(skipped)s holidays skipped"
        )
        % {"advisor": advisor, "count": len(slots), "skipped": len(skipped)},
        data={
            "series": series.pk,
            "advisor": advisor.pk,
            "slots": len(slots),
            "skipped": [d.isoformat() for d in skipped],
        },
    )
    return SeriesResult(series=series, created=len(slots), skipped=skipped)


@transaction.atomic
def series_end(
    *, actor, series: ConsultationSeries, reason: str, now: datetime.datetime | None = None
) -> int:
    """End the hours: the future open slots are withdrawn (booked ones stay; cancel those one
    by one, telling the enterprise). Returns how many were withdrawn."""
    series = ConsultationSeries.objects.select_for_update().get(pk=series.pk)
    if actor is not None and not can_run_slots(actor, series.advisor):
        _deny(_("Only the zone's officials and park operators, or the advisor, end their hours."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Reason: write why the hours end."), field="reason")
    now = now or timezone.now()
    slots = list(series.slots.filter(status=SlotStatus.OPEN, starts_at__gt=now))
    for slot in slots:
        SLOT_WORKFLOW.apply(
            slot,
            "withdraw",
            actor=actor,
            summary=_("Slot %(slot)s withdrawn: the hours ended") % {"slot": slot},
            reason=reason,
        )
    last = max(series.first_date, min(series.last_date, timezone.localdate(now)))
    ConsultationSeries.objects.filter(pk=series.pk).update(last_date=last, updated_at=now)
    record(
        action="services.series.end",
        actor=actor,
        obj=series,
        summary=_("Consultation hours of %(advisor)s ended: %(count)s open slots withdrawn")
        % {"advisor": series.advisor, "count": len(slots)},
        data={"series": series.pk, "withdrawn": len(slots)},
        reason=reason,
    )
    return len(slots)


# --- consultation slots ------------------------------------------------------------------------


def _locked_slot(slot: ConsultationSlot) -> ConsultationSlot:
    return ConsultationSlot.objects.select_related("advisor__expert").get(pk=slot.pk)


@transaction.atomic
def slot_book(
    *,
    actor,
    slot: ConsultationSlot,
    topic: str,
    now: datetime.datetime | None = None,
    enterprise=None,
) -> ConsultationSlot:
    """An enterprise user books a future open slot for their enterprise (``enterprise`` only
    for ``actor=None``, the demo loader)."""
    slot = _locked_slot(slot)
    if actor is not None:
        if not can_book(actor, slot.advisor):
            _deny(_("Only the users of an enterprise of the zone book consultations."))
        enterprise = enterprise_of(actor)
    if enterprise is None:
        raise DomainError(_("Enterprise: say which enterprise books."), field="enterprise")
    now = now or timezone.now()
    topic = (topic or "").strip()
    if not topic:
        raise DomainError(_("Topic: say in a line what you want to discuss."), field="topic")
    if len(topic) > 200:
        raise DomainError(_("Topic: at most 200 characters."), field="topic")
    if slot.starts_at <= now:
        raise InvalidTransitionError(_("This slot has already started; choose a later one."))
    if slot.status != SlotStatus.OPEN:
        raise InvalidTransitionError(
            _("This slot was just booked by someone else (or withdrawn); choose another one."),
            code="slot_taken",
        )
    held = ConsultationSlot.objects.filter(
        advisor=slot.advisor,
        enterprise=enterprise,
        status=SlotStatus.BOOKED,
        starts_at__gt=now,
    ).count()
    if held >= MAX_BOOKINGS_PER_ADVISOR:
        raise DomainError(
            _(
                "Your enterprise already holds %(count)s future bookings with this advisor (at "
                "most %(max)s); cancel one or wait until one has taken place."
            )
            % {"count": held, "max": MAX_BOOKINGS_PER_ADVISOR},
            code="too_many_bookings",
        )
    try:
        SLOT_WORKFLOW.apply(
            slot,
            "book",
            actor=actor,
            summary=_("%(enterprise)s booked the consultation %(slot)s")
            % {"enterprise": enterprise.name, "slot": slot},
            data={"enterprise": enterprise.pk},
            fields={
                "enterprise": enterprise,
                "booked_by": actor,
                "booked_at": now,
                "topic": topic,
            },
        )
    except InvalidTransitionError as exc:  # the conditional update lost the race
        raise InvalidTransitionError(
            _("This slot was just booked by someone else; choose another one."),
            code="slot_taken",
        ) from exc
    _tell(
        [slot.advisor.expert.user],
        _("Consultation booked: %(when)s") % {"when": _when(slot.starts_at)},
        _("%(enterprise)s booked your consultation hour at %(where)s. Topic: %(topic)s")
        % {"enterprise": enterprise.name, "where": slot.location, "topic": topic},
        _slot_link(slot),
    )
    return slot


def _booker(user, slot: ConsultationSlot) -> bool:
    enterprise = enterprise_of(user)
    return enterprise is not None and enterprise.pk == slot.enterprise_id


@transaction.atomic
def slot_release(
    *, actor, slot: ConsultationSlot, reason: str, now: datetime.datetime | None = None
) -> ConsultationSlot:
    """Cancel a booking: the booking enterprise before the start, or the advisor / staff. The
    slot is open again."""
    slot = _locked_slot(slot)
    now = now or timezone.now()
    booker = _booker(actor, slot)
    if actor is not None and not (booker or can_run_slots(actor, slot.advisor)):
        _deny(_("Only the booking enterprise, the advisor or the zone's staff cancel a booking."))
    if booker and slot.starts_at <= now:
        raise InvalidTransitionError(
            _("The consultation has started; it can no longer be cancelled.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Reason: write why the booking is cancelled."), field="reason")
    enterprise = slot.enterprise
    SLOT_WORKFLOW.apply(
        slot,
        "release",
        actor=actor,
        summary=_("Booking of %(slot)s cancelled") % {"slot": slot},
        reason=reason,
        data={"enterprise": slot.enterprise_id},
        fields={"enterprise": None, "booked_by": None, "booked_at": None, "topic": ""},
    )
    title = _("Consultation booking cancelled: %(when)s") % {"when": _when(slot.starts_at)}
    body = _(
        "The booking of %(advisor)s's consultation at %(where)s is cancelled. Reason: %(reason)s"
    ) % {
        "advisor": slot.advisor,
        "where": slot.location,
        "reason": reason,
    }
    if booker:
        _tell([slot.advisor.expert.user], title, body, _slot_link(slot))
    else:
        _tell(_users_of_enterprise(enterprise), title, body, _slot_link(slot))
    return slot


@transaction.atomic
def slot_hold(
    *, actor, slot: ConsultationSlot, notes: str = "", now: datetime.datetime | None = None
) -> ConsultationSlot:
    """Record a booked consultation as held (after its start), with notes."""
    slot = _locked_slot(slot)
    if actor is not None and not can_run_slots(actor, slot.advisor):
        _deny(_("Only the advisor or the zone's staff record a consultation as held."))
    now = now or timezone.now()
    if slot.starts_at > now:
        raise InvalidTransitionError(
            _("The consultation has not started yet; record it afterwards.")
        )
    SLOT_WORKFLOW.apply(
        slot,
        "hold",
        actor=actor,
        summary=_("Consultation %(slot)s held") % {"slot": slot},
        fields={"notes": (notes or "").strip()},
    )
    return slot


@transaction.atomic
def slot_withdraw(*, actor, slot: ConsultationSlot, reason: str) -> ConsultationSlot:
    """Cancel a slot (open or booked); a booking enterprise is told."""
    slot = _locked_slot(slot)
    if actor is not None and not can_run_slots(actor, slot.advisor):
        _deny(_("Only the advisor or the zone's staff cancel a slot."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Reason: write why the slot is cancelled."), field="reason")
    enterprise = slot.enterprise
    SLOT_WORKFLOW.apply(
        slot,
        "withdraw",
        actor=actor,
        summary=_("Slot %(slot)s cancelled") % {"slot": slot},
        reason=reason,
    )
    if enterprise is not None:
        _tell(
            _users_of_enterprise(enterprise),
            _("Consultation cancelled: %(when)s") % {"when": _when(slot.starts_at)},
            _("%(advisor)s's consultation you booked at %(where)s is cancelled. Reason: %(reason)s")
            % {"advisor": slot.advisor, "where": slot.location, "reason": reason},
            _slot_link(slot),
        )
    return slot


# --- seminars ----------------------------------------------------------------------------------


def _clean_speakers(zone_id: int, speakers) -> list[dict[str, Any]]:
    cleaned = []
    for index, item in enumerate(speakers or []):
        name = (item.get("name") or "").strip()
        if not name:
            raise DomainError(
                _("Speakers: line %(n)s has no name.") % {"n": index + 1}, field="speakers"
            )
        advisor = item.get("advisor")
        if advisor is not None and advisor.zone_id != zone_id:
            raise DomainError(
                _("Speakers: %(name)s is not an advisor of this zone.") % {"name": name},
                field="speakers",
            )
        cleaned.append(
            {
                "name": name[:60],
                "title": (item.get("title") or "").strip()[:200],
                "topic": (item.get("topic") or "").strip()[:200],
                "advisor": advisor,
                "order": index,
            }
        )
    return cleaned


def _check_seminar(actor, seminar: Seminar) -> None:
    _full_clean(seminar, exclude=["zone", "created_by", "status"])
    if seminar.park_id is not None:
        if seminar.park.zone_id != seminar.zone_id:
            raise DomainError(_("Park: choose one of the zone's parks."), field="park")
        if (
            actor is not None
            and actor.role == Role.PARK_OPERATOR
            and seminar.park.operator_id != actor.organisation_id
        ):
            raise DomainError(
                _("Park: choose one of the parks your organisation runs."), field="park"
            )
    if seminar.ends_at is not None and seminar.ends_at <= seminar.starts_at:
        raise DomainError(_("Ends at: it must be after the start."), field="ends_at")
    deadline = seminar.registration_deadline
    if deadline is not None and deadline > timezone.localdate(seminar.starts_at):
        raise DomainError(
            _("Registration deadline: it cannot be after the seminar's day."),
            field="registration_deadline",
        )


def _save_speakers(seminar: Seminar, speakers: list[dict[str, Any]]) -> None:
    seminar.speakers.all().delete()
    SeminarSpeaker.objects.bulk_create(SeminarSpeaker(seminar=seminar, **s) for s in speakers)


@transaction.atomic
def seminar_create(
    *, actor, data: dict[str, Any], speakers=(), zone=None, is_sample: bool = False
) -> Seminar:
    """A new seminar (planned) of the actor's zone (``zone`` for the demo)."""
    if actor is not None:
        if actor.role not in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR) or not actor.is_active:
            _deny(_("Only zone officials and park operators add seminars."))
        zone = actor.organisation.home_zone if actor.organisation_id else None
    if zone is None:
        raise DomainError(_("Your organisation belongs to no high-tech zone."))
    fields = {k: v for k, v in data.items() if k in SEMINAR_FIELDS}
    seminar = Seminar(zone=zone, created_by=actor, is_sample=is_sample, **fields)
    _check_seminar(actor, seminar)
    cleaned = _clean_speakers(zone.pk, speakers)
    seminar.save()
    _save_speakers(seminar, cleaned)
    record(
        action="services.seminar.create",
        actor=actor,
        obj=seminar,
        summary=_("Seminar %(title)s added") % {"title": seminar.title},
        data={"seminar": seminar.pk, "capacity": seminar.capacity, "speakers": len(cleaned)},
    )
    return seminar


def seats_taken(seminar: Seminar) -> int:
    return seminar.seats.filter(status__in=TAKING_A_SEAT).count()


def _promote(seminar: Seminar, *, actor, count: int, now) -> list[SeminarSeat]:
    """Move the first ``count`` waiting ones up, in the order they registered, and tell them.
    The caller holds the seminar's row lock."""
    if count <= 0:
        return []
    moved = list(
        seminar.seats.filter(status=SeatStatus.WAITING).order_by("created_at", "id")[:count]
    )
    for seat in moved:
        SEAT_WORKFLOW.apply(
            seat,
            "promote",
            actor=actor,
            summary=_("%(name)s moved up from the waiting list of %(seminar)s")
            % {"name": seat.name, "seminar": seminar.title},
            data={"seminar": seminar.pk},
            fields={"promoted_at": now},
            audit_obj=seminar,
        )
        users = [seat.user] if seat.user_id else _users_of_enterprise(seat.enterprise)
        _tell(
            users,
            _("You have a seat: %(title)s") % {"title": seminar.title},
            _(
                "A seat of the seminar %(title)s (%(when)s, %(venue)s) freed up: %(name)s moved up "
                "from the waiting list and is registered."
            )
            % {
                "title": seminar.title,
                "when": _when(seminar.starts_at),
                "venue": seminar.venue,
                "name": seat.name,
            },
            _seminar_link(seminar),
        )
    return moved


@transaction.atomic
def seminar_update(*, actor, seminar: Seminar, data: dict[str, Any], speakers=None) -> Seminar:
    """Change a seminar. A raised capacity moves the waiting ones up in order; a capacity below
    the seats taken is refused."""
    seminar = Seminar.objects.select_for_update().get(pk=seminar.pk)
    if actor is not None and not can_manage_seminar(actor, seminar):
        _deny(_("Only the zone's officials, or the operator of the seminar's park, change it."))
    before = {
        k: getattr(seminar, f"{k}_id" if k in ("domain", "park") else k) for k in SEMINAR_FIELDS
    }
    for name, value in data.items():
        if name in SEMINAR_FIELDS:
            setattr(seminar, name, value)
    _check_seminar(actor, seminar)
    taken = seats_taken(seminar)
    if seminar.capacity < taken:
        raise DomainError(
            _(
                "Capacity: %(taken)s seats are taken; it cannot be less. Cancel registrations "
                "first if the room is smaller."
            )
            % {"taken": taken},
            field="capacity",
        )
    after = {
        k: getattr(seminar, f"{k}_id" if k in ("domain", "park") else k) for k in SEMINAR_FIELDS
    }
    changes = {k: [str(before[k]), str(after[k])] for k in SEMINAR_FIELDS if before[k] != after[k]}
    seminar.save()
    if speakers is not None:
        _save_speakers(seminar, _clean_speakers(seminar.zone_id, speakers))
        changes["speakers"] = ["", str(len(speakers))]
    record(
        action="services.seminar.update",
        actor=actor,
        obj=seminar,
        summary=_("Seminar %(title)s changed") % {"title": seminar.title},
        data={"seminar": seminar.pk},
        changes=changes,
    )
    if seminar.status in (SeminarStatus.OPEN, SeminarStatus.CLOSED):
        _promote(seminar, actor=actor, count=seminar.capacity - taken, now=timezone.now())
    return seminar


@transaction.atomic
def seminar_move(
    *,
    actor,
    seminar: Seminar,
    name: str,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Seminar:
    """A step of the seminar's workflow: open, close, reopen, hold (after the start), cancel
    (with a reason; the registrants are told)."""
    seminar = Seminar.objects.select_for_update().get(pk=seminar.pk)
    if actor is not None and not can_manage_seminar(actor, seminar):
        _deny(_("Only the zone's officials, or the operator of the seminar's park, run it."))
    if name not in {t.name for t in SEMINAR_WORKFLOW.transitions}:
        raise DomainError(_("Step: not a step of a seminar."), field="name")
    now = now or timezone.now()
    reason = (reason or "").strip()
    if name == "hold" and seminar.starts_at > now:
        raise InvalidTransitionError(_("The seminar has not started yet; record it afterwards."))
    if name in ("open", "reopen") and seminar.starts_at <= now:
        raise InvalidTransitionError(_("The seminar has started; registration cannot open."))
    label = SEMINAR_WORKFLOW.transition(name).label
    SEMINAR_WORKFLOW.apply(
        seminar,
        name,
        actor=actor,
        summary=_("%(title)s: %(step)s") % {"title": seminar.title, "step": label},
        reason=reason,
    )
    if name == "cancel":
        seats = seminar.seats.filter(status__in=(SeatStatus.REGISTERED, SeatStatus.WAITING))
        users = []
        for seat in seats.select_related("user", "enterprise"):
            users += [seat.user] if seat.user_id else _users_of_enterprise(seat.enterprise)
        _tell(
            users,
            _("Seminar cancelled: %(title)s") % {"title": seminar.title},
            _("The seminar %(title)s (%(when)s) is cancelled. Reason: %(reason)s")
            % {"title": seminar.title, "when": _when(seminar.starts_at), "reason": reason},
            _seminar_link(seminar),
        )
    return seminar


# --- seats -------------------------------------------------------------------------------------


def registration_closed_reason(seminar: Seminar, now: datetime.datetime) -> str:
    """Why ``seminar`` takes no registration now ("" when it does; a full one takes waiting)."""
    if seminar.status != SeminarStatus.OPEN:
        return _("Registration is not open (the seminar is “%(state)s”).") % {
            "state": seminar.get_status_display()
        }
    if seminar.starts_at <= now:
        return _("The seminar has started.")
    deadline = seminar.registration_deadline
    if deadline is not None and timezone.localdate(now) > deadline:
        return _("Registration closed on %(day)s.") % {"day": deadline.isoformat()}
    return ""


@transaction.atomic
def seat_register(
    *,
    actor,
    seminar: Seminar,
    name: str,
    phone: str,
    organisation_name: str = "",
    now: datetime.datetime | None = None,
) -> SeminarSeat:
    """A seat when one is free, else a place on the waiting list. An enterprise user registers
    for their enterprise (linked); the zone's staff register someone on their behalf."""
    seminar = Seminar.objects.select_for_update().get(pk=seminar.pk)
    if actor is not None and not can_register(actor, seminar):
        _deny(_("Only the users of the zone's enterprises, or its staff, register."))
    now = now or timezone.now()
    if closed := registration_closed_reason(seminar, now):
        raise InvalidTransitionError(closed, code="registration_closed")
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
    active = (SeatStatus.REGISTERED, SeatStatus.WAITING)
    duplicate = _("Phone: this number is already registered (or waiting) for the seminar.")
    if seminar.seats.filter(phone=phone, status__in=active).exists():
        raise DomainError(duplicate, field="phone", code="duplicate")
    enterprise = enterprise_of(actor)
    status = (
        SeatStatus.REGISTERED if seats_taken(seminar) < seminar.capacity else SeatStatus.WAITING
    )
    seat = SeminarSeat(
        seminar=seminar,
        enterprise=enterprise,
        user=actor if enterprise is not None else None,
        name=name,
        phone=phone,
        organisation_name=(organisation_name or (enterprise.name if enterprise else "")).strip(),
        status=status,
    )
    _full_clean(seat, exclude=["seminar"], validate_constraints=False)
    try:
        with transaction.atomic():
            seat.save()
    except IntegrityError as exc:  # the same phone, registered meanwhile
        raise DomainError(duplicate, field="phone", code="duplicate") from exc
    record(
        action="services.seat.register",
        actor=actor,
        obj=seminar,
        summary=(
            _("%(name)s registered for %(seminar)s")
            if status == SeatStatus.REGISTERED
            else _("%(name)s put on the waiting list of %(seminar)s")
        )
        % {"name": name, "seminar": seminar.title},
        data={"seminar": seminar.pk, "seat": seat.pk, "status": status, "phone": mask_phone(phone)},
    )
    return seat


def owns_seat(user, seat: SeminarSeat) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and seat.user_id is not None
        and seat.user_id == user.pk
    )


@transaction.atomic
def seat_cancel(
    *, actor, seat: SeminarSeat, reason: str = "", now: datetime.datetime | None = None
) -> SeminarSeat:
    """Cancel a registration (the registrant their own; the seminar's managers with a reason).
    A cancelled seat moves the first waiting one up, in the same transaction."""
    seminar = Seminar.objects.select_for_update().get(pk=seat.seminar_id)
    seat = SeminarSeat.objects.get(pk=seat.pk)
    own = owns_seat(actor, seat)
    if actor is not None and not (own or can_manage_seminar(actor, seminar)):
        _deny(_("Only the registrant or the seminar's managers cancel a registration."))
    reason = (reason or "").strip()
    if actor is not None and not own and not reason:
        raise DomainError(_("Reason: write why the registration is cancelled."), field="reason")
    now = now or timezone.now()
    if seminar.starts_at <= now:
        raise InvalidTransitionError(_("The seminar has started; mark attendance instead."))
    was = seat.status
    SEAT_WORKFLOW.apply(
        seat,
        "cancel",
        actor=actor,
        summary=_("Registration of %(name)s for %(seminar)s cancelled")
        % {"name": seat.name, "seminar": seminar.title},
        reason=reason,
        data={"seminar": seminar.pk, "phone": mask_phone(seat.phone)},
        audit_obj=seminar,
    )
    if was == SeatStatus.REGISTERED and seminar.status in (
        SeminarStatus.OPEN,
        SeminarStatus.CLOSED,
    ):
        free = seminar.capacity - seats_taken(seminar)
        _promote(seminar, actor=actor, count=min(free, 1), now=now)
    return seat


def _mark(actor, seat: SeminarSeat, name: str, now) -> SeminarSeat:
    seminar = Seminar.objects.select_related("park").get(pk=seat.seminar_id)
    seat = SeminarSeat.objects.get(pk=seat.pk)
    if actor is not None and not can_manage_seminar(actor, seminar):
        _deny(_("Only the seminar's managers mark attendance."))
    now = now or timezone.now()
    if seminar.starts_at > now:
        raise InvalidTransitionError(
            _("The seminar has not started yet; mark attendance afterwards.")
        )
    label = SEAT_WORKFLOW.transition(name).label
    SEAT_WORKFLOW.apply(
        seat,
        name,
        actor=actor,
        summary=_("%(name)s at %(seminar)s: %(step)s")
        % {"name": seat.name, "seminar": seminar.title, "step": label},
        data={"seminar": seminar.pk},
        audit_obj=seminar,
    )
    return seat


@transaction.atomic
def seat_attend(*, actor, seat: SeminarSeat, now: datetime.datetime | None = None) -> SeminarSeat:
    return _mark(actor, seat, "attend", now)


@transaction.atomic
def seat_absent(*, actor, seat: SeminarSeat, now: datetime.datetime | None = None) -> SeminarSeat:
    return _mark(actor, seat, "absent", now)


@transaction.atomic
def seats_export_recorded(*, actor, seminar: Seminar, rows: int) -> None:
    if actor is not None and not can_manage_seminar(actor, seminar):
        _deny(_("Only the seminar's managers export its registrations."))
    record(
        action="services.seat.export",
        actor=actor,
        obj=seminar,
        summary=_("Registrations of %(seminar)s exported") % {"seminar": seminar.title},
        data={"seminar": seminar.pk, "rows": rows},
    )
