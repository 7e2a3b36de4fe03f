"""The investment pages: the matrix of the object URLs (lead, its edit and move forms, the
agreement download) from every role of both sides, and the forms at work."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.tests.factories import new_uscc

from ..models import Lead, Signing
from .factories import make_event, make_lead, make_segment, negotiating_lead, pdf, signed_lead

pytestmark = pytest.mark.django_db

ZO, PO, PR = Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER
READERS = {ZO: 200, PO: 200, PR: 200}
WORKERS = {ZO: 200, PO: 200, PR: 403}


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _urls(lead, signing):
    return {
        "investment:lead_detail": (reverse("investment:lead_detail", args=[lead.pk]), READERS),
        "investment:lead_update": (reverse("investment:lead_update", args=[lead.pk]), WORKERS),
        "investment:lead_move": (
            reverse("investment:lead_move", args=[lead.pk, "settle"]),
            WORKERS,
        ),
        "investment:agreement_download": (
            reverse("investment:agreement_download", args=[signing.pk]),
            READERS,
        ),
    }


def test_object_urls_by_role_and_from_the_other_organisation(world):
    lead = signed_lead(world.a)
    urls = _urls(lead, lead.signing)
    for name, (url, allowed) in urls.items():
        assert Client().get(url).status_code == 302, name  # to the login page
        for role in Role:
            expected = allowed.get(role, 403)
            response = client_of(world.a.users[role]).get(url)
            assert response.status_code == expected, (name, role, response.status_code)
            if role in allowed:
                other = client_of(world.b.users[role]).get(url)
                assert other.status_code == 404, (name, role, "other side")


def test_a_lead_is_recorded_from_the_form_with_amounts_in_wan(world):
    segment = make_segment(world.a)
    operator = world.a.users[PO]
    client = client_of(operator)
    page = client.get(reverse("investment:lead_create"))
    assert page.status_code == 200
    assert list(page.context["form"].fields["park"].queryset) == [world.a.park]
    response = client.post(
        reverse("investment:lead_create"),
        {
            "firm_name": "表单录入医疗有限公司",
            "park": world.a.park.pk,
            "segment": segment.pk,
            "source": "conference",
            "owner": operator.pk,
            "expected_investment": "1,250.5",
            "contact_on": "2025-03-01",
        },
    )
    lead = Lead.objects.get(firm_name="表单录入医疗有限公司")
    assert response.status_code == 302
    assert response["Location"] == reverse("investment:lead_detail", args=[lead.pk])
    assert lead.expected_investment == Decimal("12505000.00")
    assert lead.owner == operator and lead.segment == segment


def test_the_form_refuses_a_park_of_another_operator(world):
    client = client_of(world.a.users[PO])
    response = client.post(
        reverse("investment:lead_create"),
        {
            "firm_name": "某企业",
            "park": world.b.park.pk,
            "source": "other",
            "owner": world.a.users[PO].pk,
            "contact_on": "2025-03-01",
        },
    )
    assert response.status_code == 200
    assert "park" in response.context["form"].errors
    assert not Lead.objects.exists()


def test_the_detail_shows_the_timeline_the_notes_and_the_allowed_moves(world):
    lead = negotiating_lead(world.a)
    response = client_of(world.a.users[PO]).get(reverse("investment:lead_detail", args=[lead.pk]))
    html = response.content.decode()
    assert "实地考察" in html and "开始谈判" in html  # the notes of the moves
    assert [t.name for t in response.context["transitions"]] == ["sign", "drop"]
    assert 'data-testid="move-sign"' in html and 'data-testid="move-visit"' not in html
    lead.owner.display_name = "陈金阁"
    lead.owner.save()
    html = client_of(world.a.users[PO]).get(reverse("investment:lead_detail", args=[lead.pk]))
    assert "陈金阁" in html.content.decode()  # the owner by name, not by login
    reviewer = client_of(world.a.users[PR]).get(reverse("investment:lead_detail", args=[lead.pk]))
    assert reviewer.context["transitions"] == []


def test_a_move_from_its_form_needs_a_note_and_records_the_follow_up(world):
    lead = make_lead(world.a)
    client = client_of(world.a.users[PO])
    url = reverse("investment:lead_move", args=[lead.pk, "visit"])
    assert client.post(url, {"note": ""}).status_code == 200
    lead.refresh_from_db()
    assert lead.status == "contact"
    follow = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    assert client.post(url, {"note": "看了车间", "next_follow_up": follow}).status_code == 302
    lead.refresh_from_db()
    assert lead.status == "visit" and lead.next_follow_up.isoformat() == follow


def test_a_move_not_allowed_is_refused_with_a_message_on_the_form(world):
    lead = make_lead(world.a)
    client = client_of(world.a.users[PO])
    url = reverse("investment:lead_move", args=[lead.pk, "produce"])
    page = client.get(url)
    assert 'data-testid="not-allowed"' in page.content.decode()
    response = client.post(url, {"note": "试试"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    lead.refresh_from_db()
    assert lead.status == "contact"
    assert client.get(reverse("investment:lead_move", args=[lead.pk, "fly"])).status_code == 404


def test_signing_from_the_form_takes_wan_and_the_agreement(world):
    event = make_event(world.a)
    lead = negotiating_lead(world.a)
    client = client_of(world.a.users[PO])
    url = reverse("investment:lead_move", args=[lead.pk, "sign"])
    assert list(client.get(url).context["form"].fields["event"].queryset) == [event]
    response = client.post(
        url,
        {
            "signed_on": "2025-04-25",
            "amount": "5000",
            "event": event.pk,
            "park": world.a.park.pk,
            "note": "现场签约",
            "agreement": pdf(),
        },
    )
    assert response.status_code == 302
    signing = Signing.objects.get(lead=lead)
    assert signing.amount == Decimal("50000000.00") and signing.event == event
    download = client.get(reverse("investment:agreement_download", args=[signing.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_settle_form_is_prefilled_and_names_a_bad_credit_code(world):
    lead = signed_lead(world.a, uscc=new_uscc("410171"))
    client = client_of(world.a.users[PO])
    url = reverse("investment:lead_move", args=[lead.pk, "settle"])
    assert client.get(url).context["form"]["uscc"].value() == lead.uscc
    response = client.post(url, {"uscc": "91410100MA12345678", "note": "落地"})
    assert response.status_code == 200 and "uscc" in response.context["form"].errors
    assert client.post(url, {"uscc": lead.uscc, "note": "落地"}).status_code == 302
    assert Enterprise.objects.filter(uscc=lead.uscc, park=world.a.park).count() == 1


def test_lists_filter_and_export(world):
    past = timezone.localdate() - datetime.timedelta(days=1)
    make_lead(world.a, firm="逾期企业", next_follow_up=past)
    make_lead(world.a, firm="正常企业")
    signed_lead(world.a, firm="已签约企业")
    client = client_of(world.a.users[ZO])
    listed = client.get(reverse("investment:lead_list"), {"overdue": "on"})
    assert [lead.firm_name for lead in listed.context["page_obj"]] == ["逾期企业"]
    by_status = client.get(reverse("investment:lead_list"), {"status": "signed"})
    assert [lead.firm_name for lead in by_status.context["page_obj"]] == ["已签约企业"]
    signings = client.get(reverse("investment:signing_list"), {"year": "2025"})
    assert signings.context["totals"]["amount"] == Decimal("50000000.00")
    assert (
        client.get(reverse("investment:signing_list"), {"year": "2024"}).context["totals"]["count"]
        == 0
    )
    funnel = client.get(reverse("investment:funnel"))
    assert 'data-testid="funnel-row" data-status="signed"' in funnel.content.decode()
    for name in ("lead_list_export", "signing_list_export", "funnel_export"):
        response = client.get(reverse(f"investment:{name}"))
        assert response.status_code == 200 and response.content[:2] == b"PK", name
    other = client_of(world.b.users[ZO]).get(reverse("investment:lead_list"))
    assert list(other.context["page_obj"]) == []


def test_the_edit_form_shows_amounts_in_wan_and_saves_them_in_yuan(world):
    lead = make_lead(world.a, expected_investment=Decimal("12505000.00"))
    client = client_of(world.a.users[ZO])  # an official edits the operator's lead
    url = reverse("investment:lead_update", args=[lead.pk])
    form = client.get(url).context["form"]
    assert form["expected_investment"].value() == "1250.50"
    data = {
        "firm_name": lead.firm_name,
        "park": world.a.park.pk,
        "source": lead.source,
        "owner": lead.owner_id,
        "expected_investment": "2,000",
        "note": "改由区里跟进",
    }
    assert client.post(url, data).status_code == 302
    lead.refresh_from_db()
    assert lead.expected_investment == Decimal("20000000.00") and lead.note == "改由区里跟进"
