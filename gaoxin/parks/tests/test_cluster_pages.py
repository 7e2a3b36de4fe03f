"""The cluster pages: the list, the chain map and its table and export, a segment's page with
its forms, the targets page, seen from the managing side and from a reader."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.accounts.tests.factories import OrganisationFactory, UserFactory
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError
from gaoxin.enterprises.tests.factories import ParkFactory
from gaoxin.parks import clusters
from gaoxin.parks.models import ChainSegment, Cluster
from gaoxin.policies.tests.conftest import make_policy

from .cluster_factories import cluster_of, fact, firm, lead, member, segment, signing, target

ZO, PO, PR = Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER


def login(world, role, side="a") -> Client:
    client = Client()
    client.force_login(getattr(world, side).users[role])
    return client


@pytest.fixture
def chain(world):
    a = world.a
    cluster = cluster_of(a)
    up = segment(cluster, "上游", "upstream")
    parts = segment(cluster, "零部件", parent=up)
    raw = segment(cluster, "原料", parent=up)
    mid = segment(cluster, "整机", "midstream")
    institute = firm(a, stage="rnd")
    member(parts, institute)
    maker, seller = firm(a, stage="production"), firm(a, stage="sales")
    member(mid, maker), member(mid, seller)
    fact(maker, 2023, output=1_000_000), fact(maker, 2024, output=2_000_000)
    fact(seller, 2024, output=500_000)
    signing(a, lead(a, mid, status="signed", output=300_000, year=2025))
    policy = make_policy(a.zone, title="整机扶持政策")
    policy.chain_segments = "整机,别的"
    policy.save()
    return {"cluster": cluster, "up": up, "parts": parts, "raw": raw, "mid": mid, "policy": policy}


def _rows(html: str) -> dict[str, str]:
    return dict(
        re.findall(r'data-testid="segment-row" data-segment="(\d+)">(.*?)</tr>', html, re.S)
    )


@pytest.mark.django_db
def test_chain_map_table_counts_gaps_and_links(world, chain):
    html = login(world, PO).get(reverse("clusters:detail", args=[chain["cluster"].pk])).content
    html = html.decode()
    rows = _rows(html)
    mid = rows[str(chain["mid"].pk)]
    link = f'<a href="/enterprises/?segment={chain["mid"].pk}">2</a>'
    assert f'data-testid="segment-enterprises">{link}</td>' in mid
    assert 'data-testid="segment-signed">1</td>' in mid
    assert "250" in mid  # 2 000 000 + 500 000 yuan = 250 万元
    assert chain["policy"].title in mid and 'data-testid="gap"' not in mid
    assert 'data-gap="rnd_only"' in rows[str(chain["parts"].pk)]
    assert 'data-gap="empty"' in rows[str(chain["raw"].pk)]
    assert 'data-gap="rnd_only"' in rows[str(chain["up"].pk)]  # its own and its children's
    tree = json.loads(re.search(r'id="chain-map-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    upstream = tree["children"][0]["children"][0]
    assert upstream["name"] == "上游" and upstream["enterprises"] == 1
    assert upstream["url"] == reverse("clusters:segment", args=[chain["up"].pk])
    midstream = tree["children"][1]["children"][0]
    assert Decimal(midstream["output"]) == 2500000 and midstream["signings"] == 1


@pytest.mark.django_db
def test_chain_map_queries_do_not_grow_with_segments_and_firms(world, chain):
    client = login(world, ZO)
    url = reverse("clusters:detail", args=[chain["cluster"].pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        seg = segment(chain["cluster"], f"新环节{n}", parent=chain["mid"])
        for _ in range(3):
            f = firm(world.a)
            member(seg, f)
            fact(f, 2024, output=100)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


@pytest.mark.django_db
def test_chain_export_has_every_segment_and_is_audited(world, chain):
    response = login(world, PR).get(reverse("clusters:export", args=[chain["cluster"].pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 1 + 4
    mid = next(r for r in rows if r[0] == "整机")
    assert mid[3] == 2 and mid[6] == 1 and mid[7] == 1 and mid[8] == 2500000 and mid[9] == 1
    assert AuditEvent.objects.filter(action="parks.cluster.export").count() == 1


@pytest.mark.django_db
def test_cluster_list_and_create(world, chain):
    target(chain["cluster"], amount="10000000", milestones={})
    html = login(world, PR).get(reverse("clusters:list")).content.decode()
    assert 'data-testid="cluster-enterprises">3<' in html
    assert 'data-testid="cluster-progress">25%' in html
    assert 'data-testid="new-cluster"' not in html
    client = login(world, ZO)
    response = client.post(
        reverse("clusters:create"), {"name": "新材料", "parks": [world.a.park.pk]}
    )
    cluster = Cluster.objects.get(name="新材料")
    assert response.url == reverse("clusters:detail", args=[cluster.pk])
    response = client.post(reverse("clusters:create"), {"name": "新材料"})
    assert 'data-testid="error-name"' in response.content.decode()
    empty = login(world, ZO, "b").get(reverse("clusters:list")).content.decode()
    assert 'data-testid="no-clusters"' in empty


@pytest.mark.django_db
def test_segment_page_membership_forms(world, chain):
    mid = chain["mid"]
    url = reverse("clusters:segment", args=[mid.pk])
    reader = login(world, PR).get(url).content.decode()
    assert reader.count('data-testid="member-row"') == 2
    assert 'data-testid="add-member"' not in reader and chain["policy"].title in reader
    client = login(world, PO)
    page = client.get(url).content.decode()
    assert 'data-testid="add-member"' in page and 'data-testid="signing-row"' in page
    lead_url = reverse("investment:lead_detail", args=[chain["mid"].signings.get().lead_id])
    assert lead_url in page
    newcomer = firm(world.a)
    response = client.post(
        reverse("clusters:membership_add", args=[mid.pk]), {"enterprise": newcomer.pk}
    )
    assert response.status_code == 302 and mid.memberships.filter(enterprise=newcomer).exists()
    # an enterprise of another zone is not a choice
    response = client.post(
        reverse("clusters:membership_add", args=[mid.pk]), {"enterprise": world.b.enterprise.pk}
    )
    assert (
        response.status_code == 200
        and 'data-testid="error-enterprise"' in response.content.decode()
    )
    remove = reverse("clusters:membership_remove", args=[mid.pk, newcomer.pk])
    assert 'data-testid="confirm"' in client.get(remove).content.decode()
    assert mid.memberships.filter(enterprise=newcomer).exists()
    client.post(remove)
    assert not mid.memberships.filter(enterprise=newcomer).exists()


@pytest.mark.django_db
def test_segment_create_edit_delete(world, chain):
    client = login(world, ZO)
    cluster = chain["cluster"]
    response = client.post(
        reverse("clusters:segment_create", args=[cluster.pk]) + f"?parent={chain['up'].pk}",
        {"name": "芯片", "parent": chain["up"].pk, "order": 3},
    )
    chip = ChainSegment.objects.get(name="芯片")
    assert response.url == reverse("clusters:segment", args=[chip.pk])
    assert chip.position == "upstream"
    # a cycle is refused on the parent field
    response = client.post(
        reverse("clusters:segment_update", args=[chain["up"].pk]),
        {"name": "上游", "parent": chip.pk, "order": 0},
    )
    assert 'data-testid="error-parent"' in response.content.decode()
    # a segment with firms is not deleted
    delete = reverse("clusters:segment_delete", args=[chain["mid"].pk])
    client.post(delete)
    assert ChainSegment.objects.filter(pk=chain["mid"].pk).exists()
    delete = reverse("clusters:segment_delete", args=[chip.pk])
    assert 'data-testid="confirm"' in client.get(delete).content.decode()
    assert client.post(delete).url == reverse("clusters:detail", args=[cluster.pk])
    assert not ChainSegment.objects.filter(pk=chip.pk).exists()


@pytest.mark.django_db
def test_advisors_form(world, chain):
    from gaoxin.experts.tests.factories import ExpertFactory

    ours = ExpertFactory(zone=world.a.zone, name="张顾问")
    ExpertFactory(zone=world.b.zone, name="别区专家")
    client = login(world, ZO)
    url = reverse("clusters:segment_advisors", args=[chain["mid"].pk])
    page = client.get(url).content.decode()
    assert "张顾问" in page and "别区专家" not in page
    client.post(url, {"advisors": [ours.pk]})
    assert list(chain["mid"].advisors.all()) == [ours]


@pytest.mark.django_db
def test_targets_page_forms_and_export(world, chain):
    client = login(world, PO)
    cluster = chain["cluster"]
    response = client.post(
        reverse("clusters:target_create", args=[cluster.pk]),
        {
            "name": "产值目标",
            "metric": "output_value",
            "base_year": 2024,
            "target_year": 2026,
            "amount": "5,000,000",
        },
    )
    t = cluster.targets.get()
    assert response.url == reverse("clusters:milestone_set", args=[t.pk])
    milestones = reverse("clusters:milestone_set", args=[t.pk])
    client.post(milestones, {"year": 2025, "amount": "3000000"})
    response = client.post(milestones, {"year": 2030, "amount": "1"})
    assert 'data-testid="error-year"' in response.content.decode()
    html = client.get(reverse("clusters:targets", args=[cluster.pk])).content.decode()
    row_2025 = re.search(r'data-year="2025">(.*?)</tr>', html, re.S).group(1)
    # actual 2024: 250 万元; forecast 2025: + the signed lead's 30 万元; gap 300 − 280 = 20
    assert ">280<" in row_2025 and ">20<" in row_2025
    assert 'id="target-charts-data"' in html
    export = client.get(reverse("clusters:targets_export", args=[cluster.pk]))
    book = load_workbook(io.BytesIO(export.content))
    first = list(book.worksheets[0].values)
    assert first[2][:5] == (2025, 3000000, None, 2800000, 200000)
    assert book.worksheets[-1].max_row == 1 + 4
    reader = login(world, PR).get(reverse("clusters:targets", args=[cluster.pk])).content.decode()
    assert 'data-testid="set-milestones"' not in reader


@pytest.mark.django_db
def test_segment_page_shows_another_operators_leads_to_no_one_else(world, chain):
    """Two operators of the zone share the cluster: each sees the segment, and only its own
    parks' firms, leads and signings."""
    other = OrganisationFactory(
        name="另一运营方", kind=OrganisationKind.PARK_OPERATOR, zone=world.a.zone
    )
    chain["cluster"].parks.add(ParkFactory(zone=world.a.zone, operator=other))
    user = UserFactory(username="other_operator", role=Role.PARK_OPERATOR, organisation=other)
    client = Client()
    client.force_login(user)
    page = client.get(reverse("clusters:segment", args=[chain["mid"].pk])).content.decode()
    assert chain["mid"].name in page
    assert 'data-testid="member-row"' not in page and 'data-testid="signing-row"' not in page
    # nor offered, added or removed: the first operator's firms are not in its scope
    mine = firm(world.a)  # in world.a.park, the first operator's
    assert mine.name not in page
    member_of_a = chain["mid"].memberships.first().enterprise
    add = reverse("clusters:membership_add", args=[chain["mid"].pk])
    assert (
        'data-testid="error-enterprise"'
        in client.post(add, {"enterprise": mine.pk}).content.decode()
    )
    remove = reverse("clusters:membership_remove", args=[chain["mid"].pk, member_of_a.pk])
    assert client.post(remove).status_code == 404
    assert chain["mid"].memberships.filter(enterprise=member_of_a).exists()
    assert not chain["mid"].memberships.filter(enterprise=mine).exists()
    with pytest.raises(DomainError) as refused:  # the service refuses it too
        clusters.membership_add(actor=user, segment=chain["mid"], enterprise=mine)
    assert refused.value.field == "enterprise"
