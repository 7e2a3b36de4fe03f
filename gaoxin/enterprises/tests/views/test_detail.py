import datetime
import json
import re

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.enterprises import services
from gaoxin.enterprises.tests.factories import (
    ContactFactory,
    QualificationFactory,
    YearlyFactFactory,
)

pytestmark = pytest.mark.django_db


def detail_url(enterprise):
    return reverse("enterprises:detail", args=[enterprise.pk])


@pytest.fixture
def contact(world):
    return ContactFactory(enterprise=world.a.enterprise, phone="13812341234")


def test_official_sees_masked_phone_and_a_show_button(client, world, contact):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    html = client.get(detail_url(world.a.enterprise)).content.decode()
    assert "138****1234" in html
    assert "13812341234" not in html
    assert 'data-testid="reveal-phone"' in html
    assert 'data-testid="edit-profile"' in html
    assert re.search(r'data-testid="profile-name">[^<]*a企业有限公司', html)


def test_reviewer_sees_masked_phone_without_show_or_edit(client, world, contact):
    client.force_login(world.a.users[Role.PROVINCIAL_REVIEWER])
    html = client.get(detail_url(world.a.enterprise)).content.decode()
    assert "138****1234" in html
    assert "13812341234" not in html
    assert 'data-testid="reveal-phone"' not in html
    assert 'data-testid="edit-profile"' not in html
    assert 'data-testid="add-fact"' not in html


def test_enterprise_sees_its_own_numbers(client, world, contact):
    client.force_login(world.a.users[Role.ENTERPRISE_USER])
    html = client.get(detail_url(world.a.enterprise)).content.decode()
    assert "13812341234" in html
    assert 'data-testid="reveal-phone"' not in html
    assert 'data-testid="edit-profile"' in html


def test_enterprise_user_cannot_open_another_enterprise(client, world):
    client.force_login(world.a.users[Role.ENTERPRISE_USER])
    assert client.get(detail_url(world.b.enterprise)).status_code == 404


def test_reveal_with_htmx_replaces_the_number_in_place_and_is_audited(client, world, contact):
    official = world.a.users[Role.ZONE_OFFICIAL]
    client.force_login(official)
    url = reverse("enterprises:contact_reveal", args=[world.a.enterprise.pk, contact.pk])
    response = client.post(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'id="contact-{contact.pk}-phone"' in html
    assert 'data-testid="contact-phone">13812341234<' in html
    assert 'data-testid="reveal-phone"' not in html
    event = AuditEvent.objects.get(action="enterprises.contact.reveal")
    assert event.actor == official
    # ...and the history shows it.
    history = client.get(detail_url(world.a.enterprise)).content.decode()
    assert 'data-testid="history-row"' in history


def test_reveal_without_javascript_shows_the_profile_with_the_number(client, world, contact):
    client.force_login(world.a.users[Role.PARK_OPERATOR])
    url = reverse("enterprises:contact_reveal", args=[world.a.enterprise.pk, contact.pk])
    html = client.post(url).content.decode()
    assert "<html" in html
    assert "13812341234" in html
    assert AuditEvent.objects.filter(action="enterprises.contact.reveal").count() == 1


def test_facts_table_and_chart_data(client, world):
    YearlyFactFactory(enterprise=world.a.enterprise, year=2022, revenue="40000000.00")
    YearlyFactFactory(enterprise=world.a.enterprise, year=2024)
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    response = client.get(detail_url(world.a.enterprise))
    html = response.content.decode()
    assert 'data-testid="facts-chart"' in html
    assert html.count('data-testid="fact-row"') == 2
    assert re.search(r">5,?000\.00<", html)  # 50 000 000 yuan as 5000.00 万元 (zh groups by 4)
    assert "5.00%" in html  # R&D ratio
    data = json.loads(re.search(r'id="facts-chart-data"[^>]*>(.*?)</script>', html).group(1))
    assert data == {
        "years": [2022, 2024],
        "revenue": ["4000.00", "5000.00"],
        "output": ["6000.00", "6000.00"],
        "rnd": ["250.00", "250.00"],
    }


def test_no_facts_no_chart(client, world):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    html = client.get(detail_url(world.a.enterprise)).content.decode()
    assert 'data-testid="facts-chart"' not in html
    assert 'data-testid="no-facts"' in html


def test_expired_qualifications_are_marked(client, world):
    QualificationFactory(
        enterprise=world.a.enterprise,
        valid_from=datetime.date(2018, 1, 1),
        valid_to=datetime.date(2020, 12, 31),
    )
    QualificationFactory(enterprise=world.a.enterprise, kind="srdi", valid_to=None)
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    html = client.get(detail_url(world.a.enterprise)).content.decode()
    assert 'data-status="expired"' in html
    assert 'data-status="valid"' in html


def test_history_shows_changes_with_reason(client, world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    services.enterprise_update(
        actor=official, enterprise=world.a.enterprise, data={"address": "新地址"}, reason="搬迁"
    )
    client.force_login(world.a.users[Role.ENTERPRISE_USER])
    html = client.get(detail_url(world.a.enterprise)).content.decode()
    assert html.count('data-testid="history-row"') == 1
    assert "搬迁" in html
    assert str(official) in html


def test_sample_badge_on_profile(client, world):
    world.a.enterprise.is_sample = True
    world.a.enterprise.save()
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    html = client.get(detail_url(world.a.enterprise)).content.decode()
    assert 'data-testid="sample-badge"' in html


def test_mine_without_an_enterprise_explains(client, world):
    world.a.enterprise.organisation = None
    world.a.enterprise.save()
    client.force_login(world.a.users[Role.ENTERPRISE_USER])
    response = client.get(reverse("enterprises:mine"))
    assert response.status_code == 200
    assert 'data-testid="no-enterprise"' in response.content.decode()


def test_history_lines_are_in_the_readers_language(client, world):
    """Written in Chinese (the official's language), read in English: the line follows the
    reader; the stored summary (part of the hash chain) is left as it was."""
    from django.utils import translation

    official = world.a.users[Role.ZONE_OFFICIAL]
    with translation.override("zh-hans"):
        services.enterprise_update(
            actor=official, enterprise=world.a.enterprise, data={"address": "新地址"}
        )
        services.yearly_fact_upsert(
            actor=official, enterprise=world.a.enterprise, year=2024, data={"revenue": 100}
        )
    stored = AuditEvent.objects.filter(object_id=str(world.a.enterprise.pk)).order_by("pk")
    assert stored.first().summary.startswith("修改")
    client.force_login(official)
    client.cookies["django_language"] = "en"
    html = client.get(detail_url(world.a.enterprise)).content.decode()
    lines = re.findall(r'data-testid="history-line">([^<]*)<', html)
    assert f"Changed address of {world.a.enterprise.name}" in lines
    assert "Recorded the figures for 2024" in lines
    client.cookies["django_language"] = "zh-hans"
    html = client.get(detail_url(world.a.enterprise)).content.decode()
    assert "录入2024年度数据" in html
