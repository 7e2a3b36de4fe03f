"""Every write of the advisor pool: appointing an expert of the zone's pool as an advisor,
changing the appointment, the advisor's availability and the end of the term; and the service
domains (global reference data, one level of nesting).

Each is one transaction: who may do it first, then ``full_clean``, then the audit event in
the same transaction. The person, organisation, account and declared ties (回避) of an advisor
are the expert's (``experts.Expert``); nothing of them is copied here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.audit.changes import field_changes, snapshot
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.experts.models import Expert

from .models import Advisor, ServiceDomain
from .scoping import works_for_zone

ADVISOR_FIELDS = ("term_start", "term_end", "max_load", "appointed_at", "note")
DOMAIN_FIELDS = ("code", "name", "name_en", "parent", "order")


def _zone_of(actor):
    if actor is None or not actor.is_authenticated or actor.role != Role.ZONE_OFFICIAL:
        raise PermissionDeniedError(_("Only the zone's officials manage the advisor pool."))
    zone = actor.organisation.home_zone if actor.organisation_id else None
    if zone is None:
        raise PermissionDeniedError(_("Your organisation does not belong to a zone."))
    return zone


def _check_manager(actor, advisor: Advisor) -> None:
    if not works_for_zone(actor, advisor.zone_id):
        raise PermissionDeniedError(_("Only the zone's officials manage the advisor pool."))


def is_self(actor, advisor: Advisor) -> bool:
    return (
        actor is not None
        and actor.is_authenticated
        and actor.role == Role.ADVISOR
        and advisor.expert.user_id is not None
        and advisor.expert.user_id == actor.pk
    )


def _clean(advisor: Advisor) -> None:
    advisor.full_clean(exclude=["expert", "zone"])


def _check_domains(domains: Iterable[ServiceDomain] | None) -> list[ServiceDomain]:
    domains = list(domains or [])
    if not domains:
        raise ValidationError({"domains": [_("Choose at least one domain the advisor serves.")]})
    return domains


def _check_event(advisor: Advisor) -> None:
    event = advisor.appointed_at
    if event is not None and event.zone_id != advisor.zone_id:
        raise ValidationError({"appointed_at": [_("Choose an event of your zone.")]})


def _snapshot(advisor: Advisor) -> dict[str, Any]:
    data = snapshot(advisor, ADVISOR_FIELDS)
    data["domains"] = ", ".join(sorted(d.code for d in advisor.domains.all()))
    return data


@transaction.atomic
def advisor_create(
    *,
    actor,
    expert: Expert,
    domains: Iterable[ServiceDomain],
    data: Mapping[str, Any],
    is_sample: bool = False,
) -> Advisor:
    """Appoint an expert of the official's zone as an advisor (with domains, term and load)."""
    zone = _zone_of(actor) if actor is not None else expert.zone
    if expert is None or expert.zone_id != zone.pk:
        raise ValidationError({"expert": [_("Choose an expert of your zone's expert pool.")]})
    if not expert.active:
        raise ValidationError({"expert": [_("This expert is inactive: reactivate them first.")]})
    if Advisor.objects.filter(expert=expert).exists():
        raise ValidationError({"expert": [_("This expert is already an advisor.")]})
    unknown = set(data) - set(ADVISOR_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    domains = _check_domains(domains)
    advisor = Advisor(zone=zone, expert=expert, is_sample=is_sample)
    for name, value in data.items():
        setattr(advisor, name, "" if value is None and name == "note" else value)
    if advisor.max_load is None:
        advisor.max_load = 5
    _check_event(advisor)
    _clean(advisor)
    advisor.save()
    advisor.domains.set(domains)
    record(
        action="services.advisor.create",
        actor=actor,
        obj=advisor,
        summary=_("Appointed %(name)s as an advisor") % {"name": expert.name},
        changes=field_changes({}, _snapshot(advisor)),
    )
    return advisor


@transaction.atomic
def advisor_update(
    *,
    actor,
    advisor: Advisor,
    data: Mapping[str, Any],
    domains: Iterable[ServiceDomain] | None = None,
) -> Advisor:
    """Change an advisor's domains, term, load, appointing event or note."""
    _check_manager(actor, advisor)
    advisor = Advisor.objects.select_for_update().get(pk=advisor.pk)
    before = _snapshot(advisor)
    unknown = set(data) - set(ADVISOR_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    for name, value in data.items():
        if value is None and name in ("term_start", "max_load"):
            continue
        setattr(advisor, name, "" if value is None and name == "note" else value)
    _check_event(advisor)
    _clean(advisor)
    new_domains = _check_domains(domains) if domains is not None else None
    advisor.save()
    if new_domains is not None:
        advisor.domains.set(new_domains)
    changes = field_changes(before, _snapshot(advisor))
    if changes:
        record(
            action="services.advisor.update",
            actor=actor,
            obj=advisor,
            summary=_("Changed the advisor %(name)s") % {"name": advisor.expert.name},
            changes=changes,
        )
    return advisor


@transaction.atomic
def advisor_set_availability(
    *,
    actor,
    advisor: Advisor,
    available: bool,
    unavailable_until: datetime.date | None = None,
    reason: str = "",
) -> Advisor:
    """Mark an advisor available, or unavailable (until a day, or until further notice) with a
    reason. The zone's officials may, and the advisor for themself (``actor`` None: the demo
    loader)."""
    if actor is not None and not (
        is_self(actor, advisor) or works_for_zone(actor, advisor.zone_id)
    ):
        raise PermissionDeniedError(
            _("Only the advisor themself or the zone's officials set the availability.")
        )
    advisor = Advisor.objects.select_for_update().get(pk=advisor.pk)
    before = snapshot(advisor, ("available", "unavailable_until", "unavailable_reason"))
    reason = (reason or "").strip()
    if available:
        advisor.available, advisor.unavailable_until, advisor.unavailable_reason = True, None, ""
    else:
        if not reason:
            raise ValidationError({"reason": [_("Say why the advisor is unavailable.")]})
        if unavailable_until is not None and unavailable_until < timezone.localdate():
            raise ValidationError(
                {"unavailable_until": [_("The date is past: choose today or a later day.")]}
            )
        advisor.available = False
        advisor.unavailable_until = unavailable_until
        advisor.unavailable_reason = reason
    _clean(advisor)
    advisor.save(update_fields=["available", "unavailable_until", "unavailable_reason"])
    after = snapshot(advisor, ("available", "unavailable_until", "unavailable_reason"))
    record(
        action="services.advisor.availability",
        actor=actor,
        obj=advisor,
        summary=(_("%(name)s is available") if available else _("%(name)s is unavailable"))
        % {"name": advisor.expert.name},
        reason=reason,
        changes=field_changes(before, after),
    )
    return advisor


@transaction.atomic
def advisor_end_term(
    *, actor, advisor: Advisor, ended_on: datetime.date | None = None, reason: str
) -> Advisor:
    """End an advisor's term on a day (today by default); the router stops choosing them the
    day after. Their past requests, tasks and ratings stay."""
    _check_manager(actor, advisor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the term ends.")]})
    advisor = Advisor.objects.select_for_update().get(pk=advisor.pk)
    ended_on = ended_on or timezone.localdate()
    if ended_on < advisor.term_start:
        raise ValidationError({"ended_on": [_("The term cannot end before it starts.")]})
    before = snapshot(advisor, ("term_end",))
    advisor.term_end = ended_on
    _clean(advisor)
    advisor.save(update_fields=["term_end"])
    record(
        action="services.advisor.end_term",
        actor=actor,
        obj=advisor,
        summary=_("Ended the term of the advisor %(name)s") % {"name": advisor.expert.name},
        reason=reason,
        changes=field_changes(before, snapshot(advisor, ("term_end",))),
    )
    return advisor


def _check_domain_editor(actor) -> None:
    if actor is None or not actor.is_authenticated or actor.role != Role.ZONE_OFFICIAL:
        raise PermissionDeniedError(_("Only zone officials manage the service domains."))


def _domain_assign(domain: ServiceDomain, data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(DOMAIN_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))})
    for name, value in data.items():
        if value is None and name in ("name_en",):
            value = ""
        if value is None and name == "order":
            value = 0
        setattr(domain, name, value.strip() if isinstance(value, str) else value)
    parent = domain.parent
    if parent is not None:
        if parent.parent_id is not None:
            raise ValidationError(
                {"parent": [_("Choose a broad domain (one without a broad domain of its own).")]}
            )
        if domain.pk and (
            parent.pk == domain.pk or ServiceDomain.objects.filter(parent=domain).exists()
        ):
            raise ValidationError(
                {"parent": [_("A broad domain with finer domains cannot become a finer one.")]}
            )
    taken = {
        "code": _("Another domain has this code: choose another."),
        "name": _("Another domain has this name: choose another."),
    }
    for name, message in taken.items():
        value = getattr(domain, name)
        if value and ServiceDomain.objects.filter(**{name: value}).exclude(pk=domain.pk).exists():
            raise ValidationError({name: [ValidationError(message, code="duplicate")]})
    domain.full_clean()


@transaction.atomic
def domain_create(*, actor, data: Mapping[str, Any]) -> ServiceDomain:
    """Add a service domain (broad, or finer under a broad one)."""
    _check_domain_editor(actor)
    domain = ServiceDomain()
    _domain_assign(domain, data)
    domain.save()
    record(
        action="services.domain.create",
        actor=actor,
        obj=domain,
        summary=_("Added the service domain %(name)s") % {"name": domain.name},
        changes=field_changes({}, snapshot(domain, DOMAIN_FIELDS)),
    )
    return domain


@transaction.atomic
def domain_update(*, actor, domain: ServiceDomain, data: Mapping[str, Any]) -> ServiceDomain:
    """Change a service domain's code, names, broad domain or order."""
    _check_domain_editor(actor)
    domain = ServiceDomain.objects.select_for_update().get(pk=domain.pk)
    before = snapshot(domain, DOMAIN_FIELDS)
    _domain_assign(domain, data)
    changes = field_changes(before, snapshot(domain, DOMAIN_FIELDS))
    if not changes:
        return domain
    domain.save()
    record(
        action="services.domain.update",
        actor=actor,
        obj=domain,
        summary=_("Changed the service domain %(name)s") % {"name": domain.name},
        changes=changes,
    )
    return domain


@transaction.atomic
def export_recorded(*, actor, what: str, rows: int) -> None:
    """Audit an export of the advisor pool or of a service report."""
    record(
        action="services.advisors.export",
        actor=actor,
        summary=_("Exported the services %(what)s") % {"what": what},
        data={"what": what, "rows": rows},
    )
