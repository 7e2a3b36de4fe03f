"""The pages render (Chinese and English) and their forms go through the services."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.audit.models import AuditEvent
from gaoxin.experts import services
from gaoxin.experts.choices import AssignmentStatus
from gaoxin.experts.models import Expert, ExpertTie, ScoreSheet

from .factories import TieFactory
from .test_services import FULL

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(official, applicant, policy, pool):
    return services.draw_create(
        actor=official, subject=applicant, enterprise=applicant, policy=policy, n=5, seed=42
    )


def login(client, user, language="zh-hans"):
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_pages_render(client, official, drawn, pool, policy, language):
    login(client, official, language)
    TieFactory(expert=pool[0], enterprise=drawn.enterprise)
    urls = [
        reverse("experts:expert_list"),
        reverse("experts:expert_list") + "?field=医疗器械&q=甲",
        reverse("experts:expert_create"),
        reverse("experts:expert_detail", args=[pool[0].pk]),
        reverse("experts:expert_update", args=[pool[0].pk]),
        reverse("experts:tie_create", args=[pool[0].pk]),
        reverse("experts:tie_delete", args=[pool[0].pk, pool[0].ties.get().pk]),
        reverse("experts:draw_detail", args=[drawn.pk]),
        reverse("experts:assignment_score", args=[drawn.assignments.first().pk]),
        reverse("experts:sheet_list"),
        reverse("experts:sheet_edit", args=[policy.pk]),
        reverse("experts:mine"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_list_searches_by_field_and_paginates(client, official, pool):
    login(client, official)
    body = client.get(reverse("experts:expert_list") + "?field=资本对接").content.decode()
    assert "丙" in body and "甲" not in body
    empty = client.get(reverse("experts:expert_list") + "?q=没有这个人").content.decode()
    assert 'data-testid="no-experts"' in empty


def test_export_xlsx(client, official, pool):
    login(client, official)
    response = client.get(reverse("experts:expert_export") + "?field=医疗器械")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert sorted(r[0] for r in rows[1:]) == ["乙", "戊", "甲"]
    assert AuditEvent.objects.filter(action="experts.pool.export").exists()


def test_create_and_edit_expert(client, official, world):
    login(client, official)
    data = {
        "name": "新专家",
        "organisation_name": "郑州大学",
        "fields": "医疗器械，合规运营",
        "active": "on",
    }
    response = client.post(reverse("experts:expert_create"), data)
    expert = Expert.objects.get(name="新专家")
    assert response.status_code == 302 and expert.zone == world.a.zone
    assert expert.fields == ["医疗器械", "合规运营"] and expert.fields_text == "医疗器械、合规运营"
    data["active"] = ""
    client.post(reverse("experts:expert_update", args=[expert.pk]), data)
    expert.refresh_from_db()
    assert not expert.active


def test_create_without_organisation_names_the_field(client, official):
    login(client, official, "en")
    response = client.post(
        reverse("experts:expert_create"), {"name": "无单位", "fields": "医疗器械"}
    )
    assert response.status_code == 200
    assert 'data-testid="error-organisation_name"' in response.content.decode()
    assert not Expert.objects.filter(name="无单位").exists()


def test_tie_add_and_remove_with_confirmation(client, official, pool, applicant):
    login(client, official)
    url = reverse("experts:tie_create", args=[pool[1].pk])
    data = {
        "enterprise": applicant.pk,
        "kind": "family",
        "note": "亲属",
        "declared_on": "2025-03-01",
    }
    assert client.post(url, data).status_code == 302
    tie = ExpertTie.objects.get(expert=pool[1])
    delete = reverse("experts:tie_delete", args=[pool[1].pk, tie.pk])
    assert "btn-danger" in client.get(delete).content.decode()
    assert ExpertTie.objects.filter(pk=tie.pk).exists()  # a GET asks, it does not remove
    client.post(delete, {"reason": "已离职"})
    assert not ExpertTie.objects.filter(pk=tie.pk).exists()
    assert AuditEvent.objects.get(action="experts.tie.delete").reason == "已离职"


def test_expert_scores_online_from_mine(client, advisor, drawn):
    login(client, advisor)
    mine = client.get(reverse("experts:mine")).content.decode()
    sheet = drawn.assignments.get(expert__user=advisor)
    url = reverse("experts:assignment_score", args=[sheet.pk])
    assert url in mine
    response = client.post(url, {**FULL, "comment": "技术领先"})
    assert response.status_code == 302 and response["Location"] == reverse("experts:mine")
    sheet.refresh_from_db()
    assert sheet.status == AssignmentStatus.SUBMITTED and str(sheet.total) == "78.00"
    assert "技术领先" in client.get(url).content.decode()


def test_score_form_names_the_item(client, advisor, drawn):
    login(client, advisor, "en")
    sheet = drawn.assignments.get(expert__user=advisor)
    url = reverse("experts:assignment_score", args=[sheet.pk])
    body = client.post(url, {**FULL, "tech": "31"}).content.decode()
    assert 'data-testid="error-tech"' in body and "from 0 to 30" in body
    sheet.refresh_from_db()
    assert sheet.status == AssignmentStatus.PENDING


def test_official_records_paper_sheet_and_draw_page_shows_aggregate(client, official, drawn):
    login(client, official, "en")
    low = {"tech": "5", "market": "5", "team": "5", "finance": "5", "compliance": "5"}
    sheets = list(drawn.assignments.all())
    client.post(reverse("experts:assignment_score", args=[sheets[0].pk]), FULL)
    client.post(reverse("experts:assignment_score", args=[sheets[1].pk]), low)
    body = client.get(reverse("experts:draw_detail", args=[drawn.pk])).content.decode()
    assert "Replayed: same result" in body and str(drawn.seed) in body
    assert 'data-testid="disagree"' in body and "51.50" in body  # (78 + 25) / 2


def test_draw_page_shows_exclusions(client, official, applicant, policy, pool):
    TieFactory(expert=pool[2], enterprise=applicant, note="持股5%")
    d = services.draw_create(
        actor=official, subject=applicant, enterprise=applicant, policy=policy, n=2
    )
    login(client, official, "en")
    body = client.get(reverse("experts:draw_detail", args=[d.pk])).content.decode()
    assert "Declared tie with the applicant" in body and "持股5%" in body


def test_draw_summary_include(rf, drawn, official):
    from django.template.loader import render_to_string

    html = render_to_string("experts/_draw_summary.html", {"draw": drawn})
    assert 'data-testid="draw-summary"' in html and str(drawn.seed) in html


def test_draw_summary_links_the_draw_page_for_its_readers(rf, drawn, official, member):
    """The official reaches the draw page (its paper sheets) from the summary; an enterprise
    user, who may not read draws, gets no link."""
    from django.template.loader import render_to_string

    link = reverse("experts:draw_detail", args=[drawn.pk])
    for user, shown in ((official, True), (member, False)):
        request = rf.get("/")
        request.user = user
        html = render_to_string("experts/_draw_summary.html", {"draw": drawn}, request=request)
        assert (f'href="{link}"' in html) is shown


def test_sheet_editor(client, official, world):
    from gaoxin.policies.tests.conftest import make_policy

    policy = make_policy(world.a.zone, title="新政策")
    login(client, official, "en")
    url = reverse("experts:sheet_edit", args=[policy.pk])
    bad = client.post(url, {"items": "tech | 技术 | Tech", "disagreement_threshold": "10"})
    assert "four parts" in bad.content.decode()
    wrong = client.post(url, {"items": "tech | 技术 | Tech | 0", "disagreement_threshold": "10"})
    assert "maximum points" in wrong.content.decode()
    items = "tech | 技术先进性 | Technology | 60\nmarket | 市场前景 | Market | 40"
    assert client.post(url, {"items": items, "disagreement_threshold": "15"}).status_code == 302
    sheet = ScoreSheet.objects.get(policy=policy)
    assert sheet.total_points == 100 and sheet.items[1]["label_zh"] == "市场前景"
    assert "tech | 技术先进性 | Technology | 60" in client.get(url).content.decode()


def test_organisation_choices_leave_out_other_zones(client, official, world):
    login(client, official)
    body = client.get(reverse("experts:expert_create")).content.decode()
    assert str(world.a.enterprise.organisation) in body and str(world.a.province) in body
    assert str(world.b.enterprise.organisation) not in body and str(world.b.operator) not in body
    assert str(world.b.zone) not in body
