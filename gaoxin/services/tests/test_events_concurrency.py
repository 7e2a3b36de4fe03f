"""Racing registrants for a seminar's last seat: one gets the seat, the others wait (the seminar
row is locked by seat_register). On PostgreSQL (DATABASE_URL=postgres://...) the row locking
runs for real; on SQLite through the funds' shared file database, which serialises writers, so
the outcome is checked (see gaoxin/funds/tests/test_concurrent.py)."""

from __future__ import annotations

from collections import Counter

import pytest

from gaoxin.funds.tests.test_concurrent import run_threads, shared_database
from gaoxin.services import services_events as svc
from gaoxin.services.choices import SeatStatus
from gaoxin.services.models import Seminar

from .factories_events import known_calendar, make_seminar, register

__all__ = ["known_calendar"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("threads", [2, 6])
def test_racing_for_the_last_seat_one_gets_it_the_others_wait(world, tmp_path, threads):
    seminar = make_seminar(world.a.zone, capacity=2)
    register(seminar, 1)  # one seat left
    with shared_database(tmp_path) as open_for_thread:
        results = run_threads(
            threads,
            lambda i: (
                svc.seat_register(
                    actor=None,
                    seminar=Seminar.objects.get(pk=seminar.pk),
                    name=f"抢座{i}",
                    phone=f"1390001{i:04d}",
                ).status
            ),
            open_for_thread,
        )
    counts = Counter(str(r) for r in results)
    assert counts == Counter({SeatStatus.REGISTERED: 1, SeatStatus.WAITING: threads - 1}), counts
    assert seminar.seats.filter(status=SeatStatus.REGISTERED).count() == 2
