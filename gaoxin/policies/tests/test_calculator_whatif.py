"""The calculator's "what if" form: the changes against the actual facts, nothing saved, clear
messages for bad values, and who may use it (anonymous, each role, the other zone)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.enterprises.models import Enterprise, Qualification, YearlyFact
from gaoxin.enterprises.tests.factories import QualificationFactory, YearlyFactFactory
from gaoxin.notifications.models import Notification
from gaoxin.policies import whatif
from gaoxin.policies.matching.catalog import CATALOG
from gaoxin.policies.models import PolicyMatchSet

pytestmark = pytest.mark.django_db
WHAT_IF = reverse("policies:calculator_what_if")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def figures(world):
    """World A's enterprise: revenue 100 m, R&D 2.8 m (2.8 %, nearly 3 %), 高新技术企业."""
    YearlyFactFactory(
        enterprise=world.a.enterprise,
        year=timezone.localdate().year - 1,
        revenue=Decimal("100000000"),
        rnd_expense=Decimal("2800000"),
    )
    QualificationFactory(enterprise=world.a.enterprise, kind="high_tech")


@pytest.fixture
def member(world):
    return world.a.users[Role.ENTERPRISE_USER]


def state() -> dict:
    """Everything a what-if must not touch."""
    return {
        "enterprises": list(Enterprise.objects.order_by("pk").values()),
        "facts": list(YearlyFact.objects.order_by("pk").values()),
        "qualifications": list(Qualification.objects.order_by("pk").values()),
        "matches": PolicyMatchSet.objects.count(),
        "notifications": Notification.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def test_raising_rnd_expense_makes_the_policy_fit_and_saves_nothing(
    as_user, member, policy, figures
):
    client = as_user(member)
    before = state()
    response = client.get(WHAT_IF, {"rnd_expense": "3500000"}, **HTMX)
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="what-if"' in text and "<html" not in text  # the card alone, for htmx
    assert 'data-kind="starts"' in text and f'data-policy="{policy.pk}"' in text
    assert "Start to fit: 1" in text
    # The ratio follows the changed expense: 3.5 %; the amount is 10 % of it.
    assert "2.80%" in text and "3.50%" in text
    assert "350,000.00" in text
    assert 'data-testid="what-if-total-before">¥0.00' in text
    assert 'data-testid="what-if-total">¥350,000.00' in text
    assert "+¥350,000.00" in text
    assert state() == before


def test_post_works_too_and_a_lower_figure_stops_the_fit(as_user, member, policy, figures):
    fact = YearlyFact.objects.get(enterprise=member.organisation.enterprise)
    fact.rnd_expense = Decimal("4000000")
    fact.save()
    client = as_user(member)
    before = state()
    response = client.post(WHAT_IF, {"rnd_expense": "1000000"}, **HTMX)
    text = response.content.decode()
    assert 'data-kind="stops"' in text and "Stop fitting: 1" in text
    assert "−¥400,000.00" in text
    assert state() == before


def test_removing_a_qualification_changes_the_status(as_user, member, policy, figures):
    text = (
        as_user(member)
        .get(WHAT_IF, {"qualifications__present": "1", "rnd_ratio": "2.80"}, **HTMX)
        .content.decode()
    )
    assert 'data-kind="status"' in text  # nearly met → not met
    assert "High-tech enterprise" in text  # the fact's old value, by its label


def test_unchanged_facts_say_so(as_user, member, policy, figures):
    text = as_user(member).get(WHAT_IF, {"rnd_expense": "2800000.00"}, **HTMX).content.decode()
    assert 'data-testid="what-if-unchanged"' in text


def test_an_explicit_ratio_wins_over_the_derived_one(as_user, member, policy, figures):
    text = (
        as_user(member)
        .get(WHAT_IF, {"rnd_expense": "3500000", "rnd_ratio": "2.9"}, **HTMX)
        .content.decode()
    )
    assert "2.9%" in text and 'data-kind="amount"' in text  # still nearly met, amount up
    assert 'data-kind="starts"' not in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"rnd_expense": "abc"}, "R&amp;D expense: enter a number"),
        ({"rnd_expense": "-5"}, "R&amp;D expense: cannot be negative."),
        ({"revenue": "1.234"}, "Revenue: use at most 2 decimal places."),
        ({"rnd_ratio": "1e5"}, "R&amp;D intensity: enter a number"),
        ({"employees": "9" * 20}, "Employees: the number is too large."),
        ({"stage": "moon"}, "Stage: choose one of the listed stages."),
        ({"industry_code": "Z99"}, "Industry code: An industry code is a section letter"),
        ({"qualifications__present": "1", "qualifications": "nobel"}, "unknown kinds nobel"),
    ],
)
def test_invalid_values_name_the_fact(as_user, member, policy, figures, params, message):
    before = state()
    response = as_user(member).get(WHAT_IF, params, **HTMX)
    text = response.content.decode()
    assert response.status_code == 200  # htmx swaps it in
    assert 'data-testid="what-if-errors"' in text and message in text
    assert 'data-testid="what-if-result"' not in text
    assert "is-invalid" in text
    assert state() == before


def test_messages_are_chinese_by_default(client, member, policy, figures):
    client.force_login(member)
    text = client.get(WHAT_IF, {"rnd_expense": "abc"}, **HTMX).content.decode()
    assert "研发费用: 请填写数字" in text


def test_without_htmx_the_whole_page_comes_back_with_the_result(as_user, member, policy, figures):
    text = as_user(member).get(WHAT_IF, {"rnd_expense": "3500000"}).content.decode()
    assert "<html" in text and 'data-testid="calc-results"' in text
    assert 'data-kind="starts"' in text
    assert 'value="3500000"' in text  # the form keeps what was typed


def test_the_page_has_the_form_prefilled_and_a_reset_link(as_user, member, policy, figures):
    text = as_user(member).get(reverse("policies:calculator")).content.decode()
    assert 'data-testid="what-if-form"' in text
    assert 'name="rnd_expense" value="2800000.00"' in text
    assert 'value="high_tech" id="wi-qualifications-high_tech" checked' in text
    assert 'data-testid="what-if-reset"' in text


def test_an_official_runs_it_for_an_enterprise_in_scope(as_user, world, policy, figures):
    client = as_user(world.a.users[Role.ZONE_OFFICIAL])
    page = client.get(reverse("policies:calculator"), {"enterprise": world.a.enterprise.pk})
    assert f'name="enterprise" value="{world.a.enterprise.pk}"' in page.content.decode()
    response = client.get(
        WHAT_IF, {"enterprise": world.a.enterprise.pk, "rnd_expense": "3500000"}, **HTMX
    )
    assert 'data-kind="starts"' in response.content.decode()


def test_as_of_is_kept_and_checked(as_user, member, policy, figures):
    response = as_user(member).get(WHAT_IF, {"as_of": "2025-13-01"}, **HTMX)
    assert "is not a date" in response.content.decode()


# --- who may use it (tests/test_permission_matrix.py EXTRA_URLS points here) -----------------


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(WHAT_IF, {"enterprise": world.a.enterprise.pk})
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role(client, world, policy, role):
    client.force_login(world.a.users[role])
    response = client.get(WHAT_IF, {"enterprise": world.a.enterprise.pk})
    expected = (
        200 if role in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.ENTERPRISE_USER) else 403
    )
    assert response.status_code == expected


@pytest.mark.parametrize("role", [Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.ENTERPRISE_USER])
def test_the_other_zone_gets_not_found(client, world, policy, role):
    client.force_login(world.b.users[role])
    assert client.get(WHAT_IF, {"enterprise": world.a.enterprise.pk}).status_code == 404
    if role != Role.ENTERPRISE_USER:
        assert client.get(WHAT_IF).status_code == 404  # an official must name the enterprise


# --- parsing --------------------------------------------------------------------------------


def test_numbers_are_decimals_never_floats():
    assert whatif.parse_value(CATALOG["revenue"], "1,234,567.50") == Decimal("1234567.50")
    assert isinstance(whatif.parse_value(CATALOG["revenue"], Decimal("0.1")), Decimal)
    assert whatif.parse_value(CATALOG["employees"], "12") == 12
    assert whatif.parse_value(CATALOG["rnd_ratio"], "") is None
    with pytest.raises(whatif.FactValueError):
        whatif.parse_value(CATALOG["revenue"], 1.5)  # a float is refused
    with pytest.raises(whatif.FactValueError):
        whatif.parse_value(CATALOG["revenue"], True)
    with pytest.raises(whatif.FactValueError):
        whatif.parse_value(CATALOG["revenue"], Decimal("1e999999"))


def test_the_ratio_follows_its_sources_unless_typed():
    actual = {"revenue": Decimal(100), "rnd_expense": Decimal(3), "rnd_ratio": Decimal("3.00")}
    derived = whatif.what_if_facts(actual, {"rnd_expense": "4", "rnd_ratio": "3.00"})
    assert derived.facts["rnd_ratio"] == Decimal("4.00")
    assert derived.changed == ["rnd_expense", "rnd_ratio"]
    typed = whatif.what_if_facts(actual, {"rnd_expense": "4", "rnd_ratio": "3.5"})
    assert typed.facts["rnd_ratio"] == Decimal("3.5")
    unknown = whatif.what_if_facts(actual, {"nope": 1}, strict_keys=True)
    assert unknown.errors and unknown.errors[0].key == "nope"


def test_parse_as_of():
    assert whatif.parse_as_of("") == timezone.localdate()
    assert str(whatif.parse_as_of("2025-06-30")) == "2025-06-30"
    for bad in ("2025-02-30", "20250630", "yesterday", "0001-01-01"):
        with pytest.raises(whatif.AsOfError):
            whatif.parse_as_of(bad)


# --- in the browser: htmx swaps the card, the page does not reload ---------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_what_if_in_the_browser(page, world, policy, figures):
    from conftest import login

    login(page, world.a.users[Role.ENTERPRISE_USER].username)
    page.wait_for_load_state()
    page.goto(reverse("policies:calculator"))
    page.evaluate("window.__marker = 'same page'")
    page.fill("#wi-rnd_expense", "3500000")
    page.get_by_test_id("what-if-submit").click()
    change = page.locator("[data-testid=what-if-change][data-kind=starts]")
    change.wait_for()
    assert policy.title in change.inner_text()
    assert "¥350,000.00" in page.get_by_test_id("what-if-total").inner_text()
    assert page.evaluate("window.__marker") == "same page"  # no reload
    assert page.url.endswith(reverse("policies:calculator"))
    assert page.input_value("#wi-rnd_expense") == "3500000"
    page.get_by_test_id("what-if-reset").click()
    page.wait_for_load_state()
    assert page.input_value("#wi-rnd_expense") == "2800000.00"
    assert page.get_by_test_id("what-if-result").count() == 0
    assert YearlyFact.objects.get().rnd_expense == Decimal("2800000")
