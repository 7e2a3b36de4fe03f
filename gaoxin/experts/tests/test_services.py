"""The draw (each conflict rule excludes, with its reason; determinism and replay; too few),
scoring validation, the aggregate and who may submit."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError
from gaoxin.experts import selectors, services
from gaoxin.experts.choices import AssignmentStatus, ExclusionReason
from gaoxin.experts.models import Assignment

from .factories import TieFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 9, 1)
FULL = {"tech": "25", "market": "20", "team": "15", "finance": "10", "compliance": "8"}


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in English, whatever a page test left activated."""
    from django.utils import translation

    with translation.override("en"):
        yield


def draw(official, applicant, policy, n=1, **kw):
    kw.setdefault("today", TODAY)
    return services.draw_create(
        actor=official, subject=applicant, enterprise=applicant, policy=policy, n=n, **kw
    )


def reasons(d) -> dict[int, str]:
    return {e["expert"]: e["reason"] for e in d.excluded}


def test_all_eligible_pool_is_sorted_ids(official, applicant, policy, pool):
    d = draw(official, applicant, policy, n=2, seed=7)
    assert d.pool == sorted(e.pk for e in pool)
    assert d.excluded == []
    assert d.drawn == random.Random(7).sample(d.pool, 2)
    assert d.assignments.count() == 2
    event = AuditEvent.objects.get(action="experts.draw.create")
    assert event.data["seed"] == "7" and event.data["drawn"] == d.drawn


def test_inactive_is_excluded(official, applicant, policy, pool):
    pool[0].active = False
    pool[0].save()
    d = draw(official, applicant, policy)
    assert reasons(d) == {pool[0].pk: ExclusionReason.INACTIVE}
    assert pool[0].pk not in d.pool


def test_field_mismatch_is_excluded(official, applicant, policy, pool):
    d = draw(official, applicant, policy, fields=["技术转化"])
    assert d.pool == sorted([pool[0].pk, pool[3].pk])
    assert set(reasons(d).values()) == {ExclusionReason.FIELD_MISMATCH}
    assert "技术转化" in d.excluded[0]["text"]


def test_same_organisation_by_link_and_by_name(official, applicant, policy, pool):
    pool[1].organisation = applicant.organisation
    pool[1].save()
    pool[2].organisation_name = applicant.name
    pool[2].save()
    d = draw(official, applicant, policy)
    assert reasons(d) == {
        pool[1].pk: ExclusionReason.SAME_ORGANISATION,
        pool[2].pk: ExclusionReason.SAME_ORGANISATION,
    }


def test_declared_tie_is_excluded(official, applicant, policy, pool, world):
    TieFactory(expert=pool[3], enterprise=applicant)
    TieFactory(expert=pool[2], enterprise=world.b.enterprise)  # another firm: no effect
    d = draw(official, applicant, policy)
    assert reasons(d) == {pool[3].pk: ExclusionReason.DECLARED_TIE}


def backdate(d, day: datetime.date) -> None:
    from django.utils import timezone

    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    type(d).objects.filter(pk=d.pk).update(drawn_at=at)


def test_recent_review_of_the_same_applicant(official, applicant, policy, pool):
    first = draw(official, applicant, policy, n=2, seed=1)
    backdate(first, TODAY - datetime.timedelta(days=30))
    second = draw(official, applicant, policy, n=1, seed=1, lookback_days=30)
    assert set(reasons(second)) == set(first.drawn)
    assert set(reasons(second).values()) == {ExclusionReason.RECENT_REVIEW}
    assert "within the look-back period" in second.excluded[0]["text"]


def test_recent_review_ends_with_the_look_back(official, applicant, policy, pool):
    first = draw(official, applicant, policy, n=2, seed=1)
    backdate(first, TODAY - datetime.timedelta(days=31))
    assert draw(official, applicant, policy, lookback_days=30).excluded == []


def test_recent_review_of_another_applicant_does_not_count(official, applicant, policy, pool):
    from gaoxin.enterprises.tests.factories import EnterpriseFactory

    draw(official, applicant, policy, n=5, seed=1)
    other = EnterpriseFactory(zone=applicant.zone)
    assert draw(official, other, policy, n=5).excluded == []


def test_only_the_policy_zone_pool(official, applicant, policy, pool, world):
    from .factories import ExpertFactory

    stranger = ExpertFactory(zone=world.b.zone)
    d = draw(official, applicant, policy, n=5)
    assert stranger.pk not in d.pool and stranger.pk not in d.drawn


def test_given_seed_is_deterministic_and_replays(official, applicant, policy, pool, world):
    a = draw(official, applicant, policy, n=3, seed=123456789, lookback_days=0)
    assert services.draw_replay(a) == a.drawn
    assert a.drawn == random.Random(123456789).sample(sorted(e.pk for e in pool), 3)


def test_seed_is_generated_and_stored(official, applicant, policy, pool):
    d = draw(official, applicant, policy, n=2)
    assert 0 <= d.seed < 2**63
    d.refresh_from_db()
    assert services.draw_replay(d) == d.drawn


def test_too_few_eligible_names_count_and_reasons(official, applicant, policy, pool):
    TieFactory(expert=pool[0], enterprise=applicant)
    with pytest.raises(DomainError) as error:
        draw(official, applicant, policy, n=3, fields=["医疗器械"])
    message = error.value.message
    assert error.value.field == "n" and error.value.code == "too_few_experts"
    assert "Only 2 experts are eligible, 3 are needed" in message
    assert "Declared tie with the applicant: 1" in message
    assert "No field in common: 2" in message
    assert not Assignment.objects.exists()


def test_bad_input_and_missing_sheet(official, applicant, policy, pool, world):
    from gaoxin.policies.tests.conftest import make_policy

    for kwargs, field in (({"n": 0}, "n"), ({"n": 1, "seed": -1}, "seed")):
        with pytest.raises(DomainError) as error:
            draw(official, applicant, policy, **kwargs)
        assert error.value.field == field
    bare = make_policy(world.a.zone, title="无评分表政策")
    with pytest.raises(DomainError) as error:
        draw(official, applicant, bare)
    assert error.value.code == "no_score_sheet"


def test_draw_permissions(world, applicant, policy, pool):
    refused = [
        world.b.users[Role.ZONE_OFFICIAL],
        world.a.users[Role.PARK_OPERATOR],
        world.a.users[Role.ENTERPRISE_USER],
        world.b.users[Role.PROVINCIAL_REVIEWER],
    ]
    for user in refused:
        with pytest.raises(PermissionDeniedError):
            draw(user, applicant, policy)
    assert draw(world.a.users[Role.PROVINCIAL_REVIEWER], applicant, policy).pk
    assert draw(None, applicant, policy, lookback_days=0).pk


def test_latest_draw_and_pending_sheets(official, applicant, policy, pool, advisor):
    first = draw(official, applicant, policy, n=5, seed=3)
    assert selectors.latest_draw(applicant) == first
    mine = list(selectors.assignments_for_user(advisor))
    assert [a.expert.user for a in mine] == [advisor]


# --- scoring ---------------------------------------------------------------------------------


@pytest.fixture
def sheets(official, applicant, policy, pool):
    d = draw(official, applicant, policy, n=5, seed=11)
    return {a.expert.name: a for a in d.assignments.select_related("expert")}


def test_expert_submits_own_sheet(sheets, advisor):
    sheet = sheets["戊"]
    done = services.score_submit(actor=advisor, assignment=sheet, scores=FULL, comment="好")
    assert done.status == AssignmentStatus.SUBMITTED
    assert done.total == Decimal("78.00") and done.scores["tech"] == "25.00"
    assert done.recorded_by == advisor
    assert AuditEvent.objects.filter(action="experts.assignment.submit").count() == 1
    with pytest.raises(InvalidTransitionError):
        services.score_submit(actor=advisor, assignment=sheet, scores=FULL, comment="again")


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"tech": "31"}, "tech", "from 0 to 30"),
        ({"tech": "-1"}, "tech", "from 0 to 30"),
        ({"market": "abc"}, "market", "not a number"),
        ({"team": ""}, "team", "give a score"),
        ({"team": "1.234"}, "team", "two decimals"),
        ({"finance": "NaN"}, "finance", "from 0 to 15"),
        ({"bogus": "1"}, "scores", "Not items of this sheet"),
    ],
)
def test_score_validation_names_the_item(sheets, official, change, field, text):
    sheet = sheets["甲"]
    with pytest.raises(DomainError) as error:
        services.score_submit(
            actor=official, assignment=sheet, scores={**FULL, **change}, comment=""
        )
    assert error.value.field == field and text in error.value.message
    sheet.refresh_from_db()
    assert sheet.status == AssignmentStatus.PENDING and sheet.total is None


def test_missing_item_is_refused(sheets, official):
    scores = dict(FULL)
    del scores["compliance"]
    with pytest.raises(DomainError) as error:
        services.score_submit(actor=official, assignment=sheets["甲"], scores=scores, comment="")
    assert error.value.field == "compliance"


def test_who_may_submit(sheets, world, advisor):
    paper = services.score_submit(
        actor=world.a.users[Role.ZONE_OFFICIAL], assignment=sheets["甲"], scores=FULL, comment=""
    )
    assert paper.recorded_by == world.a.users[Role.ZONE_OFFICIAL]
    refused = [world.b.users[Role.ZONE_OFFICIAL], world.a.users[Role.PARK_OPERATOR], advisor,
               world.b.users[Role.ADVISOR], world.a.users[Role.AUDITOR]]  # fmt: skip
    for user in refused:  # the advisor is 戊, not 乙
        with pytest.raises(PermissionDeniedError):
            services.score_submit(actor=user, assignment=sheets["乙"], scores=FULL, comment="")


def test_aggregate_mean_spread_and_disagreement(sheets, official):
    draw_ = sheets["甲"].draw
    empty = services.aggregate(draw_)
    assert (empty.expected, empty.submitted, empty.mean, empty.complete) == (5, 0, None, False)
    low = {"tech": "10", "market": "10", "team": "10", "finance": "5", "compliance": "5"}
    services.score_submit(actor=official, assignment=sheets["甲"], scores=FULL, comment="")  # 78
    services.score_submit(actor=official, assignment=sheets["乙"], scores=FULL, comment="")  # 78
    agg = services.aggregate(draw_)
    assert (agg.mean, agg.spread, agg.stdev, agg.disagree) == (Decimal("78.00"), 0, 0, False)
    services.score_submit(actor=official, assignment=sheets["丙"], scores=low, comment="")  # 40
    agg = services.aggregate(draw_)
    assert agg.submitted == 3 and not agg.complete
    assert agg.mean == Decimal("65.33") and agg.spread == Decimal("38.00")
    assert agg.stdev == Decimal("17.91") and agg.disagree  # 38 > threshold 20
    for name in ("丁", "戊"):
        services.score_submit(actor=official, assignment=sheets[name], scores=FULL, comment="")
    assert services.aggregate(draw_).complete


def test_spread_at_the_threshold_is_not_disagreement(sheets, official):
    a = {**FULL, "tech": "30"}  # 83
    b = {"tech": "10", "market": "20", "team": "15", "finance": "10", "compliance": "8"}  # 63
    services.score_submit(actor=official, assignment=sheets["甲"], scores=a, comment="")
    services.score_submit(actor=official, assignment=sheets["乙"], scores=b, comment="")
    agg = services.aggregate(sheets["甲"].draw)
    assert agg.spread == Decimal("20.00") and not agg.disagree
