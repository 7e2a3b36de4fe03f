import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
LIST = reverse("enterprises:list")


@pytest.fixture
def official_client(client, world):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    return client


def test_full_page_has_filters_table_and_rows(official_client, world):
    EnterpriseFactory(name="示例企业有限公司", zone=world.a.zone, is_sample=True)
    response = official_client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert 'data-testid="enterprise-filters"' in html
    assert 'data-testid="enterprise-table"' in html
    assert html.count('data-testid="enterprise-row"') == 2
    assert html.count('data-testid="sample-badge"') == 1
    assert 'data-testid="new-enterprise"' in html
    assert response.context["page_obj"].paginator.count == 2


def test_htmx_gets_the_table_partial(official_client, world):
    response = official_client.get(LIST, {"q": "a企业"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="enterprise-results"' in html
    assert html.count('data-testid="enterprise-row"') == 1
    assert 'hx-swap-oob="true"' in html  # keeps the filter form's sort in step
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_full_page(official_client):
    response = official_client.get(
        LIST, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


def test_pagination_25_per_page_keeps_filters(official_client, world):
    for i in range(30):
        EnterpriseFactory(name=f"批量企业{i:02d}", zone=world.a.zone)
    page1 = official_client.get(LIST, {"q": "批量"})
    assert len(page1.context["page_obj"].object_list) == 25
    assert page1.context["page_obj"].paginator.count == 30
    html = page1.content.decode()
    assert "q=%E6%89%B9%E9%87%8F&amp;page=2" in html
    page2 = official_client.get(LIST, {"q": "批量", "page": 2})
    assert len(page2.context["page_obj"].object_list) == 5
    assert official_client.get(LIST, {"page": "abc"}).status_code == 200
    assert official_client.get(LIST, {"page": 99}).status_code == 200


def test_sort_links_toggle_and_reset_the_page(official_client):
    response = official_client.get(LIST, {"sort": "name", "page": 1, "q": "a"})
    columns = {c["key"]: c for c in response.context["columns"]}
    assert columns["name"]["active"] and columns["name"]["next"] == "-name"
    assert columns["founded"]["next"] == "founded"
    html = response.content.decode()
    assert "?sort=-name&amp;q=a" in html
    assert "page=1&amp;sort" not in html


def test_filters_are_applied(official_client, world):
    EnterpriseFactory(name="研发阶段企业", zone=world.a.zone, stage="rnd")
    response = official_client.get(LIST, {"stage": "rnd"})
    assert [e.name for e in response.context["page_obj"]] == ["研发阶段企业"]
    html = response.content.decode()
    assert '<option value="rnd" selected>' in html  # the filter bar shows what is applied
    park = world.a.park.pk
    html = official_client.get(LIST, {"park": str(park)}).content.decode()
    assert f'<option value="{park}" selected>' in html
    assert '<option value="rnd" selected>' not in html


def test_export_link_carries_the_query_without_page(official_client, world):
    response = official_client.get(LIST, {"q": "a", "page": "1"})
    assert response.context["export_query"] == "q=a"


def test_empty_states(client, world):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    html = client.get(LIST, {"q": "没有这样的企业"}).content.decode()
    assert 'data-testid="empty-filtered"' in html
    Enterprise.objects.filter(zone=world.a.zone).update(zone=world.b.zone, park=world.b.park)
    html = client.get(LIST).content.decode()
    assert 'data-testid="empty-registry"' in html


def test_reviewer_has_no_create_button(client, world):
    client.force_login(world.a.users[Role.PROVINCIAL_REVIEWER])
    html = client.get(LIST).content.decode()
    assert 'data-testid="new-enterprise"' not in html
    assert 'data-testid="enterprise-row"' in html


def test_page_renders_in_english_too(official_client):
    official_client.cookies["django_language"] = "en"
    html = official_client.get(LIST).content.decode()
    assert "Enterprises" in html
