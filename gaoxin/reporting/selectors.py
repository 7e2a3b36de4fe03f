"""Reads of the yearly reporting campaigns (年报填报), scoped by the user.

Where an enterprise stands in a campaign (``EntryStatus``), in this order:

- *verified*: its verified figures of the campaign's year (``YearlyFact``) hold every required
  figure — whoever entered them (its declaration once verified, an official, a department's
  list);
- *pending*: it has a declaration of that year awaiting verification;
- *rejected*: the last decision on its declarations of that year was a rejection;
- *incomplete*: verified figures of that year exist but miss a required figure;
- *not yet*: nothing of that year.

The first two count as *reported* (已报). Once the deadline has passed, an enterprise that has
not reported is *overdue*. Progress is counted over the zone's member enterprises: partners
outside the zone are never asked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.enterprises.choices import FactSource, Membership, RecordStatus, RecordSubject
from gaoxin.enterprises.models import Enterprise, FactRecord, YearlyFact
from gaoxin.enterprises.scoping import visible_enterprises

from . import rules
from .choices import NOT_SUBMITTED, OVERDUE, CampaignStatus, EntryStatus
from .deadlines import working_days_left
from .models import Campaign


def required_figures(enterprise, year) -> tuple[str, ...]:
    """The figures an open campaign of the enterprise's zone requires for ``year``; () when
    no open campaign asks for that year, and always for a partner outside the zone."""
    if enterprise is None or enterprise.membership != Membership.ZONE:
        return ()
    try:
        year = int(year)
    except (TypeError, ValueError):
        return ()
    required = (
        Campaign.objects.filter(zone_id=enterprise.zone_id, year=year, status=CampaignStatus.OPEN)
        .values_list("required", flat=True)
        .first()
    )
    return tuple(required or ())


# --- campaigns -------------------------------------------------------------------------------


def campaign_list(*, user, status: str = "") -> QuerySet[Campaign]:
    """The campaigns of the zone official's zone, newest year first (only ``status`` when it
    is one); none for every other role."""
    if not rules.can_run_campaigns(user):
        return Campaign.objects.none()
    qs = Campaign.objects.filter(zone=user.zone).select_related("zone", "opened_by")
    if status in CampaignStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-year", "-pk")


def campaign_get(*, user, pk: int) -> Campaign:
    """One campaign of the user's zone (DoesNotExist otherwise: another zone's does not exist
    for them)."""
    return campaign_list(user=user).get(pk=pk)


# --- where each enterprise stands ------------------------------------------------------------

_REPORTED = Q(complete=True) | Q(pending_id__isnull=False)


def member_rows(campaign: Campaign, *, within: QuerySet | None = None) -> QuerySet[Enterprise]:
    """The zone's member enterprises (only those of ``within`` when given), each annotated
    with where it stands: ``pending_id`` (its declaration of the year awaiting verification),
    ``has_fact`` (verified figures of the year), ``complete`` (with every required figure),
    and the last decision on a declaration of the year (``last_status``, ``last_reason``;
    "" when none)."""
    records = FactRecord.objects.filter(
        enterprise=OuterRef("pk"), subject=RecordSubject.YEARLY, year=campaign.year
    )
    facts = YearlyFact.objects.filter(enterprise=OuterRef("pk"), year=campaign.year)
    complete = facts.filter(**{f"{name}__isnull": False for name in campaign.required})
    decided = records.filter(status__in=(RecordStatus.VERIFIED, RecordStatus.REJECTED)).order_by(
        "-decided_at", "-pk"
    )
    rows = Enterprise.objects.filter(zone_id=campaign.zone_id).zone_members()
    if within is not None:
        rows = rows.filter(pk__in=within.values("pk"))
    return rows.annotate(
        pending_id=Subquery(records.filter(status=RecordStatus.PENDING).values("pk")[:1]),
        pending_at=Subquery(records.filter(status=RecordStatus.PENDING).values("created_at")[:1]),
        has_fact=Exists(facts),
        complete=Exists(complete),
        last_status=Coalesce(
            Subquery(decided.values("status")[:1]), Value(""), output_field=CharField()
        ),
        last_reason=Coalesce(
            Subquery(decided.values("reason")[:1]), Value(""), output_field=CharField()
        ),
    )


def not_reported(campaign: Campaign) -> QuerySet[Enterprise]:
    """The zone's member enterprises that have not reported (neither verified figures with
    every required one, nor a submission awaiting verification)."""
    return member_rows(campaign).exclude(_REPORTED)


def row_status(row: Enterprise) -> str:
    """An annotated row's ``EntryStatus``."""
    if row.complete:
        return EntryStatus.VERIFIED
    if row.pending_id:
        return EntryStatus.PENDING
    if row.last_status == RecordStatus.REJECTED:
        return EntryStatus.REJECTED
    if row.has_fact:
        return EntryStatus.INCOMPLETE
    return EntryStatus.NOT_YET


def status_filter(campaign: Campaign, status: str, today: datetime.date) -> Q | None:
    """The condition on annotated rows for a table filter (None: no filter)."""
    not_reported = ~_REPORTED
    filters = {
        EntryStatus.VERIFIED: Q(complete=True),
        EntryStatus.PENDING: Q(complete=False, pending_id__isnull=False),
        EntryStatus.REJECTED: not_reported & Q(last_status=RecordStatus.REJECTED),
        EntryStatus.INCOMPLETE: not_reported
        & Q(has_fact=True)
        & ~Q(last_status=RecordStatus.REJECTED),
        EntryStatus.NOT_YET: not_reported
        & Q(has_fact=False)
        & ~Q(last_status=RecordStatus.REJECTED),
        NOT_SUBMITTED: not_reported,
        # Nobody is overdue before the deadline has passed.
        OVERDUE: not_reported if today > campaign.deadline else Q(pk__in=[]),
    }
    return filters.get(status)


FILTERS = (
    EntryStatus.VERIFIED,
    EntryStatus.PENDING,
    NOT_SUBMITTED,
    EntryStatus.REJECTED,
    EntryStatus.INCOMPLETE,
    OVERDUE,
)


def filter_choices() -> list[tuple[str, str]]:
    labels = dict(EntryStatus.choices)
    labels[NOT_SUBMITTED] = _("Not reported (any reason)")
    labels[OVERDUE] = _("Overdue")
    return [(key, str(labels[key])) for key in FILTERS]


def campaign_rows(
    campaign: Campaign, *, status: str = "", today: datetime.date | None = None
) -> QuerySet[Enterprise]:
    """The per-enterprise rows of a campaign's page and export, by name; ``status`` one of
    ``FILTERS`` (else all)."""
    today = today or timezone.localdate()
    rows = member_rows(campaign).select_related("park").order_by("name", "pk")
    condition = status_filter(campaign, status, today)
    return rows.filter(condition) if condition is not None else rows


# --- progress --------------------------------------------------------------------------------


@dataclass
class Progress:
    """Where a campaign stands over a set of enterprises (the zone's members, or the part of
    them a user sees)."""

    campaign: Campaign
    today: datetime.date
    total: int
    verified: int
    pending: int
    overdue: list = field(default_factory=list)
    overdue_count: int = 0

    @property
    def reported(self) -> int:
        return self.verified + self.pending

    @property
    def not_reported(self) -> int:
        return self.total - self.reported

    @property
    def is_past_deadline(self) -> bool:
        return self.today > self.campaign.deadline

    @property
    def working_days_left(self) -> int | None:
        return working_days_left(self.today, self.campaign.deadline)

    @property
    def percent(self) -> int:
        return round(100 * self.reported / self.total) if self.total else 0

    @property
    def verified_percent(self) -> int:
        return round(100 * self.verified / self.total) if self.total else 0

    @property
    def pending_percent(self) -> int:
        return self.percent - self.verified_percent

    @property
    def text(self) -> str:
        """ "2025年：3/25 家已报"."""
        return _("%(year)s: %(reported)s of %(total)s enterprises reported") % {
            "year": self.campaign.year,
            "reported": self.reported,
            "total": self.total,
        }


OVERDUE_SHOWN = 50


def campaign_progress(
    campaign: Campaign, *, today: datetime.date | None = None, within: QuerySet | None = None
) -> Progress:
    """Counts over the zone's member enterprises (or those of ``within``): verified, awaiting
    verification, total; once the deadline has passed, the enterprises that have not
    reported (the first ``OVERDUE_SHOWN`` by name, and how many)."""
    today = today or timezone.localdate()
    rows = member_rows(campaign, within=within)
    overdue, overdue_count = [], 0
    if today > campaign.deadline:
        late = rows.exclude(_REPORTED)
        overdue_count = late.count()
        overdue = list(late.order_by("name", "pk")[:OVERDUE_SHOWN])
    return Progress(
        campaign=campaign,
        today=today,
        total=rows.count(),
        verified=rows.filter(complete=True).count(),
        pending=rows.filter(complete=False, pending_id__isnull=False).count(),
        overdue=overdue,
        overdue_count=overdue_count,
    )


def campaigns_with_progress(
    campaigns, *, today: datetime.date | None = None
) -> list[tuple[Campaign, Progress]]:
    return [(c, campaign_progress(c, today=today)) for c in campaigns]


def scoped_progress(*, user, today: datetime.date | None = None) -> list[Progress]:
    """The open campaigns of the zones whose enterprises the user sees (the overview), each
    counted over the member enterprises the user sees (a park operator: those of its parks)."""
    scope = visible_enterprises(user)
    campaigns = (
        Campaign.objects.filter(status=CampaignStatus.OPEN, zone__in=scope.values("zone"))
        .select_related("zone")
        .order_by("-year", "zone__name")
    )
    return [campaign_progress(c, today=today, within=scope) for c in campaigns]


# --- the official's verification of submissions ----------------------------------------------


def pending_submissions(*, user, campaign: Campaign, ids=None) -> list[FactRecord]:
    """The declarations of the campaign's year awaiting verification, of the zone's member
    enterprises, that the user may verify (an official of the campaign's zone); only those
    among ``ids`` when given."""
    if not rules.can_manage(user, campaign):
        return []
    qs = FactRecord.objects.filter(
        status=RecordStatus.PENDING,
        subject=RecordSubject.YEARLY,
        year=campaign.year,
        enterprise__zone_id=campaign.zone_id,
        enterprise__membership=Membership.ZONE,
        enterprise__in=visible_enterprises(user),
    )
    if ids is not None:
        qs = qs.filter(pk__in=[int(pk) for pk in ids if str(pk).isdigit() and len(str(pk)) < 12])
    return list(qs.select_related("enterprise").order_by("enterprise__name", "pk"))


def _same(declared, in_force) -> bool:
    """A declared value (text, as a record stores it) against the value in force."""
    if declared is None or in_force is None:
        return declared is None and in_force is None
    try:
        return Decimal(str(declared)) == Decimal(str(in_force))
    except (InvalidOperation, ValueError):
        return str(declared) == str(in_force)


def matches_department_data(record: FactRecord) -> bool:
    """Whether every value the declaration gives is already the value in force and came from
    a department's data (部门共享): verifying it changes nothing a department has not said.
    (A department's list verifies the declarations it fully covers as it is imported; this
    finds those that several lists covered between them, or that were declared after.)"""
    if not record.values:
        return False
    fact = YearlyFact.objects.filter(enterprise_id=record.enterprise_id, year=record.year).first()
    if fact is None:
        return False
    verified = FactRecord.objects.filter(
        enterprise_id=record.enterprise_id,
        subject=RecordSubject.YEARLY,
        year=record.year,
        status=RecordStatus.VERIFIED,
    ).order_by("-decided_at", "-pk")
    for name, value in record.values.items():
        if not _same(value, getattr(fact, name, None)):
            return False
        source = verified.filter(values__has_key=name).values_list("source", flat=True).first()
        if source != FactSource.DEPARTMENT:
            return False
    return True


def department_matching(*, user, campaign: Campaign) -> list[FactRecord]:
    """The campaign's pending submissions whose values all match department data."""
    return [
        r for r in pending_submissions(user=user, campaign=campaign) if matches_department_data(r)
    ]


# --- an enterprise's tasks -------------------------------------------------------------------


@dataclass
class Task:
    """An open campaign as the enterprise sees it."""

    campaign: Campaign
    enterprise: Enterprise
    status: str
    working_days_left: int | None
    has_fact: bool
    pending_id: int | None
    reason: str

    @property
    def is_reported(self) -> bool:
        return self.status in (EntryStatus.VERIFIED, EntryStatus.PENDING)

    @property
    def is_overdue(self) -> bool:
        return not self.is_reported and self.working_days_left is None

    @property
    def status_label(self) -> str:
        return str(EntryStatus(self.status).label)

    @property
    def required_labels(self) -> list[str]:
        from .choices import figure_labels

        return figure_labels(self.campaign.required)

    @property
    def required_text(self) -> str:
        from .choices import join_labels

        return join_labels(self.required_labels)


def own_member_enterprise(user) -> Enterprise | None:
    """The enterprise user's own enterprise when it is a member of its zone."""
    if not rules.can_see_tasks(user):
        return None
    return visible_enterprises(user).zone_members().select_related("zone").first()


def tasks_for(*, user, today: datetime.date | None = None) -> list[Task]:
    """The open campaigns of the enterprise user's zone, for their own enterprise (a zone
    member), newest year first; [] for every other role and for a partner outside the zone."""
    enterprise = own_member_enterprise(user)
    if enterprise is None:
        return []
    today = today or timezone.localdate()
    tasks = []
    campaigns = Campaign.objects.filter(zone_id=enterprise.zone_id, status=CampaignStatus.OPEN)
    for campaign in campaigns.order_by("-year"):
        row = member_rows(campaign).get(pk=enterprise.pk)
        status = row_status(row)
        tasks.append(
            Task(
                campaign=campaign,
                enterprise=enterprise,
                status=status,
                working_days_left=working_days_left(today, campaign.deadline),
                has_fact=row.has_fact,
                pending_id=row.pending_id,
                reason=row.last_reason if status == EntryStatus.REJECTED else "",
            )
        )
    return tasks
