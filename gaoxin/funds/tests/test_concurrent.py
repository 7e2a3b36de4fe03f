"""Concurrent requests against one commitment, cap or budget: the database keeps the totals.

Run with ``pytest gaoxin/funds -k concurrent -s`` to see the measured counts. On PostgreSQL
(DATABASE_URL=postgres://...) each thread has its own connection to the test database. On
SQLite the test database is in memory, which threads cannot share with real locking, so the
committed test data is copied (sqlite3 backup) into a file database that every thread opens
with the project's settings (WAL, ``BEGIN IMMEDIATE``, 30 s busy timeout), and copied back
afterwards for the checks.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import connection, connections

from gaoxin.funds.models import Commitment, Fund, FundEnterpriseTotal, LedgerEntry
from gaoxin.funds.services import LedgerError, commitment_create, disbursement_create

from .factories import make_commitment, make_fund

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 50
D = Decimal


@contextmanager
def shared_database(tmp_path):
    """Yield a function that opens this thread's connection to a database every thread sees."""
    if connection.vendor != "sqlite":
        yield lambda: None
        return
    path = str(tmp_path / "funds-concurrent.sqlite3")
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    settings = {**connection.settings_dict, "NAME": path}
    backend = type(connections["default"])  # `connection` is a proxy

    def open_for_thread() -> None:
        connections["default"] = backend(settings, "default")

    yield open_for_thread
    with sqlite3.connect(path) as source:  # every thread has closed its connection
        source.backup(connection.connection)


def run_threads(count: int, work, open_for_thread) -> list:
    """Run ``work(i)`` in ``count`` threads released together; each result or exception."""
    results: list = [None] * count
    barrier = threading.Barrier(count)

    def worker(i: int) -> None:
        open_for_thread()
        try:
            barrier.wait(timeout=60)
            results[i] = work(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def tally(results) -> Counter:
    counts = Counter()
    for result in results:
        if isinstance(result, LedgerError):
            counts[f"refused:{result.code}"] += 1
        elif isinstance(result, Exception):
            counts[f"error:{type(result).__name__}:{result}"] += 1
        else:
            counts["accepted"] += 1
    return counts


def report(title: str, counts: Counter, **totals) -> None:
    figures = ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
    amounts = ", ".join(f"{k}={v}" for k, v in totals.items())
    print(f"\n[concurrent/{connection.vendor}] {title}: {figures}; {amounts}")


def test_concurrent_disbursements_stop_at_the_commitment(world, tmp_path):
    """50 disbursements of 100 against a commitment of 2 000: exactly 20 pay."""
    fund = make_fund(world.a.zone, budget="1000000")
    commitment = make_commitment(fund, world.a.enterprise, "2000")
    with shared_database(tmp_path) as open_for_thread:
        results = run_threads(
            THREADS,
            lambda i: disbursement_create(
                actor=None,
                commitment=Commitment.objects.get(pk=commitment.pk),
                amount=D("100"),
                reference=f"GK-{i}",
                idempotency_key=f"key-{i}",
            ),
            open_for_thread,
        )
    counts = tally(results)
    commitment.refresh_from_db()
    fund.refresh_from_db()
    entries = LedgerEntry.objects.filter(commitment=commitment, kind="disbursement").count()
    report(
        "50 disbursements of 100 against a commitment of 2000",
        counts,
        disbursed=commitment.disbursed,
        fund_paid=fund.paid,
        entries=entries,
    )
    assert counts == Counter({"accepted": 20, "refused:over_commitment": 30})
    assert commitment.disbursed == D("2000") == fund.paid
    assert entries == 20


def test_concurrent_commitments_stop_at_the_enterprise_cap(world, tmp_path):
    """50 commitments of 100 to one enterprise under a cap of 2 000: exactly 20 are made."""
    fund = make_fund(world.a.zone, budget="1000000", cap="2000")
    with shared_database(tmp_path) as open_for_thread:
        results = run_threads(
            THREADS,
            lambda i: commitment_create(
                actor=None,
                fund=Fund.objects.get(pk=fund.pk),
                enterprise=world.a.enterprise,
                amount=D("100"),
                source="并发测试",
                reason=f"request {i}",
            ),
            open_for_thread,
        )
    counts = tally(results)
    fund.refresh_from_db()
    total = FundEnterpriseTotal.objects.get(fund=fund, enterprise=world.a.enterprise)
    report(
        "50 commitments of 100 under a cap of 2000",
        counts,
        enterprise_total=total.committed,
        fund_committed=fund.committed,
    )
    assert counts == Counter({"accepted": 20, "refused:over_enterprise_cap": 30})
    assert total.committed == D("2000") == fund.committed
    assert Commitment.objects.filter(fund=fund).count() == 20


def test_concurrent_commitments_stop_at_the_budget(world, tmp_path):
    """50 commitments of 100 against a budget of 2 000 (no cap): exactly 20 are made."""
    fund = make_fund(world.a.zone, budget="2000")
    with shared_database(tmp_path) as open_for_thread:
        results = run_threads(
            THREADS,
            lambda i: commitment_create(
                actor=None,
                fund=Fund.objects.get(pk=fund.pk),
                enterprise=world.a.enterprise,
                amount=D("100"),
                source=None,
                reason=f"request {i}",
            ),
            open_for_thread,
        )
    counts = tally(results)
    fund.refresh_from_db()
    report("50 commitments of 100 against a budget of 2000", counts, committed=fund.committed)
    assert counts == Counter({"accepted": 20, "refused:over_budget": 30})
    assert fund.committed == D("2000") == fund.budget


def test_concurrent_repeats_of_one_key_pay_once(world, tmp_path):
    """The same disbursement sent 20 times at once with one idempotency key pays once."""
    fund = make_fund(world.a.zone, budget="1000000")
    commitment = make_commitment(fund, world.a.enterprise, "50000")
    with shared_database(tmp_path) as open_for_thread:
        results = run_threads(
            20,
            lambda i: disbursement_create(
                actor=None,
                commitment=Commitment.objects.get(pk=commitment.pk),
                amount=D("30000"),
                reference="GK-2025-001",
                idempotency_key="pay-once",
            ),
            open_for_thread,
        )
    counts = tally(results)
    created = Counter(result[1] for result in results if isinstance(result, tuple))
    entry_ids = {result[0].pk for result in results if isinstance(result, tuple)}
    commitment.refresh_from_db()
    fund.refresh_from_db()
    report(
        "20 repeats of one request with one key",
        counts,
        created=created[True],
        replayed=created[False],
        distinct_entries=len(entry_ids),
        disbursed=commitment.disbursed,
        fund_paid=fund.paid,
    )
    assert counts == Counter({"accepted": 20})
    assert created == Counter({True: 1, False: 19}) and len(entry_ids) == 1
    assert commitment.disbursed == D("30000") == fund.paid
