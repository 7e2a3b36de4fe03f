"""The calculator "as of" a date: each policy's version in force then, the facts as they were
then, the version number on every result; a bad date is a clear message (page and API)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.enterprises.tests.factories import QualificationFactory
from gaoxin.policies.services import version_publish

from .conftest import make_policy

pytestmark = pytest.mark.django_db
CALC = reverse("policies:calculator")
HIGH_TECH = {"in": ["high_tech", {"var": "qualifications"}]}
SRDI = {"in": ["srdi", {"var": "qualifications"}]}


@pytest.fixture
def two_versions(world):
    """v1 (高新技术企业, 1000 yuan) until a month ago, v2 (专精特新, 2000 yuan) since; world A's
    enterprise is 高新技术企业 only, since 200 days ago."""
    QualificationFactory(
        enterprise=world.a.enterprise,
        kind="high_tech",
        valid_from=timezone.localdate() - datetime.timedelta(days=200),
    )
    policy = make_policy(world.a.zone, criteria=HIGH_TECH, formula=1000)
    start = timezone.localdate() - datetime.timedelta(days=30)
    version_publish(actor=None, policy=policy, criteria=SRDI, formula=2000, effective_from=start)
    return policy, start - datetime.timedelta(days=1)


def test_today_uses_the_new_version(as_user, world, two_versions):
    text = as_user(world.a.users[Role.ENTERPRISE_USER]).get(CALC).content.decode()
    assert 'data-status="not_met"' in text and ">v2<" in text


def test_as_of_an_earlier_day_uses_the_version_then_in_force(as_user, world, two_versions):
    _policy, day = two_versions
    page = as_user(world.a.users[Role.ENTERPRISE_USER]).get(CALC, {"as_of": day.isoformat()})
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-status="met"' in text and ">v1<" in text and "1,000.00" in text
    assert 'data-testid="as-of-note"' in text and day.isoformat() in text
    assert f'name="as_of" value="{day.isoformat()}"' in text  # the what-if keeps the date


def test_facts_are_taken_as_of_the_day(as_user, world, two_versions):
    """Before the qualification was granted the enterprise did not hold it: v1 not met."""
    day = timezone.localdate() - datetime.timedelta(days=250)
    text = (
        as_user(world.a.users[Role.ENTERPRISE_USER])
        .get(CALC, {"as_of": day.isoformat()})
        .content.decode()
    )
    assert 'data-status="not_met"' in text and ">v1<" in text


def test_before_any_version_nothing_is_in_force(as_user, world, two_versions):
    text = (
        as_user(world.a.users[Role.ENTERPRISE_USER])
        .get(CALC, {"as_of": "2020-01-01"})
        .content.decode()
    )
    assert 'data-testid="calc-empty"' in text and "No published policy had a version" in text


@pytest.mark.parametrize("bad", ["2025-02-30", "30/06/2025", "soon"])
def test_a_bad_date_is_a_clear_message(as_user, world, two_versions, bad):
    page = as_user(world.a.users[Role.ENTERPRISE_USER]).get(CALC, {"as_of": bad})
    text = page.content.decode()
    assert page.status_code == 400
    assert 'data-testid="as-of-error"' in text and "is not a date" in text
    assert 'data-testid="calc-policy"' not in text


def test_the_what_if_uses_the_as_of_versions(as_user, world, two_versions):
    _policy, day = two_versions
    client = as_user(world.a.users[Role.ENTERPRISE_USER])
    params = {"as_of": day.isoformat(), "qualifications__present": "1"}
    text = client.get(reverse("policies:calculator_what_if"), params, HTTP_HX_REQUEST="true")
    assert 'data-kind="stops"' in text.content.decode()  # v1 needs 高新技术企业


def test_the_api_takes_as_of_too(world, two_versions):
    _policy, day = two_versions
    client = Client()
    client.force_login(world.a.users[Role.ENTERPRISE_USER])
    old = client.get("/api/policies/calculator", {"as_of": day.isoformat()}).json()
    assert old["as_of"] == day.isoformat()
    assert [(r["version"], r["status"], r["amount"]) for r in old["results"]] == [
        (1, "met", "1000.00")
    ]
    now = client.get("/api/policies/calculator").json()
    assert [(r["version"], r["status"]) for r in now["results"]] == [(2, "not_met")]
    bad = client.get("/api/policies/calculator", {"as_of": "2025-02-30"})
    assert bad.status_code == 422
    assert bad.json()["error"]["fields"][0]["field"] == "as_of"


def test_a_published_version_compiles_once_and_never_answers_for_other_criteria(world):
    """The calculator finds a published version's compiled criteria by (pk, published_at); a
    version whose stored definitions differ (a pk reused after a rolled-back transaction)
    compiles again rather than answering with another definition's tree."""
    from gaoxin.policies.calculator import compiled_criteria, compiled_version

    version = make_policy(world.a.zone, criteria=HIGH_TECH, formula=1000).versions.get()
    criteria, formula = compiled_version(version)
    assert criteria is compiled_criteria(HIGH_TECH)
    assert compiled_version(version)[0] is criteria  # found again by the version
    assert formula is not None  # the formula 1000, compiled beside it
    version.criteria = SRDI  # in memory only: the same pk and published_at, other criteria
    assert compiled_version(version)[0] is compiled_criteria(SRDI)
    version.pk = None  # not saved: keyed by its content
    assert compiled_version(version)[0] is compiled_criteria(SRDI)
