"""API of the advisor pool, the service domains and the service reports (mounted by api.py at
/api/services): the same scoping, selectors and services as the pages. The pool is read by
officials, operators, reviewers, enterprise users and advisors (of their zone); the zone's
officials appoint and change advisors; availability also by the advisor themself. Reports are
for officials, operators (their parks' enterprises) and reviewers. Anonymous 401, wrong role
403, an advisor out of scope 404."""

import datetime

import rules as django_rules
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from gaoxin.core.api import ApiPagination, ErrorOut, IdPath
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.events.models import Event
from gaoxin.experts.models import Expert

from . import reports_advisors as reports
from . import selectors_advisors as selectors
from . import services_advisors as services
from .models import Advisor, ServiceDomain
from .schemas_advisors import (
    AdvisorAvailabilityIn,
    AdvisorFilters,
    AdvisorIn,
    AdvisorOut,
    AdvisorPatchIn,
    ServiceDomainIn,
    ServiceDomainOut,
    ServiceReportAdvisorOut,
    ServiceReportMonthOut,
    ServiceReportPeriod,
    ServiceReportYear,
)

router = Router()
READ = {401: ErrorOut, 403: ErrorOut}
ONE = {**READ, 404: ErrorOut}
WRITE = {**ONE, 400: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _needs(user, perm: str, message: str) -> None:
    if not django_rules.has_perm(perm, user):
        raise PermissionDeniedError(message)


def _reader(user) -> None:
    _needs(user, "services.view_advisors", _("Your role does not see the advisor pool."))


def _text(value) -> str | None:
    return None if value is None else str(value)


def advisor_body(a: Advisor) -> dict:
    expert = a.expert
    return {
        "id": a.pk,
        "zone": a.zone_id,
        "expert": a.expert_id,
        "name": expert.name,
        "organisation": expert.organisation.name
        if expert.organisation_id
        else expert.organisation_name,
        "title": expert.title,
        "domains": [
            {
                "id": d.pk,
                "code": d.code,
                "name": d.name,
                "name_en": d.name_en,
                "parent": d.parent_id,
            }
            for d in a.domains.all()
        ],
        "term_start": a.term_start,
        "term_end": a.term_end,
        "available": not selectors.is_unavailable(a),
        "unavailable_until": a.unavailable_until,
        "unavailable_reason": a.unavailable_reason,
        "max_load": a.max_load,
        "open_load": a.open_load,
        "overdue": a.overdue,
        "rating": _text(selectors.rating_of(a)),
        "rating_count": a.rating_count,
        "appointed_at": a.appointed_at_id,
        "note": a.note,
        "is_sample": a.is_sample,
    }


def domain_body(d: ServiceDomain) -> dict:
    return {
        "id": d.pk,
        "code": d.code,
        "name": d.name,
        "name_en": d.name_en,
        "parent": d.parent_id,
        "order": d.order,
    }


def _domains(ids: list[int]) -> list[ServiceDomain]:
    found = list(ServiceDomain.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"domains": [_("No such domain: choose ids from the domain list.")]})
    return found


def _resolve(model, pk: int | None, field: str):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise ValidationError({field: [_("No such choice: choose one from the list.")]})
    return obj


@router.get(
    "/advisors",
    response={200: list[AdvisorOut], **READ},
    summary="The advisor pool you see (filters: domain, availability, name)",
)
@paginate(ApiPagination)
def list_advisors(request, filters: Query[AdvisorFilters]):
    _reader(request.auth)
    params = {k: v for k, v in filters.dict().items() if v}
    return [advisor_body(a) for a in selectors.advisor_list(request.auth, params)]


@router.get("/advisors/{id}", response={200: AdvisorOut, **ONE}, summary="One advisor")
def get_advisor(request, id: IdPath):
    _reader(request.auth)
    return advisor_body(selectors.advisor_get(request.auth, id))


@router.post(
    "/advisors",
    response={201: AdvisorOut, **WRITE},
    summary="Appoint an expert of your zone's pool as an advisor (zone officials)",
)
def create_advisor(request, payload: AdvisorIn):
    _needs(request.auth, "services.manage_advisors", _("Only zone officials appoint advisors."))
    data = payload.dict()
    expert = Expert.objects.filter(pk=data.pop("expert")).first()
    if expert is None:
        raise ValidationError({"expert": [_("Choose an expert of your zone's expert pool.")]})
    domains = _domains(data.pop("domains"))
    data["appointed_at"] = _resolve(Event, data["appointed_at"], "appointed_at")
    advisor = services.advisor_create(actor=request.auth, expert=expert, domains=domains, data=data)
    return Status(201, advisor_body(selectors.advisor_get(request.auth, advisor.pk)))


@router.patch(
    "/advisors/{id}",
    response={200: AdvisorOut, **WRITE},
    summary="Change an advisor's domains, term, load, event or note (zone officials)",
)
def update_advisor(request, id: IdPath, payload: AdvisorPatchIn):
    _reader(request.auth)
    advisor = selectors.advisor_get(request.auth, id)
    if not selectors.can_manage(request.auth, advisor):
        raise PermissionDeniedError(_("Only the zone's officials change an advisor."))
    data = payload.dict(exclude_unset=True)
    domains = data.pop("domains", None)
    if "appointed_at" in data:
        data["appointed_at"] = _resolve(Event, data["appointed_at"], "appointed_at")
    services.advisor_update(
        actor=request.auth,
        advisor=advisor,
        data=data,
        domains=_domains(domains) if domains is not None else None,
    )
    return advisor_body(selectors.advisor_get(request.auth, id))


@router.post(
    "/advisors/{id}/availability",
    response={200: AdvisorOut, **WRITE},
    summary="Set an advisor's availability (the zone's officials, or the advisor themself)",
)
def set_availability(request, id: IdPath, payload: AdvisorAvailabilityIn):
    _reader(request.auth)
    advisor = selectors.advisor_get(request.auth, id)
    if not selectors.can_set_availability(request.auth, advisor):
        raise PermissionDeniedError(
            _("Only the advisor themself or the zone's officials set the availability.")
        )
    services.advisor_set_availability(
        actor=request.auth,
        advisor=advisor,
        available=payload.available,
        unavailable_until=payload.unavailable_until,
        reason=payload.reason,
    )
    return advisor_body(selectors.advisor_get(request.auth, id))


@router.get(
    "/domains",
    response={200: list[ServiceDomainOut], **READ},
    summary="The service domains (broad ones and finer topics)",
)
@paginate(ApiPagination)
def list_domains(request):
    _needs(request.auth, "services.view_domains", _("Your role does not manage service domains."))
    return [domain_body(d) for d in selectors.domain_list()]


@router.post(
    "/domains",
    response={201: ServiceDomainOut, **WRITE},
    summary="Add a service domain (zone officials)",
)
def create_domain(request, payload: ServiceDomainIn):
    _needs(request.auth, "services.manage_domains", _("Only zone officials add service domains."))
    data = payload.dict()
    data["parent"] = _resolve(ServiceDomain, data["parent"], "parent")
    domain = services.domain_create(actor=request.auth, data=data)
    return Status(201, domain_body(domain))


def _reports(user) -> None:
    _needs(user, "services.view_reports", _("Your role does not see the service reports."))


@router.get(
    "/reports/advisors",
    response={200: list[ServiceReportAdvisorOut], **READ},
    summary="Advisor workload and ratings over a period (default: this year to today)",
)
def report_advisors(request, period: Query[ServiceReportPeriod]):
    _reports(request.auth)
    date_from, date_to = reports.default_period()
    if period.date_from:
        date_from = datetime.date.fromisoformat(period.date_from)
    if period.date_to:
        date_to = datetime.date.fromisoformat(period.date_to)
    if date_to < date_from:
        date_from, date_to = date_to, date_from
    rows = reports.advisor_report(request.auth, date_from, date_to)
    return [
        {
            "advisor": r.advisor.pk,
            "name": r.advisor.expert.name,
            "open": r.open,
            "completed": r.completed,
            "overdue": r.overdue,
            "response_days": _text(r.response_days),
            "rating": _text(r.rating),
            "rating_count": r.rated,
            "consultations": r.consultations,
            "seminars": r.seminars,
        }
        for r in rows
    ]


def _monthly(user, year: int | None, by: str) -> list[dict]:
    _reports(user)
    report = reports.monthly_report(user, year or timezone.localdate().year, by)
    return [{**row, "key": row["key"] or None} for row in report.rows()]


@router.get(
    "/reports/domains",
    response={200: list[ServiceReportMonthOut], **READ},
    summary="Services by domain per month of a year",
)
def report_domains(request, filters: Query[ServiceReportYear]):
    return _monthly(request.auth, filters.year, "domain")


@router.get(
    "/reports/parks",
    response={200: list[ServiceReportMonthOut], **READ},
    summary="Services by park per month of a year",
)
def report_parks(request, filters: Query[ServiceReportYear]):
    return _monthly(request.auth, filters.year, "park")
