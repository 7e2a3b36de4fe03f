"""The insurance pages: who opens each page with an object (right and wrong organisation), the
registration form's refusals shown beside the field, renewal pre-filled with the break warning,
verification with its reason, the proof download, the claim pages and the subsidy panel."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.firstset import services_insurance as services
from gaoxin.firstset.models import InsurancePolicy, SubsidyClaim

from .factories_insurance import (
    TODAY,
    insurance_round,
    insured_qualification,
    proof,
    registered_policy,
)

pytestmark = pytest.mark.django_db
ZO, PO, PR, EU, AD, AU, SA, SE = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
    Role.ADVISOR,
    Role.AUDITOR,
    Role.SYSTEM_ADMIN,
    Role.SECURITY_ADMIN,
)
ALL = [ZO, PO, PR, EU, AD, AU, SA, SE]


@pytest.fixture
def qualification(world):
    return insured_qualification(world, insurance_round(world))


@pytest.fixture
def policy(world, qualification):
    return registered_policy(world, qualification)


@pytest.fixture
def claim(world, qualification, policy):
    return services.claim_start(
        actor=world.a.users[EU], qualification=qualification, policies=[policy], today=TODAY
    )


# url name → (roles of side A allowed (200), others: 403; side B's allowed roles: 404)
OBJECT_PAGES = {
    "insurance_detail": {EU, ZO, PR},
    "insurance_edit": {EU},
    "insurance_renew": {EU},
    "insurance_proof": {EU, ZO, PR},
    "insurance_verify": {ZO, PR},
    "insurance_reject": {ZO, PR},
}


@pytest.mark.parametrize("name", sorted(OBJECT_PAGES))
def test_policy_pages_by_role_and_organisation(client, world, policy, name):
    url = reverse(f"firstset:{name}", kwargs={"pk": policy.pk})
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    for role in ALL:
        client.force_login(world.a.users[role])
        expected = 200 if role in OBJECT_PAGES[name] else 403
        assert client.get(url).status_code == expected, (name, role)
        if role in OBJECT_PAGES[name]:
            client.force_login(world.b.users[role])
            assert client.get(url).status_code == 404, (name, role, "other side")


def test_claim_edit_by_role_and_organisation(client, world, claim):
    url = reverse("firstset:claim_edit", kwargs={"pk": claim.pk})
    assert client.get(url).status_code == 302
    for role in ALL:
        client.force_login(world.a.users[role])
        assert client.get(url).status_code == (200 if role == EU else 403), role
    client.force_login(world.b.users[EU])
    assert client.get(url).status_code == 404


def _form(qualification, **overrides):
    data = {
        "qualification": qualification.pk,
        "declaration": qualification.declarations.get().pk,
        "insurer": "中国人民财产保险股份有限公司",
        "number": "PICC-PAGE-1",
        "insured_user": "郑州某重工有限公司",
        "starts_on": "2025-03-01",
        "ends_on": "2026-02-28",
        "sum_insured": "28,000,000",
        "premium": "560,000",
        "cover": "综合险(质量风险+责任风险)",
        "paid_on": "2025-03-01",
    }
    data.update(overrides)
    return data


def test_register_on_the_page_with_proof(as_user, world, qualification):
    client = as_user(world.a.users[EU])
    response = client.post(
        reverse("firstset:insurance_create"), {**_form(qualification), "proof": proof()}
    )
    policy = InsurancePolicy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("firstset:insurance_detail", kwargs={"pk": policy.pk})
    page = client.get(response["Location"]).content.decode()
    assert "2.00 %" in page and "缴费凭证.pdf" in page


def test_the_window_refusal_is_shown_beside_the_end_date(as_user, world, qualification):
    client = as_user(world.a.users[EU])
    response = client.post(
        reverse("firstset:insurance_create"),
        _form(qualification, starts_on="2027-03-01", ends_on="2028-02-29"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["ends_on"]
    assert "2027-03-01 to 2028-02-29" in errors[0] and "2025-01-01 to 2027-12-31" in errors[0]
    assert not InsurancePolicy.objects.exists()


def test_renewal_is_prefilled_and_a_break_is_warned(as_user, world, policy):
    client = as_user(world.a.users[EU])
    url = reverse("firstset:insurance_renew", kwargs={"pk": policy.pk})
    form = client.get(url).context["form"]
    assert form.initial["starts_on"] == datetime.date(2026, 3, 1)
    assert form.initial["number"] == ""
    data = _form(policy.qualification, number="PICC-RENEW", starts_on="2026-03-10",
                 ends_on="2027-03-09")  # fmt: skip
    response = client.post(url, data, follow=True)
    renewal = InsurancePolicy.objects.get(number="PICC-RENEW")
    assert renewal.previous == policy
    assert "treated as new" in response.content.decode()
    chain = client.get(reverse("firstset:insurance_detail", kwargs={"pk": policy.pk}))
    assert chain.content.decode().count('data-testid="chain-item"') == 2


def test_verify_page_needs_a_reason_then_verifies(as_user, world, policy):
    client = as_user(world.a.users[ZO])
    url = reverse("firstset:insurance_verify", kwargs={"pk": policy.pk})
    assert client.post(url, {"reason": ""}).status_code == 200
    policy.refresh_from_db()
    assert policy.status == "registered"
    response = client.post(url, {"reason": "已核对保单与缴费凭证"})
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.status == "verified"


def test_verify_page_without_proof_says_what_is_missing(as_user, world, qualification):
    policy = registered_policy(world, qualification, with_proof=False)
    client = as_user(world.a.users[PR])
    response = client.post(
        reverse("firstset:insurance_verify", kwargs={"pk": policy.pk}), {"reason": "核对"}
    )
    assert "proof of payment" in " ".join(response.context["form"].non_field_errors())


def test_proof_download_is_an_attachment(as_user, world, policy):
    response = as_user(world.a.users[ZO]).get(
        reverse("firstset:insurance_proof", kwargs={"pk": policy.pk})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_lists_are_scoped_and_exported(as_user, world, policy):
    for user, seen in ((world.a.users[ZO], True), (world.b.users[ZO], False)):
        page = as_user(user).get(reverse("firstset:insurance_list")).content.decode()
        assert (policy.number in page) is seen
    queue = as_user(world.a.users[PR]).get(reverse("firstset:insurance_queue"))
    assert policy.number in queue.content.decode()
    export = as_user(world.a.users[EU]).get(reverse("firstset:insurance_export"))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_claim_start_page_creates_the_application(as_user, world, qualification, policy):
    client = as_user(world.a.users[EU])
    url = reverse("firstset:claim_start")
    page = client.get(url, {"qualification": qualification.pk}).content.decode()
    assert policy.number in page
    response = client.post(url, {"qualification": qualification.pk, "policies": [policy.pk]})
    claim = SubsidyClaim.objects.get()
    assert response["Location"] == reverse("applications:edit", kwargs={"pk": claim.application.pk})
    edit = client.get(response["Location"]).content.decode()
    assert 'data-testid="subsidy-panel"' in edit and policy.number in edit


def test_claim_start_refuses_no_policy_beside_the_field(as_user, world, qualification, policy):
    client = as_user(world.a.users[EU])
    response = client.post(reverse("firstset:claim_start"), {"qualification": qualification.pk})
    assert response.status_code == 200 and not SubsidyClaim.objects.exists()
    assert response.context["policies_form"].errors["policies"]


def test_the_demo_loader_registers_verifies_and_allocates(world):
    """On the qualifications part's 2024 results (built here with the demo's names)."""
    from gaoxin.enterprises.models import Enterprise
    from gaoxin.firstset.demo_insurance import load_insurance_demo
    from gaoxin.firstset.models import CapEntry

    rnd = insurance_round(world, year=2024, window=(datetime.date(2024, 7, 1),
                                                    datetime.date(2026, 12, 31)))  # fmt: skip
    Enterprise.objects.filter(pk=world.a.enterprise.pk).update(name="河南恒天久大实业有限公司")
    world.a.enterprise.refresh_from_db()
    q = insured_qualification(world, rnd, cap="3000000")
    report = load_insurance_demo()
    assert report.policies == 3 and report.skipped == ["赛为机电"]
    first, renewal, current = InsurancePolicy.objects.order_by("starts_on")
    assert renewal.previous == first and current.previous == renewal
    assert {first.status, renewal.status, current.status} == {"verified"}
    assert first.is_sample
    # the first two were paid for by the 2024 subsidy; the third is in force, not claimed
    assert current.starts_on <= datetime.date(2026, 12, 6) <= current.ends_on
    q.refresh_from_db()
    assert q.used == Decimal("2800000.00")
    entry = CapEntry.objects.get()
    assert entry.created_at.date() == datetime.date(2025, 10, 30)  # dated when decided
    assert load_insurance_demo().policies == 3 and CapEntry.objects.count() == 1
