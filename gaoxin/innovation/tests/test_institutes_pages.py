"""The institutes pages: the matrix of the object URLs from every role of both sides, the
pages in Chinese and English, the empty states, the forms at work and the exports."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.innovation.choices import MemberRole
from gaoxin.innovation.models import Institute

from .factories_institutes import add_outputs, make_institute, make_project

pytestmark = pytest.mark.django_db

ZO, PO, PR, EU = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
)
READERS = {ZO: 200, PO: 200, PR: 200, EU: 200}
MANAGERS = {ZO: 200, PO: 200}


def client_of(user, lang: str = "zh-hans") -> Client:
    client = Client()
    client.cookies["django_language"] = lang  # pages follow the language switch's cookie
    client.force_login(user)
    return client


def _urls(institute):
    member = institute.members.get(role=MemberRole.LEAD)
    criterion = institute.gate_criteria.first()
    pk = institute.pk
    return {
        "institute_detail": ([pk], READERS),
        "institute_detail_export": ([pk], READERS),
        "institute_update": ([pk], MANAGERS),
        "institute_member_add": ([pk], MANAGERS),
        "institute_member_update": ([pk, member.pk], MANAGERS),
        "institute_member_remove": ([pk, member.pk], MANAGERS),
        "institute_criteria": ([pk], MANAGERS),
        "institute_criterion_remove": ([pk, criterion.pk], MANAGERS),
    }


def _with_criterion(world):
    from gaoxin.innovation import services_institutes as services

    institute = make_institute(world.a)
    services.criterion_add(actor=None, institute=institute, gate="to_pilot", text="样品达标")
    return institute


def test_object_urls_by_role_and_from_the_other_organisation(world):
    institute = _with_criterion(world)
    clients = {role: client_of(world.a.users[role]) for role in Role}
    others = {role: client_of(world.b.users[role]) for role in Role}
    for name, (args, allowed) in _urls(institute).items():
        url = reverse(f"innovation:{name}", args=args)
        assert Client().get(url).status_code == 302, name  # to the login page
        for role in Role:
            expected = allowed.get(role, 403)
            if role == PR and name in MANAGER_NAMES:
                expected = 403  # reads the institute, works on nothing
            response = clients[role].get(url)
            assert response.status_code == expected, (name, role, response.status_code)
            if role in allowed:
                other = others[role].get(url)
                assert other.status_code == 404, (name, role, "other side")


MANAGER_NAMES = {
    "institute_update",
    "institute_member_add",
    "institute_member_update",
    "institute_member_remove",
    "institute_criteria",
    "institute_criterion_remove",
}


def test_enterprise_user_of_a_non_member_gets_404(world):
    from gaoxin.enterprises.tests.factories import EnterpriseFactory

    institute = make_institute(world.a)
    from gaoxin.accounts.tests.factories import UserFactory

    outsider = EnterpriseFactory(zone=world.a.zone, park=world.a.park)
    user = UserFactory(username="outsider", role=EU, organisation=outsider.organisation)
    url = reverse("innovation:institute_detail", args=[institute.pk])
    assert client_of(user).get(url).status_code == 404
    assert client_of(world.a.users[EU]).get(url).status_code == 200


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh-hans", ["测试产业研究院", "粘胶纤维", "芳纶"]),
        ("en", ["Members", "Projects by stage", "Outputs over time", "Kinds of work"]),
    ],
)
def test_institute_page_renders_in_both_languages(world, lang, words):
    institute = make_institute(world.a)
    response = client_of(world.a.users[ZO], lang).get(
        reverse("innovation:institute_detail", args=[institute.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    for word in words:
        assert word in html, word
    assert 'data-testid="planned-chip"' in html
    assert 'data-testid="no-projects"' in html
    assert 'data-testid="figure-empty"' in html


def test_institute_page_shows_projects_outputs_and_contribution(world):
    try:
        reverse("innovation:project_detail", args=[1])
    except NoReverseMatch:
        pytest.skip("innovation:project_detail comes with the projects part")
    institute = make_institute(world.a)
    lead = institute.members.get()
    project = make_project(institute, lead, budget="2500000.50")
    make_project(institute, lead, title="中试项目", stage="pilot")
    make_project(institute, lead, title="终止项目", stage="stopped")
    add_outputs(project, lead)
    response = client_of(world.a.users[ZO]).get(
        reverse("innovation:institute_detail", args=[institute.pk])
    )
    html = response.content.decode()
    assert reverse("innovation:project_detail", args=[project.pk]) in html
    assert html.count('data-testid="project-card"') == 2  # the stopped one is counted only
    assert 'data-testid="figure-chart"' in html
    outputs = f'data-testid="figure-row" data-figure="institute-{institute.pk}-outputs"'
    assert html.count(outputs) == 2  # 2025 and 2026
    # people trained (hundreds) have a chart of their own, not dwarfing the patents
    assert f'data-figure="institute-{institute.pk}-trainings"' in html
    # every project led counts, the stopped one too: 2 500 000.50 + 1 000 000 + 1 000 000 yuan
    assert "450.00" in html


def test_contribution_and_outputs_selectors(world):
    from decimal import Decimal

    from gaoxin.innovation import selectors_institutes as selectors

    institute = make_institute(world.a)
    lead = institute.members.get()
    project = make_project(institute, lead, budget="2500000.50")
    make_project(institute, lead, title="二号", stage="pilot", budget="1000000")
    add_outputs(project, lead)
    row = selectors.contribution(institute)[0]
    assert row["projects_led"] == 2
    assert row["projects_involved"] == 2
    assert row["patents"] == 1
    assert row["standards"] == 1
    assert row["budget_led"] == Decimal("3500000.50")
    years = {r["year"]: r for r in selectors.outputs_per_year(institute)}
    assert years[2025]["patents_filed"] == 1
    assert years[2026]["patents_granted"] == 1
    assert years[2026]["standards"] == 1
    assert years[2026]["people_trained"] == 30
    board = selectors.projects_by_stage(institute)
    assert [len(c["projects"]) for c in board["columns"]] == [1, 1, 0, 0]


def test_list_empty_states_and_search(world):
    official = client_of(world.a.users[ZO], "en")
    html = official.get(reverse("innovation:institute_list")).content.decode()
    assert 'data-testid="no-institutes"' in html
    assert reverse("innovation:institute_create") in html
    reviewer = client_of(world.a.users[PR], "en")
    html = reviewer.get(reverse("innovation:institute_list")).content.decode()
    assert 'data-testid="no-institutes"' in html
    assert reverse("innovation:institute_create") not in html
    make_institute(world.a)
    html = official.get(reverse("innovation:institute_list")).content.decode()
    assert html.count('data-testid="institute-row"') == 1
    html = official.get(reverse("innovation:institute_list") + "?q=纤维").content.decode()
    assert 'data-testid="no-institutes"' in html
    html = official.get(reverse("innovation:institute_list") + "?q=企业").content.decode()
    assert html.count('data-testid="institute-row"') == 1  # by a member's name
    other = client_of(world.b.users[ZO]).get(reverse("innovation:institute_list"))
    assert 'data-testid="institute-row"' not in other.content.decode()


def test_create_form_shows_errors_and_then_records(world):
    client = client_of(world.a.users[ZO], "en")
    url = reverse("innovation:institute_create")
    data = {
        "name": "表单研究院",
        "level": "provincial",
        "fields": "芳纶\n碳纤维",
        "planned_fields": "芳纶",
        "work_kinds": ["rnd"],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "already a current field" in response.content.decode()
    assert not Institute.objects.filter(name="表单研究院").exists()
    data["planned_fields"] = "高强聚乙烯纤维"
    response = client.post(url, data, follow=True)
    institute = Institute.objects.get(name="表单研究院")
    assert response.redirect_chain[-1][0] == reverse(
        "innovation:institute_detail", args=[institute.pk]
    )
    assert institute.fields == ["芳纶", "碳纤维"]
    assert "The research institute is recorded." in response.content.decode()


def test_member_forms_and_confirmed_removal(world):
    institute = make_institute(world.a)
    client = client_of(world.a.users[ZO], "en")
    add = reverse("innovation:institute_member_add", args=[institute.pk])
    response = client.post(add, {"role": "lead", "name": "另一家"})
    assert "already leads the institute" in response.content.decode()
    response = client.post(add, {"role": "university", "name": "某大学"}, follow=True)
    assert "The member is added." in response.content.decode()
    member = institute.members.get(name="某大学")
    remove = reverse("innovation:institute_member_remove", args=[institute.pk, member.pk])
    assert 'data-testid="confirm"' in client.get(remove).content.decode()
    assert institute.members.filter(pk=member.pk).exists()  # a GET removes nothing
    client.post(remove, {"reason": "退出"})
    assert not institute.members.filter(pk=member.pk).exists()


def test_criteria_page_adds_and_removes(world):
    institute = make_institute(world.a)
    client = client_of(world.a.users[PO], "en")
    url = reverse("innovation:institute_criteria", args=[institute.pk])
    response = client.post(url, {"gate": "to_transfer", "text": ""})
    assert response.status_code == 200
    response = client.post(url, {"gate": "to_transfer", "text": "中试验证"}, follow=True)
    assert "中试验证" in response.content.decode()
    criterion = institute.gate_criteria.get()
    client.post(reverse("innovation:institute_criterion_remove", args=[institute.pk, criterion.pk]))
    assert not institute.gate_criteria.exists()


def test_exports_are_audited_and_hold_the_page_data(world):
    institute = make_institute(world.a)
    lead = institute.members.get()
    make_project(institute, lead, budget="2500000.50")
    client = client_of(world.a.users[PR], "en")
    response = client.get(reverse("innovation:institute_detail_export", args=[institute.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    members = list(book.worksheets[0].iter_rows(values_only=True))
    assert members[1][0] == world.a.enterprise.name
    assert members[1][2] == 1  # projects led
    assert members[1][6] == pytest.approx(250.00005)  # 万元
    response = client.get(reverse("innovation:institute_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "测试产业研究院"
    assert rows[1][4] == 1  # members
    assert AuditEvent.objects.filter(action="innovation.institute.export").count() == 2
