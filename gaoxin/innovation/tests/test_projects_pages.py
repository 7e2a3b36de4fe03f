"""The institute project pages: who gets what on every URL (own zone, other zone, roles,
anonymous), the list with filters and export, the detail page in Chinese and English, and the
forms (gate, close/stop, outputs, edit) through the pages."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.innovation import services_projects as services
from gaoxin.innovation.models import GatePass, Patent, Project, Spending

from .factories_projects import evidence_for, make_institute, make_project

ZO, PO, PR, EU = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
)
READERS = (ZO, PO, PR, EU)
MANAGERS = (ZO, PO)
TODAY = timezone.localdate()


@pytest.fixture
def project(world):
    project = make_project(world.a, "pilot", title="甲项目")
    services.spending_add(
        actor=None, project=project, spent_on=TODAY, amount="150000", purpose="设备采购"
    )
    services.patent_add(
        actor=None,
        project=project,
        data={
            "number": "CN202510000009.9",
            "title": "纺丝组件",
            "kind": "invention",
            "status": "filed",
            "filed_on": TODAY,
        },
    )
    passed = project.gate_passes.get()
    passed.document = SimpleUploadedFile("评审纪要.pdf", b"%PDF-1.4 test")
    passed.save()
    return project


def _urls(project) -> dict[str, tuple[str, set]]:
    """url name → (url, roles that may: the readers or the managers)."""
    patent = project.patents.get()
    return {
        "project_detail": (reverse("innovation:project_detail", args=[project.pk]), READERS),
        "project_update": (reverse("innovation:project_update", args=[project.pk]), MANAGERS),
        "project_create": (
            reverse("innovation:project_create", args=[project.institute_id]),
            MANAGERS,
        ),
        "project_gate": (reverse("innovation:project_gate", args=[project.pk]), MANAGERS),
        "project_end": (reverse("innovation:project_end", args=[project.pk, "close"]), MANAGERS),
        "project_output_add": (
            reverse("innovation:project_output_add", args=[project.pk, "patent"]),
            MANAGERS,
        ),
        "project_output_remove": (
            reverse("innovation:project_output_remove", args=[project.pk, "patent", patent.pk]),
            MANAGERS,
        ),
        "project_gate_document": (
            reverse("innovation:project_gate_document", args=[project.gate_passes.get().pk]),
            READERS,
        ),
    }


@pytest.mark.django_db
def test_every_object_url_from_each_role_and_the_other_zone(client, world, project):
    for name, (url, allowed) in _urls(project).items():
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], name
        for role in Role:
            client.force_login(world.a.users[role])
            expected = 200 if role in allowed else 403
            assert client.get(url).status_code == expected, (name, role)
            if role in allowed:
                client.force_login(world.b.users[role])
                assert client.get(url).status_code == 404, (name, role, "other zone")


@pytest.mark.django_db
def test_an_enterprise_not_member_of_the_institute_gets_404(client, world, project):
    from gaoxin.accounts.tests.factories import UserFactory
    from gaoxin.enterprises.tests.factories import EnterpriseFactory

    outsider = EnterpriseFactory(zone=world.a.zone, park=world.a.park)
    user = UserFactory(role=EU, organisation=outsider.organisation)
    client.force_login(user)
    assert client.get(reverse("innovation:project_detail", args=[project.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_detail_page_in_both_languages(client, world, project, lang):
    client.force_login(world.a.users[ZO])
    client.cookies["django_language"] = lang
    response = client.get(reverse("innovation:project_detail", args=[project.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "甲项目" in html and "小试样品性能达标" in html  # the gate passed, with its evidence
    assert "证据：小试样品性能达标" in html
    assert 'data-testid="gate-form"' in html and "中试产品通过用户验证" in html  # next gate
    assert "CN202510000009.9" in html and "设备采购" in html
    assert ('<html lang="en"' in html) == (lang == "en")
    if lang == "en":
        assert "Stage gates" in html and "Pass the gate to transfer" in html


@pytest.mark.django_db
def test_readers_see_no_write_controls(client, world, project):
    client.force_login(world.a.users[PR])
    html = client.get(reverse("innovation:project_detail", args=[project.pk])).content.decode()
    assert 'data-testid="gate-form"' not in html and 'data-testid="edit-project"' not in html


@pytest.mark.django_db
def test_overrun_is_shown_in_red(client, world):
    project = make_project(world.a, budget="1000")
    services.spending_add(
        actor=None, project=project, spent_on=TODAY, amount="1500", purpose="超支采购"
    )
    client.force_login(world.a.users[ZO])
    html = client.get(reverse("innovation:project_detail", args=[project.pk])).content.decode()
    assert 'data-testid="overrun"' in html and "500" in html and "bg-danger" in html


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_list_filters_and_export(client, world, project, lang):
    make_project(world.a, "rnd", title="乙项目")
    make_project(world.b, "rnd", title="外区项目")
    client.force_login(world.a.users[EU])
    client.cookies["django_language"] = lang
    url = reverse("innovation:project_list")
    html = client.get(url).content.decode()
    assert "甲项目" in html and "乙项目" in html and "外区项目" not in html
    html = client.get(url, {"stage": "pilot"}).content.decode()
    assert "甲项目" in html and "乙项目" not in html
    html = client.get(url, {"q": "乙"}).content.decode()
    assert "甲项目" not in html and "乙项目" in html
    html = client.get(url, {"q": "没有这个"}).content.decode()
    assert 'data-testid="no-projects"' in html
    response = client.get(reverse("innovation:project_list_export"), {"stage": "pilot"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 2 and rows[1][0] == "甲项目"
    assert str(rows[1][-1]) == "150000" or rows[1][-1] == 150000
    assert AuditEvent.objects.filter(action="innovation.project.export").exists()


@pytest.mark.django_db
def test_gate_through_the_page_refuses_a_missing_evidence_then_passes(client, world, project):
    client.force_login(world.a.users[ZO])
    url = reverse("innovation:project_gate", args=[project.pk])
    evidence = evidence_for(project.institute, "to_transfer")
    data = {f"evidence_{pk}": "" for pk in evidence} | {"passed_on": TODAY.isoformat()}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "中试产品通过用户验证" in response.content.decode()
    assert 'data-testid="form-errors"' in response.content.decode()
    data = {f"evidence_{pk}": text for pk, text in evidence.items()} | {
        "passed_on": TODAY.isoformat(),
        "document": SimpleUploadedFile("报告.pdf", b"%PDF-1.4"),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == "transfer"
    assert GatePass.objects.get(project=project, gate="to_transfer").document


@pytest.mark.django_db
def test_close_needs_a_reason_and_confirmation(client, world, project):
    client.force_login(world.a.users[ZO])
    url = reverse("innovation:project_end", args=[project.pk, "close"])
    assert 'data-testid="confirm-end"' in client.get(url).content.decode()
    response = client.post(url, {"reason": "", "ended_on": TODAY.isoformat()})
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.stage == "pilot"
    response = client.post(url, {"reason": "验收通过", "ended_on": TODAY.isoformat()})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == "closed" and project.ended_on == TODAY
    assert (
        client.get(reverse("innovation:project_end", args=[project.pk, "nope"])).status_code == 404
    )


@pytest.mark.django_db
def test_outputs_added_and_removed_through_the_pages(client, world, project):
    client.force_login(world.a.users[PO])
    add = reverse("innovation:project_output_add", args=[project.pk, "spending"])
    response = client.post(add, {"spending-spent_on": TODAY.isoformat(), "spending-amount": "0"})
    assert response.status_code == 200 and 'data-testid="form-errors"' in response.content.decode()
    response = client.post(
        add,
        {
            "spending-spent_on": TODAY.isoformat(),
            "spending-amount": "2500.50",
            "spending-purpose": "测试费",
        },
    )
    assert response.status_code == 302
    spending = Spending.objects.get(purpose="测试费")
    remove = reverse("innovation:project_output_remove", args=[project.pk, "spending", spending.pk])
    assert 'data-testid="confirm-remove"' in client.get(remove).content.decode()
    assert client.post(remove).status_code == 302
    assert not Spending.objects.filter(pk=spending.pk).exists()
    response = client.post(
        reverse("innovation:project_output_add", args=[project.pk, "incubation"]),
        {
            "incubation-name": "页面孵化企业",
            "incubation-uscc": world.a.enterprise.uscc,
            "incubation-incubated_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    assert project.incubations.get().enterprise == world.a.enterprise
    html = client.get(reverse("innovation:project_detail", args=[project.pk])).content.decode()
    assert reverse("enterprises:detail", args=[world.a.enterprise.pk]) in html
    bad = reverse("innovation:project_output_add", args=[project.pk, "nothing"])
    assert client.get(bad).status_code == 404
    other = make_project(world.a, title="别的项目")
    patent = Patent.objects.get(project=project)
    wrong = reverse("innovation:project_output_remove", args=[other.pk, "patent", patent.pk])
    assert client.get(wrong).status_code == 404


@pytest.mark.django_db
def test_create_and_edit_through_the_pages(client, world):
    institute = make_institute(world.a)
    client.force_login(world.a.users[ZO])
    url = reverse("innovation:project_create", args=[institute.pk])
    members = list(institute.members.all())
    data = {
        "title": "页面新项目",
        "field": "芳纶",
        "members": [m.pk for m in members],
        "lead_member": members[0].pk,
        "started_on": TODAY.isoformat(),
        "budget": "-1",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and not Project.objects.exists()
    response = client.post(url, {**data, "budget": "500000.00"})
    project = Project.objects.get()
    assert response.status_code == 302 and project.field == "芳纶"
    edit = reverse("innovation:project_update", args=[project.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**data, "budget": "600000", "title": "改名"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "改名" and str(project.budget) == "600000.00"


@pytest.mark.django_db
def test_the_document_download_is_audited(client, world, project):
    client.force_login(world.a.users[PR])
    passed = project.gate_passes.get()
    response = client.get(reverse("innovation:project_gate_document", args=[passed.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="innovation.gate.download").exists()
