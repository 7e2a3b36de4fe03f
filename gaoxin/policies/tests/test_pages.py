import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.enterprises.tests.factories import QualificationFactory, YearlyFactFactory
from gaoxin.policies.demo import load_policies_demo
from gaoxin.policies.models import Policy
from gaoxin.policies.services import policy_create

pytestmark = pytest.mark.django_db
CALC = reverse("policies:calculator")


@pytest.fixture
def figures(world):
    """World A's enterprise: R&D 2.8 % (nearly 3 %), 高新技术企业 valid today."""
    last_year = timezone.localdate().year - 1
    YearlyFactFactory(
        enterprise=world.a.enterprise,
        year=last_year,
        revenue=Decimal("100000000"),
        rnd_expense=Decimal("2800000"),
    )
    QualificationFactory(enterprise=world.a.enterprise, kind="high_tech")


def test_public_list_and_detail_need_no_login(client, policy, world):
    draft = policy_create(
        actor=None, zone=world.a.zone, data={"title": "草稿政策", "issuing_body": "管委会"}
    )
    page = client.get(reverse("policies:public_list"))
    assert page.status_code == 200
    assert policy.title in page.content.decode() and "草稿政策" not in page.content.decode()
    detail = client.get(reverse("policies:public_detail", args=[policy.pk]))
    assert detail.status_code == 200 and "第三条" in detail.content.decode()
    assert client.get(reverse("policies:public_detail", args=[draft.pk])).status_code == 404


def test_public_list_searches(client, policy):
    assert (
        policy.title in client.get(reverse("policies:public_list"), {"q": "研发"}).content.decode()
    )
    page = client.get(reverse("policies:public_list"), {"q": "没有这个"})
    assert 'data-testid="no-policies"' in page.content.decode()


def test_the_portal_shows_published_policies(client, policy):
    page = client.get(reverse("portal:policy_list")).content.decode()
    assert policy.title in page and 'data-testid="no-policies"' not in page


def test_the_enterprise_sees_its_gap(as_user, world, policy, figures):
    page = as_user(world.a.users[Role.ENTERPRISE_USER]).get(CALC)
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-status="nearly_met"' in text
    assert "R&amp;D intensity 2.8%, needs ≥ 3%, short by 0.2 percentage points" in text
    assert "第三条" in text


def test_met_policy_shows_amount_and_total(as_user, world, policy, figures):
    fact = world.a.enterprise.yearly_facts.get()
    fact.rnd_expense = Decimal("3500000")
    fact.save()
    text = as_user(world.a.users[Role.ENTERPRISE_USER]).get(CALC).content.decode()
    assert 'data-status="met"' in text
    assert "350,000.00" in text or "350000.00" in text


def test_missing_facts_are_asked_for(as_user, world, policy):
    QualificationFactory(enterprise=world.a.enterprise, kind="high_tech")
    text = as_user(world.a.users[Role.ENTERPRISE_USER]).get(CALC).content.decode()
    assert 'data-status="unknown"' in text and "R&amp;D intensity" in text


@pytest.mark.parametrize("role", [Role.ZONE_OFFICIAL, Role.PARK_OPERATOR])
def test_officials_open_it_for_an_enterprise_in_scope(as_user, world, policy, role):
    client = as_user(world.a.users[role])
    assert world.a.enterprise.name in client.get(CALC).content.decode()  # the picker
    page = client.get(CALC, {"enterprise": world.a.enterprise.pk})
    assert page.status_code == 200 and world.a.enterprise.name in page.content.decode()
    assert client.get(CALC, {"enterprise": world.b.enterprise.pk}).status_code == 404
    assert client.get(CALC, {"enterprise": "x"}).status_code == 404


def test_an_enterprise_user_cannot_open_another_enterprise(as_user, world, policy):
    client = as_user(world.a.users[Role.ENTERPRISE_USER])
    assert client.get(CALC, {"enterprise": world.b.enterprise.pk}).status_code == 404


@pytest.mark.parametrize(
    "role",
    [Role.PROVINCIAL_REVIEWER, Role.ADVISOR, Role.AUDITOR, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN],
)
def test_other_roles_are_refused(as_user, world, role):
    assert as_user(world.a.users[role]).get(CALC).status_code == 403


def test_anonymous_is_asked_to_log_in(client):
    response = client.get(CALC)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_demo_loads_nine_sample_policies_once(world):
    assert load_policies_demo().created == 9
    assert load_policies_demo().created == 0
    policies = Policy.objects.filter(zone=world.a.zone)
    assert policies.count() == 9 and all(p.is_sample for p in policies)
    assert all(2 <= p.articles.count() <= 4 for p in policies)
    published = [p.versions.get(published_at__isnull=False) for p in policies]
    assert all(v.effective_from == datetime.date(2025, 1, 1) for v in published)
    # one pending draft (the R&D subsidy's revision), for the sandbox; not added twice
    (draft,) = [v for p in policies for v in p.versions.filter(published_at__isnull=True)]
    assert draft.policy.title == "郑州高新区企业研发费用后补助政策" and draft.number == 2


def test_an_enterprise_is_only_offered_its_own_zones_policies(as_user, world, policy, figures):
    from .conftest import make_policy

    make_policy(world.b.zone, title="乙区研发补助")
    client = as_user(world.a.users[Role.ENTERPRISE_USER])
    text = client.get(CALC).content.decode()
    assert policy.title in text and "乙区研发补助" not in text
    body = client.get("/api/policies/calculator").json()
    titles = [r["policy"]["title"] for r in body["results"]]
    assert policy.title in titles and "乙区研发补助" not in titles


def test_public_list_filters_by_industry_and_delivery_mode(client, world):
    from .conftest import make_policy

    medical = make_policy(world.a.zone, title="医疗器械补助")
    Policy.objects.filter(pk=medical.pk).update(
        target_industries="C358", delivery_mode="no_application"
    )
    every = make_policy(world.a.zone, title="通用研发补助")
    chemicals = make_policy(world.a.zone, title="化工补助")
    Policy.objects.filter(pk=chemicals.pk).update(target_industries="C26")
    url = reverse("policies:public_list")

    def titles(**params):
        page = client.get(url, params)
        return {p.title for p in page.context["page_obj"]}

    assert titles(industry="c3581") == {medical.title, every.title}
    assert titles(industry="C2611") == {chemicals.title, every.title}
    assert titles(delivery="no_application") == {medical.title}
    assert titles(delivery="no_application", industry="C26") == set()
    empty = client.get(url, {"industry": "A01", "delivery": "no_application"}).content.decode()
    assert "No published policy matches these filters." in empty or "没有符合筛选条件" in empty
