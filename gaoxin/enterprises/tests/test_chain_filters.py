"""The enterprise list filtered by chain segment and by cluster (the dashboard's drill-down):
page, chips that clear the filter, Excel export and API; a bad value is an empty list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.dashboard.tests.helpers import join, make_chain, workbook_rows
from gaoxin.enterprises.selectors import enterprise_list

from .factories import EnterpriseFactory


@pytest.fixture
def chain(world):
    a = world.a
    world.second = EnterpriseFactory(zone=a.zone, park=a.park, name="二号企业")
    world.outsider = EnterpriseFactory(zone=a.zone, park=a.park, name="链外企业")
    world.imaging, world.ivd = make_chain(a.zone, [a.park])
    join(world.imaging, a.enterprise, world.second)
    join(world.ivd, a.enterprise)
    # side B: its own cluster and firm, in a segment
    (world.b_segment,) = make_chain(world.b.zone, [world.b.park], names=["B环节"])
    join(world.b_segment, world.b.enterprise)
    return world


def names(user, **filters) -> list[str]:
    return sorted(e.name for e in enterprise_list(user=user, filters=filters))


@pytest.mark.django_db
def test_segment_and_cluster_filters(chain):
    official = chain.a.users[Role.ZONE_OFFICIAL]
    a, second = chain.a.enterprise.name, chain.second.name
    assert names(official, segment=str(chain.imaging.pk)) == sorted([a, second])
    assert names(official, segment=str(chain.ivd.pk)) == [a]
    # a firm in two segments of the cluster is listed once
    assert names(official, cluster=str(chain.imaging.cluster_id)) == sorted([a, second])
    assert names(official, cluster=str(chain.imaging.cluster_id), segment=str(chain.ivd.pk)) == [a]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "²", "99999999999999999999999", "0"])
def test_a_value_that_is_no_segment_gives_an_empty_list(client, chain, value):
    official = chain.a.users[Role.ZONE_OFFICIAL]
    assert names(official, segment=value) == [] and names(official, cluster=value) == []
    client.force_login(official)
    for name in ("segment", "cluster"):
        response = client.get(reverse("enterprises:list"), {name: value})
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count == 0


@pytest.mark.django_db
def test_another_organisations_segment_lists_nothing_of_theirs(chain):
    official = chain.a.users[Role.ZONE_OFFICIAL]
    assert names(official, segment=str(chain.b_segment.pk)) == []
    operator_b = chain.b.users[Role.PARK_OPERATOR]
    assert names(operator_b, segment=str(chain.imaging.pk)) == []


@pytest.mark.django_db
def test_the_list_shows_which_filter_is_on_and_clears_it(client, chain):
    client.force_login(chain.a.users[Role.ZONE_OFFICIAL])
    client.cookies["django_language"] = "en"
    listing = reverse("enterprises:list")
    response = client.get(listing, {"segment": chain.imaging.pk, "stage": "production"})
    page = response.content.decode()
    assert 'data-testid="filter-chip" data-filter="segment"' in page
    assert "Chain segment: 医学影像设备" in page
    assert f'href="{listing}?stage=production" data-testid="filter-chip-clear"' in page
    # the search form keeps the filter
    assert f'<input type="hidden" name="segment" value="{chain.imaging.pk}">' in page
    assert response.context["filters"].active
    page = client.get(listing, {"cluster": chain.imaging.cluster_id}).content.decode()
    assert "Industrial cluster: 医疗器械" in page
    assert f'href="{listing}" data-testid="filter-chip-clear"' in page
    # a segment the user does not see: the chip shows the raw value, the list is empty
    response = client.get(listing, {"segment": chain.b_segment.pk})
    assert f"Chain segment: {chain.b_segment.pk}" in response.content.decode()
    assert response.context["page_obj"].paginator.count == 0
    assert "B环节" not in response.content.decode()


@pytest.mark.django_db
def test_the_export_and_the_api_filter_the_same(client, chain):
    client.force_login(chain.a.users[Role.ZONE_OFFICIAL])
    response = client.get(reverse("enterprises:export"), {"segment": chain.ivd.pk})
    rows = workbook_rows(b"".join(response.streaming_content))
    assert [row[0] for row in rows[1:]] == [chain.a.enterprise.uscc]
    response = client.get("/api/enterprises", {"segment": chain.imaging.pk})
    assert response.status_code == 200
    body = response.json()
    items = body["items"] if isinstance(body, dict) else body
    assert sorted(item["name"] for item in items) == sorted(
        [chain.a.enterprise.name, chain.second.name]
    )
    assert client.get("/api/enterprises", {"cluster": "abc"}).status_code == 422
