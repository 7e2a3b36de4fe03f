"""Reads of the service requests, every one scoped by the user (``scoping.visible_requests``)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gaoxin.audit.models import AuditEvent

from .choices import LOAD_STATES, OPEN_REQUEST_STATES, RequestStatus, Urgency
from .models import Advisor, Assignment, ServiceDomain, ServiceRequest
from .scoping import visible_advisors, visible_requests


def _int(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


def overdue(qs: QuerySet[ServiceRequest], today: datetime.date | None = None):
    """Assigned requests whose first response (accepting) is past its deadline."""
    today = today or timezone.localdate()
    return qs.filter(status=RequestStatus.ASSIGNED, respond_by__lt=today)


def is_overdue(req: ServiceRequest, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        req.status == RequestStatus.ASSIGNED
        and req.respond_by is not None
        and req.respond_by < today
    )


def request_list(user, filters: Mapping[str, str] | None = None) -> QuerySet[ServiceRequest]:
    """The user's requests, filtered by status, domain (a broad one takes its finer ones),
    advisor, urgency, overdue and text (number, subject, enterprise)."""
    filters = filters or {}
    qs = visible_requests(user).select_related("enterprise", "domain", "advisor__expert")
    if (status := filters.get("status")) in RequestStatus.values:
        qs = qs.filter(status=status)
    if (pk := _int(filters.get("domain"))) is not None:
        qs = qs.filter(Q(domain_id=pk) | Q(domain__parent_id=pk))
    if (pk := _int(filters.get("advisor"))) is not None:
        qs = qs.filter(advisor_id=pk)
    if (urgency := filters.get("urgency")) in Urgency.values:
        qs = qs.filter(urgency=urgency)
    if filters.get("overdue") in ("on", "true", "1", True):
        qs = overdue(qs)
    if text := str(filters.get("q") or "").strip()[:100]:
        qs = qs.filter(
            Q(number__icontains=text)
            | Q(title__icontains=text)
            | Q(enterprise__name__icontains=text)
        )
    return qs.order_by("-created_at", "-pk")


def request_get(user, pk: int) -> ServiceRequest:
    req = (
        visible_requests(user)
        .select_related("enterprise", "domain", "domain__parent", "advisor__expert", "zone")
        .filter(pk=pk)
        .first()
    )
    if req is None:
        raise Http404
    return req


def assignments(req: ServiceRequest) -> list[Assignment]:
    return list(req.assignments.select_related("advisor__expert", "assigned_by"))


def history(req: ServiceRequest) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type="services.servicerequest", object_id=str(req.pk)
    ).order_by("occurred_at", "pk")


def domains_grouped() -> list[tuple[ServiceDomain, list[ServiceDomain]]]:
    """The broad domains, each with its finer ones (for a grouped select)."""
    every = list(ServiceDomain.objects.select_related("parent"))
    broad = [d for d in every if d.parent_id is None]
    return [(b, [d for d in every if d.parent_id == b.pk]) for b in broad]


def advisor_options(user, req: ServiceRequest) -> list[dict]:
    """The zone's advisors for the reassign form, each with load, limit and whether they are
    tied with the enterprise (those cannot be chosen)."""
    from gaoxin.experts.models import ExpertTie

    advisors = list(visible_advisors(user).filter(zone_id=req.zone_id).select_related("expert"))
    tied = set(
        ExpertTie.objects.filter(
            enterprise_id=req.enterprise_id, expert_id__in=[a.expert_id for a in advisors]
        ).values_list("expert_id", flat=True)
    )
    loads = {}
    for row in ServiceRequest.objects.filter(
        advisor__in=advisors, status__in=LOAD_STATES
    ).values_list("advisor_id", flat=True):
        loads[row] = loads.get(row, 0) + 1
    return [
        {
            "advisor": a,
            "load": loads.get(a.pk, 0),
            "max_load": a.max_load,
            "tied": a.expert_id in tied,
            "current": a.pk == req.advisor_id,
        }
        for a in advisors
    ]


def desk_staff(user) -> QuerySet[ServiceRequest]:
    """New (nobody could take them) and overdue requests in the user's scope."""
    qs = visible_requests(user)
    today = timezone.localdate()
    return qs.filter(
        Q(status=RequestStatus.NEW) | Q(status=RequestStatus.ASSIGNED, respond_by__lt=today)
    ).select_related("enterprise")


def desk_enterprise(user) -> QuerySet[ServiceRequest]:
    """The enterprise's open requests and those waiting for its rating."""
    return (
        visible_requests(user)
        .filter(status__in=[*OPEN_REQUEST_STATES, RequestStatus.COMPLETED])
        .select_related("advisor__expert")
    )


def advisor_choices(user) -> QuerySet[Advisor]:
    return visible_advisors(user).select_related("expert").order_by("expert__name")
