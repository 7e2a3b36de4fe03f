from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.enterprises.models import Contact, Enterprise, Qualification, YearlyFact
from gaoxin.enterprises.tests.conftest import valid_enterprise_data
from gaoxin.enterprises.tests.factories import (
    ContactFactory,
    QualificationFactory,
    YearlyFactFactory,
    new_uscc,
)

pytestmark = pytest.mark.django_db


def post_en(client, url, data):
    client.cookies["django_language"] = "en"
    return client.post(url, data)


def test_create_redirects_to_the_new_profile_with_a_message(client, world):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    data = valid_enterprise_data(park=world.a.park.pk, region_code="410171")
    response = post_en(client, reverse("enterprises:create"), data)
    enterprise = Enterprise.objects.get(name=data["name"])
    assert response.status_code == 302
    assert response["Location"] == reverse("enterprises:detail", args=[enterprise.pk])
    page = client.get(response["Location"]).content.decode()
    assert "has been registered" in page
    assert AuditEvent.objects.filter(action="enterprises.enterprise.create").exists()


def test_create_form_prefills_the_zones_region(client, world):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    response = client.get(reverse("enterprises:create"))
    assert response.context["form"]["region_code"].value() == "410171"
    assert set(response.context["form"].fields["park"].queryset) == {world.a.park}


def test_bad_credit_code_is_shown_under_the_field_and_input_kept(client, world):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    data = valid_enterprise_data(uscc="91410100617257137X", region_code="410171")
    response = post_en(client, reverse("enterprises:create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="error-uscc"' in html
    assert "check digit" in html
    assert 'value="91410100617257137X"' in html
    assert f'value="{data["name"]}"' in html
    assert "is-invalid" in html
    assert not Enterprise.objects.filter(name=data["name"]).exists()


def test_errors_in_chinese_by_default(client, world):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    response = client.post(reverse("enterprises:create"), {"name": ""})
    html = response.content.decode()
    assert "这个字段是必填项。" in html  # Django's own catalog; ours is translated later


def test_duplicate_credit_code(client, world):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    data = valid_enterprise_data(uscc=world.a.enterprise.uscc, region_code="410171")
    html = post_en(client, reverse("enterprises:create"), data).content.decode()
    assert "already registered" in html


def test_operator_must_pick_its_park(client, world):
    client.force_login(world.a.users[Role.PARK_OPERATOR])
    response = client.get(reverse("enterprises:create"))
    assert response.context["form"].fields["park"].required
    data = valid_enterprise_data(region_code="410171", park=world.b.park.pk)
    response = post_en(client, reverse("enterprises:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["park"]


def test_enterprise_user_edits_own_profile_without_code_or_park(client, world):
    member = world.a.users[Role.ENTERPRISE_USER]
    enterprise = world.a.enterprise
    client.force_login(member)
    url = reverse("enterprises:update", args=[enterprise.pk])
    form = client.get(url).context["form"]
    assert "uscc" not in form.fields and "park" not in form.fields
    data = {
        "name": enterprise.name,
        "legal_representative": "新法人",
        "region_code": enterprise.region_code,
        "industry_code": enterprise.industry_code,
        "stage": "sales",
        # Tampered fields are not in the form and so never reach the service:
        "uscc": new_uscc(),
        "park": "",
    }
    response = post_en(client, url, data)
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.legal_representative == "新法人"  # not a fact of any criteria: saved
    # The stage feeds policy criteria: declared, and the verified stage stays in force.
    assert enterprise.stage == world.a.enterprise.stage
    declaration = enterprise.fact_records.get(status="pending")
    assert declaration.values["stage"] == "sales"
    assert enterprise.uscc == world.a.enterprise.uscc
    assert enterprise.park == world.a.park


def test_official_edit_with_reason_goes_to_history(client, world):
    enterprise = world.a.enterprise
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    url = reverse("enterprises:update", args=[enterprise.pk])
    initial = client.get(url).context["form"].initial
    data = {k: ("" if v is None else v) for k, v in initial.items()}
    data.update(address="郑州市高新区长椿路11号", reason="地址变更")
    response = post_en(client, url, data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="enterprises.enterprise.update")
    assert event.reason == "地址变更"
    assert event.data["changes"] == {"address": ["", "郑州市高新区长椿路11号"]}
    assert event.data["organisation_renamed"] is False


def test_fact_add_edit_delete(client, world):
    enterprise = world.a.enterprise
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])  # writes directly; others declare
    response = post_en(
        client,
        reverse("enterprises:fact_create", args=[enterprise.pk]),
        {"year": 2023, "revenue": "12,345,678.90", "employees": 88},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#facts")
    fact = YearlyFact.objects.get(enterprise=enterprise, year=2023)
    assert fact.revenue == Decimal("12345678.90")

    again = post_en(
        client, reverse("enterprises:fact_create", args=[enterprise.pk]), {"year": 2023}
    )
    assert again.status_code == 200
    assert "already figures for 2023" in again.content.decode()

    edit = reverse("enterprises:fact_update", args=[enterprise.pk, 2023])
    assert client.get(edit).context["form"]["revenue"].value() == Decimal("12345678.90")
    bad = post_en(client, edit, {"revenue": "-5"})
    assert "Amounts cannot be negative." in bad.content.decode()
    post_en(client, edit, {"revenue": "1", "employees": 90})
    fact.refresh_from_db()
    assert (fact.revenue, fact.employees) == (Decimal("1.00"), 90)

    delete = reverse("enterprises:fact_delete", args=[enterprise.pk, 2023])
    confirm = client.get(delete)
    assert 'data-testid="confirm-delete"' in confirm.content.decode()
    assert YearlyFact.objects.filter(pk=fact.pk).exists()  # GET deletes nothing
    assert client.post(delete).status_code == 302
    assert not YearlyFact.objects.filter(pk=fact.pk).exists()


def test_missing_year_is_404(client, world):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    url = reverse("enterprises:fact_update", args=[world.a.enterprise.pk, 1999])
    assert client.get(url).status_code == 404


def test_qualification_add_and_remove(client, world):
    enterprise = world.a.enterprise
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    response = post_en(
        client,
        reverse("enterprises:qualification_create", args=[enterprise.pk]),
        {"kind": "high_tech", "certificate_no": "GR1", "valid_from": "2023-01-01"},
    )
    assert response.status_code == 302
    qualification = Qualification.objects.get(enterprise=enterprise)
    bad = post_en(
        client,
        reverse("enterprises:qualification_update", args=[enterprise.pk, qualification.pk]),
        {"kind": "high_tech", "valid_from": "2023-01-01", "valid_to": "2022-01-01"},
    )
    assert bad.context["form"].errors["valid_to"]
    url = reverse("enterprises:qualification_delete", args=[enterprise.pk, qualification.pk])
    client.post(url)
    assert not Qualification.objects.filter(pk=qualification.pk).exists()


def test_contact_edit_by_official_does_not_prefill_the_number(client, world):
    enterprise = world.a.enterprise
    contact = ContactFactory(enterprise=enterprise, phone="13812341234")
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    url = reverse("enterprises:contact_update", args=[enterprise.pk, contact.pk])
    html = client.get(url).content.decode()
    assert "13812341234" not in html
    assert "138****1234" in html  # as a placeholder
    post_en(client, url, {"name": contact.name, "title": "CTO", "phone": ""})
    contact.refresh_from_db()
    assert contact.phone == "13812341234"  # left empty: kept
    assert contact.title == "CTO"


def test_contact_edit_by_the_enterprise_prefills_and_can_clear(client, world):
    enterprise = world.a.enterprise
    contact = ContactFactory(enterprise=enterprise, phone="13812341234")
    client.force_login(world.a.users[Role.ENTERPRISE_USER])
    url = reverse("enterprises:contact_update", args=[enterprise.pk, contact.pk])
    assert client.get(url).context["form"]["phone"].value() == "13812341234"
    post_en(client, url, {"name": contact.name, "phone": ""})
    contact.refresh_from_db()
    assert contact.phone == ""


def test_contact_add_bad_phone_then_remove(client, world):
    enterprise = world.a.enterprise
    client.force_login(world.a.users[Role.ENTERPRISE_USER])
    add = reverse("enterprises:contact_create", args=[enterprise.pk])
    bad = post_en(client, add, {"name": "李雷", "phone": "123"})
    assert bad.context["form"].errors["phone"]
    post_en(client, add, {"name": "李雷", "phone": "0371-67891234", "is_primary": "on"})
    contact = Contact.objects.get(name="李雷")
    assert contact.phone == "037167891234" and contact.is_primary
    client.post(reverse("enterprises:contact_delete", args=[enterprise.pk, contact.pk]))
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_qualification_of_another_enterprise_via_our_url_is_404(client, world):
    theirs = QualificationFactory(enterprise=world.b.enterprise)
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    url = reverse("enterprises:qualification_delete", args=[world.a.enterprise.pk, theirs.pk])
    assert client.post(url).status_code == 404
    assert Qualification.objects.filter(pk=theirs.pk).exists()


def test_yearly_fact_factory_is_usable(world):
    assert YearlyFactFactory(enterprise=world.a.enterprise).rnd_ratio == Decimal("5.00")
