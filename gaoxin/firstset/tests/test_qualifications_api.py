"""The qualifications API: scoped like the pages, declaring through the service (400 naming the
field), the public results without caps."""

from __future__ import annotations

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.firstset.models import Declaration

from .factories_program import ROBOT_VALUES, current_entry, make_declaration, make_qualification

pytestmark = pytest.mark.django_db


def test_declarations_scoped(world, api):
    mine = make_declaration(world.a.enterprise)
    make_declaration(world.b.enterprise)
    body = api(world.a.users[Role.ZONE_OFFICIAL]).get("/firstset/declarations").json()
    assert [item["id"] for item in body["items"]] == [mine.pk]
    other = api(world.b.users[Role.PROVINCIAL_REVIEWER])
    assert other.get(f"/firstset/declarations/{mine.pk}").status_code == 404
    detail = api(world.a.users[Role.ENTERPRISE_USER]).get(f"/firstset/declarations/{mine.pk}")
    assert detail.json()["check"][0]["met"] is True


def test_declare(world, api):
    entry = current_entry()
    client = api(world.a.users[Role.ENTERPRISE_USER])
    response = client.post(
        "/firstset/declarations",
        {"entry": entry.pk, "model_name": "API-1", "values": ROBOT_VALUES},
    )
    assert response.status_code == 201, response.content
    assert response.json()["meets_all"] is True
    again = client.post(
        "/firstset/declarations",
        {"entry": entry.pk, "model_name": "API-1", "values": ROBOT_VALUES},
    )
    assert again.status_code == 409
    assert "model_name" in again.content.decode()
    bad = client.post(
        "/firstset/declarations",
        {"entry": entry.pk, "model_name": "API-2", "values": ROBOT_VALUES, "unit_value": "0"},
    )
    assert bad.status_code == 400 and "unit_value" in bad.content.decode()
    assert Declaration.objects.count() == 1


def test_qualifications_scoped_and_results_public(world, api):
    qualification = make_qualification(world.a.enterprise)
    auditor = api(world.a.users[Role.AUDITOR]).get("/firstset/qualifications").json()
    assert auditor["items"][0]["cap"] == "2160000.00"
    other = api(world.b.users[Role.ZONE_OFFICIAL])
    assert other.get(f"/firstset/qualifications/{qualification.pk}").status_code == 404
    round_ = qualification.round
    round_.results_published_on = round_.valid_from
    round_.save()
    results = api().get("/firstset/results").json()
    assert results[0]["items"][0]["enterprise_name"] == world.a.enterprise.name
    assert "cap" not in results[0]["items"][0]
