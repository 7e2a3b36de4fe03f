"""The service reports: (a) each advisor's workload and ratings over a period; (b) the services
by domain and (c) by park, month by month for a year — requests created and completed,
consultations held and seminar attendance.

Scoped as everything else: the requests are those the user sees (``visible_requests``: a park
operator sees its parks' enterprises only), and so are the consultations and the seminar seats
(by the enterprise that booked or attended). Averages are ``Decimal``: days to the first
response in calendar days with one decimal, ratings with two.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.scoping import staff_scope

from .choices import LOAD_STATES, SeatStatus, SlotStatus
from .models import Advisor, ConsultationSlot, SeminarSeat, SeminarSpeaker
from .scoping import visible_advisors, visible_requests
from .selectors_advisors import overdue_q

ONE = Decimal("0.1")
TWO = Decimal("0.01")
DAY_SECONDS = Decimal(86400)
NONE_KEY = 0


def _start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _mean(values: list[Decimal], places: Decimal) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(places, rounding=ROUND_HALF_UP)


def scoped_slots(user) -> QuerySet[ConsultationSlot]:
    qs = ConsultationSlot.objects.all()
    scoped = staff_scope(
        qs,
        user,
        zone="advisor__zone",
        operator="enterprise__park__operator",
        region="advisor__zone__region_code",
    )
    return scoped if scoped is not None else qs.none()


def scoped_seats(user) -> QuerySet[SeminarSeat]:
    qs = SeminarSeat.objects.all()
    scoped = staff_scope(
        qs,
        user,
        zone="seminar__zone",
        operator="enterprise__park__operator",
        region="seminar__zone__region_code",
    )
    return scoped if scoped is not None else qs.none()


@dataclass
class AdvisorRow:
    advisor: Advisor
    open: int = 0
    completed: int = 0
    overdue: int = 0
    response_days: Decimal | None = None
    rating: Decimal | None = None
    rated: int = 0
    consultations: int = 0
    seminars: int = 0


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return datetime.date(today.year, 1, 1), today


def advisor_report(user, date_from: datetime.date, date_to: datetime.date) -> list[AdvisorRow]:
    """Per advisor: open requests now, completed in the period, overdue now, the mean days
    from creation to first response (requests created in the period and answered), the mean
    rating and count (rated in the period), consultations held and seminars spoken at (in the
    period)."""
    start, end = _start(date_from), _start(date_to + datetime.timedelta(days=1))
    advisors = list(visible_advisors(user).select_related("expert").order_by("expert__name", "pk"))
    rows = {a.pk: AdvisorRow(a) for a in advisors}
    requests = visible_requests(user).filter(advisor_id__in=rows)
    for pk in requests.filter(status__in=LOAD_STATES).values_list("advisor_id", flat=True):
        rows[pk].open += 1
    for pk in requests.filter(overdue_q()).values_list("advisor_id", flat=True):
        rows[pk].overdue += 1
    done = requests.filter(completed_at__gte=start, completed_at__lt=end)
    for pk in done.values_list("advisor_id", flat=True):
        rows[pk].completed += 1
    days: dict[int, list[Decimal]] = defaultdict(list)
    answered = requests.filter(
        created_at__gte=start, created_at__lt=end, responded_at__isnull=False
    ).values_list("advisor_id", "created_at", "responded_at")
    for pk, created, responded in answered:
        seconds = Decimal(int((responded - created).total_seconds()))
        days[pk].append(max(seconds, Decimal(0)) / DAY_SECONDS)
    stars: dict[int, list[Decimal]] = defaultdict(list)
    rated = requests.filter(rated_at__gte=start, rated_at__lt=end, rating__isnull=False)
    for pk, rating in rated.values_list("advisor_id", "rating"):
        stars[pk].append(Decimal(rating))
    held = scoped_slots(user).filter(
        advisor_id__in=rows, status=SlotStatus.HELD, starts_at__gte=start, starts_at__lt=end
    )
    for pk in held.values_list("advisor_id", flat=True):
        rows[pk].consultations += 1
    talks = (
        SeminarSpeaker.objects.filter(
            advisor_id__in=rows,
            seminar__status="held",
            seminar__starts_at__gte=start,
            seminar__starts_at__lt=end,
        )
        .values_list("advisor_id", "seminar_id")
        .distinct()
    )
    for pk, _seminar in talks:
        rows[pk].seminars += 1
    for pk, row in rows.items():
        row.response_days = _mean(days.get(pk, []), ONE)
        row.rating = _mean(stars.get(pk, []), TWO)
        row.rated = len(stars.get(pk, []))
    return list(rows.values())


METRICS = ("created", "completed", "consultations", "attendance")


def metric_labels() -> dict[str, str]:
    return {
        "created": _("Requests created"),
        "completed": _("Requests completed"),
        "consultations": _("Consultations held"),
        "attendance": _("Seminar attendance"),
    }


@dataclass
class MonthlyReport:
    """``cells[(month, key)][metric]``; ``names[key]`` the row's domain or park name."""

    year: int
    by: str
    names: dict[int, str] = field(default_factory=dict)
    cells: dict[tuple[int, int], dict[str, int]] = field(default_factory=dict)

    def add(self, month: int, key: int | None, metric: str, n: int = 1) -> None:
        cell = self.cells.setdefault((month, key or NONE_KEY), dict.fromkeys(METRICS, 0))
        cell[metric] += n

    def rows(self) -> list[dict]:
        """Long rows (month, name, the four metrics), months in order, names in order."""
        order = {key: index for index, key in enumerate(self.names)}
        result = []
        for (month, key), cell in sorted(
            self.cells.items(), key=lambda item: (item[0][0], order.get(item[0][1], 10**6))
        ):
            result.append({"month": month, "key": key, "name": self.name(key), **cell})
        return result

    def name(self, key: int) -> str:
        if key == NONE_KEY:
            return _("No domain") if self.by == "domain" else _("No park")
        return self.names.get(key, "")

    def totals(self) -> dict[str, int]:
        return {m: sum(cell[m] for cell in self.cells.values()) for m in METRICS}

    def keys(self) -> list[int]:
        used = {key for _month, key in self.cells}
        ordered = [key for key in self.names if key in used]
        return ordered + ([NONE_KEY] if NONE_KEY in used else [])

    def by_month(self, metric: str) -> list[list]:
        """12 rows: month, then the metric per key (the chart's table)."""
        keys = self.keys()
        return [
            [month, *[self.cells.get((month, key), {}).get(metric, 0) for key in keys]]
            for month in range(1, 13)
        ]


def _month(value: datetime.datetime) -> int:
    return timezone.localtime(value).month


def monthly_report(user, year: int, by: str) -> MonthlyReport:
    """The year's services month by month, by domain (``by="domain"``) or park (``"park"``)."""
    start, end = _start(datetime.date(year, 1, 1)), _start(datetime.date(year + 1, 1, 1))
    report = MonthlyReport(year=year, by=by)
    requests = visible_requests(user)
    if by == "domain":
        request_key, slot_key, seat_key = "domain_id", "series__domain_id", "seminar__domain_id"
        from .models import ServiceDomain

        report.names = {d.pk: d.name for d in ServiceDomain.objects.order_by("order", "code")}
    else:
        request_key = "enterprise__park_id"
        slot_key = "enterprise__park_id"
        seat_key = "enterprise__park_id"
        from gaoxin.parks.scoping import visible_parks

        report.names = {p.pk: p.name for p in visible_parks(user).order_by("name")}
    created = requests.filter(created_at__gte=start, created_at__lt=end)
    for key, at in created.values_list(request_key, "created_at"):
        report.add(_month(at), key, "created")
    completed = requests.filter(completed_at__gte=start, completed_at__lt=end)
    for key, at in completed.values_list(request_key, "completed_at"):
        report.add(_month(at), key, "completed")
    held = scoped_slots(user).filter(
        status=SlotStatus.HELD, starts_at__gte=start, starts_at__lt=end
    )
    for key, at in held.values_list(slot_key, "starts_at"):
        report.add(_month(at), key, "consultations")
    attended = scoped_seats(user).filter(
        status=SeatStatus.ATTENDED, seminar__starts_at__gte=start, seminar__starts_at__lt=end
    )
    for key, at in attended.values_list(seat_key, "seminar__starts_at"):
        report.add(_month(at), key, "attendance")
    for key in {key for _month_, key in report.cells}:
        if key != NONE_KEY and key not in report.names:
            report.names[key] = str(key)
    return report


def figure(report: MonthlyReport, metric: str = "created") -> dict:
    """A Figure (gaoxin.core.registry) of one metric per month, one series per domain/park."""
    keys = report.keys()
    labels = metric_labels()
    columns = [_("Month"), *[report.name(key) for key in keys]]
    return {
        "key": f"services-{report.by}-{metric}",
        "title": labels[metric],
        "columns": columns,
        "rows": [{"cells": row, "link": None} for row in report.by_month(metric)],
        "chart": {
            "type": "bar",
            "category_column": 0,
            "value_columns": list(range(1, len(columns))),
            "money": False,
        },
    }
