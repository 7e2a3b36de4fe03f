"""The hash chain: written in the change's transaction, append-only, verifiable."""

import itertools
from decimal import Decimal

import pytest
from django.db import transaction

from gaoxin.accounts.choices import Role
from gaoxin.audit.hashing import chain_hash, event_content
from gaoxin.audit.models import GENESIS_HASH, AuditEvent, ChainHead
from gaoxin.audit.services import Entry, batched, record, record_many, verify_chain

from .conftest import raw_sql, write


@pytest.mark.django_db
class TestChain:
    def test_an_empty_trail_verifies(self):
        assert verify_chain().ok and verify_chain().count == 0

    def test_several_events_link_in_order(self, world, events):
        rows = list(AuditEvent.objects.order_by("id"))
        assert rows[0].prev_hash == GENESIS_HASH
        for before, after in itertools.pairwise(rows):
            assert after.prev_hash == before.hash
        for row in rows:
            assert chain_hash(row.prev_hash, event_content(row)) == row.hash
        head = ChainHead.objects.get()
        assert head.last_hash == rows[-1].hash and head.count == len(rows)
        result = verify_chain(batch_size=2)
        assert result.ok and result.count == len(rows)

    def test_event_records_actor_organisation_and_request_context(self, world, events):
        event = events[0]
        assert event.actor_organisation_id == event.actor.organisation_id
        assert event.channel == "cli" and event.request_id == ""

    def test_a_rolled_back_change_leaves_no_event(self, world, events):
        before = AuditEvent.objects.count()
        with pytest.raises(RuntimeError), transaction.atomic():
            record(action="test.rollback", actor=None, summary="x")
            raise RuntimeError("the change failed")
        assert AuditEvent.objects.count() == before
        assert verify_chain().ok

    def test_record_outside_a_transaction_raises(self, transactional_db):
        with pytest.raises(RuntimeError, match="inside the transaction"):
            record(action="test.thing", actor=None, summary="x")
        assert not AuditEvent.objects.exists()


@pytest.mark.django_db
class TestAppendOnly:
    def test_queryset_update_raises(self, world, events):
        with pytest.raises(TypeError):
            AuditEvent.objects.filter(pk=events[0].pk).update(summary="改过")

    def test_queryset_delete_raises(self, world, events):
        with pytest.raises(TypeError):
            AuditEvent.objects.all().delete()
        with pytest.raises(TypeError):
            AuditEvent.objects.filter(pk=events[-1].pk).delete()

    def test_instance_save_and_delete_raise(self, world, events):
        event = AuditEvent.objects.get(pk=events[0].pk)
        event.summary = "改过"
        with pytest.raises(TypeError):
            event.save()
        with pytest.raises(TypeError):
            event.delete()
        assert AuditEvent.objects.get(pk=event.pk).summary == events[0].summary


@pytest.mark.django_db
class TestTamperingIsFound:
    def test_an_edited_row(self, world, events):
        raw_sql("UPDATE {table} SET summary = %s WHERE id = %s", ["改过", events[2].pk])
        result = verify_chain()
        assert not result.ok
        assert (result.first_bad_id, result.code, result.count) == (events[2].pk, "content", 2)

    def test_an_edited_reason(self, world, events):
        raw_sql("UPDATE {table} SET reason = %s WHERE id = %s", ["", events[2].pk])
        assert verify_chain().first_bad_id == events[2].pk

    def test_a_recomputed_hash_breaks_the_next_link(self, world, events):
        """Rewriting a row and its own hash is found at the next row."""
        target = AuditEvent.objects.get(pk=events[1].pk)
        target.summary = "改过"
        new_hash = chain_hash(target.prev_hash, event_content(target))
        raw_sql(
            "UPDATE {table} SET summary = %s, hash = %s WHERE id = %s",
            ["改过", new_hash, target.pk],
        )
        result = verify_chain()
        assert (result.first_bad_id, result.code) == (events[2].pk, "link")

    def test_a_deleted_middle_row(self, world, events):
        raw_sql("DELETE FROM {table} WHERE id = %s", [events[3].pk])
        result = verify_chain()
        assert (result.first_bad_id, result.code) == (events[4].pk, "link")

    def test_a_deleted_last_row(self, world, events):
        raw_sql("DELETE FROM {table} WHERE id = %s", [events[-1].pk])
        result = verify_chain()
        assert not result.ok
        assert result.first_bad_id is None and result.code == "truncated"

    def test_a_deleted_head(self, world, events):
        ChainHead.objects.all().delete()
        assert verify_chain().code == "head_missing"

    def test_appending_after_verification_still_verifies(self, world, events):
        write(None, summary="later")
        assert verify_chain().ok


@pytest.mark.django_db
class TestRecordMany:
    """Many changes of one actor appended together: the same events as one by one."""

    def test_events_link_in_order_after_earlier_ones_and_verify(self, world, events):
        official = world.a.users[Role.ZONE_OFFICIAL]
        enterprise = world.a.enterprise
        before = AuditEvent.objects.count()
        with transaction.atomic():
            count = record_many(
                actor=official,
                entries=[
                    Entry("test.many", enterprise, f"第{n}项", {"n": n, "amount": Decimal("1.50")})
                    for n in range(3)
                ],
                reason="部门名单",
            )
        assert count == 3
        rows = list(AuditEvent.objects.order_by("id"))[before - 1 :]
        for earlier, later in itertools.pairwise(rows):
            assert later.prev_hash == earlier.hash
        added = rows[1:]
        assert [(e.summary, e.data) for e in added] == [
            (f"第{n}项", {"n": n, "amount": "1.50"}) for n in range(3)
        ]
        assert {(e.actor_id, e.actor_organisation_id, e.reason, e.object_id) for e in added} == {
            (official.pk, official.organisation_id, "部门名单", str(enterprise.pk))
        }
        head = ChainHead.objects.get()
        assert head.last_hash == added[-1].hash and head.count == before + 3
        assert verify_chain().ok

    def test_an_event_is_what_record_writes(self, world):
        official = world.a.users[Role.ZONE_OFFICIAL]
        with transaction.atomic():
            one = record(action="test.same", actor=official, summary="s", changes={"a": [1, 2]})
            record_many(
                actor=official, entries=[Entry("test.same", None, "s", changes={"a": [1, 2]})]
            )
        many = AuditEvent.objects.order_by("id").last()
        fields = ("action", "actor_name", "object_type", "summary", "data", "channel", "reason")
        assert [getattr(many, f) for f in fields] == [getattr(one, f) for f in fields]
        assert chain_hash(many.prev_hash, event_content(many)) == many.hash

    def test_nothing_to_record_writes_nothing(self, world, events):
        head = ChainHead.objects.get()
        with transaction.atomic():
            assert record_many(actor=None, entries=[]) == 0
        assert ChainHead.objects.get().count == head.count

    def test_rolled_back_with_the_change(self, world, events):
        before = AuditEvent.objects.count()
        with pytest.raises(RuntimeError), transaction.atomic():
            record_many(actor=None, entries=[Entry("test.x", None, "x")] * 2)
            raise RuntimeError("the change failed")
        assert AuditEvent.objects.count() == before and verify_chain().ok

    def test_outside_a_transaction_raises(self, transactional_db):
        with pytest.raises(RuntimeError, match="inside the transaction"):
            record_many(actor=None, entries=[Entry("test.x", None, "x")])
        assert not AuditEvent.objects.exists()


@pytest.mark.django_db
class TestBatched:
    """Inside batched(), events wait and are appended together when the block ends."""

    def test_appended_at_the_end_in_the_order_recorded(self, world, events):
        official = world.a.users[Role.ZONE_OFFICIAL]
        before = AuditEvent.objects.count()
        with transaction.atomic():
            with batched():
                first = record(action="test.one", actor=official, summary="一")
                record_many(actor=official, entries=[Entry("test.two", None, "二")])
                record(action="test.three", actor=official, summary="三")
                assert first.pk is None
                assert AuditEvent.objects.count() == before  # nothing yet
            assert AuditEvent.objects.count() == before + 3
        rows = list(AuditEvent.objects.order_by("id"))
        added = rows[before:]
        assert [e.summary for e in added] == ["一", "二", "三"]
        # the instance record() returned in the block was given its place in the chain
        assert (first.hash, first.prev_hash, first.occurred_at) == (
            added[0].hash,
            added[0].prev_hash,
            added[0].occurred_at,
        )
        assert ChainHead.objects.get().count == before + 3
        assert verify_chain().ok
        # stamped when appended: the trail's order by id is its order in time
        times = [e.occurred_at for e in rows]
        assert times == sorted(times)

    def test_a_block_inside_another_adds_to_it(self, world, events):
        before = AuditEvent.objects.count()
        with transaction.atomic(), batched():
            record(action="test.outer", actor=None, summary="外")
            with batched():
                record(action="test.inner", actor=None, summary="内")
            assert AuditEvent.objects.count() == before
        added = list(AuditEvent.objects.order_by("id"))[before:]
        assert [e.summary for e in added] == ["外", "内"] and verify_chain().ok

    def test_a_block_that_raises_appends_nothing(self, world, events):
        before = AuditEvent.objects.count()
        with pytest.raises(RuntimeError), transaction.atomic(), batched():
            record(action="test.x", actor=None, summary="x")
            raise RuntimeError("the import failed")
        assert AuditEvent.objects.count() == before and verify_chain().ok

    def test_outside_a_transaction_raises(self, transactional_db):
        with pytest.raises(RuntimeError, match="inside the transaction"), batched():
            pass
