"""The investment demo: the 18 MedPark signings at the seed conference, a pipeline in every
other state, idempotent, and working without the clusters and events loaders."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gaoxin.demo.loader import load_demo
from gaoxin.events.models import Event
from gaoxin.parks.models import ChainSegment, Cluster, Park, SegmentMembership

from ..demo import CONFERENCE, MEDPARK_NAME, PIPELINE, load_investment_demo, medpark_firm_names
from ..models import Lead, Signing

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone_demo():
    load_demo()
    return Park.objects.get(name=MEDPARK_NAME)


def test_the_18_signings_at_the_conference_and_the_pipeline(zone_demo):
    medpark = zone_demo
    event = Event.objects.create(
        zone=medpark.zone,
        kind="conference",
        title=CONFERENCE,
        starts_on=datetime.date(2025, 4, 25),
        venue="郑州高新·数算产业园",
    )
    cluster = Cluster.objects.create(zone=medpark.zone, name="医疗器械")
    imaging = ChainSegment.objects.create(
        cluster=cluster, name="医学影像设备", position="midstream"
    )
    firm = medpark.enterprises.get(name="郑州康影医疗科技有限公司")
    SegmentMembership.objects.create(segment=imaging, enterprise=firm)
    report = load_investment_demo()
    names = medpark_firm_names()
    assert len(names) == 18
    signed = Signing.objects.filter(signed_on=datetime.date(2025, 4, 25), event=event)
    assert signed.count() == 18
    assert all(s.is_sample and s.lead.is_sample and s.park == medpark for s in signed)
    leads = Lead.objects.filter(firm_name__in=names)
    assert set(leads.values_list("status", flat=True)) == {"settled", "producing"}
    assert all(lead.enterprise and lead.enterprise.name == lead.firm_name for lead in leads)
    assert leads.get(firm_name=firm.name).segment == imaging
    producing = leads.filter(status="producing")
    assert all(lead.enterprise.stage in ("production", "sales") for lead in producing)
    pipeline = Lead.objects.exclude(firm_name__in=names)
    assert pipeline.count() == len(PIPELINE) == 10
    assert {"contact", "visit", "negotiation", "signed", "dropped"} == set(
        pipeline.values_list("status", flat=True)
    )
    assert set(pipeline.values_list("owner__username", flat=True)) == {"chenjinge", "lili"}
    assert all(2026 <= lead.production_year <= 2028 and lead.expected_output for lead in pipeline)
    today = timezone.localdate()
    assert pipeline.filter(next_follow_up__lt=today).count() == 2
    for lead in Lead.objects.all():  # stage dates in order
        dates = [
            d
            for d in (
                lead.contact_on,
                lead.visit_on,
                lead.negotiation_on,
                lead.signed_on,
                lead.settled_on,
                lead.producing_on,
            )
            if d
        ]
        assert dates == sorted(dates) and dates[-1] <= today
    assert report.leads == 28 and report.signings == 20


def test_loading_again_changes_nothing_and_it_works_without_event_or_clusters(zone_demo):
    first = load_investment_demo()
    assert first.signings == 20
    assert not Signing.objects.exclude(event=None).exists()
    assert not Lead.objects.exclude(segment=None).exists()
    rows = Lead.objects.count(), Signing.objects.count()
    again = load_investment_demo()
    assert (again.leads, again.signings) == (0, 0)
    assert (Lead.objects.count(), Signing.objects.count()) == rows


def test_nothing_without_the_zone():
    assert load_investment_demo().skipped
