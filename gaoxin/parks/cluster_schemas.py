"""API schemas of the clusters (prefixed Cluster…, Segment…, Target… so that their OpenAPI
names stay unique). Money travels as decimal strings of yuan ("1234.50"), never floats."""

from __future__ import annotations

from ninja import Field, Schema

from gaoxin.core.api import id_field

MONEY = "Yuan, a decimal string; null: no figure"


class ClusterOut(Schema):
    id: int
    name: str
    description: str
    zone: int
    parks: list[str]
    segments: int
    enterprises: int
    output: str | None = Field(description="The members' latest verified output value, " + MONEY)
    target_id: int | None = Field(description="The cluster-wide target due last, if any")
    target: str | None = Field(description=MONEY)
    target_year: int | None
    progress: int | None = Field(description="Output against the target, per cent")


class SegmentFiguresOut(Schema):
    id: int
    name: str
    parent: int | None
    position: str = Field(description="upstream, midstream or downstream")
    depth: int
    enterprises: int = Field(description="The segment's own enterprises")
    stages: dict[str, int] = Field(description="Own enterprises per stage: rnd, pilot, …")
    output: str | None = Field(description="Own enterprises' latest output, " + MONEY)
    signings: int
    gap: str | None = Field(
        description="Investment target: 'empty' (no firm), 'rnd_only' (no firm past R&D), null"
    )
    policies: list[int] = Field(description="Ids of the zone's policies that name the segment")
    advisors: list[str]


class ClusterChainOut(Schema):
    cluster: int
    segments: list[SegmentFiguresOut]


class SegmentMemberOut(Schema):
    enterprise: int
    name: str
    stage: str
    park: str | None
    output: str | None = Field(description="Latest verified output value, " + MONEY)
    note: str


class SegmentOut(Schema):
    id: int
    cluster: int
    name: str
    parent: int | None
    position: str
    description: str
    children: list[int]
    advisors: list[str]
    members: list[SegmentMemberOut]


class SegmentMemberIn(Schema):
    enterprise: int = id_field(description="An enterprise of the cluster's zone")
    note: str = Field("", max_length=200)


class TargetYearOut(Schema):
    year: int
    milestone: str | None = Field(description=MONEY)
    actual: str | None = Field(description=MONEY)
    forecast: str | None = Field(description=MONEY)
    gap: str | None = Field(description="Milestone − (actual or forecast), " + MONEY)


class TargetOut(Schema):
    id: int
    name: str
    segment: int | None = Field(description="null: the whole cluster")
    metric: str = Field(description="output_value or revenue")
    base_year: int
    target_year: int
    amount: str = Field(description="Yuan, a decimal string")
    source: str
    progress: list[TargetYearOut]
