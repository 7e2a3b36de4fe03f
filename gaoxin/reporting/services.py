"""Writes of the yearly reporting campaigns (年报填报): each one transaction with its audit event.

open ─close─▶ closed

- ``campaign_open``: a zone official asks the zone's member enterprises for one year's figures
  (``required``) within ``working_days`` Chinese working days; each member enterprise's users
  get the task in their inbox (partners outside the zone are never asked);
- ``campaign_close``: the campaign ends; a year is no longer checked for its required figures;
- ``send_reminders``: the daily sweep (``tasks.send_campaign_reminders``, on the schedule):
  one inbox reminder per campaign to each member enterprise that has not reported when the
  deadline is ``REMINDER_DAYS`` working days away or nearer — once (``CampaignReminder``);
- ``verify_submissions`` / ``verify_matching``: the official verifies pending submissions of
  the campaign's year, chosen or all those matching department data, through the registry's
  own verification (``declarations_verify``): all of them or none.

``actor=None`` is the command line, the scheduler or the demo loader (trusted).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.services.facts import FIRST_YEAR
from gaoxin.enterprises.services.verification import declarations_verify
from gaoxin.notifications.choices import NotificationKind

from . import rules, selectors
from .choices import FIGURES, CampaignStatus, figure_labels, join_labels
from .deadlines import check_count, deadline_after, working_days_left
from .excel import write_rows
from .models import Campaign, CampaignReminder
from .workflows import CAMPAIGN_WORKFLOW

# Reminders go out when the deadline is this many working days away or nearer (the deadline
# itself counted: 1 on the last day).
REMINDER_DAYS = 5


def _day(value: datetime.date) -> str:
    return date_format(value, "Y-m-d")


def _require_runner(actor) -> None:
    if actor is not None and not rules.can_run_campaigns(actor):
        raise PermissionDeniedError(_("Only a zone's officials run its yearly reporting."))


def _require_manager(actor, campaign: Campaign) -> None:
    if actor is not None and not rules.can_manage(actor, campaign):
        raise PermissionDeniedError(_("Only the zone's officials run its yearly reporting."))


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().select_related("zone").get(pk=campaign.pk)


# --- checks of the input ---------------------------------------------------------------------


def check_year(year, opened_on: datetime.date) -> int:
    """The year reported: a whole number from 1949 to the year the campaign opens."""
    if isinstance(year, bool) or not isinstance(year, int) or year < FIRST_YEAR:
        raise DomainError(
            _("Year reported: enter a year between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": opened_on.year},
            field="year",
        )
    if year > opened_on.year:
        raise DomainError(
            _("Year reported: %(year)s has not begun yet; the latest year is %(last)s.")
            % {"year": year, "last": opened_on.year},
            field="year",
        )
    return year


def check_required(required) -> list[str]:
    """The required figures: at least one, each a yearly figure; returned once each, in the
    year form's order."""
    if isinstance(required, str) or not isinstance(required, Iterable):
        required = []
    names = [str(name) for name in required]
    if not names:
        raise DomainError(
            _("Required figures: choose at least one figure the enterprises must report."),
            field="required",
        )
    unknown = sorted({name for name in names if name not in FIGURES})
    if unknown:
        raise DomainError(
            _("Required figures: %(names)s is not a yearly figure.")
            % {"names": ", ".join(unknown)},
            field="required",
        )
    return [name for name in FIGURES if name in names]


def _full_clean(campaign: Campaign) -> None:
    try:
        campaign.full_clean()
    except ValidationError as exc:
        name, errors = next(iter(exc.message_dict.items()))
        field = None if name == "__all__" else name
        raise DomainError(" ".join(errors), field=field) from exc


# --- open, close -----------------------------------------------------------------------------


def _duplicate(year: int) -> DomainError:
    return DomainError(
        _("Year reported: your zone already has a reporting campaign for %(year)s.")
        % {"year": year},
        code="duplicate",
        field="year",
    )


def _new_campaign(
    actor, zone, year: int, names: list[str], opened_on: datetime.date, count: int, *, is_sample
) -> Campaign:
    """Save the zone's campaign for ``year`` (checked values), its deadline ``count`` working
    days after ``opened_on``: one per zone and year."""
    if Campaign.objects.filter(zone=zone, year=year).exists():
        raise _duplicate(year)
    campaign = Campaign(
        zone=zone,
        year=year,
        required=names,
        opened_on=opened_on,
        working_days=count,
        deadline=deadline_after(opened_on, count),
        opened_by=actor,
        is_sample=is_sample,
    )
    _full_clean(campaign)
    try:
        with transaction.atomic():
            campaign.save()
    except IntegrityError as exc:  # another official opened the same year at the same moment
        raise _duplicate(year) from exc
    return campaign


@transaction.atomic
def campaign_open(
    *,
    actor,
    year: int,
    required: Iterable[str],
    working_days: int,
    opened_on: datetime.date | None = None,
    zone=None,
    is_sample: bool = False,
) -> Campaign:
    """Open the campaign of the actor's zone for ``year``: every member enterprise must give
    the ``required`` figures within ``working_days`` working days after ``opened_on`` (today).
    One campaign per zone and year. The member enterprises are told in their inbox.
    ``zone`` is for ``actor=None`` (the demo loader); an official opens for their own zone."""
    _require_runner(actor)
    zone = actor.zone if actor is not None else zone
    if zone is None:
        raise DomainError(_("A campaign belongs to a high-tech zone."), field="zone")
    opened_on = opened_on or timezone.localdate()
    year = check_year(year, opened_on)
    names = check_required(required)
    count = check_count(working_days)
    campaign = _new_campaign(actor, zone, year, names, opened_on, count, is_sample=is_sample)
    members = list(Enterprise.objects.filter(zone=zone).zone_members().values_list("pk", flat=True))
    record(
        action="reporting.campaign.open",
        actor=actor,
        obj=campaign,
        summary=_("Opened the %(year)s yearly reporting: %(count)s enterprises, deadline %(day)s")
        % {"year": year, "count": len(members), "day": _day(campaign.deadline)},
        data={
            "zone": zone.pk,
            "year": year,
            "required": names,
            "opened_on": opened_on,
            "working_days": count,
            "deadline": campaign.deadline,
            "enterprises": len(members),
        },
    )
    _tell_task(campaign, members)
    return campaign


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign, reason: str = "") -> Campaign:
    """Close an open campaign. Its year is no longer checked for the required figures; the
    progress as it stands is kept in the audit trail."""
    campaign = _locked(campaign)
    _require_manager(actor, campaign)
    if campaign.status != CampaignStatus.OPEN:
        raise InvalidTransitionError(
            _("The %(year)s yearly reporting is already closed.") % {"year": campaign.year}
        )
    progress = selectors.campaign_progress(campaign)
    CAMPAIGN_WORKFLOW.apply(
        campaign,
        "close",
        actor=actor,
        summary=_("Closed the %(year)s yearly reporting: %(reported)s of %(total)s reported")
        % {"year": campaign.year, "reported": progress.reported, "total": progress.total},
        reason=(reason or "").strip(),
        data={
            "total": progress.total,
            "verified": progress.verified,
            "pending": progress.pending,
            "not_reported": progress.not_reported,
        },
        fields={"closed_at": timezone.now(), "closed_by": actor},
    )
    return campaign


# --- reminders -------------------------------------------------------------------------------


def send_reminders(*, today: datetime.date | None = None, days: int = REMINDER_DAYS) -> int:
    """Remind, once, every member enterprise that has not reported in an open campaign whose
    deadline is ``days`` working days away or nearer (and not yet past). Returns how many
    enterprises were reminded by this run; a second run the same day, or any later day,
    reminds nobody twice."""
    today = today or timezone.localdate()
    sent = 0
    for pk in Campaign.objects.filter(status=CampaignStatus.OPEN).values_list("pk", flat=True):
        sent += _remind(pk, today, days)
    return sent


@transaction.atomic
def _remind(campaign_pk: int, today: datetime.date, days: int) -> int:
    campaign = Campaign.objects.select_for_update().get(pk=campaign_pk)
    left = working_days_left(today, campaign.deadline)
    if campaign.status != CampaignStatus.OPEN or left is None or left > days:
        return 0
    reminded = CampaignReminder.objects.filter(campaign=campaign).values("enterprise")
    late = list(
        selectors.not_reported(campaign)
        .exclude(pk__in=reminded)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not late:
        return 0
    CampaignReminder.objects.bulk_create(
        CampaignReminder(campaign=campaign, enterprise_id=pk, sent_on=today) for pk in late
    )
    record(
        action="reporting.campaign.remind",
        actor=None,
        obj=campaign,
        summary=_("Reminded %(count)s enterprises of the %(year)s yearly reporting")
        % {"count": len(late), "year": campaign.year},
        data={"enterprises": late, "working_days_left": left, "day": today},
    )
    _tell_reminder(campaign, late, left)
    return len(late)


# --- the official's verification -------------------------------------------------------------


@transaction.atomic
def verify_submissions(*, actor, campaign: Campaign, ids: Iterable[int], reason: str = "") -> int:
    """Verify the chosen pending submissions of the campaign's year through the registry's
    verification (``declarations_verify``): all of them or, when one cannot be, none. An id
    that is not a pending submission of the campaign is refused (nothing is verified)."""
    _require_manager(actor, campaign)
    wanted = sorted({int(pk) for pk in ids if str(pk).isdigit() and len(str(pk)) < 12})
    if not wanted:
        raise DomainError(_("Tick the submissions to verify first."), field="ids")
    records = selectors.pending_submissions(user=actor, campaign=campaign, ids=wanted)
    missing = sorted(set(wanted) - {r.pk for r in records})
    if missing:
        raise DomainError(
            _("These are not submissions of %(year)s awaiting your verification: %(ids)s")
            % {"year": campaign.year, "ids": ", ".join(str(pk) for pk in missing)},
            code="not_pending",
            field="ids",
        )
    return _verify(actor, campaign, records, reason, matching=False)


@transaction.atomic
def verify_matching(*, actor, campaign: Campaign, reason: str = "") -> int:
    """Verify every pending submission of the campaign's year whose values all match the
    department data in force (``selectors.matches_department_data``); all of them or none."""
    _require_manager(actor, campaign)
    records = selectors.department_matching(user=actor, campaign=campaign)
    if not records:
        raise DomainError(
            _("No submission awaiting verification matches the department data."),
            code="not_pending",
            field="ids",
        )
    return _verify(actor, campaign, records, reason, matching=True)


def _verify(actor, campaign: Campaign, records, reason: str, *, matching: bool) -> int:
    count = declarations_verify(actor=actor, records=records, reason=reason)
    record(
        action="reporting.campaign.verify",
        actor=actor,
        obj=campaign,
        summary=(
            _("Verified %(count)s submissions of %(year)s matching department data")
            if matching
            else _("Verified %(count)s submissions of %(year)s")
        )
        % {"count": count, "year": campaign.year},
        reason=(reason or "").strip(),
        data={
            "records": [r.pk for r in records],
            "enterprises": [r.enterprise_id for r in records],
            "matching_department_data": matching,
        },
    )
    return count


# --- export ----------------------------------------------------------------------------------


def campaign_export(*, actor, campaign: Campaign, status: str, out: IO[bytes]) -> int:
    """Write the campaign's table (only the rows of ``status`` when it is one of
    ``selectors.FILTERS``) to ``out`` (.xlsx). Audited (``reporting.campaign.export``): a list
    of the zone's enterprises leaves the platform."""
    _require_manager(actor, campaign)
    status = status if status in selectors.FILTERS else ""
    rows = list(selectors.campaign_rows(campaign, status=status))
    count = write_rows(campaign, rows, [selectors.row_status(row) for row in rows], out)
    with transaction.atomic():
        record(
            action="reporting.campaign.export",
            actor=actor,
            obj=campaign,
            summary=_("Exported the %(year)s yearly reporting table (%(count)s rows)")
            % {"year": campaign.year, "count": count},
            data={"rows": count, "status": status},
        )
    return count


# --- inbox messages --------------------------------------------------------------------------


def _send(kind: str, rows: list[list]) -> None:
    """Create the notifications once the step's transaction has committed."""
    from gaoxin.notifications.tasks import notify_enterprises

    if not rows:
        return
    link = reverse("enterprises:mine")
    transaction.on_commit(lambda: notify_enterprises.enqueue(kind, link, rows))


def _tell_task(campaign: Campaign, enterprise_ids: list[int]) -> None:
    """Every member enterprise: the new task, its figures and deadline."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(year)s yearly report: please report by %(deadline)s") % {
            "year": campaign.year,
            "deadline": _day(campaign.deadline),
        }
        body = _(
            "The zone asks for your enterprise's figures for %(year)s: %(figures)s. The "
            "deadline is %(deadline)s (%(days)s working days). Open your enterprise's page to "
            "report them."
        ) % {
            "year": campaign.year,
            "figures": join_labels(figure_labels(campaign.required)),
            "deadline": _day(campaign.deadline),
            "days": campaign.working_days,
        }
    _send(NotificationKind.CAMPAIGN_TASK, [[pk, title, body] for pk in enterprise_ids])


def _tell_reminder(campaign: Campaign, enterprise_ids: list[int], left: int) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(year)s yearly report: %(days)s working days left") % {
            "year": campaign.year,
            "days": left,
        }
        body = _(
            "Your enterprise has not reported its figures for %(year)s yet (%(figures)s). The "
            "deadline is %(deadline)s."
        ) % {
            "year": campaign.year,
            "figures": join_labels(figure_labels(campaign.required)),
            "deadline": _day(campaign.deadline),
        }
    _send(NotificationKind.CAMPAIGN_REMINDER, [[pk, title, body] for pk in enterprise_ids])
