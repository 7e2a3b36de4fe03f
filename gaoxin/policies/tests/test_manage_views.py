"""The policy staff pages: create / edit / articles, the builder's save (exact numbers, the
clause named in an error, nothing saved), the live count over the user's zone, publishing and
discarding a draft with a required reason, and the list's filters."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.enterprises.tests.factories import EnterpriseFactory, YearlyFactFactory
from gaoxin.notifications.models import Notification
from gaoxin.policies.choices import PolicyStatus
from gaoxin.policies.models import Policy
from gaoxin.policies.services import draft_save, policy_create

from .conftest import RND, make_policy

pytestmark = pytest.mark.django_db

CRITERIA = {
    "and": [
        {
            "clause": {"article": "第三条", "label": "研发投入占比≥3%"},
            "rule": {">=": [{"var": "rnd_ratio"}, Decimal("2.5")]},
        },
        {
            "clause": {"article": "第三条", "label": "研发费用≥50万元"},
            "rule": {">=": [{"var": "rnd_expense"}, 500000]},
        },
    ]
}
CRITERIA_TEXT = (
    '{"and": [{"clause": {"article": "第三条", "label": "研发投入占比≥3%"}, '
    '"rule": {">=": [{"var": "rnd_ratio"}, 2.5]}}, '
    '{"clause": {"article": "第三条", "label": "研发费用≥50万元"}, '
    '"rule": {">=": [{"var": "rnd_expense"}, 500000]}}]}'
)
FORMULA_TEXT = '{"min": [{"*": [{"var": "rnd_expense"}, 0.1]}, 5000000]}'
BAD_TEXT = (
    '{"and": [{"clause": {"article": "第三条", "label": "占比"}, '
    '"rule": {">=": [{"var": "rnd_ratio2"}, 3]}}]}'
)


@pytest.fixture
def client_zo(client, official):
    client.force_login(official)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def figures(world):
    """Zone A: the world's enterprise at R&D 4 % (4 000 000), one at 2.6 % and one without
    figures; zone B's enterprise would fit but is outside the official's scope."""
    year = timezone.localdate().year - 1
    YearlyFactFactory(
        enterprise=world.a.enterprise,
        year=year,
        revenue=Decimal(100_000_000),
        rnd_expense=Decimal(4_000_000),
    )
    nearly = EnterpriseFactory(name="二点六企业", zone=world.a.zone)
    YearlyFactFactory(
        enterprise=nearly, year=year, revenue=Decimal(100_000_000), rnd_expense=Decimal(2_600_000)
    )
    EnterpriseFactory(name="无数据企业", zone=world.a.zone)
    YearlyFactFactory(
        enterprise=world.b.enterprise,
        year=year,
        revenue=Decimal(100_000_000),
        rnd_expense=Decimal(9_000_000),
    )
    return nearly


def test_create_a_policy_then_its_articles(client_zo, world):
    response = client_zo.post(
        reverse("policies:manage_create"),
        {"title": "新政策", "issuing_body": "管委会", "delivery_mode": "apply", "tags": "研发"},
    )
    policy = Policy.objects.get(title="新政策")
    assert policy.zone == world.a.zone and policy.status == PolicyStatus.DRAFT
    assert response.url == reverse("policies:manage_articles", args=[policy.pk])
    assert AuditEvent.objects.filter(action="policies.policy.create").exists()

    response = client_zo.post(
        response.url,
        {"number": ["第一条", "", "第三条"], "text": ["目的。", "", "条件。"]},
    )
    assert response.status_code == 302
    assert [(a.number, a.text) for a in policy.articles.all()] == [
        ("第一条", "目的。"),
        ("第三条", "条件。"),
    ]


def test_field_errors_are_shown_next_to_the_field(client_zo, policy):
    page = client_zo.post(reverse("policies:manage_create"), {"issuing_body": "管委会"})
    assert page.status_code == 200
    assert 'data-testid="error-title"' in page.content.decode()
    page = client_zo.post(
        reverse("policies:manage_create"),
        {"title": policy.title, "issuing_body": "x", "delivery_mode": "apply"},
    )
    assert "already has a policy with this title" in page.content.decode()
    assert Policy.objects.filter(title=policy.title).count() == 1


def test_duplicate_article_numbers_are_refused(client_zo, policy):
    page = client_zo.post(
        reverse("policies:manage_articles", args=[policy.pk]),
        {"number": ["第三条", "第三条"], "text": ["a", "b"]},
    )
    assert page.status_code == 200
    assert "Row 2: the number 第三条 is used twice." in page.content.decode()
    assert list(policy.articles.values_list("text", flat=True)) == ["研发投入占比不低于3%。"]


def test_edit_a_policy(client_zo, policy):
    url = reverse("policies:manage_edit", args=[policy.pk])
    assert policy.title in client_zo.get(url).content.decode()
    client_zo.post(
        url, {"title": "改名", "issuing_body": "管委会", "delivery_mode": "no_application"}
    )
    policy.refresh_from_db()
    assert policy.title == "改名" and policy.delivery_mode == "no_application"


def test_the_builder_starts_from_the_version_in_force(client_zo, policy):
    page = client_zo.get(reverse("policies:manage_builder", args=[policy.pk]))
    assert page.status_code == 200
    tree = page.context["tree"]
    assert [c["fact"] for c in tree["children"]] == ["rnd_ratio", "qualifications"]
    assert page.context["formula_tree"] is None  # a division: the advanced textarea
    assert page.context["formula_mode"] == "advanced"
    assert not policy.versions.filter(published_at__isnull=True).exists()  # GET saves nothing


def test_saving_the_draft_keeps_decimals_exact(client_zo, policy):
    response = client_zo.post(
        reverse("policies:manage_builder", args=[policy.pk]),
        {
            "criteria": CRITERIA_TEXT,
            "formula": FORMULA_TEXT,
            "effective_from": "2026-03-01",
            "action": "save",
        },
    )
    assert response.status_code == 302
    draft = policy.versions.get(published_at__isnull=True)
    assert draft.criteria == CRITERIA
    assert draft.formula["min"][0]["*"][1] == Decimal("0.1")
    assert isinstance(draft.formula["min"][0]["*"][1], Decimal)
    assert draft.effective_from == datetime.date(2026, 3, 1) and draft.number == 2
    page = client_zo.get(reverse("policies:manage_detail", args=[policy.pk]))
    assert "R&amp;D intensity ≥ 2.5%" in page.content.decode()
    assert "10% of R&amp;D expense, at most 5,000,000 yuan" in page.content.decode()


def test_invalid_criteria_name_the_clause_and_save_nothing(client_zo, policy):
    tree = json.dumps({"kind": "group", "op": "and", "not": False, "children": []})
    page = client_zo.post(
        reverse("policies:manage_builder", args=[policy.pk]),
        {
            "criteria": BAD_TEXT,
            "tree": tree,
            "mode": "advanced",
            "effective_from": "2026-03-01",
            "action": "save",
        },
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Row 1: there is no fact “rnd_ratio2”; choose one from the list." in text
    assert page.context["error_path"] == "and[0].>=[0]"  # the builder outlines the row
    assert "rnd_ratio2" in text  # the user's input is kept in the textarea
    assert page.context["mode"] == "advanced"
    assert not policy.versions.filter(published_at__isnull=True).exists()


def test_a_date_before_the_version_in_force_is_refused(client_zo, policy):
    page = client_zo.post(
        reverse("policies:manage_builder", args=[policy.pk]),
        {"criteria": CRITERIA_TEXT, "effective_from": "2024-01-01", "action": "save"},
    )
    assert 'data-testid="error-effective_from"' in page.content.decode()
    assert not policy.versions.filter(published_at__isnull=True).exists()


def test_the_live_count_counts_the_zone_only(client_zo, policy, figures, world):
    url = reverse("policies:manage_count", args=[policy.pk])
    page = client_zo.post(url, {"criteria": CRITERIA_TEXT})
    text = page.content.decode()
    assert 'data-count="2"' in text and 'data-total="3"' in text
    assert world.a.enterprise.name in text and figures.name in text
    assert world.b.enterprise.name not in text
    # the names also on narrow screens, folded
    narrow = text[text.index('data-testid="count-names-narrow"') :]
    assert "Show the first 2 enterprises" in narrow and figures.name in narrow
    stricter = CRITERIA_TEXT.replace("2.5", "3")
    assert 'data-count="1"' in client_zo.post(url, {"criteria": stricter}).content.decode()
    error = client_zo.post(url, {"criteria": BAD_TEXT}).content.decode()
    assert 'data-testid="count-error"' in error and "Row 1: there is no fact “rnd_ratio2”" in error
    empty = client_zo.post(url, {"criteria": ""}).content.decode()
    assert "Add at least one clause." in empty


def test_publish_needs_a_reason_then_pushes(
    client_zo, policy, figures, world, django_capture_on_commit_callbacks
):
    draft_save(actor=None, policy=policy, criteria=CRITERIA, effective_from=timezone.localdate())
    url = reverse("policies:manage_publish", args=[policy.pk])
    page = client_zo.get(url)
    assert 'data-testid="publish-count"' in page.content.decode()
    assert page.context["matched"] == 2 and page.context["total"] == 3
    page = client_zo.post(url, {"reason": "  "})
    assert page.status_code == 200 and not policy.versions.get(number=2).published_at
    with django_capture_on_commit_callbacks(execute=True):
        response = client_zo.post(url, {"reason": "主任办公会审议通过"})
    assert response.status_code == 302
    version = policy.versions.get(number=2)
    assert version.published_at is not None
    event = AuditEvent.objects.filter(action="policies.policy.publish").latest("pk")
    assert event.reason == "主任办公会审议通过"
    fits_user = world.a.users[Role.ENTERPRISE_USER]
    assert Notification.objects.filter(recipient=fits_user, policy_version=version).exists()


def test_discard_needs_a_reason(client_zo, policy):
    draft_save(actor=None, policy=policy, criteria=RND, effective_from=datetime.date(2026, 2, 1))
    url = reverse("policies:manage_discard", args=[policy.pk])
    client_zo.post(url, {"reason": ""})
    assert policy.versions.filter(published_at__isnull=True).exists()
    client_zo.post(url, {"reason": "条件有误"})
    assert not policy.versions.filter(published_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="policies.draft.discard", reason="条件有误").exists()


def test_publish_without_a_draft_goes_back_to_the_detail(client_zo, policy):
    response = client_zo.get(reverse("policies:manage_publish", args=[policy.pk]))
    assert response.status_code == 302
    assert response.url == reverse("policies:manage_detail", args=[policy.pk])


def test_the_list_filters_and_keeps_to_the_zone(client_zo, world, policy):
    policy_create(actor=None, zone=world.a.zone, data={"title": "草稿甲", "issuing_body": "x"})
    make_policy(world.b.zone, title="乙区政策")
    url = reverse("policies:manage_list")
    text = client_zo.get(url).content.decode()
    assert policy.title in text and "草稿甲" in text and "乙区政策" not in text
    text = client_zo.get(url, {"status": "draft"}).content.decode()
    assert "草稿甲" in text and policy.title not in text
    text = client_zo.get(url, {"q": "没有"}).content.decode()
    assert 'data-testid="empty-filtered"' in text


def test_the_list_empty_state(client, world):
    client.force_login(world.b.users[Role.ZONE_OFFICIAL])
    text = client.get(reverse("policies:manage_list")).content.decode()
    assert 'data-testid="empty-policies"' in text


def test_a_refused_save_shows_the_users_own_rows_again(client_zo, policy):
    row = {"kind": "clause", "fact": "rnd_ratio", "op": ">=", "value": "3%", "article": "第三条",
           "label": "占比"}  # fmt: skip
    tree = {"kind": "group", "op": "and", "not": False, "children": [row]}
    url = reverse("policies:manage_builder", args=[policy.pk])
    data = {
        "criteria": '{">=": [{"var": "rnd_ratio"}, "3%"]}',
        "tree": json.dumps(tree),
        "mode": "builder",
        "formula_tree": json.dumps({"mode": "fixed", "amount": "300000"}),
        "formula": "300000",
        "effective_from": "2026-03-01",
        "action": "save",
    }
    page = client_zo.post(url, data)
    assert page.status_code == 200 and page.context["mode"] == "builder"
    assert page.context["tree"] == tree
    assert page.context["formula_tree"]["amount"] == "300000"
    assert 'data-testid="error-criteria"' in page.content.decode()
    tampered = {**tree, "children": [{**row, "fact": "no_such_fact"}]}
    page = client_zo.post(url, {**data, "tree": json.dumps(tampered)})
    assert page.context["tree"] is None and page.context["mode"] == "advanced"
    assert not policy.versions.filter(published_at__isnull=True).exists()


def test_back_to_the_builder_reads_the_json_without_saving(client_zo, policy):
    page = client_zo.post(
        reverse("policies:manage_builder", args=[policy.pk]),
        {
            "criteria": CRITERIA_TEXT,
            "formula": FORMULA_TEXT,
            "mode": "advanced",
            "effective_from": "2026-03-01",
            "action": "reload",
        },
    )
    assert page.status_code == 200 and page.context["mode"] == "builder"
    assert [c["value"] for c in page.context["tree"]["children"]] == ["2.5", "500000"]
    assert page.context["formula_tree"] == {
        "mode": "rate",
        "fact": "rnd_expense",
        "factor": "0.1",
        "cap": "5000000",
    }
    assert not page.context["form"].errors
    assert not policy.versions.filter(published_at__isnull=True).exists()


def test_target_industries_are_edited_and_checked(client_zo, policy):
    url = reverse("policies:manage_edit", args=[policy.pk])
    base = {"title": policy.title, "issuing_body": "管委会", "delivery_mode": "apply"}
    page = client_zo.post(url, {**base, "target_industries": "C35, X9"})
    assert page.status_code == 200 and "X9" in page.content.decode()
    policy.refresh_from_db()
    assert policy.target_industries == ""
    client_zo.post(url, {**base, "target_industries": "C35, C40", "chain_segments": "装备制造"})
    policy.refresh_from_db()
    assert policy.industry_list == ["C35", "C40"] and policy.segment_list == ["装备制造"]
    detail = client_zo.get(reverse("policies:manage_detail", args=[policy.pk])).content.decode()
    assert "C40" in detail and "装备制造" in detail


def test_the_draft_card_links_to_the_sandbox(client_zo, policy):
    import datetime

    from gaoxin.policies.services import draft_save

    detail = reverse("policies:manage_detail", args=[policy.pk])
    assert 'data-testid="sandbox-draft"' not in client_zo.get(detail).content.decode()
    draft_save(
        actor=None,
        policy=policy,
        criteria={">=": [{"var": "rnd_ratio"}, 4]},
        effective_from=datetime.date(2030, 1, 1),
    )
    text = client_zo.get(detail).content.decode()
    assert reverse("policies:manage_sandbox", args=[policy.pk]) in text
    assert 'data-testid="sandbox-draft"' in text


def test_the_staff_page_shows_each_versions_last_batch_match(client_zo, world, policy):
    from gaoxin.policies.matching.match import rematch_all, store_ids

    version = policy.versions.get(published_at__isnull=False)
    page = client_zo.get(reverse("policies:manage_detail", args=[policy.pk])).content.decode()
    assert 'data-testid="last-match"' not in page
    store_ids(version, [world.a.enterprise.pk], as_of=datetime.date(2025, 1, 31))
    counts = rematch_all(as_of=datetime.date(2026, 3, 1))
    page = client_zo.get(reverse("policies:manage_detail", args=[policy.pk])).content.decode()
    n = counts[version.pk]
    noun = "enterprise" if n == 1 else "enterprises"
    assert f"Last batch match: {n} {noun} met the criteria as of 2026-03-01" in page
