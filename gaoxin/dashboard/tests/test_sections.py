"""The overview renders the registered sections; each figure is a chart, a table and an Excel
file that agree, every row drills down to the list behind it, and every role sees its scope."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.accounts.tests.factories import OrganisationFactory, UserFactory
from gaoxin.core import registry
from gaoxin.dashboard.figures import figure_view
from gaoxin.enterprises.tests.factories import (
    EnterpriseFactory,
    ParkFactory,
    QualificationFactory,
    YearlyFactFactory,
)

from .helpers import join, make_chain, workbook_rows

LIST = "/enterprises/"


def page_of(client, user) -> str:
    client.force_login(user)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    return response.content.decode()


def table_rows(page: str, key: str) -> list[tuple[str, list[str]]]:
    """(link, cell texts) of each row of figure ``key``'s table, as the page shows them."""
    rows = re.findall(rf'<tr data-testid="figure-row" data-figure="{key}">(.*?)</tr>', page)
    out = []
    for row in rows:
        links = re.findall(r'href="([^"]*)"', row)
        cells = [
            html.unescape(re.sub(r"<[^>]+>", "", c))
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        out.append((links[0].replace("&amp;", "&") if links else "", cells))
    return out


@pytest.fixture
def chain(world):
    """Side A: the park's firm in both segments, a second firm in one, a third in no park."""
    a = world.a
    second = EnterpriseFactory(zone=a.zone, park=a.park, stage="pilot")
    EnterpriseFactory(zone=a.zone, park=None, stage="rnd")
    imaging, ivd = make_chain(a.zone, [a.park])
    join(imaging, a.enterprise, second)
    join(ivd, a.enterprise)
    world.segments = (imaging, ivd)
    world.second = second
    return world


@pytest.mark.django_db
def test_the_official_sees_every_figure_each_row_linking_to_its_list(client, chain):
    official = chain.a.users[Role.ZONE_OFFICIAL]
    QualificationFactory(enterprise=chain.a.enterprise, kind="high_tech")
    YearlyFactFactory(
        enterprise=chain.a.enterprise,
        year=2024,
        revenue=Decimal("123456789.00"),
        output_value=None,
    )
    page = page_of(client, official)
    assert 'data-section="enterprises"' in page and "js/figures.js" in page
    keys = re.findall(r'data-testid="figure" data-figure="([\w-]+)"', page)
    assert keys == [
        "enterprises-stage",
        "enterprises-qualification",
        "enterprises-park",
        "enterprises-segment",
        "enterprises-year",
    ]
    imaging, ivd = chain.segments
    assert table_rows(page, "enterprises-segment") == [
        (f"{LIST}?segment={imaging.pk}", ["医学影像设备", "2"]),
        (f"{LIST}?segment={ivd.pk}", ["体外诊断试剂", "1"]),
    ]
    assert (f"{LIST}?stage=pilot", ["Pilot", "1"]) in table_rows(page, "enterprises-stage")
    assert (f"{LIST}?park=none", ["Not in a park", "1"]) in table_rows(page, "enterprises-park")
    assert table_rows(page, "enterprises-year") == [
        (f"{LIST}?year=2024", ["2024", "12,345.68", "—", "1"])  # 万元, as the header says
    ]
    # each link opens the list to the same count the table shows
    for key in ("enterprises-stage", "enterprises-qualification", "enterprises-park"):
        for link, cells in table_rows(page, key) + table_rows(page, "enterprises-segment"):
            listed = client.get(link).context["page_obj"].paginator.count
            assert listed == int(cells[1]), (key, link)


@pytest.mark.django_db
def test_the_chart_is_drawn_from_the_tables_own_rows(client, chain):
    page = page_of(client, chain.a.users[Role.ZONE_OFFICIAL])
    found = re.search(
        r'<script id="figure-enterprises-segment-data" type="application/json">(.*?)</script>',
        page,
    )
    data = json.loads(found.group(1))
    imaging, ivd = chain.segments
    assert data["type"] == "bar" and data["categories"] == ["医学影像设备", "体外诊断试剂"]
    assert data["series"] == [{"name": "Enterprises", "data": ["2", "1"]}]
    assert data["links"] == [f"{LIST}?segment={imaging.pk}", f"{LIST}?segment={ivd.pk}"]
    # without JavaScript the table is open and the (empty) chart box hidden
    assert "<details open data-figure-table" in page
    assert '<div class="chart" hidden role="img"' in page


@pytest.fixture
def two_operators(chain):
    """A second operator of side A's zone with a park and a firm of its own in a segment."""
    a = chain.a
    other = OrganisationFactory(name="另一产投", kind=OrganisationKind.PARK_OPERATOR, zone=a.zone)
    chain.other_park = ParkFactory(name="另一园区", zone=a.zone, operator=other)
    chain.other_firm = EnterpriseFactory(zone=a.zone, park=chain.other_park, stage="sales")
    join(chain.segments[1], chain.other_firm)
    chain.segments[1].cluster.parks.add(chain.other_park)  # the cluster spans both parks
    chain.other_user = UserFactory(role=Role.PARK_OPERATOR, organisation=other)
    return chain


@pytest.mark.django_db
def test_a_park_operator_sees_only_its_parks_figures(client, two_operators):
    w = two_operators
    page = page_of(client, w.a.users[Role.PARK_OPERATOR])
    parks = table_rows(page, "enterprises-park")
    assert parks == [(f"{LIST}?park={w.a.park.pk}", [w.a.park.name, "2"])]
    assert [cells for _link, cells in table_rows(page, "enterprises-segment")] == [
        ["医学影像设备", "2"],
        ["体外诊断试剂", "1"],  # the other operator's firm in it is not counted
    ]
    assert ["Sales", "0"] in [cells for _l, cells in table_rows(page, "enterprises-stage")]
    assert "funds-money" not in page


@pytest.mark.django_db
def test_another_operator_sees_none_of_those_parks_figures(client, two_operators):
    w = two_operators
    page = page_of(client, w.other_user)
    parks = table_rows(page, "enterprises-park")
    assert parks == [(f"{LIST}?park={w.other_park.pk}", ["另一园区", "1"])]
    assert w.a.park.name not in page
    assert [cells for _link, cells in table_rows(page, "enterprises-segment")] == [
        ["医学影像设备", "0"],
        ["体外诊断试剂", "1"],
    ]
    # and the other side's operator sees neither (nor the cluster of another zone)
    page = page_of(client, w.b.users[Role.PARK_OPERATOR])
    assert w.a.park.name not in page and "enterprises-segment" not in page


@pytest.mark.django_db
def test_the_provincial_reviewer_sees_its_province(client, chain):
    page = page_of(client, chain.a.users[Role.PROVINCIAL_REVIEWER])
    total = sum(int(cells[1]) for _l, cells in table_rows(page, "enterprises-park"))
    assert total == 3
    page = page_of(client, chain.b.users[Role.PROVINCIAL_REVIEWER])
    total = sum(int(cells[1]) for _l, cells in table_rows(page, "enterprises-park"))
    assert total == 1


@pytest.mark.django_db
def test_no_enterprise_no_section_but_what_to_do(client, world):
    world.a.enterprise.delete()
    page = page_of(client, world.a.users[Role.ZONE_OFFICIAL])
    assert 'data-testid="overview-empty"' in page and 'data-section="enterprises"' not in page


# --- export -------------------------------------------------------------------------------


def export(client, user, key: str):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client.get(reverse("dashboard:figure_export", kwargs={"key": key}))


@pytest.mark.django_db
def test_the_export_holds_the_tables_columns_and_rows(client, chain):
    YearlyFactFactory(
        enterprise=chain.a.enterprise,
        year=2024,
        revenue=Decimal("123456789.00"),
        output_value=Decimal("5000.00"),
    )
    official = chain.a.users[Role.ZONE_OFFICIAL]
    page = page_of(client, official)
    for key in ("enterprises-segment", "enterprises-stage", "enterprises-park"):
        response = export(client, official, key)
        assert response.status_code == 200 and response["Content-Type"].startswith(
            "application/vnd.openxmlformats"
        )
        rows = workbook_rows(response.content)
        assert rows[1:] == [[cells[0], int(cells[1])] for _link, cells in table_rows(page, key)], (
            key
        )
    from gaoxin.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action="dashboard.figure.export").latest("id")
    assert event.data == {"key": "enterprises-park", "rows": 2} and event.actor_id == official.pk
    rows = workbook_rows(export(client, official, "enterprises-year").content)
    assert rows == [
        ["Year", "Revenue (10k yuan)", "Output value (10k yuan)", "Enterprises with figures"],
        ["2024", 12345.68, 0.5, 1],  # 万元 as the header and the page say
    ]


@pytest.mark.django_db
def test_a_key_the_user_does_not_see_is_not_found(client, chain):
    operator = chain.a.users[Role.PARK_OPERATOR]
    assert export(client, operator, "funds-money").status_code == 404
    assert export(client, operator, "no-such-figure").status_code == 404
    # a side B operator has no chain segment: side A's segment figure is not theirs
    assert (
        export(client, chain.b.users[Role.PARK_OPERATOR], "enterprises-segment").status_code == 404
    )
    # roles without the overview: forbidden; a visitor is sent to log in
    assert (
        export(client, chain.a.users[Role.ENTERPRISE_USER], "enterprises-stage").status_code == 403
    )
    client.logout()
    assert (
        client.get(reverse("dashboard:figure_export", args=["enterprises-stage"])).status_code
        == 302
    )


@pytest.mark.django_db
def test_the_export_is_rebuilt_for_the_requesting_user(client, two_operators):
    w = two_operators
    rows = workbook_rows(export(client, w.other_user, "enterprises-park").content)
    assert rows[1:] == [["另一园区", 1]]


# --- a section another app registers -----------------------------------------------------


@pytest.fixture
def pipeline_section():
    """A section as another app would register it: a funnel with a money column, one row
    without a link, a figure with no chart and one with no rows."""

    def context(user):
        if user.role != Role.ZONE_OFFICIAL:
            return None
        return {
            "title": "Pipeline (test)",
            "figures": [
                {
                    "key": "test-funnel",
                    "title": "Funnel",
                    "columns": ["Status", "Leads", "Expected (10k yuan)"],
                    "rows": [
                        {"cells": ["Contact", 10, Decimal("1500000.00")], "link": "/x/?s=c"},
                        {"cells": ["Signed", 3, Decimal("250000.50")], "link": None},
                    ],
                    "chart": {
                        "type": "funnel",
                        "category_column": 0,
                        "value_columns": [1],
                        "money": False,
                    },
                },
                {
                    "key": "test-plain",
                    "title": "Plain",
                    "columns": ["Name", "Amount (10k yuan)"],
                    "rows": [{"cells": ["a", Decimal("10000")], "link": "/y/"}],
                    "chart": {
                        "type": "bar",
                        "category_column": 0,
                        "value_columns": [1],
                        "money": True,
                    },
                    "note": "a note",
                },
                {
                    "key": "test-table",
                    "title": "Only a table",
                    "columns": ["A", "B"],
                    "rows": [{"cells": ["x", 1], "link": ""}],
                },
                {
                    "key": "test-empty",
                    "title": "Empty",
                    "columns": ["A"],
                    "rows": [],
                    "note": "Nothing signed yet.",
                },
            ],
        }

    registry.overview_section(
        "test-pipeline", template="dashboard/_section.html", roles=[Role.ZONE_OFFICIAL], order=50
    )(context)
    yield
    registry._overview_sections.pop("test-pipeline")


@pytest.mark.django_db
def test_a_section_registered_elsewhere_is_rendered_and_exported(client, world, pipeline_section):
    official = world.a.users[Role.ZONE_OFFICIAL]
    page = page_of(client, official)
    assert 'data-section="test-pipeline"' in page and "Pipeline (test)" in page
    assert page.index('data-section="enterprises"') < page.index('data-section="test-pipeline"')
    assert table_rows(page, "test-funnel") == [
        ("/x/?s=c", ["Contact", "10", "1500000.00"]),  # not a money column: shown as given
        ("", ["Signed", "3", "250000.50"]),
    ]
    assert table_rows(page, "test-plain") == [("/y/", ["a", "1.00"])]
    funnel = re.search(r'id="figure-test-funnel-data" type="application/json">(.*?)</script>', page)
    assert json.loads(funnel.group(1))["type"] == "funnel"
    assert 'id="figure-test-table-data"' not in page  # no chart: the table alone
    assert 'data-testid="figure-empty">Nothing signed yet.' in page
    rows = workbook_rows(export(client, official, "test-plain").content)
    assert rows == [["Name", "Amount (10k yuan)"], ["a", 1]]
    rows = workbook_rows(export(client, official, "test-funnel").content)
    assert rows[2] == ["Signed", 3, 250000.5]
    # the operator's role does not get the section, nor its export
    operator = world.a.users[Role.PARK_OPERATOR]
    assert "test-pipeline" not in page_of(client, operator)
    assert export(client, operator, "test-funnel").status_code == 404


def test_money_columns_are_shown_in_wan():
    view = figure_view(
        {
            "key": "k",
            "title": "t",
            "columns": ["Name", "Money (10k yuan)", "Count"],
            "rows": [{"cells": ["a", Decimal("123456789.00"), 1234], "link": None}],
            "chart": {"type": "line", "category_column": 0, "value_columns": [1], "money": True},
        }
    )
    assert [c["text"] for c in view["rows"][0]["cells"]] == ["a", "12,345.68", "1,234"]
    assert view["chart"]["series"][0]["data"] == ["12345.68"]
