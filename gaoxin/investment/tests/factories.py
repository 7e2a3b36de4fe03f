"""Rows of the investment tests: a cluster with segments, an event, leads at each stage
(moved through the services, so their dates and audit events are real)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from gaoxin.accounts.choices import Role
from gaoxin.events.models import Event
from gaoxin.parks.models import ChainSegment, Cluster

from .. import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "协议.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_segment(side, name: str = "医学影像设备") -> ChainSegment:
    cluster, _ = Cluster.objects.get_or_create(zone=side.zone, name="医疗器械")
    cluster.parks.add(side.park)
    segment, _ = ChainSegment.objects.get_or_create(
        cluster=cluster, name=name, defaults={"position": "midstream"}
    )
    return segment


def make_event(side, title: str = "测试招商大会") -> Event:
    return Event.objects.create(
        zone=side.zone,
        kind="conference",
        title=title,
        starts_on=datetime.date(2025, 4, 25),
        venue="测试园区",
        park=side.park,
    )


def make_lead(side, *, firm: str = "测试目标企业有限公司", actor=None, **data):
    actor = actor or side.users[Role.PARK_OPERATOR]
    values = {"firm_name": firm, "source": "referral", "park": side.park, **data}
    return services.lead_create(actor=actor, data=values)


def negotiating_lead(side, **data):
    lead = make_lead(side, **data)
    actor = side.users[Role.PARK_OPERATOR]
    services.lead_transition(actor=actor, lead=lead, name="visit", note="实地考察")
    services.lead_transition(actor=actor, lead=lead, name="negotiate", note="开始谈判")
    return lead


def signed_lead(side, **data):
    lead = negotiating_lead(side, **data)
    services.lead_sign(
        actor=side.users[Role.PARK_OPERATOR],
        lead=lead,
        signed_on=datetime.date(2025, 4, 25),
        amount=Decimal("50000000"),
        note="现场签约",
        agreement=pdf(),
    )
    return lead
