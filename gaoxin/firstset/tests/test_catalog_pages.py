"""The public catalog pages: search, filters, pagination, the entry and its check form."""

import pytest
from django.urls import reverse

from gaoxin.audit.models import AuditEvent

from .factories import EditionFactory, EntryFactory, FieldFactory, robot_entry

pytestmark = pytest.mark.django_db


def rows(response):
    return list(response.context["page_obj"].object_list)


def test_search_by_equipment_name_field_and_support_mode(client, edition, robot):
    parts = FieldFactory(edition=edition, name="关键零部件")
    reducer = EntryFactory(
        edition=edition, field=parts, equipment_name="机器人用RV减速器", support_mode="batches"
    )
    url = reverse("firstset:catalog")
    assert rows(client.get(url)) == [robot, reducer]
    assert rows(client.get(url, {"q": "重载"})) == [robot]
    assert rows(client.get(url, {"q": "机器人"})) == [robot, reducer]
    assert rows(client.get(url, {"q": "机器人 减速器"})) == [reducer]
    assert rows(client.get(url, {"field": parts.pk})) == [reducer]
    assert rows(client.get(url, {"support_mode": "units"})) == [robot]
    assert rows(client.get(url, {"support_mode": "bogus", "field": "x"})) == [robot, reducer]
    empty = client.get(url, {"q": "不存在"})
    assert b'data-testid="catalog-no-match"' in empty.content


def test_the_list_shows_the_sample_badge_and_the_current_edition(client, robot):
    response = client.get(reverse("firstset:catalog"))
    html = response.content.decode()
    assert 'data-testid="sample-badge"' in html
    assert "《首台(套)重大技术装备推广应用指导目录(2024年版)》" in html
    assert "额定负载 ≥ 500 kg" in html


def test_another_edition_is_chosen_by_its_id(client, robot):
    older = robot_entry(EditionFactory(year=2021), number="旧-01")
    response = client.get(reverse("firstset:catalog"), {"edition": older.edition_id})
    assert rows(response) == [older]


def test_pagination(client, edition):
    field = FieldFactory(edition=edition)
    for index in range(25):
        EntryFactory(edition=edition, field=field, number=f"N{index:02d}")
    first = client.get(reverse("firstset:catalog"))
    assert len(rows(first)) == 20
    second = client.get(reverse("firstset:catalog"), {"page": 2})
    assert [e.number for e in rows(second)] == ["N20", "N21", "N22", "N23", "N24"]


def test_htmx_gets_only_the_results(client, robot):
    response = client.get(
        reverse("firstset:catalog"), {"q": "重载"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="catalog-results"')
    assert "<nav" not in html.split('id="catalog-results"')[0]


def test_no_edition_yet(client):
    response = client.get(reverse("firstset:catalog"))
    assert b'data-testid="catalog-empty"' in response.content


def test_the_entry_page_lists_the_indicators(client, robot):
    response = client.get(reverse("firstset:entry_detail", kwargs={"pk": robot.pk}))
    html = response.content.decode()
    assert html.count('data-testid="indicator-row"') == 3
    assert 'data-testid="sample-notice"' in html
    assert 'data-testid="check-form"' in html


def check(client, robot, payload: float | None, repeatability, mtbf, **headers):
    fields = {i.name: f"indicator_{i.pk}" for i in robot.indicators.all()}
    data = {
        fields["额定负载"]: payload or "",
        fields["重复定位精度"]: repeatability,
        fields["平均无故障工作时间"]: mtbf,
    }
    return client.post(
        reverse("firstset:entry_check", kwargs={"pk": robot.pk}), data, headers=headers
    )


def result_rows(response):
    return {row["name"]: row for row in response.context["result"]["indicators"]}


def test_a_model_that_beats_every_indicator_is_covered(client, robot):
    response = check(client, robot, "520", "0.08", "60000")
    assert response.context["result"]["covered"] is True
    found = result_rows(response)
    assert found["额定负载"]["margin"] == "20"
    assert found["重复定位精度"]["margin"] == "0.02"
    assert b'data-testid="check-covered"' in response.content


def test_meeting_a_threshold_exactly_counts_as_met(client, robot):
    response = check(client, robot, "500", "0.1", "50000")
    assert response.context["result"]["covered"] is True
    assert {row["margin"] for row in result_rows(response).values()} == {"0", "0.0"}


def test_a_missing_value_is_not_met(client, robot):
    response = check(client, robot, None, "0.08", "60000")
    assert response.context["result"]["covered"] is False
    payload = result_rows(response)["额定负载"]
    assert payload["met"] is False and payload["value"] is None
    assert response.context["failing"] == ["额定负载"]
    assert b'data-testid="check-not-covered"' in response.content


def test_a_failing_value_is_named(client, robot):
    response = check(client, robot, "520", "0.12", "60000")
    assert response.context["failing"] == ["重复定位精度"]
    html = response.content.decode()
    assert 'data-indicator="重复定位精度" data-met="false"' in html


def test_htmx_gets_the_check_panel_and_the_page_works_without_it(client, robot):
    partial = check(client, robot, "520", "0.08", "60000", HX_Request="true")
    assert (
        partial.content.decode().lstrip().startswith('<div class="card shadow-sm" id="check-panel"')
    )
    full = check(client, robot, "520", "0.08", "60000")
    assert b"<html" in full.content and b'data-testid="check-result"' in full.content


def test_a_value_that_is_not_a_number_is_shown_next_to_its_field(client, robot):
    response = check(client, robot, "很重", "0.08", "60000")
    assert response.context["result"] is None
    assert b'data-testid="check-error"' in response.content


def test_checking_saves_nothing(client, robot):
    check(client, robot, "520", "0.08", "60000")
    assert not AuditEvent.objects.exists()
