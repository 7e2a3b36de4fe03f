"""The auditor's trail as issue 10 asks: actions by their label in the reader's language, a filter
by a list of labelled actions, and what a change did as before → after (a policy draft's R&D
threshold raised from 4 % to 6 %)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation
from playwright.sync_api import expect

from conftest import login
from gaoxin.accounts.choices import Role
from gaoxin.policies.services import draft_save
from gaoxin.policies.tests.conftest import RND, make_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def threshold(percent: int) -> dict:
    return {"and": [{">=": [{"var": "rnd_ratio"}, percent]}, RND["and"][1]]}


@pytest.fixture
def drafts(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    policy = make_policy(world.a.zone)
    with translation.override("zh-hans"):
        for percent in (4, 6):
            draft_save(
                actor=official,
                policy=policy,
                criteria=threshold(percent),
                effective_from=datetime.date(2026, 1, 1),
            )
    return policy


def test_the_auditor_filters_by_an_action_label_and_reads_before_and_after(page, world, drafts):
    login(page, world.a.users[Role.AUDITOR].username)
    page.goto("/audit/")
    rows = page.get_by_test_id("event-table").locator("tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() > 2  # the policy's creation and publication are there too

    # the filter lists actions by their Chinese label, not by code
    page.select_option("#id_actions", label="保存政策草稿")
    page.get_by_role("button", name="筛选").click()
    expect(rows).to_have_count(2)
    for i in range(2):
        expect(rows.nth(i).get_by_test_id("event-action")).to_contain_text("保存政策草稿")
    newest = rows.first.get_by_test_id("event-changes")
    expect(newest).to_contain_text("研发投入占比 ≥ 4%")
    expect(newest).to_contain_text("→ 研发投入占比 ≥ 6%")
    expect(newest).not_to_contain_text(": ")  # the label's separator is Chinese (：)

    # the event page shows the change as a before → after table
    rows.first.locator("a").first.click()
    table = page.get_by_test_id("change-table")
    expect(table).to_contain_text("研发投入占比 ≥ 4%")
    expect(table).to_contain_text("研发投入占比 ≥ 6%")
    page.screenshot(path="test-artifacts/audit-event-changes.png", full_page=True)
