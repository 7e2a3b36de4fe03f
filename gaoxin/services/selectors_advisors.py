"""Reads of the advisor pool: the pool with each advisor's open load, rating and overdue
requests; one advisor with their work; the service domains; an advisor account's desk."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.experts.models import Expert, ExpertTie

from .choices import LOAD_STATES, OPEN_REQUEST_STATES, RequestStatus, SlotStatus, TaskStatus
from .models import (
    Advisor,
    AdvisorTask,
    ConsultationSlot,
    Seminar,
    ServiceDomain,
    ServiceRequest,
)
from .scoping import advisors_of, visible_advisors, visible_requests, works_for_zone

AVAILABILITY = ("available", "unavailable")


def unavailable_q(on=None) -> Q:
    """Advisors unavailable on the day (as the router reads it)."""
    on = on or timezone.localdate()
    return Q(available=False) | Q(unavailable_until__gte=on)


def overdue_q(prefix: str = "", on=None) -> Q:
    """Open requests whose first response is due before the day and not given yet."""
    on = on or timezone.localdate()
    return Q(
        **{
            f"{prefix}status__in": OPEN_REQUEST_STATES,
            f"{prefix}respond_by__lt": on,
            f"{prefix}responded_at__isnull": True,
        }
    )


def _annotated(qs: QuerySet[Advisor]) -> QuerySet[Advisor]:
    return qs.select_related("expert", "expert__organisation", "zone").annotate(
        open_load=Count("requests", filter=Q(requests__status__in=LOAD_STATES), distinct=True),
        overdue=Count("requests", filter=overdue_q("requests__"), distinct=True),
        rating_count=Count("requests", filter=Q(requests__rating__isnull=False), distinct=True),
        rating_sum=Sum("requests__rating"),
    )


def rating_of(advisor: Advisor) -> Decimal | None:
    """The mean of the stars the advisor's requests were given (two places), from the
    annotations of ``advisor_list``/``advisor_get``."""
    if not getattr(advisor, "rating_count", 0):
        return None
    mean = Decimal(advisor.rating_sum) / Decimal(advisor.rating_count)
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def with_ratings(advisors):
    advisors = list(advisors)
    for advisor in advisors:
        advisor.rating = rating_of(advisor)
    return advisors


def advisor_list(user, params: Mapping | None = None) -> QuerySet[Advisor]:
    params = params or {}
    qs = visible_advisors(user)
    domain = str(params.get("domain") or "")
    if domain.isdigit() and len(domain) < 19:
        fitting = Advisor.objects.filter(
            Q(domains__pk=int(domain)) | Q(domains__parent_id=int(domain))
        ).values("pk")
        qs = qs.filter(pk__in=fitting)
    availability = params.get("availability")
    if availability == "available":
        qs = qs.exclude(unavailable_q())
    elif availability == "unavailable":
        qs = qs.filter(unavailable_q())
    q = str(params.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(expert__name__icontains=q)
            | Q(expert__organisation_name__icontains=q)
            | Q(expert__organisation__name__icontains=q)
        )
    return (
        _annotated(qs)
        .prefetch_related(Prefetch("domains", queryset=ServiceDomain.objects.order_by("order")))
        .order_by("expert__name", "pk")
    )


def advisor_get(user, pk: int) -> Advisor:
    """One advisor the user sees (404 otherwise)."""
    advisor = _annotated(visible_advisors(user).filter(pk=pk)).first()
    if advisor is None:
        raise Http404
    advisor.rating = rating_of(advisor)
    return advisor


def is_unavailable(advisor: Advisor, on=None) -> bool:
    on = on or timezone.localdate()
    return not advisor.available or (
        advisor.unavailable_until is not None and advisor.unavailable_until >= on
    )


def can_manage(user, advisor: Advisor | None = None, zone_id: int | None = None) -> bool:
    if advisor is not None:
        zone_id = advisor.zone_id
    if zone_id is None and user.is_authenticated and user.organisation_id:
        zone = user.organisation.home_zone
        zone_id = zone.pk if zone else None
    return zone_id is not None and works_for_zone(user, zone_id)


def can_set_availability(user, advisor: Advisor) -> bool:
    if user.is_authenticated and user.role == Role.ADVISOR:
        return advisor.expert.user_id == user.pk
    return works_for_zone(user, advisor.zone_id)


def advisor_ties(advisor: Advisor) -> QuerySet[ExpertTie]:
    return ExpertTie.objects.filter(expert_id=advisor.expert_id).select_related("enterprise")


def link(url_name: str, *args) -> str:
    """The address of a page of another part of the app, or "" while that part has none."""
    try:
        return reverse(url_name, args=args)
    except NoReverseMatch:
        return ""


def with_links(requests) -> list[ServiceRequest]:
    requests = list(requests)
    for request in requests:
        request.url = link("services:request_detail", request.pk)
    return requests


def advisor_requests(user, advisor: Advisor, *, open_only: bool = True):
    qs = visible_requests(user).filter(advisor=advisor).select_related("enterprise", "domain")
    if open_only:
        qs = qs.filter(status__in=OPEN_REQUEST_STATES)
    return qs.order_by("respond_by", "-created_at")


def advisor_ratings(user, advisor: Advisor):
    return (
        visible_requests(user)
        .filter(advisor=advisor, rating__isnull=False)
        .select_related("enterprise")
        .order_by("-rated_at", "-pk")
    )


def advisor_tasks(advisor: Advisor):
    return advisor.tasks.filter(status=TaskStatus.OPEN).select_related("enterprise")


def advisor_upcoming_slots(advisor: Advisor):
    return advisor.slots.filter(
        starts_at__gte=timezone.now(), status__in=(SlotStatus.OPEN, SlotStatus.BOOKED)
    ).select_related("enterprise")


def experts_to_appoint(user) -> QuerySet[Expert]:
    """Experts of the official's zone who are not advisors yet."""
    zone = user.organisation.home_zone if user.organisation_id else None
    if zone is None:
        return Expert.objects.none()
    return Expert.objects.filter(zone=zone, active=True, advisor__isnull=True).order_by("name")


def domain_list() -> QuerySet[ServiceDomain]:
    return ServiceDomain.objects.select_related("parent").order_by("order", "code")


def domain_choices() -> QuerySet[ServiceDomain]:
    return domain_list()


def broad_domains(exclude: int | None = None) -> QuerySet[ServiceDomain]:
    qs = ServiceDomain.objects.filter(parent__isnull=True).order_by("order", "code")
    return qs.exclude(pk=exclude) if exclude else qs


# --- the advisor's desk --------------------------------------------------------------------


def my_requests(user) -> QuerySet[ServiceRequest]:
    """The open requests assigned to the advisor account, overdue first."""
    today = timezone.localdate()
    return (
        ServiceRequest.objects.filter(advisor__in=advisors_of(user), status__in=OPEN_REQUEST_STATES)
        .select_related("enterprise", "domain")
        .annotate(is_overdue=Count("pk", filter=overdue_q(on=today)))
        .order_by("-is_overdue", "respond_by", "created_at")
    )


def my_tasks(user) -> QuerySet[AdvisorTask]:
    return (
        AdvisorTask.objects.filter(advisor__in=advisors_of(user), status=TaskStatus.OPEN)
        .select_related("enterprise")
        .order_by("due_on", "created_at")
    )


def my_consultations(user) -> QuerySet[ConsultationSlot]:
    return (
        ConsultationSlot.objects.filter(
            advisor__in=advisors_of(user),
            status=SlotStatus.BOOKED,
            starts_at__gte=timezone.now(),
        )
        .select_related("enterprise")
        .order_by("starts_at")
    )


def my_seminars(user) -> QuerySet[Seminar]:
    return (
        Seminar.objects.filter(speakers__advisor__in=advisors_of(user))
        .filter(starts_at__gte=timezone.now())
        .exclude(status="cancelled")
        .distinct()
        .order_by("starts_at")
    )


ACCEPTABLE = RequestStatus.ASSIGNED
