"""The read-replica router: reads go to the replica only inside the scope, writes never do.

The test settings define a second alias, "replica", mirroring the test database (the same
database through a second connection), with the router on and the replica off
(READ_REPLICA_ALIAS None). These tests turn it on and watch which connection runs each query.
They are transactional: inside a test transaction every read stays on the primary (a read in a
transaction must see its own writes), which is also what these tests check.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from gaoxin.core.dbrouter import ReplicaRouter, in_replica_scope, reading_from_replica
from gaoxin.core.models import ScheduledRun

both = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica_on(settings):
    settings.READ_REPLICA_ALIAS = "replica"


class Watch:
    """The SQL run on each alias inside the block."""

    def __enter__(self):
        self.contexts = {
            alias: CaptureQueriesContext(connections[alias]) for alias in ("default", "replica")
        }
        for context in self.contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self.contexts.values():
            context.__exit__(*exc)

    def sql(self, alias: str) -> list[str]:
        return [query["sql"] for query in self.contexts[alias].captured_queries]


def run(job: str = "test.job") -> ScheduledRun:
    return ScheduledRun.objects.create(job=job, day=datetime.date(2026, 1, 5))


@both
def test_inside_the_scope_reads_go_to_the_replica_and_writes_to_the_primary(replica_on):
    with reading_from_replica(), Watch() as watch:
        run("written.in.scope")
        jobs = list(
            ScheduledRun.objects.filter(job="written.in.scope").values_list("job", flat=True)
        )
    assert jobs == ["written.in.scope"]  # committed on the primary, read through the replica
    assert any("INSERT" in sql and "core_scheduledrun" in sql for sql in watch.sql("default"))
    assert not any("INSERT" in sql for sql in watch.sql("replica"))
    assert any("SELECT" in sql and "core_scheduledrun" in sql for sql in watch.sql("replica"))
    assert not any("SELECT" in sql for sql in watch.sql("default"))


@both
def test_outside_the_scope_reads_go_to_the_primary(replica_on):
    run()
    with Watch() as watch:
        assert ScheduledRun.objects.count() == 1
    assert watch.sql("replica") == []
    assert len(watch.sql("default")) == 1
    assert router.db_for_read(ScheduledRun) == "default"


@both
def test_a_read_inside_a_transaction_stays_on_the_primary(replica_on):
    """Read-after-write: in transaction.atomic the replica has not got the rows just written."""
    with reading_from_replica(), Watch() as watch, transaction.atomic():
        run("in.transaction")
        assert ScheduledRun.objects.filter(job="in.transaction").exists()
        assert router.db_for_read(ScheduledRun) == "default"
    assert watch.sql("replica") == []
    assert router.db_for_read(ScheduledRun) == "default"


@both
def test_without_a_replica_the_scope_changes_nothing(settings):
    assert settings.READ_REPLICA_ALIAS is None
    run()
    with reading_from_replica(), Watch() as watch:
        assert in_replica_scope()
        assert ScheduledRun.objects.count() == 1
        assert router.db_for_read(ScheduledRun) == "default"
    assert watch.sql("replica") == []
    assert len(watch.sql("default")) == 1


@both
def test_a_replica_not_in_databases_is_ignored(settings):
    settings.READ_REPLICA_ALIAS = "no-such-alias"
    with reading_from_replica():
        assert router.db_for_read(ScheduledRun) == "default"


@both
def test_the_scope_decorates_functions_and_ends_with_them(replica_on):
    @reading_from_replica()
    def report() -> str:
        return router.db_for_read(ScheduledRun)

    assert report() == "replica"
    assert not in_replica_scope()
    with reading_from_replica():
        with reading_from_replica():
            pass
        assert in_replica_scope()  # the inner scope's end does not end the outer one
    assert not in_replica_scope()
    assert router.db_for_read(ScheduledRun) == "default"


def test_writes_and_migrations_only_on_the_primary():
    replica_router = ReplicaRouter()
    assert replica_router.db_for_write(ScheduledRun) == "default"
    assert replica_router.allow_migrate("default", "core")
    assert not replica_router.allow_migrate("replica", "core")
