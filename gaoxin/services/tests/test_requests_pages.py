"""The service request pages: list, filing, detail (the routing reason; candidates for staff
only), the steps, settings; in Chinese and English; right and wrong organisation (EXTRA_URLS
of tests/test_permission_matrix.py: request_detail and request_step)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.services import services_requests as svc
from gaoxin.services.models import ServiceRequest

from .factories_requests import advisor_with_account, domain

pytestmark = pytest.mark.django_db
ZO, PO, PR, EU, AD, AU = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
    Role.ADVISOR,
    Role.AUDITOR,
)


@pytest.fixture
def advisor(world):
    return advisor_with_account(world.a.zone, ["device_registration"], name="万飞")


@pytest.fixture
def req(world, advisor):
    return svc.request_create(
        actor=world.a.users[EU],
        enterprise=world.a.enterprise,
        data={
            "domain": domain("device_registration"),
            "title": "注册咨询",
            "description": "需要帮助",
            "urgency": "normal",
        },
    )


def _get(client, user, url, lang="zh-hans"):
    client.force_login(user)
    client.cookies["django_language"] = lang  # pages follow the language switch's cookie
    return client.get(url)


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_list_and_detail_in_both_languages(client, world, req, lang):
    page = _get(client, world.a.users[ZO], reverse("services:request_list"), lang)
    assert page.status_code == 200 and req.number in page.content.decode()
    page = client.get(reverse("services:request_detail", args=[req.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="routing-reason"' in html and "万飞" in html
    assert 'data-testid="candidates"' in html
    assert 'data-testid="step-reassign"' in html


def test_enterprise_sees_the_reason_not_the_candidates(client, world, req):
    html = _get(client, world.a.users[EU], reverse("services:request_detail", args=[req.pk]))
    html = html.content.decode()
    assert 'data-testid="routing-reason"' in html
    assert 'data-testid="candidates"' not in html
    assert 'data-testid="step-cancel"' in html and 'data-testid="step-reassign"' not in html


def test_other_zone_gets_404_on_detail_and_steps(client, world, req):
    other_advisor = advisor_with_account(world.b.zone, ["device_registration"])
    for user in (
        world.b.users[ZO],
        world.b.users[PO],
        world.b.users[PR],
        world.b.users[EU],
        other_advisor.expert.user,
        world.a.users[AD],  # an advisor account the request was never routed to
    ):
        client.force_login(user)
        assert client.get(reverse("services:request_detail", args=[req.pk])).status_code == 404
        url = reverse("services:request_step", args=[req.pk, "accept"])
        assert client.get(url).status_code == 404
    client.force_login(world.a.users[AU])
    assert client.get(reverse("services:request_detail", args=[req.pk])).status_code == 403
    client.logout()
    response = client.get(reverse("services:request_detail", args=[req.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_step_of_another_role_is_403(client, world, req, advisor):
    client.force_login(world.a.users[EU])
    assert client.get(reverse("services:request_step", args=[req.pk, "accept"])).status_code == 403
    client.force_login(world.a.users[PR])
    assert client.get(reverse("services:request_step", args=[req.pk, "cancel"])).status_code == 403
    client.force_login(advisor.expert.user)
    assert client.get(reverse("services:request_step", args=[req.pk, "rate"])).status_code == 403
    assert client.get(reverse("services:request_step", args=[req.pk, "nope"])).status_code == 404


def test_advisor_walks_the_request_on_pages(client, world, req, advisor):
    client.force_login(advisor.expert.user)
    html = client.get(reverse("services:request_detail", args=[req.pk])).content.decode()
    assert 'data-testid="step-accept"' in html and 'data-testid="candidates"' not in html
    response = client.post(reverse("services:request_step", args=[req.pk, "accept"]))
    assert response.status_code == 302
    past = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    url = reverse("services:request_step", args=[req.pk, "schedule"])
    response = client.post(url, {"scheduled_for": past, "location": "A座"})
    assert response.status_code == 200
    assert "会面时间必须晚于当前时间" in response.content.decode()
    later = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, {"scheduled_for": later, "location": "A座"}).status_code == 302
    url = reverse("services:request_step", args=[req.pk, "complete"])
    assert client.post(url, {"outcome": ""}).status_code == 200
    assert client.post(url, {"outcome": "完成"}).status_code == 302
    client.force_login(world.a.users[EU])
    url = reverse("services:request_step", args=[req.pk, "rate"])
    assert client.post(url, {"stars": "4", "comment": "好"}).status_code == 302
    req.refresh_from_db()
    assert req.status == "rated" and req.rating == 4


def test_cancel_page_confirms_and_needs_a_reason(client, world, req):
    client.force_login(world.a.users[EU])
    url = reverse("services:request_step", args=[req.pk, "cancel"])
    page = client.get(url).content.decode()
    assert 'data-testid="confirm-text"' in page and "btn-danger" in page
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "不需要了"}).status_code == 302
    req.refresh_from_db()
    assert req.status == "cancelled"


def test_reassign_form_annotates_advisors(client, world, req):
    from gaoxin.experts.tests.factories import TieFactory

    tied = advisor_with_account(world.a.zone, ["compliance"], name="昝明辉")
    TieFactory(expert=tied.expert, enterprise=world.a.enterprise)
    client.force_login(world.a.users[ZO])
    client.cookies["django_language"] = "en"
    url = reverse("services:request_step", args=[req.pk, "reassign"])
    page = client.get(url).content.decode()
    assert 'data-testid="advisor-options"' in page and "Tie with the enterprise" in page
    response = client.post(url, {"advisor": str(tied.pk), "reason": "点名"})
    assert response.status_code == 200 and "conflict of interest" in response.content.decode()


def test_create_page_for_enterprise_and_staff(client, world, advisor):
    client.force_login(world.a.users[EU])
    url = reverse("services:request_create")
    page = client.get(url).content.decode()
    assert "<optgroup" in page and 'name="enterprise"' not in page
    assert client.post(url, {"title": "", "description": "x"}).status_code == 200
    response = client.post(
        url,
        {
            "domain": domain("device_registration").pk,
            "title": "咨询",
            "description": "内容",
            "urgency": "urgent",
        },
    )
    assert response.status_code == 302
    made = ServiceRequest.objects.get()
    assert made.advisor == advisor and made.urgency == "urgent"
    client.force_login(world.a.users[ZO])
    assert 'name="enterprise"' in client.get(url).content.decode()
    client.force_login(world.a.users[PR])
    assert client.get(url).status_code == 403


def test_list_filters_overdue_and_export(client, world, req):
    ServiceRequest.objects.filter(pk=req.pk).update(
        respond_by=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(world.a.users[ZO])
    html = client.get(reverse("services:request_list") + "?overdue=on").content.decode()
    assert 'data-testid="overdue-badge"' in html and req.number in html
    html = client.get(reverse("services:request_list") + "?status=completed").content.decode()
    assert 'data-testid="no-requests"' in html
    response = client.get(reverse("services:request_list_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert AuditEvent.objects.filter(action="services.request.export").exists()
    client.force_login(world.b.users[ZO])
    assert req.number not in client.get(reverse("services:request_list")).content.decode()


def test_settings_page(client, world):
    client.force_login(world.a.users[ZO])
    url = reverse("services:settings")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"first_response_days": "2", "urgent_first_response_days": "5"})
    assert bad.status_code == 200
    ok = client.post(url, {"first_response_days": "3", "urgent_first_response_days": "1"})
    assert ok.status_code == 302
    assert world.a.zone.service_settings.first_response_days == 3
    client.force_login(world.a.users[PO])
    assert client.get(url).status_code == 403


def test_desk_panels(client, world, req, advisor):
    ServiceRequest.objects.filter(pk=req.pk).update(
        respond_by=timezone.localdate() - datetime.timedelta(days=1)
    )
    from gaoxin.services import desk_requests

    assert desk_requests.attention_desk(world.a.users[ZO])["count"] == 1
    assert desk_requests.attention_desk(world.b.users[ZO])["count"] == 0
    assert desk_requests.my_requests_desk(world.a.users[EU])["count"] == 1
    # the advisor's own requests are on the advisors part's desk panel (desk_advisors.py)
