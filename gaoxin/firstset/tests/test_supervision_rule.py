"""The at-risk rule at its edges, the figures of a qualification, the report per 工信局 and the
pace chart's data."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gaoxin.firstset import supervision
from gaoxin.firstset.models import CapEntry, Qualification

from .factories_supervision import allocate, make_claim, make_qualification

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 1)
END = datetime.date(2025, 4, 10)  # 100 days, both ends included
QUARTER_LEFT = END - datetime.timedelta(days=25)  # exactly 25 days (a quarter) left after it
LESS_THAN_QUARTER = QUARTER_LEFT + datetime.timedelta(days=1)  # 24 days left


@pytest.fixture
def q(world):
    return make_qualification(world.a.enterprise, cap="1000000", valid_from=START, valid_to=END)


def test_window_arithmetic(q):
    assert supervision.window_days(q) == 100
    assert supervision.days_left(q, QUARTER_LEFT) == 25
    assert supervision.elapsed_share(q, QUARTER_LEFT) == Decimal("0.75")
    assert supervision.days_left(q, END) == 0
    assert supervision.days_left(q, START - datetime.timedelta(days=3)) == 100
    assert supervision.elapsed_share(q, END + datetime.timedelta(days=1)) == 1


def test_exactly_a_quarter_left_is_not_at_risk(q):
    allocate(q, "100000")
    assert supervision.state_of(q, QUARTER_LEFT) == supervision.ON_TRACK
    assert supervision.state_of(q, LESS_THAN_QUARTER) == supervision.AT_RISK


def test_exactly_half_used_is_not_at_risk(q):
    allocate(q, "500000")
    assert supervision.state_of(q, LESS_THAN_QUARTER) == supervision.ON_TRACK
    q2 = make_qualification(q.enterprise, cap="1000000", valid_from=START, valid_to=END)
    allocate(q2, "499999.99")
    assert supervision.state_of(q2, LESS_THAN_QUARTER) == supervision.AT_RISK


def test_last_day_still_at_risk_then_lapsed(q):
    allocate(q, "100000")
    assert supervision.state_of(q, END) == supervision.AT_RISK
    after = END + datetime.timedelta(days=1)
    assert supervision.state_of(q, after) == supervision.LAPSED
    row = supervision.rows_of([q], after)[0]
    assert row.lapsed_remainder == Decimal("900000.00")
    assert row.amount_at_risk == 0


def test_not_started_revoked_and_no_cap_are_never_at_risk(q, world):
    assert supervision.state_of(q, START - datetime.timedelta(days=1)) == supervision.NOT_STARTED
    no_cap = make_qualification(world.a.enterprise, cap=None, valid_from=START, valid_to=END)
    assert supervision.state_of(no_cap, END) == supervision.ON_TRACK
    Qualification.objects.filter(pk=q.pk).update(status="revoked")
    q.refresh_from_db()
    assert supervision.state_of(q, END) == supervision.REVOKED


def test_figures_allocated_paid_remaining_days_left(q):
    make_claim(q, "300000", paid="120000")
    make_claim(q, "50000")  # committed, not paid
    row = supervision.rows_of([Qualification.objects.get(pk=q.pk)], datetime.date(2025, 3, 1))[0]
    assert row.qualification.used == Decimal("350000.00")
    assert row.paid == Decimal("120000.00")
    assert row.remaining == Decimal("650000.00")
    assert row.days_left == (END - datetime.date(2025, 3, 1)).days == 40
    assert row.used_percent == 35
    assert row.elapsed_percent == 60


def test_money_committed_on_the_qualification_itself_counts_as_paid(q):
    """A subsidy recorded from outside the platform (the demo's 2024 ones): committed with the
    qualification as its source, not through a claim; its payment is the qualification's."""
    from gaoxin.funds.services import commitment_create, disbursement_create
    from gaoxin.funds.tests.factories import make_fund

    fund = make_fund(q.enterprise.zone, title="首台套保费补助(平台外)", year=2026)
    commitment = commitment_create(
        actor=None, fund=fund, enterprise=q.enterprise, amount=Decimal("80000"), source=q,
        reason="平台外办理",
    )  # fmt: skip
    disbursement_create(
        actor=None, commitment=commitment, amount=Decimal("80000"), reference="拨付-外",
        idempotency_key="outside-1",
    )  # fmt: skip
    make_claim(q, "20000", paid="5000")
    assert supervision.paid_by_qualification([q.pk]) == {q.pk: Decimal("85000.00")}


def test_report_per_unit_and_totals(world):
    day = LESS_THAN_QUARTER
    a = make_qualification(world.a.enterprise, cap="1000000", valid_from=START, valid_to=END)
    b = make_qualification(world.a.enterprise, cap="400000", valid_from=START, valid_to=END)
    c = make_qualification(
        world.a.enterprise,
        cap="200000",
        valid_from=START,
        valid_to=END,
        unit="洛阳市工业和信息化局",
    )
    allocate(a, "100000")  # at risk: 900 000 unused
    allocate(b, "300000")  # on track
    allocate(c, "200000")
    lapsed = make_qualification(
        world.a.enterprise, cap="50000", valid_from=datetime.date(2024, 1, 1),
        valid_to=datetime.date(2024, 12, 31), unit="洛阳市工业和信息化局",
    )  # fmt: skip
    rows = supervision.rows_of(Qualification.objects.all(), day)
    lines, total = supervision.report(rows)
    assert [line.unit for line in lines] == ["洛阳市工业和信息化局", "郑州市工业和信息化局"]
    zz = lines[1]
    assert (zz.qualifications, zz.at_risk) == (2, 1)
    assert zz.cap == Decimal("1400000.00") and zz.allocated == Decimal("400000.00")
    assert zz.amount_at_risk == Decimal("900000.00")
    assert zz.pace == "1 of 2 qualifications at risk of money going unused (900,000.00 yuan)."
    ly = lines[0]
    assert ly.lapsed_remainder == Decimal("50000.00") and ly.at_risk == 0
    assert total.qualifications == 4
    assert total.cap == Decimal("1650000.00")
    assert total.allocated == Decimal("600000.00")
    assert total.remaining == Decimal("1050000.00")
    assert total.amount_at_risk == Decimal("900000.00")
    assert total.lapsed_remainder == Decimal("50000.00")
    assert lapsed.pk in {r.qualification.pk for r in rows}


def test_pace_series_allocations_by_month_against_the_even_line(q):
    allocate(q, "200000")
    allocate(q, "100000")
    first, second = CapEntry.objects.order_by("pk")
    CapEntry.objects.filter(pk=first.pk).update(
        created_at=datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC)
    )
    CapEntry.objects.filter(pk=second.pk).update(
        created_at=datetime.datetime(2025, 3, 2, 12, tzinfo=datetime.UTC)
    )
    from django.db import transaction

    from gaoxin.firstset import ledger

    with transaction.atomic():
        ledger.give_back(actor=None, qualification=q, amount="50000", kind="release")
    CapEntry.objects.filter(kind="release").update(
        created_at=datetime.datetime(2025, 3, 20, 12, tzinfo=datetime.UTC)
    )
    chart = supervision.pace_series([q], datetime.date(2025, 3, 25))
    assert chart["months"] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert chart["committed"] == ["200000.00", "200000.00", "250000.00", None]
    # even pace: cap × share of the 100-day window elapsed at each month's end
    assert chart["calendar"] == ["310000.00", "590000.00", "900000.00", "1000000.00"]
    assert chart["budget"] == "1000000.00"


@pytest.mark.parametrize(
    ("share", "percent"), [("0.345", 35), ("0.344", 34), ("0.9999", 100), ("0", 0)]
)
def test_shares_show_as_whole_percentages_rounded_half_up(share, percent):
    assert supervision.whole_percent(Decimal(share)) == percent
