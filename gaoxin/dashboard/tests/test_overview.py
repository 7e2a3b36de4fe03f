"""The overview counts only what the user may see, and its figures add up."""

from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.dashboard.selectors import enterprise_figures, overview
from gaoxin.enterprises.tests.factories import EnterpriseFactory, YearlyFactFactory


@pytest.fixture
def figures(world):
    YearlyFactFactory(enterprise=world.a.enterprise, year=2024, revenue=Decimal("100.00"))
    outside_park = EnterpriseFactory(zone=world.a.zone, park=None)
    YearlyFactFactory(enterprise=outside_park, year=2024, revenue=Decimal("50.00"))
    YearlyFactFactory(enterprise=world.b.enterprise, year=2024, revenue=Decimal("7.00"))
    return world


@pytest.mark.django_db
def test_zone_official_sees_the_whole_zone_only(figures):
    data = overview(user=figures.a.users[Role.ZONE_OFFICIAL])
    assert data["total"] == 2
    assert data["latest"]["revenue"] == Decimal("150.00")


@pytest.mark.django_db
def test_park_operator_sees_its_parks_only(figures):
    data = overview(user=figures.a.users[Role.PARK_OPERATOR])
    assert data["total"] == 1
    assert data["latest"]["revenue"] == Decimal("100.00")


@pytest.mark.django_db
def test_stage_counts_add_up_to_the_total(figures):
    user = figures.a.users[Role.ZONE_OFFICIAL]
    stages = enterprise_figures(user=user)["stages"]
    assert sum(s["count"] for s in stages) == overview(user=user)["total"]


@pytest.mark.django_db
def test_page_shows_grouped_figures_in_wan(client, figures):
    YearlyFactFactory(enterprise=figures.a.enterprise, year=2025, revenue=Decimal("123456789.00"))
    client.force_login(figures.a.users[Role.ZONE_OFFICIAL])
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "12,346" in page  # 123 456 789 yuan = 12 346 万元, rounded half-up


@pytest.mark.django_db
def test_empty_scope_says_what_to_do(client, world):
    world.a.enterprise.delete()
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "企业" in page and "导入" in page


@pytest.mark.django_db
def test_latest_is_each_enterprises_own_latest_year(figures):
    """One firm reporting 2025 does not switch the zone to 2025: the other keeps its 2024."""
    YearlyFactFactory(enterprise=figures.a.enterprise, year=2025, revenue=Decimal("300.00"))
    data = overview(user=figures.a.users[Role.ZONE_OFFICIAL])
    assert data["latest"]["revenue"] == Decimal("350.00")  # 300 (2025) + 50 (2024)
    span = data["latest_span"]["revenue"]
    assert (span["first"], span["last"], span["enterprises"]) == (2024, 2025, 2)


@pytest.mark.django_db
def test_a_figure_missing_in_the_latest_year_is_taken_from_the_year_before(figures):
    YearlyFactFactory(enterprise=figures.a.enterprise, year=2025, revenue=None, tax_paid=1)
    data = overview(user=figures.a.users[Role.ZONE_OFFICIAL])
    assert data["latest"]["revenue"] == Decimal("150.00")


@pytest.mark.django_db
def test_a_partly_reported_year_is_marked_not_a_fall(figures):
    YearlyFactFactory(enterprise=figures.a.enterprise, year=2025, revenue=Decimal("1.00"))
    by_year = enterprise_figures(user=figures.a.users[Role.ZONE_OFFICIAL])["by_year"]
    assert [(r["year"], r["enterprises"], r["incomplete"]) for r in by_year] == [
        (2024, 2, False),
        (2025, 1, True),
    ]


@pytest.mark.django_db
def test_the_page_marks_the_incomplete_year_and_captions_the_latest(client, figures):
    YearlyFactFactory(enterprise=figures.a.enterprise, year=2025, revenue=Decimal("1.00"))
    client.force_login(figures.a.users[Role.ZONE_OFFICIAL])
    client.cookies["django_language"] = "en"
    response = client.get(reverse("dashboard:home"))
    page = response.content.decode()
    assert '"categories": ["2024", "2025*"]' in page  # the year chart's data
    assert 'data-testid="figure-note"' in page and "* 2025: only 1 enterprises" in page
    assert 'data-testid="latest-caption"' in page and "2024–2025, 2 enterprises" in page


@pytest.mark.django_db
def test_the_overview_shows_the_reporting_progress_of_open_campaigns(client, figures):
    import datetime

    from gaoxin.enterprises import services

    official = figures.a.users[Role.ZONE_OFFICIAL]
    from gaoxin.reporting.services import campaign_open

    campaign_open(
        actor=official,
        year=2025,
        required=["revenue"],
        working_days=5,
        opened_on=datetime.date(2026, 3, 2),
    )
    services.yearly_fact_upsert(
        actor=figures.a.users[Role.ENTERPRISE_USER],
        enterprise=figures.a.enterprise,
        year=2025,
        data={"revenue": "10.00"},
    )
    data = overview(user=official)
    assert [(p.campaign.year, p.reported, p.total) for p in data["reporting"]] == [(2025, 1, 2)]
    # the pending 2025 declaration is not a verified figure: the sums stay on 2024
    assert data["latest"]["revenue"] == Decimal("150.00")
    operator = overview(user=figures.a.users[Role.PARK_OPERATOR])["reporting"]
    assert [(p.reported, p.total) for p in operator] == [(1, 1)]
    client.force_login(official)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "2025: 1 of 2 enterprises reported" in page


@pytest.mark.django_db
def test_every_park_of_the_zone_is_listed_with_zeros(figures):
    from gaoxin.parks.models import Park

    empty = Park.objects.create(name="数算产业园", zone=figures.a.zone, operator=figures.a.operator)
    rows = enterprise_figures(user=figures.a.users[Role.ZONE_OFFICIAL])["by_park"]
    by_name = {row["name"]: row for row in rows}
    assert by_name[empty.name]["n"] == 0 and by_name[empty.name]["filter"] == str(empty.pk)
    assert by_name[figures.a.park.name]["n"] == 1
    assert rows[-1] == {"name": None, "n": 1, "filter": "none"}  # the firm in no park, last


@pytest.mark.django_db
def test_every_figure_links_to_the_list_behind_it(client, figures):
    from gaoxin.enterprises.tests.factories import QualificationFactory

    QualificationFactory(enterprise=figures.a.enterprise, kind="high_tech")
    official = figures.a.users[Role.ZONE_OFFICIAL]
    client.force_login(official)
    page = client.get(reverse("dashboard:home")).content.decode()
    listing = reverse("enterprises:list")
    park = figures.a.park.pk
    for query in (f"park={park}", "park=none", "qualification=high_tech", "year=2024"):
        assert f'href="{listing}?{query}"' in page, query
    assert f'href="{listing}?stage=rnd"' in page and "js/figures.js" in page
    # and the list filters by each, to the same counts
    counts = {
        f"park={park}": 1,
        "park=none": 1,
        "qualification=high_tech": 1,
        "year=2024": 2,
        "year=2023": 0,
        "year=any": 2,
    }
    for query, n in counts.items():
        response = client.get(f"{listing}?{query}")
        assert response.context["page_obj"].paginator.count == n, query
