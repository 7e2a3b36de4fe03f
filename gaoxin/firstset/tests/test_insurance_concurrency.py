"""Two decisions racing for the last of a cap cannot both pass (ledger.allocate's conditional
UPDATE), and the database itself refuses an UPDATE of ``used`` over the cap.

The race runs with one connection per thread: on PostgreSQL (DATABASE_URL=postgres://...)
against the test database; on SQLite through the funds' shared file database (see
gaoxin/funds/tests/test_concurrent.py), which serialises writers — so the SQLite run checks the
outcome, the PostgreSQL run the row locking as well.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from gaoxin.core.errors import DomainError
from gaoxin.core.fields import yuan_value
from gaoxin.firstset import ledger
from gaoxin.firstset.models import CapEntry, Qualification
from gaoxin.funds.tests.test_concurrent import run_threads, shared_database

from .factories_insurance import insurance_round, insured_qualification

D = Decimal


def _outcomes(results) -> Counter:
    counts = Counter()
    for result in results:
        if isinstance(result, DomainError):
            counts[f"refused:{result.code}"] += 1
        elif isinstance(result, Exception):
            counts[f"error:{type(result).__name__}:{result}"] += 1
        else:
            counts["accepted"] += 1
    return counts


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("threads", [2, 10])
def test_racing_allocations_for_the_last_of_a_cap_cannot_both_pass(world, tmp_path, threads):
    qualification = insured_qualification(world, insurance_round(world), cap="2160000")
    ledger.allocate(actor=None, qualification=qualification, amount=D("1712000"))
    # 448 000 left: each racer asks for 300 000, so only one can have it
    with shared_database(tmp_path) as open_for_thread:
        results = run_threads(
            threads,
            lambda i: ledger.allocate(
                actor=None,
                qualification=Qualification.objects.get(pk=qualification.pk),
                amount=D("300000"),
                note=f"racer {i}",
            ),
            open_for_thread,
        )
    counts = _outcomes(results)
    qualification.refresh_from_db()
    assert counts == Counter({"accepted": 1, "refused:over_cap": threads - 1}), counts
    assert qualification.used == D("2012000")
    assert CapEntry.objects.filter(qualification=qualification).count() == 2


@pytest.mark.django_db
def test_the_database_refuses_an_update_over_the_cap(world):
    qualification = insured_qualification(world, insurance_round(world), cap="2160000")
    with pytest.raises(IntegrityError), transaction.atomic():
        Qualification.objects.filter(pk=qualification.pk).update(
            used=F("used") + yuan_value(D("2160000.01"))
        )
    qualification.refresh_from_db()
    assert qualification.used == 0
    assert connection.vendor in ("sqlite", "postgresql")
