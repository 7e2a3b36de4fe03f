"""Why a qualification cannot be claimed on (the claim page lists each with its reason), the
renewal pre-filled inside the window (and not offered when no period fits), the qualification
page's way to the claim, the queue's empty state, and the 2024 round's subsidy policy in the
program demo."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.firstset import selectors_insurance as sel
from gaoxin.firstset.choices import QualificationStatus
from gaoxin.firstset.forms_insurance import renewal_end
from gaoxin.firstset.models import Qualification, Round
from gaoxin.policies.choices import PolicyStatus

from .factories_insurance import (
    insurance_round,
    insured_qualification,
    registered_policy,
    verified_policy,
)

pytestmark = pytest.mark.django_db
EU, ZO, AU = Role.ENTERPRISE_USER, Role.ZONE_OFFICIAL, Role.AUDITOR
D = datetime.date


@pytest.fixture
def qualification(world):
    return insured_qualification(world, insurance_round(world))


def _round_without_stages(world, first) -> Round:
    """A 2024 round (same edition) whose subsidy policy has no review stages."""
    from gaoxin.applications.tests.factories import make_policy

    return Round.objects.create(
        year=2024, name="2024年度首台(套)", edition=first.edition,
        subsidy_policy=make_policy(world.a.zone, title="2024年首台(套)保费补助资金申请"),
        valid_from=first.valid_from, valid_to=first.valid_to,
    )  # fmt: skip


def _blocker(q):
    q.refresh_from_db()
    return sel.subsidy_blocker(q, timezone.localdate())


# --- the reasons ---------------------------------------------------------------------------


def test_a_claimable_qualification_has_no_reason(qualification):
    assert _blocker(qualification) is None
    assert list(sel.claimable_qualifications(qualification.enterprise)) == [qualification]


def test_each_reason_says_why_and_what_to_do(world, qualification):
    policy = qualification.round.subsidy_policy
    policy.review_stages.all().delete()
    assert "has no review stages" in _blocker(qualification)
    policy.versions.update(effective_from=D(2099, 1, 1))  # not yet in force
    assert "no version in force today" in _blocker(qualification)
    type(policy).objects.filter(pk=policy.pk).update(status=PolicyStatus.DRAFT)
    assert "is not published" in _blocker(qualification)
    Round.objects.filter(pk=qualification.round_id).update(subsidy_policy=None)
    assert "has no premium-subsidy policy" in _blocker(qualification)
    assert "ask the zone's first-set office" in _blocker(qualification)
    assert not sel.claimable_qualifications(qualification.enterprise).exists()


def test_revoked_and_expired_qualifications(world, qualification):
    today = timezone.localdate()
    q = Qualification.objects.get(pk=qualification.pk)
    expired = sel.subsidy_blocker(q, q.valid_to + datetime.timedelta(days=1))
    assert f"expired on {q.valid_to.isoformat()}" in expired
    Qualification.objects.filter(pk=q.pk).update(status=QualificationStatus.REVOKED)
    q.refresh_from_db()
    assert "revoked" in sel.subsidy_blocker(q, today)


def test_claim_page_lists_each_qualification_with_its_reason(as_user, world, qualification):
    other = insured_qualification(world, _round_without_stages(world, qualification.round))
    page = as_user(world.a.users[EU]).get(reverse("firstset:claim_start"))
    html = page.content.decode()
    assert page.context["form"].fields["qualification"].queryset.get() == qualification
    assert [q for q, _why in page.context["blocked"]] == [other]
    assert 'data-testid="blocked-qualification"' in html and other.number in html
    assert "has no review stages yet" in html
    # nothing claimable: the page says so and still lists the reasons
    Round.objects.filter(pk=qualification.round_id).update(subsidy_policy=None)
    html = as_user(world.a.users[EU]).get(reverse("firstset:claim_start")).content.decode()
    assert 'data-testid="no-qualification"' in html
    assert html.count('data-testid="blocked-reason"') == 2


def test_claim_page_of_the_other_enterprise_lists_nothing_of_ours(as_user, world, qualification):
    insured_qualification(world, _round_without_stages(world, qualification.round))
    page = as_user(world.b.users[EU]).get(reverse("firstset:claim_start"))
    assert page.context["blocked"] == [] and qualification.number not in page.content.decode()


# --- renewal inside the window -------------------------------------------------------------


def test_renewal_end_is_a_year_cut_at_the_window(qualification):
    assert renewal_end(D(2026, 3, 1), qualification) == D(2027, 2, 28)
    assert renewal_end(D(2024, 2, 29), None) == D(2025, 2, 28)
    assert renewal_end(D(2027, 7, 1), qualification) == D(2027, 12, 31)  # window's end


def test_renew_form_prefills_an_end_inside_the_window(as_user, world, qualification):
    policy = registered_policy(world, qualification, starts_on=D(2026, 7, 1),
                               ends_on=D(2027, 6, 30), paid_on=D(2025, 6, 1))  # fmt: skip
    url = reverse("firstset:insurance_renew", kwargs={"pk": policy.pk})
    form = as_user(world.a.users[EU]).get(url).context["form"]
    assert form.initial["starts_on"] == D(2027, 7, 1)
    assert form.initial["ends_on"] == D(2027, 12, 31)


def test_no_renew_when_the_policy_ends_with_the_window(as_user, world, qualification):
    client = as_user(world.a.users[EU])
    policy = registered_policy(world, qualification, starts_on=D(2027, 1, 1),
                               ends_on=D(2027, 12, 31), paid_on=D(2025, 6, 1))  # fmt: skip
    html = client.get(reverse("firstset:insurance_detail", kwargs={"pk": policy.pk}))
    html = html.content.decode()
    assert 'data-testid="renew"' not in html and 'data-testid="renew-blocked"' in html
    response = client.get(reverse("firstset:insurance_renew", kwargs={"pk": policy.pk}))
    assert response.status_code == 302
    earlier = registered_policy(world, qualification)  # ends 2026-02-28: renewable
    html = client.get(reverse("firstset:insurance_detail", kwargs={"pk": earlier.pk}))
    html = html.content.decode()
    assert 'data-testid="renew"' in html and 'data-testid="renew-blocked"' not in html


# --- the qualification page ----------------------------------------------------------------


def _detail(as_user, user, q):
    url = reverse("firstset:qualification_detail", kwargs={"pk": q.pk})
    return as_user(user).get(url).content.decode()


def test_qualification_page_links_policies_and_offers_the_claim(as_user, world, qualification):
    registered = registered_policy(world, qualification)
    html = _detail(as_user, world.a.users[EU], qualification)
    assert reverse("firstset:insurance_detail", kwargs={"pk": registered.pk}) in html
    assert 'data-testid="claim-link"' not in html  # registered, not verified yet
    verified_policy(world, qualification, starts_on=D(2026, 3, 1), ends_on=D(2027, 2, 28))
    html = _detail(as_user, world.a.users[EU], qualification)
    claim = f"{reverse('firstset:claim_start')}?qualification={qualification.pk}"
    assert claim in html and 'data-testid="claim-at-risk"' not in html
    official = _detail(as_user, world.a.users[ZO], qualification)
    assert 'data-testid="policy-link"' in official and 'data-testid="claim-link"' not in official
    assert 'data-testid="policy-link"' not in _detail(as_user, world.a.users[AU], qualification)


def test_qualification_page_has_no_claim_when_the_round_takes_none(as_user, world, qualification):
    verified_policy(world, qualification)
    qualification.round.subsidy_policy.review_stages.all().delete()
    assert 'data-testid="claim-link"' not in _detail(as_user, world.a.users[EU], qualification)


def test_qualification_page_says_when_at_risk(as_user, world):
    today = timezone.localdate()
    window = (D(2024, 1, 1), today + datetime.timedelta(days=30))
    q = insured_qualification(world, insurance_round(world, window=window))
    verified_policy(world, q)
    assert q.used == Decimal(0)
    html = _detail(as_user, world.a.users[EU], q)
    assert 'data-testid="claim-link"' in html and 'data-testid="claim-at-risk"' in html


# --- the verification queue ----------------------------------------------------------------


def test_empty_queue_links_to_all_policies(as_user, world):
    html = as_user(world.a.users[ZO]).get(reverse("firstset:insurance_queue")).content.decode()
    assert 'data-testid="queue-all-policies"' in html
    assert f'href="{reverse("firstset:insurance_list")}"' in html


# --- the demo ------------------------------------------------------------------------------


def test_demo_2024_round_takes_subsidy_applications():
    from gaoxin.firstset.demo_insurance import load_insurance_demo
    from gaoxin.firstset.demo_qualifications import load_program_demo
    from gaoxin.funds.models import Fund

    from .test_qualifications_demo import _load

    _load()
    load_program_demo()
    load_insurance_demo()
    r2024 = Round.objects.get(year=2024)
    policy = r2024.subsidy_policy
    assert policy is not None and policy.title == "2024年首台(套)保费补助资金申请"
    stages = [(s.name, s.kind, s.owner_role) for s in policy.review_stages.order_by("order")]
    assert stages == [
        ("推荐单位审核", "review", ZO),
        ("第三方专家复核", "expert", Role.PROVINCIAL_REVIEWER),
        ("决定", "decision", Role.PROVINCIAL_REVIEWER),
    ]
    assert policy.application_setup.materials == ["保费补助资金申请表", "保费支付凭证"]
    saiwei = Qualification.objects.get(number="ZG2024-0002")
    assert sel.subsidy_blocker(saiwei, timezone.localdate()) is None
    assert sel.claimable_policies(saiwei).filter(status="verified").exists()
    year = timezone.localdate().year
    assert Fund.objects.filter(policy=policy, year=year).count() == 1
    assert load_program_demo().created == [] and load_insurance_demo().allocations == []
    assert Fund.objects.filter(policy=policy, year=year).count() == 1
    assert Round.objects.get(year=2024).subsidy_policy == policy
