"""The park pages: list, park page (platforms, enterprises, spaces, free-only filter), the
forms, the Excel export and the public page."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.tests.factories import EnterpriseFactory
from gaoxin.parks.models import Park, Platform, Space

pytestmark = pytest.mark.django_db


def test_the_operator_sees_its_park_with_counts(client, operator, park, spaces, platform):
    client.force_login(operator)
    html = client.get(reverse("parks:list")).content.decode()
    assert park.name in html and "b园区" not in html
    assert 'data-testid="park-free-units">1 / 3<' in html
    assert f"?park={park.pk}" in html


def test_the_list_is_empty_for_an_official_of_a_zone_without_parks(client, world):
    Enterprise.objects.filter(park=world.a.park).update(park=None)
    Park.objects.filter(pk=world.a.park.pk).delete()
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    html = client.get(reverse("parks:list")).content.decode()
    assert 'data-testid="no-parks"' in html and 'data-testid="new-park"' in html


def test_the_park_page_shows_platforms_enterprises_and_spaces(
    client, operator, park, spaces, platform, world
):
    client.force_login(operator)
    html = client.get(reverse("parks:detail", args=[park.pk])).content.decode()
    assert platform.name in html and "共享实验室" in html and "0371-6000-0011" in html
    assert html.count('data-testid="park-enterprise"') == 1 and world.a.enterprise.name in html
    assert html.count('data-testid="space-row"') == 3
    assert 'data-testid="occupancy-rate">58.0%' in html  # (300 + 280) / 1000
    assert 'data-testid="edit-park"' in html


def test_free_only_shows_the_free_units(client, operator, park, spaces):
    client.force_login(operator)
    html = client.get(reverse("parks:detail", args=[park.pk]) + "?free=1").content.decode()
    assert html.count('data-testid="space-row"') == 1 and 'data-occupancy="free"' in html


def test_the_enterprise_list_of_the_park_follows_enterprise_park(client, operator, park, world):
    client.force_login(operator)
    url = reverse("parks:detail", args=[park.pk])
    firm = EnterpriseFactory(name="新落地企业有限公司", zone=world.a.zone, park=None)
    assert firm.name not in client.get(url).content.decode()
    Enterprise.objects.filter(pk=firm.pk).update(park=park)
    assert firm.name in client.get(url).content.decode()


def test_the_other_sides_operator_gets_404(client, world, park, spaces):
    client.force_login(world.b.users[Role.PARK_OPERATOR])
    assert client.get(reverse("parks:detail", args=[park.pk])).status_code == 404
    url = reverse("parks:space_occupancy", args=[park.pk, spaces["free"].pk])
    assert client.get(url).status_code == 404


def test_a_reviewer_reads_but_does_not_edit(client, reviewer, park, spaces):
    client.force_login(reviewer)
    html = client.get(reverse("parks:detail", args=[park.pk])).content.decode()
    assert 'data-testid="edit-park"' not in html and 'data-testid="change-occupancy"' not in html
    assert client.get(reverse("parks:update", args=[park.pk])).status_code == 403


def test_the_operator_lets_a_free_unit_through_the_form(client, operator, park, spaces, world):
    client.force_login(operator)
    url = reverse("parks:space_occupancy", args=[park.pk, spaces["free"].pk])
    data = {"occupancy": "occupied", "occupant": world.a.enterprise.pk, "reason": "租赁合同已签"}
    response = client.post(url, {**data, "reason": ""})
    assert response.status_code == 200 and 'data-testid="error-reason"' in response.content.decode()
    response = client.post(url, {**data, "occupant": ""})
    assert 'data-testid="error-occupant"' in response.content.decode()
    assert client.post(url, data).status_code == 302
    space = Space.objects.get(pk=spaces["free"].pk)
    assert space.occupancy == "occupied" and space.occupant == world.a.enterprise
    assert AuditEvent.objects.filter(action="parks.space.occupancy", actor=operator).exists()


def test_the_operator_adds_a_building_and_a_unit(client, operator, park):
    client.force_login(operator)
    response = client.post(
        reverse("parks:building_create", args=[park.pk]), {"name": "中试楼 B", "floors": "4"}
    )
    assert response.status_code == 302
    building = park.buildings.get(name="中试楼 B")
    url = reverse("parks:space_create", args=[park.pk])
    data = {"building": building.pk, "code": "B101", "floor": "1", "area": "0", "use": "lab"}
    response = client.post(url, data)
    assert 'data-testid="error-area"' in response.content.decode()
    assert client.post(url, {**data, "area": "860"}).status_code == 302
    space = building.spaces.get()
    response = client.post(
        reverse("parks:space_update", args=[park.pk, space.pk]),
        {"code": "B101", "floor": "1", "area": "880", "use": "mixed"},
    )
    assert response.status_code == 302
    assert str(Space.objects.get(pk=space.pk).area) == "880.00"


def test_deleting_a_platform_asks_for_confirmation(client, operator, park, platform):
    client.force_login(operator)
    url = reverse("parks:platform_delete", args=[park.pk, platform.pk])
    assert 'name="confirm"' in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 200
    assert Platform.objects.filter(pk=platform.pk).exists()
    assert client.post(url, {"confirm": "on", "reason": "并入"}).status_code == 302
    assert not Platform.objects.filter(pk=platform.pk).exists()


def test_an_official_creates_a_park(client, official, world):
    client.force_login(official)
    url = reverse("parks:create")
    data = {
        "name": "新园区",
        "operator": world.a.operator.pk,
        "focus": "生物医药",
        "is_public": "on",
    }
    response = client.post(url, data)
    park = Park.objects.get(name="新园区")
    assert response.status_code == 302 and park.zone == world.a.zone
    response = client.post(url, {**data, "operator": world.b.operator.pk, "name": "错"})
    assert response.status_code == 200 and not Park.objects.filter(name="错").exists()


def test_the_spaces_export(client, official, park, spaces, world):
    client.force_login(official)
    response = client.get(reverse("parks:spaces_export", args=[park.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 4 and rows[1][1] == "A101" and rows[1][3] == 420
    assert world.a.enterprise.name in [row[6] for row in rows]
    assert AuditEvent.objects.filter(action="parks.park.export", actor=official).exists()


def test_the_public_page_shows_free_units_and_no_occupant(client, park, spaces, platform, world):
    html = client.get(reverse("parks:public", args=[park.pk])).content.decode()
    assert html.count('data-testid="public-space"') == 1 and "A101" in html
    assert "A102" not in html and world.a.enterprise.name not in html
    assert "共享实验室" in html and "0371-6000-0011" in html


def test_a_park_that_is_not_public_has_no_public_page(client, park):
    Park.objects.filter(pk=park.pk).update(is_public=False)
    assert client.get(reverse("parks:public", args=[park.pk])).status_code == 404
    assert client.get(reverse("parks:public", args=[99999])).status_code == 404


def test_the_portal_links_each_park_to_its_public_page(client, park):
    html = client.get(reverse("portal:policy_list")).content.decode()
    assert reverse("parks:public", args=[park.pk]) in html
