"""The stored match set as Excel: its enterprises still in the registry, within the official's
zone, audited; who may download it (listed in tests/test_permission_matrix.py)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.tests.factories import EnterpriseFactory
from gaoxin.policies.matching.match import store_ids

pytestmark = pytest.mark.django_db
URL = "policies:manage_matches_export"


@pytest.fixture
def stored(world, policy):
    """Two sets of the policy's version: an older one and the latest (A's enterprise, a second
    one of zone A, and one deleted since)."""
    version = policy.versions.get()
    second = EnterpriseFactory(name="乙科技有限公司\x07", zone=world.a.zone)  # a stray control char
    gone = EnterpriseFactory(name="已注销企业", zone=world.a.zone)
    ids = sorted([world.a.enterprise.pk, second.pk, gone.pk])
    store_ids(version, ids[:1], as_of=datetime.date(2026, 2, 1))
    latest = store_ids(version, ids, as_of=datetime.date(2026, 3, 1))
    Enterprise.objects.filter(pk=gone.pk).delete()
    assert latest == 3
    return version


def rows(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]


def test_the_latest_set_downloads_with_the_enterprises_still_registered(
    client, world, policy, stored
):
    official = world.a.users[Role.ZONE_OFFICIAL]
    client.force_login(official)
    response = client.get(reverse(URL, args=[policy.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith("_v1_20260301.xlsx")
    table = rows(response)
    assert table[0][:2] == ["企业", "统一社会信用代码"]
    assert sorted(r[0] for r in table[1:]) == sorted([world.a.enterprise.name, "乙科技有限公司"])
    event = AuditEvent.objects.get(action="policies.matches.export")
    assert event.actor == official and event.object_id == str(policy.pk)
    assert event.data["as_of"] == "2026-03-01" and event.data["stored"] == 3
    assert event.data["rows"] == 2  # the deleted enterprise is left out


def test_a_chosen_set_and_the_refusals(client, world, policy, stored):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    older = stored.match_sets.get(as_of=datetime.date(2026, 2, 1))
    table = rows(client.get(reverse(URL, args=[policy.pk]), {"set": older.pk}))
    assert [r[0] for r in table[1:]] == [world.a.enterprise.name]
    assert client.get(reverse(URL, args=[policy.pk]), {"set": "x"}).status_code == 404
    assert client.get(reverse(URL, args=[policy.pk]), {"set": 10**6}).status_code == 404
    stored.match_sets.all().delete()
    assert client.get(reverse(URL, args=[policy.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="policies.matches.export").count() > 1


def test_the_staff_page_links_to_the_download(client, world, policy, stored):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    page = client.get(reverse("policies:manage_detail", args=[policy.pk])).content.decode()
    latest = stored.match_sets.get(as_of=datetime.date(2026, 3, 1))
    assert f"{reverse(URL, args=[policy.pk])}?set={latest.pk}" in page


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_only_the_zones_officials_download(client, world, policy, stored, role):
    client.force_login(world.a.users[role])
    expected = 200 if role == Role.ZONE_OFFICIAL else 403
    assert client.get(reverse(URL, args=[policy.pk])).status_code == expected


def test_another_zones_official_and_anonymous_users(client, world, policy, stored):
    url = reverse(URL, args=[policy.pk])
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(world.b.users[Role.ZONE_OFFICIAL])
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="policies.matches.export").exists()
