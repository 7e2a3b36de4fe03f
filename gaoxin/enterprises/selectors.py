"""Reads of the registry, always scoped to what the user may see (scoping.visible_enterprises).

Sub-records (facts, qualifications, contacts) are reached only through an enterprise the user
may see, so a guessed id of another organisation's record is "not found", never "forbidden".
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.datacache import cached_figures, with_known_count
from gaoxin.parks.models import ChainSegment, Park, SegmentMembership
from gaoxin.parks.scoping import visible_clusters

from . import scoping
from .choices import Stage
from .models import Contact, Enterprise, Qualification, YearlyFact
from .scoping import visible_enterprises
from .validators import mask_phone

# Stages sort in their order (研发 → 中试 → 生产 → 销售), not by their codes.
STAGE_ORDER = Case(
    *[When(stage=value, then=Value(i)) for i, value in enumerate(Stage.values)],
    default=None,
    output_field=IntegerField(),
)
# Unknown values (no park, stage or founding date) sort last both ways, on SQLite as on
# PostgreSQL.
SORTS = {
    "name": F("name").asc(),
    "-name": F("name").desc(),
    "uscc": F("uscc").asc(),
    "-uscc": F("uscc").desc(),
    "park": F("park__name").asc(nulls_last=True),
    "-park": F("park__name").desc(nulls_last=True),
    "stage": STAGE_ORDER.asc(nulls_last=True),
    "-stage": STAGE_ORDER.desc(nulls_last=True),
    "founded": F("founded_on").asc(nulls_last=True),
    "-founded": F("founded_on").desc(nulls_last=True),
    "updated": F("updated_at").asc(),
    "-updated": F("updated_at").desc(),
}


# the parameters of enterprise_list that narrow the list (sort only orders it)
FILTERS = (
    "q", "park", "stage", "qualification", "industry", "sample", "year", "segment", "cluster",
)  # fmt: skip


def enterprise_list(*, user, filters: Mapping[str, str] | None = None) -> QuerySet[Enterprise]:
    """Enterprises the user may see, filtered by `filters` (a dict or request.GET):

    q (name, credit code or legal representative), park (id), stage, qualification (kind),
    industry (code prefix), sample ("1"/"0"), year (a year: those with verified figures for
    it; "any": those with verified figures for some year), segment (a chain segment's id:
    the enterprises in it), cluster (a cluster's id: those in any of its segments), sort (one
    of SORTS). park "none": those not in a park. A value that is no id gives an empty list.
    """
    filters = filters or {}
    qs = visible_enterprises(user).select_related("park", "zone")
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(uscc__icontains=q.upper())
            | Q(legal_representative__icontains=q)
        )
    if park := filters.get("park"):
        if park == "none":
            qs = qs.filter(park__isnull=True)
        else:
            qs = qs.filter(park_id=park) if str(park).isdigit() else qs.none()
    if stage := filters.get("stage"):
        qs = qs.filter(stage=stage)
    if kind := filters.get("qualification"):
        qs = qs.filter(qualifications__kind=kind).distinct()
    if industry := (filters.get("industry") or "").strip().upper():
        qs = qs.filter(industry_code__startswith=industry)
    if (sample := filters.get("sample")) in ("0", "1"):
        qs = qs.filter(is_sample=sample == "1")
    if year := (filters.get("year") or "").strip():
        if year == "any":
            qs = qs.filter(pk__in=YearlyFact.objects.values("enterprise_id"))
        elif year.isdigit() and len(year) == 4:
            qs = qs.filter(pk__in=YearlyFact.objects.filter(year=int(year)).values("enterprise_id"))
        else:
            qs = qs.none()
    qs = _in_chain(qs, filters)
    qs = qs.order_by(SORTS.get(filters.get("sort") or "name", SORTS["name"]), "id")
    if not any(str(filters.get(name) or "").strip() for name in FILTERS):
        # the whole scope (the list's first page): its size is kept until the next change
        scope = visible_enterprises(user)
        return with_known_count(qs, cached_figures("enterprise_count", user, scope.count))
    return qs


def _in_chain(qs: QuerySet[Enterprise], filters: Mapping[str, str]) -> QuerySet[Enterprise]:
    """The ``segment`` and ``cluster`` filters (one subquery each, no join, so no duplicates)."""
    for name, lookup in (("segment", "segment_id"), ("cluster", "segment__cluster_id")):
        value = str(filters.get(name) or "").strip()
        if not value:
            continue
        pk = _id(value)
        if pk is None:
            return qs.none()
        members = SegmentMembership.objects.filter(**{lookup: pk})
        qs = qs.filter(pk__in=members.values("enterprise_id"))
    return qs


def _id(value: str) -> int | None:
    """A database id from a query parameter, or None (not digits, or beyond a 64-bit key)."""
    return int(value) if value.isascii() and value.isdigit() and int(value) < 2**63 else None


def enterprise_get(*, user, pk: int) -> Enterprise:
    """One enterprise the user may see; Enterprise.DoesNotExist otherwise (callers answer 404)."""
    return visible_enterprises(user).select_related("park", "zone", "organisation").get(pk=pk)


def own_enterprise(*, user) -> Enterprise | None:
    """The enterprise an enterprise user's organisation is, if it has a file."""
    if user is None or not user.is_authenticated or user.role != Role.ENTERPRISE_USER:
        return None
    return visible_enterprises(user).filter(organisation_id=user.organisation_id).first()


def park_choices(*, user) -> list[Park]:
    """Parks to filter the list by: those holding an enterprise the user may see, or that the
    user may put one in (cached until the next change, as every page of the list asks)."""

    def compute() -> list[Park]:
        # one index probe per park (enterprise_park_name), not a pass over the zone's enterprises
        holding = Exists(visible_enterprises(user).filter(park=OuterRef("pk")))
        parks = Park.objects.filter(holding | Q(pk__in=assignable_parks(user=user)))
        return list(parks.order_by("name"))

    return cached_figures("park_choices", user, compute)


def chain_filters(*, user, filters: Mapping[str, str]) -> list[dict]:
    """The chain segment and cluster the list is filtered by, named for its chips: one dict
    per filter set, {"name", "label", "value"}; a segment or cluster the user does not see (or
    no id) is shown by its raw value, so the chip still says what is on and clears it."""
    chips = []
    kinds = (
        ("segment", ChainSegment.objects.filter(cluster__in=visible_clusters(user))),
        ("cluster", visible_clusters(user)),
    )
    for name, visible in kinds:
        value = str(filters.get(name) or "").strip()
        if not value:
            continue
        pk = _id(value)
        found = visible.filter(pk=pk).first() if pk is not None else None
        chips.append({"name": name, "value": value, "label": str(found) if found else value})
    return chips


def fact_years(*, user) -> list[int]:
    """The years with verified figures among the enterprises the user may see, newest first
    (cached until the next change: a DISTINCT over every figure of the scope)."""
    return cached_figures(
        "fact_years",
        user,
        lambda: list(
            YearlyFact.objects.filter(enterprise__in=visible_enterprises(user))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        ),
    )


def assignable_parks(*, user) -> QuerySet[Park]:
    """Parks the user may register an enterprise in, or move one to."""
    if user is None or not user.is_authenticated or not user.organisation_id:
        return Park.objects.none()
    if user.role == Role.ZONE_OFFICIAL:
        zone = user.zone
        return Park.objects.filter(zone=zone) if zone else Park.objects.none()
    if user.role == Role.PARK_OPERATOR:
        return Park.objects.filter(operator_id=user.organisation_id)
    return Park.objects.none()


def yearly_fact_get(*, user, enterprise_pk: int, year: int) -> YearlyFact:
    return YearlyFact.objects.select_related("enterprise").get(
        enterprise__in=visible_enterprises(user), enterprise_id=enterprise_pk, year=year
    )


def qualification_get(*, user, enterprise_pk: int, pk: int) -> Qualification:
    return Qualification.objects.select_related("enterprise").get(
        enterprise__in=visible_enterprises(user), enterprise_id=enterprise_pk, pk=pk
    )


def contact_get(*, user, enterprise_pk: int, pk: int) -> Contact:
    return Contact.objects.select_related("enterprise").get(
        enterprise__in=visible_enterprises(user), enterprise_id=enterprise_pk, pk=pk
    )


@dataclass
class EnterpriseProfile:
    """Everything the profile page and the API detail show, as the user may see it."""

    enterprise: Enterprise
    facts: list[YearlyFact]  # newest first
    qualifications: list[Qualification]
    contacts: list[Contact]  # each with .shown_phone and .phone_masked
    today: datetime.date
    can_edit: bool = False
    can_reveal: bool = False

    @property
    def latest_fact(self) -> YearlyFact | None:
        return self.facts[0] if self.facts else None


def enterprise_profile(*, user, enterprise: Enterprise) -> EnterpriseProfile:
    """The profile of an enterprise obtained from `enterprise_get` (so already in scope)."""
    today = timezone.localdate()
    qualifications = list(enterprise.qualifications.order_by("kind", "-valid_from"))
    for qualification in qualifications:
        qualification.status = qualification_status(qualification, today)
    return EnterpriseProfile(
        enterprise=enterprise,
        facts=list(enterprise.yearly_facts.order_by("-year")),
        qualifications=qualifications,
        contacts=contacts_as_seen_by(user=user, enterprise=enterprise),
        today=today,
        can_edit=scoping.can_edit(user, enterprise),
        can_reveal=scoping.can_reveal_contacts(user, enterprise),
    )


def qualification_status(qualification: Qualification, today: datetime.date) -> str:
    """ "valid", "expired" or "pending" (not valid yet) on `today`."""
    if qualification.valid_to is not None and qualification.valid_to < today:
        return "expired"
    if qualification.valid_from > today:
        return "pending"
    return "valid"


def contacts_as_seen_by(*, user, enterprise: Enterprise) -> list[Contact]:
    """The enterprise's contacts, phones masked (138****1234) unless the user is the
    enterprise's own. Officials reveal a number one at a time through services.contact_reveal."""
    unmasked = scoping.sees_contacts_unmasked(user, enterprise)
    contacts = list(enterprise.contacts.order_by("-is_primary", "name"))
    for contact in contacts:
        contact.phone_masked = bool(contact.phone) and not unmasked
        contact.shown_phone = mask_phone(contact.phone) if contact.phone_masked else contact.phone
    return contacts


def enterprise_history(*, user, enterprise: Enterprise, limit: int = 50) -> QuerySet[AuditEvent]:
    """The audit events about an enterprise, newest first, for a user who may see it."""
    if not scoping.can_view(user, enterprise):
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(
        object_type=Enterprise._meta.label_lower, object_id=str(enterprise.pk)
    ).order_by("-id")[:limit]
