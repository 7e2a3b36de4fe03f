"""The advisor pool's pages: the object URLs from every role of both sides (EXTRA_URLS of the
permission matrix), the pool in Chinese and English, the forms at work, the export, and the
advisor's desk with real work on it."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.experts.tests.factories import ExpertFactory, TieFactory

from ..models import Advisor, ServiceDomain
from .factories_advisors import (
    domain,
    make_advisor,
    make_request,
    make_seminar,
    make_slot,
    make_task,
)

pytestmark = pytest.mark.django_db

ZO, PO, PR, EU, AD = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
    Role.ADVISOR,
)
POOL = {ZO: 200, PO: 200, PR: 200, EU: 200, AD: 200}


def client_of(user, lang="zh-hans") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_login(user)
    client.cookies["django_language"] = lang
    return client


def test_object_urls_by_role_and_from_the_other_organisation(world):
    advisor = make_advisor(world.a, user=world.a.users[AD])
    urls = {
        "services:advisor_detail": (
            reverse("services:advisor_detail", args=[advisor.pk]),
            POOL,
        ),
        "services:advisor_update": (
            reverse("services:advisor_update", args=[advisor.pk]),
            {ZO: 200, PO: 403, PR: 403, EU: 403, AD: 403},
        ),
        "services:advisor_end_term": (
            reverse("services:advisor_end_term", args=[advisor.pk]),
            {ZO: 200},
        ),
        # a GET of the availability form's target goes back to the page
        "services:advisor_availability": (
            reverse("services:advisor_availability", args=[advisor.pk]),
            {ZO: 302, AD: 302, PO: 403, PR: 403, EU: 403},
        ),
    }
    for name, (url, allowed) in urls.items():
        assert Client().get(url).status_code == 302, name
        for role in Role:
            expected = allowed.get(role, 403)
            response = client_of(world.a.users[role]).get(url)
            assert response.status_code == expected, (name, role, response.status_code)
            if expected in (200, 302):
                other = client_of(world.b.users[role]).get(url)
                assert other.status_code == 404, (name, role, "other side")
    domain_url = reverse("services:domain_update", args=[domain("capital").pk])
    for role in Role:
        expected = 200 if role == ZO else 403
        assert client_of(world.a.users[role]).get(domain_url).status_code == expected, role
    assert client_of(world.b.users[ZO]).get(domain_url).status_code == 200  # global data


@pytest.mark.parametrize(
    "lang,words", [("zh-hans", ["顾问", "示例"]), ("en", ["Advisor pool", "Availability"])]
)
def test_the_pool_shows_load_rating_overdue_and_availability(world, lang, words):
    busy = make_advisor(world.a, name="万飞", codes=("compliance", "device_registration"))
    away = make_advisor(
        world.a,
        name="蒋慧",
        codes=("capital",),
        available=False,
        unavailable_until=timezone.localdate() + datetime.timedelta(days=5),
        unavailable_reason="培训",
        is_sample=True,
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    make_request(world.a, busy, respond_by=yesterday)
    make_request(world.a, busy, status="accepted", responded_at=timezone.now())
    make_request(world.a, busy, status="rated", rating=5, rated_at=timezone.now())
    make_request(world.a, busy, status="rated", rating=4, rated_at=timezone.now())
    page = client_of(world.a.users[ZO], lang).get(reverse("services:advisor_list"))
    html = page.content.decode()
    for word in words:
        assert word in html
    rows = {a.pk: a for a in page.context["page_obj"].object_list}
    assert rows[busy.pk].open_load == 2
    assert rows[busy.pk].overdue == 1
    assert str(rows[busy.pk].rating) == "4.50" and rows[busy.pk].rating_count == 2
    assert rows[away.pk].open_load == 0
    assert "4.50" in html and "2 / 5" in html
    only_away = client_of(world.a.users[ZO], lang).get(
        reverse("services:advisor_list"), {"availability": "unavailable"}
    )
    assert [a.pk for a in only_away.context["page_obj"].object_list] == [away.pk]
    broad = client_of(world.a.users[ZO], lang).get(
        reverse("services:advisor_list"), {"domain": domain("compliance").pk}
    )
    assert [a.pk for a in broad.context["page_obj"].object_list] == [busy.pk]
    fine = client_of(world.a.users[ZO], lang).get(
        reverse("services:advisor_list"), {"domain": domain("bank_credit").pk}
    )
    assert not fine.context["page_obj"].object_list
    assert 'data-testid="no-advisors"' in fine.content.decode()
    other = client_of(world.b.users[ZO], lang).get(reverse("services:advisor_list"))
    assert not other.context["page_obj"].object_list


def test_the_pool_exports_to_excel_and_the_export_is_audited(world):
    advisor = make_advisor(world.a, name="昝明辉", codes=("tech_transfer",))
    make_request(world.a, advisor, status="rated", rating=3, rated_at=timezone.now())
    response = client_of(world.a.users[PO]).get(reverse("services:advisor_list_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "昝明辉" and rows[1][2] == "技术转化"
    assert rows[1][8] == 3  # the mean rating, a number
    assert AuditEvent.objects.filter(action="services.advisors.export").count() == 1


def test_an_official_appoints_from_the_form_and_errors_come_back_on_the_fields(world):
    expert = ExpertFactory(zone=world.a.zone, name="孙资")
    ExpertFactory(zone=world.b.zone, name="外区专家")
    client = client_of(world.a.users[ZO])
    page = client.get(reverse("services:advisor_create"))
    assert list(page.context["form"].fields["expert"].queryset) == [expert]
    bad = client.post(
        reverse("services:advisor_create"),
        {"expert": expert.pk, "term_start": "2025-04-25", "max_load": 5},
    )
    assert bad.status_code == 200 and "domains" in bad.context["form"].errors
    backwards = client.post(
        reverse("services:advisor_create"),
        {
            "expert": expert.pk,
            "domains": [domain("capital").pk],
            "term_start": "2025-04-25",
            "term_end": "2025-01-01",
            "max_load": 5,
        },
    )
    assert backwards.status_code == 200 and backwards.context["form"].errors
    assert not Advisor.objects.exists()
    done = client.post(
        reverse("services:advisor_create"),
        {
            "expert": expert.pk,
            "domains": [domain("capital").pk, domain("capital_paths").pk],
            "term_start": "2025-04-25",
            "term_end": "2028-04-24",
            "max_load": 4,
        },
        follow=True,
    )
    advisor = Advisor.objects.get()
    assert done.redirect_chain[-1][0] == reverse("services:advisor_detail", args=[advisor.pk])
    assert "已聘任" in done.content.decode() or "appointed" in done.content.decode()
    assert advisor.max_load == 4


def test_the_advisor_page_shows_ties_requests_and_the_availability_form(world):
    me = world.a.users[AD]
    advisor = make_advisor(world.a, name="吴工", user=me)
    TieFactory(expert=advisor.expert, enterprise=world.a.enterprise, note="横向合作")
    make_request(world.a, advisor, title="注册检验咨询")
    official = client_of(world.a.users[ZO], "en")
    page = official.get(reverse("services:advisor_detail", args=[advisor.pk])).content.decode()
    assert world.a.enterprise.name in page and "横向合作" in page
    assert reverse("experts:expert_detail", args=[advisor.expert_id]) in page
    assert "注册检验咨询" in page
    assert 'data-testid="availability-form"' in page
    enterprise_page = client_of(world.a.users[EU]).get(
        reverse("services:advisor_detail", args=[advisor.pk])
    )
    assert 'data-testid="availability-form"' not in enterprise_page.content.decode()
    url = reverse("services:advisor_availability", args=[advisor.pk])
    missing = client_of(me).post(url, {"available": "0", "reason": ""})
    assert missing.status_code == 200
    assert "reason" in missing.context["availability_form"].errors
    until = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    client_of(me).post(url, {"available": "0", "unavailable_until": until, "reason": "出差"})
    advisor.refresh_from_db()
    assert not advisor.available and advisor.unavailable_reason == "出差"


def test_ending_the_term_asks_first_and_then_ends_it(world):
    advisor = make_advisor(world.a)
    client = client_of(world.a.users[ZO])
    url = reverse("services:advisor_end_term", args=[advisor.pk])
    assert 'data-testid="end-term-warning"' in client.get(url).content.decode()
    client.post(url, {"ended_on": "2026-06-30", "reason": "换届"})
    advisor.refresh_from_db()
    assert advisor.term_end == datetime.date(2026, 6, 30)


def test_domains_are_listed_and_added_by_officials(world):
    client = client_of(world.a.users[ZO], "en")
    page = client.get(reverse("services:domain_list"))
    assert "医疗器械注册合规" in page.content.decode()
    bad = client.post(
        reverse("services:domain_create"),
        {"code": "deeper", "name": "更细", "parent": domain("device_registration").pk},
    )
    assert bad.status_code == 200 and bad.context["form"].errors
    client.post(
        reverse("services:domain_create"),
        {"code": "export_control", "name": "出口管制合规", "parent": domain("compliance").pk},
    )
    assert ServiceDomain.objects.get(code="export_control").parent.code == "compliance"
    reader = client_of(world.a.users[PR]).get(reverse("services:domain_list")).content.decode()
    assert 'data-testid="new-domain"' not in reader


def test_the_advisor_desk_shows_their_requests_tasks_consultations_and_seminars(world):
    import gaoxin.services.desk_advisors  # noqa: F401  (the lead imports it from desk.py)

    me = world.a.users[AD]
    empty = client_of(me).get(reverse("dashboard:advisor_home")).content.decode()
    assert 'data-testid="advisor-empty"' in empty
    advisor = make_advisor(world.a, user=me)
    other = make_advisor(world.a)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    make_request(world.a, advisor, title="按期需求", respond_by=timezone.localdate())
    make_request(world.a, advisor, title="逾期需求", respond_by=yesterday)
    make_request(world.a, other, title="别人的需求")
    make_task(world.a, advisor, title="资质即将到期：跟进")
    make_slot(advisor, timezone.now() + datetime.timedelta(days=2), enterprise=world.a.enterprise)
    make_seminar(world.a, timezone.now() + datetime.timedelta(days=9), speaker=advisor)
    page = client_of(me).get(reverse("dashboard:advisor_home")).content.decode()
    assert 'data-testid="advisor-empty"' not in page
    assert 'data-testid="desk-services-my-requests"' in page
    first, second = page.index("逾期需求"), page.index("按期需求")
    assert first < second  # overdue first
    assert "别人的需求" not in page
    assert 'data-testid="desk-overdue"' in page
    assert "资质即将到期：跟进" in page
    assert 'data-testid="desk-services-my-consultations"' in page
    assert 'data-testid="desk-services-my-seminars"' in page
