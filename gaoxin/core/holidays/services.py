"""Writes of the holiday arrangements: create, edit, delete; each validated, audited in the same
transaction, and clearing the working-day cache."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

import rules
from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.core import workdays
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.core.models import HolidayArrangement
from gaoxin.core.registry import audit_record

PERM = "core.manage_holiday_arrangements"
NAME_MAX = 20
YEARS = (2000, 2100)


@dataclass(frozen=True)
class Holiday:
    """Days off from ``start`` to ``end`` (both included), e.g. 春节 2027-02-05 … 02-13."""

    name: str
    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class AdjustedWorkday:
    """A weekend day worked instead (调休上班), with the holiday it belongs to."""

    day: datetime.date
    name: str = ""


def _require(actor) -> None:
    if actor is not None and not rules.has_perm(PERM, actor):
        raise PermissionDeniedError(
            _("Only the security administrator enters the holiday arrangements.")
        )


def _span(holiday: Holiday) -> str:
    return _("%(name)s (%(start)s to %(end)s)") % {
        "name": holiday.name,
        "start": holiday.start.isoformat(),
        "end": holiday.end.isoformat(),
    }


def _check_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not YEARS[0] <= year <= YEARS[1]:
        raise DomainError(
            _("Year: enter a year between %(low)s and %(high)s.")
            % {"low": YEARS[0], "high": YEARS[1]},
            field="year",
        )
    return year


def _check_notice(year: int, document_number: str, notice_date) -> str:
    number = (document_number or "").strip()
    if not number:
        raise DomainError(
            _("Document number: enter the notice's number, e.g. 国办发明电〔2026〕7号."),
            field="document_number",
        )
    if len(number) > 60:
        raise DomainError(_("Document number: at most 60 characters."), field="document_number")
    if not isinstance(notice_date, datetime.date):
        raise DomainError(_("Notice date: enter the date of the notice."), field="notice_date")
    if not year - 1 <= notice_date.year <= year:
        raise DomainError(
            _("Notice date: the notice for %(year)s is dated in %(before)s or %(year)s.")
            % {"year": year, "before": year - 1},
            field="notice_date",
        )
    return number


def _check_holidays(year: int, holidays: list[Holiday]) -> list[Holiday]:
    if not holidays:
        raise DomainError(
            _("Holidays: enter the year's holidays, one line each."), field="holidays"
        )
    for holiday in holidays:
        if not holiday.name.strip() or len(holiday.name.strip()) > NAME_MAX:
            raise DomainError(
                _(
                    "Holidays: each holiday needs a name of at most %(max)s characters "
                    "(元旦, 春节 …)."
                )
                % {"max": NAME_MAX},
                field="holidays",
            )
        if holiday.start > holiday.end:
            raise DomainError(
                _("Holidays: %(span)s ends before it starts.") % {"span": _span(holiday)},
                field="holidays",
            )
        if holiday.start.year != year or holiday.end.year != year:
            raise DomainError(
                _("Holidays: %(span)s is not within %(year)s.")
                % {"span": _span(holiday), "year": year},
                field="holidays",
            )
    ordered = sorted(holidays, key=lambda h: h.start)
    for before, after in itertools.pairwise(ordered):
        if after.start <= before.end:
            raise DomainError(
                _("Holidays: %(first)s and %(second)s overlap.")
                % {"first": _span(before), "second": _span(after)},
                field="holidays",
            )
    return ordered


def _check_adjusted(year: int, adjusted: list[AdjustedWorkday], holidays: list[Holiday]):
    seen = set()
    for entry in adjusted:
        day = entry.day.isoformat()
        if entry.day.year != year:
            raise DomainError(
                _("Adjusted working days: %(day)s is not in %(year)s.")
                % {"day": day, "year": year},
                field="adjusted_workdays",
            )
        if entry.day.weekday() < 5:
            raise DomainError(
                _(
                    "Adjusted working days: %(day)s is a weekday, already a working day; an "
                    "adjusted working day is a Saturday or a Sunday."
                )
                % {"day": day},
                field="adjusted_workdays",
            )
        if entry.day in seen:
            raise DomainError(
                _("Adjusted working days: %(day)s is entered twice.") % {"day": day},
                field="adjusted_workdays",
            )
        seen.add(entry.day)
        if len(entry.name.strip()) > NAME_MAX:
            raise DomainError(
                _("Adjusted working days: a name has at most %(max)s characters.")
                % {"max": NAME_MAX},
                field="adjusted_workdays",
            )
        for holiday in holidays:
            if holiday.start <= entry.day <= holiday.end:
                raise DomainError(
                    _("Adjusted working days: %(day)s falls within the holiday %(span)s.")
                    % {"day": day, "span": _span(holiday)},
                    field="adjusted_workdays",
                )
    return sorted(adjusted, key=lambda e: e.day)


def _values(year, document_number, notice_date, holidays, adjusted_workdays, note) -> dict:
    year = _check_year(year)
    number = _check_notice(year, document_number, notice_date)
    ordered = _check_holidays(year, list(holidays))
    adjusted = _check_adjusted(year, list(adjusted_workdays), ordered)
    return {
        "document_number": number,
        "notice_date": notice_date,
        "holidays": [
            {"name": h.name.strip(), "start": h.start.isoformat(), "end": h.end.isoformat()}
            for h in ordered
        ],
        "adjusted_workdays": [{"day": e.day.isoformat(), "name": e.name.strip()} for e in adjusted],
        "note": (note or "").strip(),
    }


def _snapshot(arrangement: HolidayArrangement) -> dict:
    return {
        "document_number": arrangement.document_number,
        "notice_date": arrangement.notice_date.isoformat(),
        "holidays": arrangement.holidays,
        "adjusted_workdays": arrangement.adjusted_workdays,
        "note": arrangement.note,
        "is_sample": arrangement.is_sample,
    }


@transaction.atomic
def arrangement_create(
    *,
    actor,
    year: int,
    document_number: str,
    notice_date: datetime.date,
    holidays: list[Holiday],
    adjusted_workdays: list[AdjustedWorkday],
    note: str = "",
    is_sample: bool = False,
) -> HolidayArrangement:
    """Enter the arrangement of ``year``; from now on it decides that year's working days."""
    _require(actor)
    values = _values(year, document_number, notice_date, holidays, adjusted_workdays, note)
    if HolidayArrangement.objects.filter(year=year).exists():
        raise DomainError(
            _("Year: the arrangement for %(year)s is already entered; edit it instead.")
            % {"year": year},
            field="year",
        )
    arrangement = HolidayArrangement(year=year, is_sample=is_sample, **values)
    arrangement.full_clean()
    arrangement.save()
    audit_record(
        action="core.holiday_arrangement.create",
        actor=actor,
        obj=arrangement,
        summary=_("Entered the holiday arrangement for %(year)s (%(number)s)")
        % {"year": year, "number": arrangement.document_number},
        data={"after": _snapshot(arrangement)},
    )
    workdays.written()
    return arrangement


@transaction.atomic
def arrangement_update(
    *,
    actor,
    arrangement: HolidayArrangement,
    document_number: str,
    notice_date: datetime.date,
    holidays: list[Holiday],
    adjusted_workdays: list[AdjustedWorkday],
    note: str = "",
    reason: str = "",
) -> HolidayArrangement:
    """Correct an entered arrangement (its year stays). An edit clears the sample mark: the
    administrator has checked it against the notice."""
    _require(actor)
    arrangement = HolidayArrangement.objects.select_for_update().get(pk=arrangement.pk)
    values = _values(
        arrangement.year, document_number, notice_date, holidays, adjusted_workdays, note
    )
    before = _snapshot(arrangement)
    for name, value in values.items():
        setattr(arrangement, name, value)
    arrangement.is_sample = False
    after = _snapshot(arrangement)
    if after == before:
        return arrangement
    arrangement.full_clean()
    arrangement.save()
    changed = {k: {"before": before[k], "after": after[k]} for k in after if before[k] != after[k]}
    audit_record(
        action="core.holiday_arrangement.update",
        actor=actor,
        obj=arrangement,
        summary=_("Changed the holiday arrangement for %(year)s") % {"year": arrangement.year},
        data={"changes": changed},
        reason=reason,
    )
    workdays.written()
    return arrangement


@transaction.atomic
def arrangement_delete(*, actor, arrangement: HolidayArrangement, reason: str = "") -> None:
    """Delete an entered arrangement: its year falls back to the package, or becomes unknown."""
    _require(actor)
    arrangement = HolidayArrangement.objects.select_for_update().get(pk=arrangement.pk)
    year = arrangement.year
    audit_record(
        action="core.holiday_arrangement.delete",
        actor=actor,
        obj=arrangement,
        summary=_("Deleted the holiday arrangement for %(year)s") % {"year": year},
        data={"before": _snapshot(arrangement)},
        reason=reason,
    )
    arrangement.delete()
    workdays.written()
