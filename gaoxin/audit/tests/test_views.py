"""The auditor's pages: only the auditor, only their zone's events, exports are recorded."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent

from .conftest import raw_sql, write

OTHER_ROLES = [r for r in Role.values if r != Role.AUDITOR]


def pages(events):
    return [
        ("get", reverse("audit:event_list")),
        ("get", reverse("audit:event_detail", args=[events[0].pk])),
        ("get", reverse("audit:event_export")),
        ("post", reverse("audit:event_verify")),
    ]


@pytest.mark.django_db
class TestPermissions:
    def test_anonymous_goes_to_login(self, client, world, events):
        for method, url in pages(events):
            response = getattr(client, method)(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("accounts:login"))

    @pytest.mark.parametrize("role", OTHER_ROLES)
    def test_every_other_role_is_refused(self, client, world, events, role):
        """三员分立: the system and security administrators cannot read the trail either."""
        client.force_login(world.a.users[role])
        for method, url in pages(events):
            assert getattr(client, method)(url).status_code == 403, url
        assert not AuditEvent.objects.filter(action="audit.export").exists()

    def test_the_auditor_reads(self, client, world, events, auditor):
        client.force_login(auditor)
        for method, url in pages(events):
            assert getattr(client, method)(url).status_code == 200, url

    def test_another_zones_event_is_not_found(self, client, world, events, auditor):
        client.force_login(auditor)
        theirs = events[-1]
        assert client.get(reverse("audit:event_detail", args=[theirs.pk])).status_code == 404
        client.force_login(world.b.users[Role.AUDITOR])
        assert client.get(reverse("audit:event_detail", args=[theirs.pk])).status_code == 200
        assert client.get(reverse("audit:event_detail", args=[events[0].pk])).status_code == 404

    def test_the_verify_button_is_post_only(self, client, world, auditor):
        client.force_login(auditor)
        assert client.get(reverse("audit:event_verify")).status_code == 405


@pytest.mark.django_db
class TestList:
    def listed(self, client, **filters):
        response = client.get(reverse("audit:event_list"), filters)
        assert response.status_code == 200
        return [e.pk for e in response.context["page_obj"]]

    def test_newest_first_and_only_the_zone(self, client, events, auditor):
        client.force_login(auditor)
        assert self.listed(client) == [e.pk for e in reversed(events[:5])]

    def test_filters(self, client, world, events, auditor):
        client.force_login(auditor)
        assert self.listed(client, action="test.thing.step1") == [events[1].pk]
        assert len(self.listed(client, action="test.")) == 5
        assert self.listed(client, q="第3步") == [events[3].pk]
        official = world.a.users[Role.ZONE_OFFICIAL]
        assert len(self.listed(client, actor=official.username)) == 5
        assert len(self.listed(client, actor=str(official)[:2])) == 5
        assert len(self.listed(client, organisation=world.a.zone.pk)) == 5
        assert self.listed(client, organisation=world.a.operator.pk) == []
        assert len(self.listed(client, object_type="accounts.user")) == 5
        today = timezone.localdate()
        assert len(self.listed(client, date_from=today.isoformat(), date_to=today.isoformat())) == 5
        assert self.listed(client, date_from=(today + timedelta(days=1)).isoformat()) == []
        assert self.listed(client, date_to=(today - timedelta(days=1)).isoformat()) == []
        assert self.listed(client, date_from="not-a-date") == []

    def test_row_shows_time_action_actor_org_object_summary_reason_ip_request(
        self, client, world, events, auditor
    ):
        client.force_login(auditor)
        page = client.get(reverse("audit:event_list")).content.decode()
        event = events[2]
        local = timezone.localtime(event.occurred_at).strftime("%Y-%m-%d %H:%M:%S")
        for text in (
            local,
            event.action,
            event.actor_name,
            world.a.zone.name,
            event.object_repr,
            event.summary,
            "测试",
            "Asia/Shanghai",
        ):
            assert text in page

    def test_web_events_carry_ip_and_request_id(self, client, world, auditor, sysadmin):
        client.force_login(sysadmin)
        client.post(
            reverse("accounts:organisation_create"),
            {"name": "新单位", "kind": "enterprise", "zone": world.a.zone.pk},
            HTTP_X_REQUEST_ID="req-12345",
        )
        event = AuditEvent.objects.get(action="accounts.organisation.create")
        assert event.ip == "127.0.0.1" and event.request_id == "req-12345"
        assert event.channel == "web"
        client.force_login(auditor)
        page = client.get(reverse("audit:event_list")).content.decode()
        assert "127.0.0.1" in page and "req-12345" in page

    def test_paginates_by_50(self, client, world, auditor):
        for n in range(55):
            write(world.a.users[Role.ZONE_OFFICIAL], summary=f"e{n}")
        client.force_login(auditor)
        assert len(self.listed(client)) == 50
        assert len(self.listed(client, page=2)) == 5

    def test_reading_is_not_recorded(self, client, events, auditor):
        client.force_login(auditor)
        before = AuditEvent.objects.count()
        client.get(reverse("audit:event_list"))
        client.get(reverse("audit:event_detail", args=[events[0].pk]))
        assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_detail_shows_data_and_hashes(client, events, auditor):
    client.force_login(auditor)
    event = events[2]
    response = client.get(reverse("audit:event_detail", args=[event.pk]))
    page = response.content.decode()
    assert event.hash in page and event.prev_hash in page
    assert "&quot;n&quot;: 2" in page
    assert response.context["content_ok"] and response.context["link_ok"]


@pytest.mark.django_db
def test_detail_checks_an_sm3_row_with_sm3(client, world, auditor, settings):
    settings.AUDIT_HASH_ALGORITHM = "sm3"
    official = world.a.users[Role.ZONE_OFFICIAL]
    event = write(official, action="test.sm3", summary="国密", obj=official)
    assert event.hash_algorithm == "sm3"
    client.force_login(auditor)
    response = client.get(reverse("audit:event_detail", args=[event.pk]))
    assert response.context["content_ok"] and response.context["link_ok"]


@pytest.mark.django_db
def test_detail_flags_an_edited_row(client, events, auditor):
    raw_sql("UPDATE {table} SET summary = %s WHERE id = %s", ["改过", events[1].pk])
    client.force_login(auditor)
    response = client.get(reverse("audit:event_detail", args=[events[1].pk]))
    assert not response.context["content_ok"]


@pytest.mark.django_db
class TestExport:
    def rows(self, response):
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        return list(workbook.active.iter_rows(values_only=True))

    def test_exports_the_filtered_list_and_records_it(self, client, world, events, auditor):
        client.force_login(auditor)
        response = client.get(reverse("audit:event_export"), {"action": "test.thing.step"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in response["Content-Disposition"]
        rows = self.rows(response)
        assert len(rows) == 1 + 5
        assert [row[0] for row in rows[1:]] == [e.pk for e in reversed(events[:5])]
        assert rows[1][8] == "第4步"
        record = AuditEvent.objects.get(action="audit.export")
        assert record.actor == auditor
        assert record.data == {"filters": {"action": "test.thing.step"}, "rows": 5}

    def test_text_never_becomes_a_formula(self, client, world, auditor):
        write(
            world.a.users[Role.ZONE_OFFICIAL], summary='=HYPERLINK("http://x")', reason="\x07bell"
        )
        client.force_login(auditor)
        rows = self.rows(client.get(reverse("audit:event_export")))
        assert rows[1][8] == '=HYPERLINK("http://x")'
        assert rows[1][9] == "bell"

    def test_other_zones_events_are_not_exported(self, client, events, auditor):
        client.force_login(auditor)
        rows = self.rows(client.get(reverse("audit:event_export")))
        assert "乙方的事件" not in {row[8] for row in rows}


@pytest.mark.django_db
class TestVerifyButton:
    def test_ok(self, client, events, auditor):
        client.force_login(auditor)
        response = client.post(reverse("audit:event_verify"), HTTP_HX_REQUEST="true")
        assert 'data-testid="verify-ok"' in response.content.decode()
        assert "<html" not in response.content.decode()  # a partial for HTMX
        assert response.context["result"].count == len(events)

    def test_names_the_first_bad_row(self, client, events, auditor):
        raw_sql("UPDATE {table} SET summary = %s WHERE id = %s", ["改过", events[2].pk])
        client.force_login(auditor)
        response = client.post(reverse("audit:event_verify"))
        page = response.content.decode()
        assert 'data-testid="verify-bad"' in page
        assert reverse("audit:event_detail", args=[events[2].pk]) in page
        assert "<html" in page  # without HTMX, a whole page


@pytest.mark.django_db
class TestActionsAndChanges:
    def test_filter_by_a_list_of_actions(self, client, events, auditor):
        client.force_login(auditor)
        url = reverse("audit:event_list")
        response = client.get(url, {"actions": ["test.thing.step1", "test.thing.step3"]})
        assert [e.pk for e in response.context["page_obj"]] == [events[3].pk, events[1].pk]
        response = client.get(url, {"actions": "test.thing.step1,test.thing.step4"})
        assert [e.pk for e in response.context["page_obj"]] == [events[4].pk, events[1].pk]

    def test_the_filter_offers_labelled_actions_grouped_by_app(self, client, auditor):
        client.force_login(auditor)
        client.cookies["django_language"] = "zh-hans"
        page = client.get(reverse("audit:event_list")).content.decode()
        assert 'name="actions"' in page and "multiple" in page
        assert '<optgroup label="政策">' in page
        assert '<option value="policies.draft.save">保存政策草稿</option>' in page

    def test_rows_show_the_label_and_the_changes(self, client, world, auditor):
        official = world.a.users[Role.ZONE_OFFICIAL]
        event = write(
            official,
            action="enterprises.enterprise.update",
            obj=official,
            changes={"first_name": ["甲", "乙"]},
        )
        client.force_login(auditor)
        client.cookies["django_language"] = "zh-hans"
        page = client.get(reverse("audit:event_list")).content.decode()
        assert "修改企业档案" in page and "enterprises.enterprise.update" in page
        assert "甲 → 乙" in page
        detail = client.get(reverse("audit:event_detail", args=[event.pk]))
        rows = detail.context["changes"]
        assert [(r.field, r.before, r.after) for r in rows] == [("first_name", "甲", "乙")]
        assert 'data-testid="change-table"' in detail.content.decode()


def test_field_changes_keeps_only_what_changed():
    from decimal import Decimal

    from gaoxin.audit.changes import field_changes, snapshot

    before = snapshot({"a": Decimal("4.00"), "b": "x", "c": None}, ["a", "b", "c"])
    after = snapshot({"a": Decimal("6.00"), "b": "x", "c": None}, ["a", "b", "c"])
    assert field_changes(before, after) == {"a": ["4.00", "6.00"]}
    assert field_changes({"a": 1}, {}) == {"a": [1, None]}
