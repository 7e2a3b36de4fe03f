"""Every write of the service requests: filing a request (numbered and routed to an advisor
in the same transaction), the advisor's accept / decline / schedule / complete, the
enterprise's rating and cancellation, the officials' reassignment and re-routing, and the
zone's service settings (the first response deadline in working days).

Each service checks who may act first, validates, runs in one transaction and is audited in
it; every status change goes through ``REQUEST_WORKFLOW.apply``. The enterprise's users and
the advisor's account are told of each step (inbox and mail) once the transaction commits.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import User
from gaoxin.audit.models import AuditEvent
from gaoxin.audit.services import record
from gaoxin.core import workdays
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.experts.models import ExpertTie

from . import routing
from .choices import LOAD_STATES, OPEN_REQUEST_STATES, RequestStatus, Urgency
from .models import Advisor, Assignment, ServiceDomain, ServiceRequest, ServiceSettings
from .scoping import advisors_of, enterprise_of, visible_requests, works_for_zone
from .workflows import REQUEST_WORKFLOW

R = RequestStatus
WF = REQUEST_WORKFLOW
# The first response deadline when a zone has no settings row (the model's defaults).
DEFAULT_DAYS = 2
DEFAULT_URGENT_DAYS = 1
# How far a deadline may be counted (a safety bound, far above the settings' maximum of 20).
MAX_COUNT_DAYS = 60
NUMBER_ATTEMPTS = 5
REQUEST_FIELDS = ("domain", "title", "description", "urgency")


# --- who may act -----------------------------------------------------------------------------


def _active(actor) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def can_file_for(actor, enterprise) -> bool:
    """An enterprise user for their own enterprise; a zone official for an enterprise of their
    zone; a park operator for an enterprise in a park it operates."""
    if not _active(actor) or enterprise is None:
        return False
    if actor.role == Role.ENTERPRISE_USER:
        own = enterprise_of(actor)
        return own is not None and own.pk == enterprise.pk
    if actor.role == Role.ZONE_OFFICIAL:
        return getattr(actor.zone, "pk", None) == enterprise.zone_id
    if actor.role == Role.PARK_OPERATOR:
        return (
            enterprise.park_id is not None and enterprise.park.operator_id == actor.organisation_id
        )
    return False


def is_staff_of(actor, req: ServiceRequest) -> bool:
    """A zone official or park operator who has the request in scope (they manage it)."""
    if not _active(actor) or actor.role not in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR):
        return False
    return visible_requests(actor).filter(pk=req.pk).exists()


def is_advisor_of(actor, req: ServiceRequest) -> bool:
    """The account of the advisor the request is assigned to now."""
    return (
        _active(actor)
        and actor.role == Role.ADVISOR
        and req.advisor_id is not None
        and advisors_of(actor).filter(pk=req.advisor_id).exists()
    )


def is_member_of(actor, req: ServiceRequest) -> bool:
    """A user of the requesting enterprise."""
    own = enterprise_of(actor) if _active(actor) else None
    return own is not None and own.pk == req.enterprise_id


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDeniedError(message)


def _locked(req: ServiceRequest) -> ServiceRequest:
    return (
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("enterprise", "domain", "advisor__expert", "zone")
        .get(pk=req.pk)
    )


# --- deadlines -------------------------------------------------------------------------------


def is_workday(day: datetime.date) -> bool:
    """Whether ``day`` is a working day. For a year whose holiday arrangement is neither entered
    nor shipped, Monday to Friday count: a first response is a service target, not a legal
    period (the notice periods of grants and applications refuse instead), and an enterprise
    must be able to ask for help in late December before next year's arrangement is out."""
    try:
        return workdays.is_workday(day)
    except workdays.CalendarUnknown:
        return day.weekday() < 5


def working_days_after(start: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day after ``start`` (``start`` itself never counts)."""
    if not 1 <= count <= MAX_COUNT_DAYS:
        raise DomainError(
            _("A deadline is between 1 and %(max)s working days.") % {"max": MAX_COUNT_DAYS},
            field="first_response_days",
        )
    day, counted = start, 0
    while counted < count:
        day += datetime.timedelta(days=1)
        if is_workday(day):
            counted += 1
    return day


def response_days(zone_id: int, urgency: str) -> int:
    row = ServiceSettings.objects.filter(zone_id=zone_id).first()
    if urgency == Urgency.URGENT:
        return row.urgent_first_response_days if row else DEFAULT_URGENT_DAYS
    return row.first_response_days if row else DEFAULT_DAYS


def respond_by_for(req: ServiceRequest, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return working_days_after(today, response_days(req.zone_id, req.urgency))


# --- notifications ---------------------------------------------------------------------------


def _deliver(user_ids: list[int], title: str, body: str, link: str) -> None:
    from django.core.mail import send_mail

    from gaoxin.notifications.choices import NotificationKind
    from gaoxin.notifications.models import Notification

    users = list(User.objects.filter(pk__in=user_ids, is_active=True))
    # NotificationKind has no "service request" kind yet (a model change for the lead); the
    # application kind is the closest: a step of something the enterprise asked for.
    Notification.objects.bulk_create(
        Notification(
            recipient=u,
            kind=NotificationKind.SERVICE,
            title=title[:200],
            body=body,
            link=link[:200],
        )
        for u in users
    )
    emails = [u.email for u in users if u.email]
    if emails:
        send_mail(title[:200], f"{body}\n\n{link}", None, emails, fail_silently=True)


def _notify(user_ids, title: str, body: str, link: str) -> None:
    ids = sorted({i for i in user_ids if i})
    if ids:
        transaction.on_commit(lambda: _deliver(ids, title, body, link))


def member_ids(req: ServiceRequest) -> list[int]:
    organisation_id = req.enterprise.organisation_id
    if organisation_id is None:
        return []
    return list(
        User.objects.filter(
            organisation_id=organisation_id, role=Role.ENTERPRISE_USER, is_active=True
        ).values_list("pk", flat=True)
    )


def official_ids(zone_id: int) -> list[int]:
    return [
        u.pk
        for u in User.objects.filter(role=Role.ZONE_OFFICIAL, is_active=True).select_related(
            "organisation"
        )
        if getattr(u.zone, "pk", None) == zone_id
    ]


def _advisor_user_ids(advisor: Advisor | None) -> list[int]:
    return [advisor.expert.user_id] if advisor is not None and advisor.expert.user_id else []


def _tell(req: ServiceRequest, user_ids, title: str, body: str = "") -> None:
    """Tell ``user_ids`` about a step of ``req``, in the site's language (Chinese)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(title) % {"number": req.number, "title": req.title}
        detail = body or req.title
    _notify(user_ids, text, detail, reverse("services:request_detail", args=[req.pk]))


# --- numbering and routing -------------------------------------------------------------------


def _next_number(year: int) -> str:
    """The next free FW{year}-{seq:04d}: numbers run per year (unique across zones, as the
    number column is unique); a concurrent filer taking the same one is retried."""
    prefix = f"FW{year}-"
    last = (
        ServiceRequest.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last[len(prefix) :]) + 1 if last and last[len(prefix) :].isdigit() else 1
    return f"{prefix}{seq:04d}"


def declined_by(req: ServiceRequest) -> set[int]:
    """The advisors who declined this request before (they are never routed to it again)."""
    rows = AuditEvent.objects.filter(
        action=f"{WF.key}.decline", object_id=str(req.pk), object_type="services.servicerequest"
    ).values_list("data", flat=True)
    return {row["advisor"] for row in rows if isinstance(row, dict) and row.get("advisor")}


def _end_assignment(req: ServiceRequest, why: str) -> None:
    Assignment.objects.filter(request=req, ended_at__isnull=True).update(
        ended_at=timezone.now(), end_reason=why[:300]
    )


def _assign(
    req: ServiceRequest,
    *,
    actor,
    name: str,
    advisor: Advisor,
    reason: str,
    candidates: list[dict],
    note: str = "",
    summary: str = "",
) -> None:
    """Apply ``name`` (route or reassign) to ``advisor`` and write the Assignment."""
    WF.apply(
        req,
        name,
        actor=actor,
        summary=summary
        or _("%(number)s routed to %(advisor)s") % {"number": req.number, "advisor": advisor},
        reason=note,
        data={"advisor": advisor.pk, "routing_reason": reason},
        fields={
            "advisor": advisor,
            "routing_reason": reason,
            "respond_by": respond_by_for(req),
            "responded_at": None,
        },
    )
    Assignment.objects.create(
        request=req,
        advisor=advisor,
        assigned_at=timezone.now(),
        assigned_by=actor if _active(actor) else None,
        reason=reason,
        candidates=candidates,
    )
    _tell(req, _advisor_user_ids(advisor), _("New service request for you: %(number)s %(title)s"))
    _tell(
        req,
        member_ids(req),
        _("Your service request %(number)s has an advisor"),
        _("%(advisor)s will answer by %(day)s.")
        % {"advisor": advisor, "day": req.respond_by.isoformat()},
    )


def _route(req: ServiceRequest, *, actor) -> routing.Choice:
    """Route a "new" request now: to the best eligible advisor, or leave it new with the
    reason written and the zone's officials told."""
    with translation.override(settings.LANGUAGE_CODE):  # the stored reason is in Chinese
        choice = routing.choose(
            zone_id=req.zone_id,
            domain=req.domain,
            enterprise=req.enterprise,
            exclude=declined_by(req),
            on=timezone.localdate(),
        )
    if choice.advisor is not None:
        _assign(
            req,
            actor=actor,
            name="route",
            advisor=choice.advisor,
            reason=choice.reason,
            candidates=choice.candidates_json(),
        )
        return choice
    ServiceRequest.objects.filter(pk=req.pk).update(
        routing_reason=choice.reason, advisor=None, respond_by=None, updated_at=timezone.now()
    )
    req.routing_reason, req.advisor, req.respond_by = choice.reason, None, None
    record(
        action="services.request.unrouted",
        actor=actor if _active(actor) else None,
        obj=req,
        summary=_("%(number)s: no advisor can take it now") % {"number": req.number},
        data={"routing_reason": choice.reason, "candidates": choice.candidates_json()},
    )
    _tell(
        req,
        official_ids(req.zone_id),
        _("Service request %(number)s waits for an advisor"),
        choice.reason,
    )
    return choice


# --- filing ----------------------------------------------------------------------------------


def _clean_data(req: ServiceRequest, data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(REQUEST_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    for name, value in data.items():
        setattr(req, name, value.strip() if isinstance(value, str) else value)
    if not isinstance(data.get("domain"), ServiceDomain):
        raise ValidationError({"domain": [_("Choose the domain the request is about.")]})


@transaction.atomic
def request_create(
    *, actor, enterprise, data: Mapping[str, Any], is_sample: bool = False
) -> ServiceRequest:
    """File a request for ``enterprise`` and route it in the same transaction."""
    _require(
        can_file_for(actor, enterprise),
        _(
            "You can file a service request only for your own enterprise (or, as staff, for an "
            "enterprise in your scope)."
        ),
    )
    req = ServiceRequest(
        zone_id=enterprise.zone_id,
        enterprise=enterprise,
        created_by=actor,
        is_sample=is_sample,
        number="FW0000-0000",
    )
    _clean_data(req, data)
    req.full_clean(exclude=["number"])
    year = timezone.localdate().year
    for attempt in range(NUMBER_ATTEMPTS):
        req.number = _next_number(year)
        try:
            with transaction.atomic():
                req.save()
            break
        except IntegrityError:
            req.pk = None
            if attempt == NUMBER_ATTEMPTS - 1:
                raise DomainError(
                    _("Too many requests are being filed at once: try again."), code="busy"
                ) from None
    record(
        action="services.request.create",
        actor=actor,
        obj=req,
        summary=_("Filed the service request %(number)s: %(title)s")
        % {"number": req.number, "title": req.title},
        data={"domain": req.domain.code, "urgency": req.urgency, "enterprise": enterprise.pk},
    )
    _route(req, actor=None)
    return req


# --- the advisor's steps ---------------------------------------------------------------------


@transaction.atomic
def request_accept(*, actor, request: ServiceRequest) -> ServiceRequest:
    req = _locked(request)
    _require(is_advisor_of(actor, req), _("Only the assigned advisor can accept the request."))
    WF.apply(
        req,
        "accept",
        actor=actor,
        summary=_("%(advisor)s accepted %(number)s")
        % {"advisor": req.advisor, "number": req.number},
        fields={"responded_at": timezone.now()},
    )
    _tell(req, member_ids(req), _("Your service request %(number)s was accepted"))
    return req


@transaction.atomic
def request_decline(*, actor, request: ServiceRequest, reason: str) -> ServiceRequest:
    """The assigned advisor declines; the request is routed again at once, to anyone but the
    advisors who declined it before."""
    req = _locked(request)
    _require(is_advisor_of(actor, req), _("Only the assigned advisor can decline the request."))
    advisor = req.advisor
    reason = (reason or "").strip()
    WF.apply(
        req,
        "decline",
        actor=actor,
        summary=_("%(advisor)s declined %(number)s") % {"advisor": advisor, "number": req.number},
        reason=reason,
        data={"advisor": advisor.pk},
        fields={"advisor": None, "respond_by": None},
    )
    _end_assignment(req, _("Declined: %(reason)s") % {"reason": reason})
    _route(req, actor=None)
    return req


@transaction.atomic
def request_schedule(
    *, actor, request: ServiceRequest, when: datetime.datetime, location: str
) -> ServiceRequest:
    req = _locked(request)
    _require(is_advisor_of(actor, req), _("Only the assigned advisor schedules the meeting."))
    location = (location or "").strip()
    errors = {}
    if when is not None and timezone.is_naive(when):
        when = timezone.make_aware(when)
    if when is None:
        errors["scheduled_for"] = [_("Give the date and time of the meeting.")]
    elif when <= timezone.now():
        errors["scheduled_for"] = [_("The meeting must be in the future.")]
    elif when > timezone.now() + datetime.timedelta(days=366):
        errors["scheduled_for"] = [_("The meeting must be within the next year.")]
    if not location:
        errors["location"] = [_("Say where the meeting is (an address, a room or 'online').")]
    elif len(location) > 200:
        errors["location"] = [_("Keep the place under 200 characters.")]
    if errors:
        raise ValidationError(errors)
    WF.apply(
        req,
        "schedule",
        actor=actor,
        summary=_("%(number)s scheduled for %(when)s")
        % {"number": req.number, "when": timezone.localtime(when).strftime("%Y-%m-%d %H:%M")},
        data={"when": when.isoformat(), "location": location},
        fields={"scheduled_for": when, "location": location},
    )
    _tell(
        req,
        member_ids(req),
        _("Meeting for your service request %(number)s"),
        f"{timezone.localtime(when):%Y-%m-%d %H:%M} · {location}",
    )
    return req


@transaction.atomic
def request_complete(*, actor, request: ServiceRequest, outcome: str) -> ServiceRequest:
    req = _locked(request)
    _require(is_advisor_of(actor, req), _("Only the assigned advisor records the outcome."))
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": [_("Write what was done and what the enterprise got.")]})
    WF.apply(
        req,
        "complete",
        actor=actor,
        summary=_("%(number)s completed") % {"number": req.number},
        fields={"outcome": outcome, "completed_at": timezone.now()},
    )
    _end_assignment(req, _("Completed"))
    _tell(req, member_ids(req), _("Your service request %(number)s is completed: please rate it"))
    return req


# --- the enterprise's steps ------------------------------------------------------------------


@transaction.atomic
def request_rate(
    *, actor, request: ServiceRequest, stars: int, comment: str = ""
) -> ServiceRequest:
    req = _locked(request)
    _require(is_member_of(actor, req), _("Only the requesting enterprise rates the service."))
    comment = (comment or "").strip()
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise ValidationError({"rating": [_("Give 1 to 5 stars.")]})
    if len(comment) > 500:
        raise ValidationError({"rating_comment": [_("Keep the comment under 500 characters.")]})
    WF.apply(
        req,
        "rate",
        actor=actor,
        summary=_("%(number)s rated %(stars)s stars") % {"number": req.number, "stars": stars},
        data={"stars": stars},
        fields={"rating": stars, "rating_comment": comment, "rated_at": timezone.now()},
    )
    _tell(
        req,
        _advisor_user_ids(req.advisor),
        _("Service request %(number)s was rated"),
        "★" * stars + (f" {comment}" if comment else ""),
    )
    return req


@transaction.atomic
def request_cancel(*, actor, request: ServiceRequest, reason: str) -> ServiceRequest:
    """The enterprise cancels before completion, or a zone official / park operator does."""
    req = _locked(request)
    _require(
        is_member_of(actor, req) or is_staff_of(actor, req),
        _("Only the requesting enterprise or the zone's staff can cancel the request."),
    )
    advisor = req.advisor
    WF.apply(
        req,
        "cancel",
        actor=actor,
        summary=_("%(number)s cancelled") % {"number": req.number},
        reason=(reason or "").strip(),
    )
    _end_assignment(req, _("Cancelled: %(reason)s") % {"reason": reason.strip()})
    users = member_ids(req) + _advisor_user_ids(advisor)
    _tell(
        req,
        [u for u in users if u != actor.pk],
        _("Service request %(number)s was cancelled"),
        reason.strip(),
    )
    return req


# --- the officials' steps --------------------------------------------------------------------


def reassign_problem(req: ServiceRequest, advisor: Advisor, on: datetime.date) -> str:
    """Why ``advisor`` cannot take ``req`` (empty when they can)."""
    if advisor.zone_id != req.zone_id:
        return _("%(name)s is not an advisor of the request's zone.") % {"name": advisor}
    if advisor.term_start > on or (advisor.term_end is not None and advisor.term_end < on):
        return _("%(name)s's term is not running on %(day)s.") % {
            "name": advisor,
            "day": on.isoformat(),
        }
    if ExpertTie.objects.filter(expert_id=advisor.expert_id, enterprise=req.enterprise).exists():
        return _(
            "%(name)s declared a tie with %(enterprise)s (conflict of interest): choose another."
        ) % {"name": advisor, "enterprise": req.enterprise}
    if advisor.pk == req.advisor_id:
        return _("%(name)s already has the request.") % {"name": advisor}
    return ""


@transaction.atomic
def request_reassign(
    *, actor, request: ServiceRequest, reason: str, advisor: Advisor | None = None
) -> ServiceRequest:
    """Move the request to ``advisor`` (or, with None, to whoever the router chooses now,
    the current advisor excluded). A full advisor is allowed, the reason says so."""
    req = _locked(request)
    _require(
        is_staff_of(actor, req),
        _("Only the zone's officials and the park's operator reassign requests."),
    )
    reason = (reason or "").strip()
    WF.check(req, "reassign", reason=reason)
    today = timezone.localdate()
    if advisor is not None:
        problem = reassign_problem(req, advisor, today)
        if problem:
            raise ValidationError({"advisor": [problem]})
        ranked = routing.candidates(
            zone_id=req.zone_id, domain=req.domain, enterprise=req.enterprise, on=today
        )
        load = ServiceRequest.objects.filter(advisor=advisor, status__in=LOAD_STATES).count()
        with translation.override(settings.LANGUAGE_CODE):
            why = _("Chosen by %(actor)s: %(reason)s") % {"actor": actor, "reason": reason}
            if load >= advisor.max_load:
                why += " " + _(
                    "Warning: %(name)s already holds %(load)s open requests (at most %(max)s)."
                ) % {"name": advisor, "load": load, "max": advisor.max_load}
        candidates = [c.as_json() for c in ranked]
    else:
        exclude = declined_by(req) | ({req.advisor_id} if req.advisor_id else set())
        with translation.override(settings.LANGUAGE_CODE):
            choice = routing.choose(
                zone_id=req.zone_id,
                domain=req.domain,
                enterprise=req.enterprise,
                exclude=exclude,
                on=today,
            )
        if choice.advisor is None:
            raise DomainError(choice.reason, code="nobody", field="advisor")
        advisor, why, candidates = choice.advisor, choice.reason, choice.candidates_json()
    previous = req.advisor
    _end_assignment(req, _("Reassigned: %(reason)s") % {"reason": reason})
    _assign(
        req,
        actor=actor,
        name="reassign",
        advisor=advisor,
        reason=why,
        candidates=candidates,
        note=reason,
        summary=_("%(number)s reassigned to %(advisor)s")
        % {"number": req.number, "advisor": advisor},
    )
    if previous is not None and previous.pk != advisor.pk:
        _tell(
            req, _advisor_user_ids(previous), _("Service request %(number)s was reassigned"), reason
        )
    return req


@transaction.atomic
def request_route(*, actor, request: ServiceRequest) -> ServiceRequest:
    """Try the router again for a request nobody could take."""
    req = _locked(request)
    _require(is_staff_of(actor, req), _("Only the zone's officials and park operators route."))
    WF.check(req, "route")
    _route(req, actor=actor)  # when nobody can take it, the reason is written and shown
    return req


# --- settings and exports --------------------------------------------------------------------


def settings_for(zone) -> ServiceSettings:
    return ServiceSettings.objects.filter(zone=zone).first() or ServiceSettings(zone=zone)


@transaction.atomic
def settings_update(*, actor, zone, data: Mapping[str, Any]) -> ServiceSettings:
    _require(
        zone is not None and works_for_zone(actor, zone.pk),
        _("Only the zone's officials change its service settings."),
    )
    row = ServiceSettings.objects.select_for_update().filter(zone=zone).first()
    created = row is None
    row = row or ServiceSettings(zone=zone)
    before = {
        "first_response_days": row.first_response_days,
        "urgent_first_response_days": row.urgent_first_response_days,
    }
    unknown = set(data) - set(before)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    for name, value in data.items():
        setattr(row, name, value)
    row.full_clean()
    if row.urgent_first_response_days > row.first_response_days:
        raise ValidationError(
            {
                "urgent_first_response_days": [
                    _("An urgent request cannot have longer than a normal one.")
                ]
            }
        )
    after = {k: getattr(row, k) for k in before}
    if not created and after == before:
        return row
    row.save()
    record(
        action="services.settings.update",
        actor=actor,
        obj=zone,
        summary=_("Changed the service settings of %(zone)s") % {"zone": zone},
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
    )
    return row


@transaction.atomic
def export_recorded(*, actor, rows: int) -> None:
    record(
        action="services.request.export",
        actor=actor,
        summary=_("Exported the service requests"),
        data={"rows": rows},
    )


__all__ = [
    "OPEN_REQUEST_STATES",
    "request_accept",
    "request_cancel",
    "request_complete",
    "request_create",
    "request_decline",
    "request_rate",
    "request_reassign",
    "request_route",
    "request_schedule",
    "settings_update",
]
