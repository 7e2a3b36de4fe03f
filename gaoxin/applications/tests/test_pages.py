"""The pages, driven as a person would: the 申报 button, the generated form (save, errors on the
field, upload, submit), the desk, the queue with its overdue badge, a review decided from its
page, the stage editor, the overview with its export, the public notice; in both languages."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from gaoxin.accounts.choices import Role
from gaoxin.applications import services
from gaoxin.applications.models import Application, Review

from .factories import open_review, pdf, submitted

pytestmark = pytest.mark.django_db
ZO, PR, EU = Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER, Role.ENTERPRISE_USER


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def test_apply_button_form_and_submit(client, policy, stages, applicant):
    client.force_login(applicant)
    page = client.get(reverse("policies:public_detail", args=[policy.pk])).content.decode()
    assert 'data-testid="apply"' in page
    response = client.post(reverse("applications:start", args=[policy.pk]))
    application = Application.objects.get()
    assert response["Location"] == reverse("applications:edit", args=[application.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="verified-revenue"' in page and 'data-testid="fact-patents_granted"' in page
    assert 'data-testid="pre-check"' in page
    edit = reverse("applications:edit", args=[application.pk])
    page = client.post(edit, {"patents_granted": "很多", "save": "1"}).content.decode()
    assert 'data-testid="error-patents_granted"' in page
    client.post(edit, {"patents_granted": "12", "save": "1"})
    client.post(
        reverse("applications:material_add", args=[application.pk]),
        {"kind": "申请表", "file": pdf()},
    )
    response = client.post(edit, {"patents_granted": "12", "submit": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "in_review"
    page = client.get(reverse("policies:public_detail", args=[policy.pk])).content.decode()
    assert 'data-testid="apply-open"' in page
    desk = client.get(reverse("applications:mine")).content.decode()
    assert application.number in desk and "推荐单位审核" in desk


def test_a_renamed_executable_is_refused(client, policy, stages, applicant):
    client.force_login(applicant)
    client.post(reverse("applications:start", args=[policy.pk]))
    application = Application.objects.get()
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("申请表.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = client.post(
        reverse("applications:material_add", args=[application.pk]),
        {"kind": "申请表", "file": fake},
        follow=True,
    )
    assert "PDF" in response.content.decode()
    assert not application.materials.exists()


def test_queue_review_and_overdue(client, policy, stages, applicant, world):
    application = submitted(applicant, policy)
    Review.objects.filter(application=application).update(due_on=datetime.date(2020, 1, 1))
    client.force_login(world.a.users[ZO])
    page = client.get(reverse("applications:review_queue")).content.decode()
    assert application.number in page and 'data-testid="overdue"' in page
    review = open_review(application)
    url = reverse("applications:review_detail", args=[review.pk])
    assert 'data-testid="decision-form"' in client.get(url).content.decode()
    page = client.post(url, {"action": "return", "opinion": "材料不全"}).content.decode()
    assert 'data-testid="error-points"' in page
    response = client.post(url, {"action": "return", "opinion": "材料不全", "points": "补证书"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "returned"
    client.force_login(applicant)
    page = client.get(reverse("applications:edit", args=[application.pk])).content.decode()
    assert "补证书" in page


def test_the_province_sees_only_its_stage(client, policy, stages, applicant, world):
    application = submitted(applicant, policy)
    client.force_login(world.a.users[PR])
    assert (
        application.number not in client.get(reverse("applications:review_queue")).content.decode()
    )
    # the application has not reached the province's stage: the province does not see it yet
    url = reverse("applications:review_detail", args=[open_review(application).pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "approve", "opinion": "x"}).status_code == 404
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 404
    # once the zone approves, it comes to the province: seen, and decided there
    services.review_decide(
        actor=world.a.users[ZO], review=open_review(application), action="approve", opinion="同意"
    )
    assert application.number in client.get(reverse("applications:review_queue")).content.decode()
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 200


def test_overview_filters_and_export(client, policy, stages, applicant, world):
    application = submitted(applicant, policy)
    client.force_login(world.a.users[ZO])
    url = reverse("applications:overview")
    assert application.number in client.get(url, {"status": "in_review"}).content.decode()
    assert application.number not in client.get(url, {"status": "decided"}).content.decode()
    response = client.get(reverse("applications:overview_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == application.number


def test_stage_editor(client, policy, stages, world):
    client.force_login(world.a.users[ZO])
    url = reverse("applications:stages", args=[policy.pk])
    page = client.get(url).content.decode()
    assert page.count('data-testid="stage-row"') == 4
    client.post(
        url,
        {
            "add": "1",
            "kind": "review",
            "name": "园区初审",
            "owner_organisation": world.a.operator.pk,
            "owner_role": "park_operator",
            "working_days": "3",
        },
    )
    assert policy.review_stages.count() == 5
    page = client.post(
        url,
        {
            "add": "1",
            "kind": "review",
            "name": "错配",
            "owner_organisation": world.a.operator.pk,
            "owner_role": "provincial_reviewer",
            "working_days": "3",
        },
    ).content.decode()
    assert 'data-testid="error-owner_role"' in page
    client.post(url, {"materials_save": "1", "materials": "申请表，审计报告"})
    assert policy.application_setup.materials == ["申请表", "审计报告"]


def test_public_notice_page_in_both_languages(client, policy, stages, applicant, world):
    application = submitted(applicant, policy)
    today = datetime.date.today()
    Application.objects.filter(pk=application.pk).update(
        status="publication",
        notice_starts_on=today,
        notice_ends_on=today,
        proposed_amount=application.computed_amount,
    )
    page = client.get(reverse("applications:notice_list")).content.decode()
    assert application.enterprise.name in page and "400,000.00" in page
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        assert client.get(reverse("applications:notice_list")).status_code == 200
    response = client.post(
        reverse("applications:notice_object", args=[application.pk]),
        {"name": "张三", "contact": "13812341234", "text": "金额有误"},
    )
    assert response.status_code == 302
    assert application.objections.count() == 1


def test_detail_and_version_pages(client, policy, stages, applicant):
    application = submitted(applicant, policy)
    client.force_login(applicant)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert 'data-testid="stages"' in page and "v1" in page
    page = client.get(
        reverse("applications:version_detail", args=[application.pk, 1])
    ).content.decode()
    assert 'data-testid="version-facts"' in page


@pytest.mark.parametrize(
    ("language", "words"), [("en", "My applications"), ("zh-hans", "我的申报")]
)
def test_every_page_renders_in_both_languages(
    client, policy, stages, applicant, world, language, words
):
    application = submitted(applicant, policy)
    review = open_review(application)
    client.cookies["django_language"] = language
    client.force_login(applicant)
    for url in (
        reverse("applications:mine"),
        reverse("applications:edit", args=[application.pk])
        if application.status == "draft"
        else reverse("applications:detail", args=[application.pk]),
        reverse("applications:version_detail", args=[application.pk, 1]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert words in client.get(reverse("applications:mine")).content.decode()
    client.force_login(world.a.users[ZO])
    for url in (
        reverse("applications:review_queue"),
        reverse("applications:review_detail", args=[review.pk]),
        reverse("applications:overview"),
        reverse("applications:stage_policies"),
        reverse("applications:stages", args=[policy.pk]),
        reverse("applications:detail", args=[application.pk]),
        reverse("applications:notice_list"),
    ):
        assert client.get(url).status_code == 200, url


def test_the_applicant_does_not_see_who_the_experts_are(client, world):
    """The review page of an expert stage names the drawn experts to staff, not to the
    enterprise whose application they score."""
    from gaoxin.applications.tests.factories import add_stages, make_policy, submitted

    from .factories import verified_figures

    policy = make_policy(world.a.zone, title="专家评审保密测试政策")
    add_stages(policy, world.a, kinds=("expert", "decision"))
    verified_figures(world.a.enterprise)
    member = world.a.users[Role.ENTERPRISE_USER]
    application = submitted(member, policy)
    review = application.reviews.get(status="open")
    client.force_login(member)
    html = client.get(reverse("applications:review_detail", args=[review.pk])).content.decode()
    assert 'data-testid="experts-confidential"' in html
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    html = client.get(reverse("applications:review_detail", args=[review.pk])).content.decode()
    assert 'data-testid="experts-confidential"' not in html
