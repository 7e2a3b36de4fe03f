"""A department import that deadlocks with a web request on PostgreSQL: the import is rolled
back whole and its job says to import the file again; the request goes through.

The import locks the list's enterprises first and the audit chain's head last (its events are
appended when the list is written, ``audit.batched``). A request that records an event (the
head locked) and then waits for one of those enterprises closes the cycle; PostgreSQL ends the
transaction that has waited longest, here the import's. SQLite takes one writer at a time
(``BEGIN IMMEDIATE``): there the request and the import only wait for each other's end.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from gaoxin.audit.services import record, verify_chain
from gaoxin.core.models import ImportJob
from gaoxin.enterprises.models import Enterprise, YearlyFact

from .test_department_import import run, write_list

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="a deadlock needs row locks: PostgreSQL",
    ),
]


def waiting_for_the_chain_head() -> bool:
    """Another connection to this database waits for a lock in a statement on the chain head
    (the activity view is read afresh: inside a transaction PostgreSQL keeps its first
    snapshot)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query LIKE '%audit_chainhead%' AND pid <> pg_backend_pid() "
            "AND datname = current_database()"  # not another test worker's database
        )
        return cursor.fetchone()[0] > 0


def test_a_deadlock_with_a_request_rolls_the_import_back(world, official, tmp_path):
    enterprise = world.a.enterprise
    path = write_list(
        tmp_path / "s.xlsx",
        "statistics",
        [{"uscc": enterprise.uscc, "year": 2024, "revenue": "1200.00", "employees": 9}],
    )
    head_held, outcome = threading.Event(), {}

    def request() -> None:
        try:
            with transaction.atomic():
                record(action="test.request", actor=official, summary="a page's change")
                head_held.set()
                deadline = time.monotonic() + 30
                while not waiting_for_the_chain_head():  # the import is at its last step
                    assert time.monotonic() < deadline, "the import never waited for the head"
                    time.sleep(0.05)
                Enterprise.objects.select_for_update().get(pk=enterprise.pk)
            outcome["request"] = "committed"
        except Exception as exc:  # reported below
            outcome["request"] = exc
        finally:
            head_held.set()
            connections["default"].close()

    thread = threading.Thread(target=request)
    thread.start()
    assert head_held.wait(30)
    job = run(official, "statistics", path)
    thread.join(60)

    assert outcome["request"] == "committed"
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert [e["message"] for e in job.errors] == [
        "The registry changed while the file was being imported, so nothing was imported. "
        "Import the file again."
    ]
    assert not YearlyFact.objects.filter(enterprise=enterprise, year=2024).exists()
    assert verify_chain().ok
