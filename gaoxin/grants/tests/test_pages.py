"""The pages: list (empty state, pagination, "new round" only for 免申即享), the round detail
with its stepper and totals, each step through its form, refusals shown as messages, the public
notice without login, and both languages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.grants.models import CandidateStatus, GrantRound, Objection, RoundStatus
from gaoxin.policies.choices import DeliveryMode

from .conftest import make_policy
from .helpers import D, round_at

pytestmark = pytest.mark.django_db
LIST = reverse("grants:round_list")


@pytest.fixture
def today(monkeypatch):
    """Pin "today" (pages and services read timezone.localdate())."""
    state = {"day": D(2025, 9, 30)}
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: state["day"])

    def set_day(day: datetime.date):
        state["day"] = day

    return set_day


@pytest.fixture
def zo(client, world):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    client.cookies["django_language"] = "en"
    return client


def text(response) -> str:
    return response.content.decode()


def test_empty_list_offers_a_new_round_only_for_no_application_policies(zo, world, zone_a):
    make_policy(world.a.zone, title="须申报的政策", mode=DeliveryMode.APPLY)
    page = text(zo.get(LIST))
    assert 'data-testid="no-rounds"' in page and 'data-testid="new-round"' not in page
    assert 'data-testid="no-eligible"' in page
    form = text(zo.get(reverse("grants:round_create")))
    assert "须申报的政策" not in form
    make_policy(world.a.zone)
    page = text(zo.get(LIST))
    assert 'data-testid="new-round"' in page
    assert "须申报的政策" not in text(zo.get(reverse("grants:round_create")))


def test_the_list_paginates(zo, policy, official):
    version = policy.versions.get()
    GrantRound.objects.bulk_create(
        GrantRound(
            policy=policy, version=version, number=n, as_of=D(2025, 6, 30),
            status=RoundStatus.CONFIRMED,
        )
        for n in range(1, 23)
    )  # fmt: skip
    first = text(zo.get(LIST))
    assert first.count('data-testid="round-row"') == 20 and "1 / 2" in first
    assert text(zo.get(LIST, {"page": 2})).count('data-testid="round-row"') == 2


def test_the_whole_workflow_through_the_pages(zo, world, policy, zone_a, today):
    # 1. Create: the candidate list.
    response = zo.post(reverse("grants:round_create"), {"policy": policy.pk, "as_of": "2025-06-30"})
    grant_round = GrantRound.objects.get()
    assert response.status_code == 302
    detail = reverse("grants:round_detail", args=[grant_round.pk])
    page = text(zo.get(detail))
    assert 'data-step="candidates" data-state="current"' in page
    assert "345,678.92" in page and "5,425,678.92" in page
    assert page.count('data-testid="candidate-row"') == 3
    # in pinyin order of the names: a企业 (a), 丙智能 (bing), 乙科技 (yi)
    names = [world.a.enterprise.name, zone_a.third.name, zone_a.second.name]
    assert sorted(page.index(name) for name in names) == [page.index(name) for name in names]

    # Exclude: a reason is required.
    low = grant_round.candidates.get(enterprise=zone_a.second)
    exclude = reverse("grants:candidate_exclude", args=[grant_round.pk, low.pk])
    assert 'data-testid="error-reason"' in text(zo.post(exclude, {"reason": ""}))
    assert zo.post(exclude, {"reason": "重复"}).status_code == 302
    low.refresh_from_db()
    assert low.status == CandidateStatus.EXCLUDED
    assert "5,345,678.92" in text(zo.get(detail))

    # 2. Publish on 2025-09-30: the notice runs 2025-10-09 … 2025-10-14.
    publish = reverse("grants:notice_publish", args=[grant_round.pk])
    assert 'data-testid="error-contact"' in text(zo.post(publish, {"working_days": 5}))
    response = zo.post(publish, {"working_days": 5, "contact": "经发部 电话 0371-1234"})
    assert response.status_code == 302
    page = text(zo.get(detail))
    assert 'data-step="notice" data-state="current"' in page
    assert "2025-10-09" in page and "2025-10-14" in page

    # 3. An objection; confirm is refused while it is open and before the end.
    third = grant_round.candidates.get(enterprise=zone_a.third)
    zo.post(
        reverse("grants:objection_record", args=[grant_round.pk, third.pk]),
        {"raised_by": "王五", "channel": "phone", "raised_on": "2025-09-30", "text": "金额有误"},
    )
    objection = Objection.objects.get()
    confirm = reverse("grants:round_confirm", args=[grant_round.pk])
    refused = text(zo.post(confirm, {"reason": "无异议"}))
    assert "2025-10-14" in refused and 'data-testid="form-errors"' in refused
    today(D(2025, 10, 15))
    refused = text(zo.post(confirm, {"reason": "无异议"}))
    assert "still open" in refused
    zo.post(
        reverse("grants:objection_resolve", args=[grant_round.pk, objection.pk]),
        {"outcome": "dismissed", "reason": "按政策封顶"},
    )
    # Export before confirmation: refused with a message.
    export = reverse("grants:round_export", args=[grant_round.pk])
    response = zo.post(export, follow=True)
    assert "not confirmed" in text(response)
    assert zo.post(confirm, {"reason": "公示期满无异议"}).status_code == 302
    grant_round.refresh_from_db()
    assert grant_round.status == RoundStatus.CONFIRMED

    # 4./5. Export.
    page = text(zo.get(detail))
    assert 'data-step="exported" data-state="current"' in page
    response = zo.post(export)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    page = text(zo.get(detail))
    assert 'data-step="exported" data-state="done"' in page and 'data-testid="exported"' in page
    assert list(
        AuditEvent.objects.filter(action__startswith="grants.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "grants.round.create",
        "grants.candidate.exclude",
        "grants.round.publish",
        "grants.objection.record",
        "grants.objection.resolve",
        "grants.round.confirm",
        "grants.round.export",
    ]


def test_publishing_into_an_unknown_year_is_explained(zo, policy, official, today):
    from gaoxin.grants.workdays import last_known_year

    grant_round = round_at("candidates", policy=policy, official=official)
    today(D(last_known_year(), 12, 29))
    page = text(
        zo.post(
            reverse("grants:notice_publish", args=[grant_round.pk]),
            {"working_days": 5, "contact": "x"},
        )
    )
    assert 'data-testid="error-working_days"' in page and str(last_known_year() + 1) in page


def test_the_public_notice_needs_no_login(client, world, policy, official, zone_a, today):
    grant_round = round_at("notice", policy=policy, official=official)
    publication = grant_round.publication
    listing = text(client.get(reverse("grants:notice_list")))
    assert policy.title in listing and listing.count('data-testid="notice-item"') == 1
    assert 'data-testid="notice-removed"' not in listing
    client.cookies["django_language"] = "en"
    page = text(client.get(reverse("grants:notice_detail", args=[publication.pk])))
    assert "乙科技有限公司" in page and "80,000.00" in page and "5,425,678.92" in page
    assert "经发部 0371-1234" in page
    assert "2025-10-09 to 2025-10-14 (5 working days)" in page
    # published on 09-30, the notice starts on 10-09: not yet open for objections
    assert 'data-testid="notice-upcoming"' in page and "Notice starts on 2025-10-09" in page
    assert 'data-testid="notice-open"' not in page and "objection-form" not in page
    today(D(2025, 10, 10))
    page = text(client.get(reverse("grants:notice_detail", args=[publication.pk])))
    assert 'data-testid="notice-open"' in page and 'data-testid="lodge-form"' not in page
    assert 'data-testid="public-objection-form"' in page
    today(D(2025, 10, 15))
    page = text(client.get(reverse("grants:notice_detail", args=[publication.pk])))
    assert 'data-testid="notice-closed"' in page and "objection-form" not in page
    # A round still at its candidate list is not public.
    other = make_policy(world.a.zone, title="另一个政策")
    round_at("candidates", policy=other, official=official)
    assert "另一个政策" not in text(client.get(reverse("grants:notice_list")))
    # a candidate removed after an objection is still counted as listed, and said so
    grant_round.candidates.filter(enterprise=zone_a.second).update(status="removed")
    client.cookies["django_language"] = "zh-hans"
    listing = text(client.get(reverse("grants:notice_list")))
    assert "3 家企业" in listing and "（1 家因异议成立移出）" in listing


def test_an_enterprise_user_objects_from_the_notice(client, world, policy, official, zone_a, today):
    grant_round = round_at("notice", policy=policy, official=official)
    today(D(2025, 10, 10))
    client.force_login(world.a.users[Role.ENTERPRISE_USER])
    client.cookies["django_language"] = "en"
    url = reverse("grants:notice_detail", args=[grant_round.publication.pk])
    assert 'data-testid="lodge-form"' in text(client.get(url))
    third = grant_round.candidates.get(enterprise=zone_a.third)
    response = client.post(
        reverse("grants:notice_object", args=[grant_round.publication.pk]),
        {"candidate": third.pk, "text": "该企业研发费用有误"},
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.channel == "online" and objection.candidate == third
    # Internal pages stay closed to them.
    assert client.get(reverse("grants:round_detail", args=[grant_round.pk])).status_code == 403
    today(D(2025, 10, 15))
    assert 'data-testid="lodge-form"' not in text(client.get(url))


def test_readers_see_facts_only_in_their_registry_scope(client, world, policy, official, zone_a):
    grant_round = round_at("candidates", policy=policy, official=official)
    detail = reverse("grants:round_detail", args=[grant_round.pk])
    client.force_login(world.a.users[Role.PARK_OPERATOR])
    page = text(client.get(detail))
    # The operator's park holds world A's enterprise and 乙, not 丙 (no park).
    assert page.count("<summary>") == 2
    assert 'data-testid="exclude"' not in page and 'data-testid="publish"' not in page
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    page = text(client.get(detail))
    assert page.count("<summary>") == 3 and 'data-testid="exclude"' in page


@pytest.mark.parametrize("language,words", [("zh-hans", "候选名单"), ("en", "Candidate list")])
def test_both_languages(client, world, policy, official, zone_a, language, words):
    grant_round = round_at("candidates", policy=policy, official=official)
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    client.cookies["django_language"] = language
    assert words in text(client.get(reverse("grants:round_detail", args=[grant_round.pk])))
