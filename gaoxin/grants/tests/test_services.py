"""Each step of the 免申即享 workflow and each refusal, with its audit event."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import translation

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError
from gaoxin.grants import services
from gaoxin.grants.models import (
    CandidateStatus,
    GrantCandidate,
    GrantRound,
    ObjectionStatus,
    Publication,
    RoundStatus,
)
from gaoxin.policies.choices import DeliveryMode

from .conftest import AS_OF, make_policy

pytestmark = pytest.mark.django_db
D = datetime.date
PUBLISHED = D(2025, 9, 30)  # notice 2025-10-09 … 2025-10-14 (国庆 skipped)
END = D(2025, 10, 14)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the interface defaults to Chinese)."""
    with translation.override("en"):
        yield


def actions():
    return list(
        AuditEvent.objects.filter(action__startswith="grants.")
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.fixture
def new_round(policy, official):
    return services.round_create(actor=official, policy=policy, as_of=AS_OF, today=AS_OF)


@pytest.fixture
def in_notice(new_round, official):
    services.notice_publish(
        actor=official, grant_round=new_round, contact="经发部 0371-1234", published_on=PUBLISHED
    )
    new_round.refresh_from_db()
    return new_round


def amounts(grant_round):
    return {
        c.enterprise.name: c.amount for c in grant_round.candidates.select_related("enterprise")
    }


def test_create_matches_the_zone_and_computes_amounts(new_round, world, zone_a):
    assert new_round.status == RoundStatus.CANDIDATES and new_round.number == 1
    assert new_round.version.number == 1 and new_round.as_of == AS_OF
    assert amounts(new_round) == {
        world.a.enterprise.name: Decimal("345678.92"),
        "乙科技有限公司": Decimal("80000.00"),
        "丙智能有限公司": Decimal("5000000.00"),
    }
    assert new_round.estimated_total == Decimal("5425678.92")
    first = new_round.candidates.get(enterprise=world.a.enterprise)
    assert first.facts == {"rnd_expense": "3456789.15", "rnd_ratio": "3.46"}
    assert actions() == ["grants.round.create"]
    event = AuditEvent.objects.get(action="grants.round.create")
    assert event.data["candidates"] == 3 and event.data["total"] == "5425678.92"


def test_a_round_for_an_apply_policy_is_refused(world, zone_a, official):
    apply = make_policy(world.a.zone, title="须申报的政策", mode=DeliveryMode.APPLY)
    with pytest.raises(InvalidTransitionError, match="application"):
        services.round_create(actor=official, policy=apply, as_of=AS_OF, today=AS_OF)
    assert not GrantRound.objects.exists() and actions() == []


def test_no_version_in_force_is_a_field_error(policy, official):
    with pytest.raises(DomainError) as error:
        services.round_create(actor=official, policy=policy, as_of=D(2024, 6, 1), today=AS_OF)
    assert error.value.field == "as_of"


def test_a_second_open_round_is_refused(new_round, policy, official):
    with pytest.raises(InvalidTransitionError, match="not confirmed"):
        services.round_create(actor=official, policy=policy, as_of=AS_OF, today=AS_OF)


@pytest.mark.parametrize("side,role", [("b", Role.ZONE_OFFICIAL), ("a", Role.PARK_OPERATOR)])
def test_only_the_zones_officials_create(policy, world, side, role):
    with pytest.raises(PermissionDeniedError):
        services.round_create(
            actor=getattr(world, side).users[role], policy=policy, as_of=AS_OF, today=AS_OF
        )


def test_exclude_needs_a_reason_and_lowers_the_total(new_round, official, zone_a):
    candidate = new_round.candidates.get(enterprise=zone_a.third)
    with pytest.raises(DomainError) as error:
        services.candidate_exclude(actor=official, candidate=candidate, reason="  ")
    assert error.value.field == "reason"
    services.candidate_exclude(actor=official, candidate=candidate, reason="已获同类补助")
    candidate.refresh_from_db()
    new_round.refresh_from_db()
    assert candidate.status == CandidateStatus.EXCLUDED and candidate.reason == "已获同类补助"
    assert new_round.estimated_total == Decimal("425678.92")
    event = AuditEvent.objects.get(action="grants.candidate.exclude")
    assert event.reason == "已获同类补助"


def test_publish_counts_working_days_across_the_national_day(in_notice):
    publication = in_notice.publication
    assert in_notice.status == RoundStatus.NOTICE
    assert (publication.starts_on, publication.ends_on) == (D(2025, 10, 9), END)
    assert publication.working_days == 5
    assert in_notice.candidates.filter(on_notice=True).count() == 3
    event = AuditEvent.objects.get(action="grants.round.publish")
    assert event.data["ends_on"] == "2025-10-14"


def test_excluding_after_publication_is_refused(in_notice, official):
    candidate = in_notice.candidates.first()
    with pytest.raises(InvalidTransitionError, match="public notice"):
        services.candidate_exclude(actor=official, candidate=candidate, reason="晚了")


def test_publish_needs_contact_text(new_round, official):
    with pytest.raises(DomainError) as error:
        services.notice_publish(
            actor=official, grant_round=new_round, contact="", published_on=PUBLISHED
        )
    assert error.value.field == "contact"


def test_publish_into_an_unknown_year_is_refused_and_nothing_changes(new_round, official):
    from gaoxin.grants.workdays import last_known_year

    year = last_known_year()
    with pytest.raises(DomainError, match=str(year + 1)):
        services.notice_publish(
            actor=official, grant_round=new_round, contact="x", published_on=D(year, 12, 29)
        )
    new_round.refresh_from_db()
    assert new_round.status == RoundStatus.CANDIDATES and not Publication.objects.exists()
    assert actions() == ["grants.round.create"]


def test_confirm_before_the_end_of_the_notice_is_refused(in_notice, official):
    with pytest.raises(InvalidTransitionError, match="2025-10-14"):
        services.round_confirm(actor=official, grant_round=in_notice, reason="ok", today=END)


def test_confirm_with_an_open_objection_is_refused(in_notice, official, zone_a):
    candidate = in_notice.candidates.get(enterprise=zone_a.second)
    services.objection_record(
        actor=official, candidate=candidate, raised_by="张三", channel="phone",
        text="该企业研发费用有虚报", raised_on=D(2025, 10, 10), today=D(2025, 10, 10),
    )  # fmt: skip
    with pytest.raises(InvalidTransitionError, match="open"):
        services.round_confirm(
            actor=official, grant_round=in_notice, reason="ok", today=D(2025, 10, 15)
        )
    assert GrantRound.objects.get().status == RoundStatus.NOTICE


def test_objections_are_taken_during_the_notice_only(in_notice, official):
    candidate = in_notice.candidates.first()
    with pytest.raises(DomainError) as error:
        services.objection_record(
            actor=official, candidate=candidate, raised_by="李四", channel="letter",
            text="x", raised_on=D(2025, 10, 15), today=D(2025, 10, 16),
        )  # fmt: skip
    assert error.value.field == "raised_on"


def test_objection_before_publication_is_refused(new_round, official):
    with pytest.raises(InvalidTransitionError, match="candidate list"):
        services.objection_record(
            actor=official, candidate=new_round.candidates.first(), raised_by="李四",
            channel="letter", text="x", raised_on=AS_OF, today=AS_OF,
        )  # fmt: skip


def test_upheld_objection_removes_the_candidate_then_confirm_and_export(
    in_notice, official, zone_a, world
):
    second = in_notice.candidates.get(enterprise=zone_a.second)
    third = in_notice.candidates.get(enterprise=zone_a.third)
    upheld = services.objection_record(
        actor=official, candidate=second, raised_by="张三", channel="phone",
        text="虚报研发费用", raised_on=D(2025, 10, 9), today=D(2025, 10, 9),
    )  # fmt: skip
    dismissed = services.objection_record(
        actor=official, candidate=third, raised_by="王五", channel="email",
        text="应当更多", raised_on=D(2025, 10, 14), today=D(2025, 10, 14),
    )  # fmt: skip
    with pytest.raises(DomainError):
        services.objection_resolve(actor=official, objection=upheld, upheld=True, reason="")
    services.objection_resolve(actor=official, objection=upheld, upheld=True, reason="核查属实")
    services.objection_resolve(
        actor=official, objection=dismissed, upheld=False, reason="按政策封顶"
    )
    with pytest.raises(InvalidTransitionError, match="already"):
        services.objection_resolve(actor=official, objection=upheld, upheld=False, reason="x")
    second.refresh_from_db()
    assert second.status == CandidateStatus.REMOVED and second.reason == "核查属实"
    dismissed.refresh_from_db()
    assert dismissed.status == ObjectionStatus.DISMISSED

    # Export before confirmation is refused.
    with pytest.raises(InvalidTransitionError, match="confirmed"):
        services.round_export(actor=official, grant_round=in_notice, out=io.BytesIO())

    confirmed = services.round_confirm(
        actor=official, grant_round=in_notice, reason="公示无异议", today=D(2025, 10, 15)
    )
    assert confirmed.status == RoundStatus.CONFIRMED
    assert confirmed.confirmed_total == Decimal("5345678.92")
    assert set(
        confirmed.candidates.filter(status=CandidateStatus.CONFIRMED).values_list(
            "enterprise__name", flat=True
        )
    ) == {world.a.enterprise.name, "丙智能有限公司"}
    with pytest.raises(InvalidTransitionError, match="already confirmed"):
        services.round_confirm(
            actor=official, grant_round=confirmed, reason="x", today=D(2025, 11, 1)
        )

    out = io.BytesIO()
    assert services.round_export(actor=official, grant_round=confirmed, out=out) == 2
    services.round_export(actor=official, grant_round=confirmed, out=io.BytesIO())
    confirmed.refresh_from_db()
    assert confirmed.export_count == 2 and confirmed.is_exported
    assert actions() == [
        "grants.round.create",
        "grants.round.publish",
        "grants.objection.record",
        "grants.objection.record",
        "grants.objection.resolve",
        "grants.objection.resolve",
        "grants.round.confirm",
        "grants.round.export",
        "grants.round.export",
    ]


def test_upholding_one_objection_closes_the_others_to_the_same_candidate(
    in_notice, official, zone_a
):
    from gaoxin.audit.models import AuditEvent

    second = in_notice.candidates.get(enterprise=zone_a.second)
    third = in_notice.candidates.get(enterprise=zone_a.third)
    first, again, elsewhere = [
        services.objection_record(
            actor=official, candidate=candidate, raised_by=who, channel="phone", text="虚报",
            raised_on=D(2025, 10, 9), today=D(2025, 10, 9),
        )
        for candidate, who in ((second, "张三"), (second, "李四"), (third, "王五"))
    ]  # fmt: skip
    services.objection_resolve(actor=official, objection=first, upheld=True, reason="核查属实")
    again.refresh_from_db()
    elsewhere.refresh_from_db()
    assert again.status == ObjectionStatus.UPHELD and again.resolved_by == official
    assert f"{first.pk}" in again.resolution and "核查属实" in again.resolution
    assert elsewhere.status == ObjectionStatus.OPEN  # another candidate's objection stays open
    event = AuditEvent.objects.filter(action="grants.objection.resolve").get()
    assert event.data["also_closed"] == [again.pk]
    with pytest.raises(InvalidTransitionError, match="already"):
        services.objection_resolve(actor=official, objection=again, upheld=False, reason="x")
    # a dismissal closes only its own objection
    services.objection_resolve(actor=official, objection=elsewhere, upheld=False, reason="无据")
    assert (
        services.round_confirm(
            actor=official, grant_round=in_notice, reason="公示结束", today=D(2025, 10, 15)
        ).status
        == RoundStatus.CONFIRMED
    )


def test_a_later_round_of_the_same_year_does_not_pay_an_enterprise_twice(
    in_notice, official, zone_a, policy
):
    second = in_notice.candidates.get(enterprise=zone_a.second)
    objection = services.objection_record(
        actor=official, candidate=second, raised_by="张三", channel="phone", text="虚报",
        raised_on=D(2025, 10, 9), today=D(2025, 10, 9),
    )  # fmt: skip
    services.objection_resolve(actor=official, objection=objection, upheld=True, reason="属实")
    first = services.round_confirm(
        actor=official, grant_round=in_notice, reason="公示结束", today=D(2025, 10, 15)
    )
    paid = set(
        first.candidates.filter(status=CandidateStatus.CONFIRMED).values_list(
            "enterprise_id", flat=True
        )
    )
    assert len(paid) == 2 and zone_a.second.pk not in paid

    later = services.round_create(
        actor=official, policy=policy, as_of=D(2025, 11, 1), today=D(2025, 11, 1)
    )
    statuses = dict(later.candidates.values_list("enterprise_id", "status"))
    assert {pk for pk, s in statuses.items() if s == CandidateStatus.EXCLUDED} == paid
    assert statuses[zone_a.second.pk] == CandidateStatus.CANDIDATE  # removed, never paid
    excluded = later.candidates.filter(status=CandidateStatus.EXCLUDED).first()
    assert "round 1 of 2025" in excluded.reason
    assert later.estimated_total == later.candidates.get(enterprise=zone_a.second).amount
    event = AuditEvent.objects.filter(action="grants.round.create").order_by("pk").last()
    assert event.data["already_paid"] == sorted(paid)

    # the next year pays again
    services.notice_publish(
        actor=official, grant_round=later, contact="x", published_on=D(2025, 11, 3)
    )
    services.round_confirm(actor=official, grant_round=later, reason="ok", today=D(2025, 11, 30))
    next_year = services.round_create(
        actor=official, policy=policy, as_of=D(2026, 1, 5), today=D(2026, 1, 5)
    )
    assert not next_year.candidates.filter(status=CandidateStatus.EXCLUDED).exists()


def test_an_enterprise_user_of_the_zone_lodges_an_objection(in_notice, world, zone_a):
    member = world.a.users[Role.ENTERPRISE_USER]
    candidate = in_notice.candidates.get(enterprise=zone_a.third)
    objection = services.objection_lodge(
        actor=member, candidate=candidate, text="金额有误", today=D(2025, 10, 10)
    )
    assert objection.channel == "online" and world.a.enterprise.name in objection.raised_by
    with pytest.raises(InvalidTransitionError, match="2025-10-14"):
        services.objection_lodge(
            actor=member, candidate=candidate, text="晚了", today=D(2025, 10, 15)
        )
    with pytest.raises(PermissionDeniedError):
        services.objection_lodge(
            actor=world.b.users[Role.ENTERPRISE_USER], candidate=candidate, text="x",
            today=D(2025, 10, 10),
        )  # fmt: skip


def test_a_failing_audit_rolls_the_step_back(new_round, official, monkeypatch):
    """The audit event and the change commit together: a failure after the event is written
    leaves neither."""
    from gaoxin.audit import services as audit
    from gaoxin.core import transitions

    def record_then_fail(**kwargs):
        audit.record(**kwargs)
        raise RuntimeError("disk full")

    # the step's event is written by the transitions mechanism
    monkeypatch.setattr(transitions, "audit_record", record_then_fail)
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        services.notice_publish(
            actor=official, grant_round=new_round, contact="x", published_on=PUBLISHED
        )
    new_round.refresh_from_db()
    assert new_round.status == RoundStatus.CANDIDATES
    assert not Publication.objects.exists()
    assert not GrantCandidate.objects.filter(on_notice=True).exists()
    assert AuditEvent.objects.count() == before


def test_a_failing_create_leaves_no_round_and_no_event(policy, official, monkeypatch):
    from gaoxin.audit import services as audit

    def record_then_fail(**kwargs):
        audit.record(**kwargs)
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "record", record_then_fail)
    with pytest.raises(RuntimeError):
        services.round_create(actor=official, policy=policy, as_of=AS_OF, today=AS_OF)
    assert not GrantRound.objects.exists() and not GrantCandidate.objects.exists()
    assert actions() == []
