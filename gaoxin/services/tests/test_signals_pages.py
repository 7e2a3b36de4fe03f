"""The pages of resource matching, advisor tasks and signal rules: who sees them (role and
zone), zh-hans and en, the forms and their errors, the scan button, the Excel export; and the
API operations. Object URLs from the right and the wrong zone are covered here (EXTRA_URLS of
tests/test_permission_matrix.py)."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.enterprises.tests.factories import QualificationFactory
from gaoxin.services.choices import SignalKind
from gaoxin.services.models import AdvisorTask, ResourceMatch, SignalRule
from gaoxin.services.signals import signal_scan

from .factories_signals import advisor_of, make_advisor, make_match

pytestmark = pytest.mark.django_db

ZO, PO, PR, EU, AD = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
    Role.ADVISOR,
)


def login(client, user, lang="zh-hans"):
    client.force_login(user)
    client.cookies["django_language"] = lang
    return client


def a_task(world, advisor=None):
    QualificationFactory(
        enterprise=world.a.enterprise,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=timezone.localdate() + datetime.timedelta(days=30),
    )
    signal_scan(actor=None, zone=world.a.zone)
    task = AdvisorTask.objects.get()
    if advisor is not None:
        AdvisorTask.objects.filter(pk=task.pk).update(advisor=advisor)
        task.refresh_from_db()
    return task


MATCH_URLS = ("match_detail", "match_update", "match_follow_up")


@pytest.mark.parametrize("lang,word", [("zh-hans", 'lang="zh-CN"'), ("en", "Resource matching")])
def test_match_list_in_both_languages(client, world, lang, word):
    make_match(world.a, counterpart_name="红杉资本（测试）")
    text = (
        login(client, world.a.users[ZO], lang).get(reverse("services:match_list")).content.decode()
    )
    assert word in text and "红杉资本（测试）" in text


@pytest.mark.parametrize("role", [ZO, PO, PR, EU])
def test_match_object_pages_right_and_wrong_zone(client, world, role):
    match = make_match(world.a)
    expected = {ZO: 200, PO: 200, PR: 200, EU: 200}[role]
    login(client, world.a.users[role])
    assert client.get(reverse("services:match_detail", args=[match.pk])).status_code == expected
    work = 200 if role in (ZO, PO) else 403
    for name in ("match_update", "match_follow_up"):
        assert client.get(reverse(f"services:{name}", args=[match.pk])).status_code == work
    assert (
        client.get(reverse("services:match_step", args=[match.pk, "introduce"])).status_code == work
    )
    login(client, world.b.users[role])
    for name in MATCH_URLS:
        assert client.get(reverse(f"services:{name}", args=[match.pk])).status_code == 404
    assert (
        client.get(reverse("services:match_step", args=[match.pk, "introduce"])).status_code == 404
    )


def test_advisor_sees_only_their_matches(client, world):
    mine = make_match(world.a, advisor=advisor_of(world.a, "capital"))
    other = make_match(world.a, advisor=make_advisor(world.a.zone, "capital"))
    login(client, world.a.users[AD])
    assert client.get(reverse("services:match_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("services:match_detail", args=[other.pk])).status_code == 404


def test_create_form_reshows_errors_then_records(client, world):
    login(client, world.a.users[ZO], "en")
    url = reverse("services:match_create")
    response = client.post(url, {"enterprise": world.a.enterprise.pk, "kind": "investor"})
    assert response.status_code == 200 and "form-errors" in response.content.decode()
    response = client.post(
        url,
        {
            "enterprise": world.a.enterprise.pk,
            "kind": "bank",
            "counterpart_name": "郑州银行（测试）",
            "need": "流动资金贷款",
        },
    )
    match = ResourceMatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "services:match_detail", args=[match.pk]
    )


def test_step_succeed_with_amount_and_timeline(client, world):
    match = make_match(world.a, status="negotiating")
    login(client, world.a.users[ZO], "en")
    url = reverse("services:match_step", args=[match.pk, "succeed"])
    response = client.post(url, {"reason": "", "amount": "abc"})
    assert response.status_code == 200 and ResourceMatch.objects.get().status == "negotiating"
    response = client.post(url, {"reason": "获批 500 万元", "amount": "5,000,000"})
    assert response.status_code == 302
    text = client.get(reverse("services:match_detail", args=[match.pk])).content.decode()
    assert "5,000,000.00" in text and "reported, not verified" in text


def test_follow_up_page(client, world):
    match = make_match(world.a)
    login(client, world.a.users[PO])
    response = client.post(
        reverse("services:match_follow_up", args=[match.pk]),
        {"happened_on": timezone.localdate().isoformat(), "note": "电话沟通"},
    )
    assert response.status_code == 302
    text = client.get(reverse("services:match_detail", args=[match.pk])).content.decode()
    assert "电话沟通" in text


def test_export_is_audited_and_has_decimal_amounts(client, world):
    make_match(world.a, status="succeeded", amount="1234.50", result="成")
    response = login(client, world.a.users[ZO]).get(reverse("services:match_list_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and float(rows[1][8]) == 1234.5
    assert AuditEvent.objects.filter(action="services.signals.export").exists()


def test_overdue_filter(client, world):
    make_match(
        world.a,
        counterpart_name="逾期方",
        next_follow_up=timezone.localdate() - datetime.timedelta(days=3),
    )
    make_match(
        world.a,
        counterpart_name="按期方",
        next_follow_up=timezone.localdate() + datetime.timedelta(days=3),
    )
    text = (
        login(client, world.a.users[ZO])
        .get(reverse("services:match_list") + "?overdue=on")
        .content.decode()
    )
    assert "逾期方" in text and "按期方" not in text


# --- tasks ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang,word", [("zh-hans", 'lang="zh-CN"'), ("en", "Advisor tasks")])
def test_task_pages_for_the_advisor(client, world, lang, word):
    task = a_task(world, advisor=advisor_of(world.a, "compliance"))
    login(client, world.a.users[AD], lang)
    assert word in client.get(reverse("services:task_list")).content.decode()
    text = client.get(reverse("services:task_detail", args=[task.pk])).content.decode()
    assert task.title in text and "step-done" in text


def test_task_right_and_wrong_zone(client, world):
    task = a_task(world)
    for role, status in ((ZO, 200), (PO, 200), (PR, 403), (EU, 403), (AD, 404)):
        login(client, world.a.users[role])
        for url in (
            reverse("services:task_detail", args=[task.pk]),
            reverse("services:task_step", args=[task.pk, "done"]),
        ):
            assert client.get(url).status_code == status, (role, url)
    for role in (ZO, PO):
        login(client, world.b.users[role])
        assert client.get(reverse("services:task_detail", args=[task.pk])).status_code == 404
        assert client.post(reverse("services:task_assign", args=[task.pk])).status_code == 404


def test_official_assigns_then_advisor_dismisses(client, world):
    task = a_task(world)
    advisor = advisor_of(world.a, "capital")
    login(client, world.a.users[ZO])
    response = client.post(reverse("services:task_assign", args=[task.pk]), {"advisor": advisor.pk})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.advisor == advisor
    login(client, world.a.users[AD], "en")
    url = reverse("services:task_step", args=[task.pk, "dismiss"])
    assert client.post(url, {"reason": ""}).status_code == 200  # the reason is required
    assert client.post(url, {"reason": "企业已自行续期"}).status_code == 302
    task.refresh_from_db()
    assert task.status == "dismissed" and task.note == "企业已自行续期"


def test_unassigned_filter(client, world):
    a_task(world)
    text = (
        login(client, world.a.users[ZO])
        .get(reverse("services:task_list") + "?unassigned=on")
        .content.decode()
    )
    assert "task-row" in text and "unassigned-alert" in text


# --- signal rules ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang,word", [("zh-hans", 'lang="zh-CN"'), ("en", "Signal rules")])
def test_signal_rules_page_shows_every_kind(client, world, lang, word):
    text = (
        login(client, world.a.users[ZO], lang)
        .get(reverse("services:signal_rules"))
        .content.decode()
    )
    assert word in text
    for kind in SignalKind.values:
        assert f'data-testid="rule-{kind}"' in text


def test_rule_edit_is_audited_and_validated(client, world):
    login(client, world.a.users[ZO], "en")
    url = reverse("services:signal_rule_edit", args=["qual_expiring"])
    assert client.post(url, {"action": "task", "domain": "", "days": "0"}).status_code == 200
    assert not SignalRule.objects.exists()
    response = client.post(url, {"enabled": "on", "action": "notify", "days": "60"})
    assert response.status_code == 302
    rule = SignalRule.objects.get()
    assert rule.action == "notify" and rule.params == {"days": 60}
    assert rule.history.count() == 1
    assert AuditEvent.objects.filter(action="services.signal_rule.update").count() == 1


def test_scan_now_shows_the_counts(client, world):
    QualificationFactory(
        enterprise=world.a.enterprise,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=timezone.localdate() + datetime.timedelta(days=30),
    )
    login(client, world.a.users[ZO], "en")
    response = client.post(reverse("services:signal_scan"), follow=True)
    text = response.content.decode()
    assert "scan-result" in text and AdvisorTask.objects.count() == 1
    assert AuditEvent.objects.filter(
        action="services.signals.scan", actor=world.a.users[ZO]
    ).exists()


def test_rules_pages_are_for_officials_only(client, world):
    for role in (PO, PR, EU, AD):
        login(client, world.a.users[role])
        assert client.get(reverse("services:signal_rules")).status_code == 403
        assert client.post(reverse("services:signal_scan")).status_code == 403


# --- API --------------------------------------------------------------------------------------


def api(client, method, path, body=None):
    if method == "get":
        return client.get(f"/api/services{path}")
    return getattr(client, method)(
        f"/api/services{path}", json.dumps(body or {}), content_type="application/json"
    )


def test_api_match_lifecycle(client, world):
    login(client, world.a.users[ZO])
    created = api(
        client,
        "post",
        "/matches",
        {
            "enterprise": world.a.enterprise.pk,
            "kind": "bank",
            "counterpart_name": "银行",
            "need": "贷款",
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api(client, "patch", f"/matches/{pk}", {"need": "更多贷款"}).json()["need"] == "更多贷款"
    assert api(client, "post", f"/matches/{pk}/introduce", {}).json()["status"] == "contacted"
    assert api(client, "post", f"/matches/{pk}/negotiate", {}).status_code == 200
    done = api(client, "post", f"/matches/{pk}/succeed", {"reason": "获批", "amount": "100.50"})
    assert done.json()["amount"] == "100.50" and done.json()["status"] == "succeeded"
    assert api(client, "post", f"/matches/{pk}/introduce", {}).status_code == 409
    follow = api(
        client,
        "post",
        f"/matches/{pk}/follow-ups",
        {"happened_on": timezone.localdate().isoformat(), "note": "回访"},
    )
    assert follow.status_code == 201
    assert len(api(client, "get", "/matches").json()["items"]) == 1
    login(client, world.b.users[ZO])
    assert api(client, "get", f"/matches/{pk}").status_code == 404


def test_api_match_bad_input(client, world):
    login(client, world.a.users[ZO])
    response = api(
        client,
        "post",
        "/matches",
        {"enterprise": True, "kind": "bank", "counterpart_name": "银行", "need": "贷款"},
    )
    assert response.status_code == 422
    response = api(
        client,
        "post",
        "/matches",
        {
            "enterprise": world.b.enterprise.pk,
            "kind": "bank",
            "counterpart_name": "银行",
            "need": "贷款",
        },
    )
    assert response.status_code == 422  # a Django ValidationError naming the field


def test_api_tasks_and_rules(client, world):
    task = a_task(world)
    advisor = advisor_of(world.a, "compliance")
    login(client, world.a.users[ZO])
    assert api(client, "get", "/tasks").json()["items"][0]["id"] == task.pk
    assigned = api(client, "post", f"/tasks/{task.pk}/assign", {"advisor": advisor.pk})
    assert assigned.json()["advisor"] == advisor.pk
    assert api(client, "post", f"/tasks/{task.pk}/dismiss", {"reason": ""}).status_code == 409
    assert (
        api(client, "post", f"/tasks/{task.pk}/dismiss", {"reason": "无需"}).json()["status"]
        == "dismissed"
    )
    assert (
        api(client, "post", f"/tasks/{task.pk}/reopen", {"reason": "再看"}).json()["status"]
        == "open"
    )
    login(client, world.a.users[AD])
    assert api(client, "post", f"/tasks/{task.pk}/done", {}).json()["status"] == "done"
    login(client, world.a.users[ZO])
    rules = api(client, "get", "/signal-rules").json()
    assert [r["kind"] for r in rules] == SignalKind.values and not rules[0]["stored"]
    put = api(
        client,
        "put",
        "/signal-rules/near_miss",
        {"enabled": False, "action": "notify", "max_gap": "0.5"},
    )
    assert put.status_code == 200 and put.json()["max_gap"] == "0.5" and put.json()["stored"]
    scan = api(client, "post", "/signal-rules/scan")
    assert scan.status_code == 200 and {r["kind"] for r in scan.json()} == set(SignalKind.values)
    login(client, world.a.users[PO])
    assert api(client, "get", "/signal-rules").status_code == 403


def test_desk_panel_shows_the_unassigned_tasks_to_officials(world):
    from django.template.loader import render_to_string

    from gaoxin.services.desk_signals import tasks_desk

    task = a_task(world)
    official = tasks_desk(world.a.users[ZO])
    assert official["count"] == 1 and official["tasks"][0]["title"] == task.title
    assert tasks_desk(world.b.users[ZO])["count"] == 0
    html = render_to_string("services/signals/_desk_tasks.html", official)
    assert task.title in html
    advisor = advisor_of(world.a, "compliance")
    AdvisorTask.objects.filter(pk=task.pk).update(advisor=advisor)
    assert tasks_desk(world.a.users[ZO])["count"] == 0
