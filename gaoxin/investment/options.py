"""What a user may pick on the investment forms: their parks, the segments of the clusters
they see, the events of their zone."""

from __future__ import annotations

from django.db.models import QuerySet

from gaoxin.events.models import Event
from gaoxin.events.scoping import visible_events
from gaoxin.parks.models import ChainSegment, Park
from gaoxin.parks.scoping import visible_clusters, visible_parks


def parks_for(user) -> QuerySet[Park]:
    return visible_parks(user).order_by("name")


def segments_for(user) -> QuerySet[ChainSegment]:
    return (
        ChainSegment.objects.filter(cluster__in=visible_clusters(user))
        .select_related("cluster")
        .order_by("cluster__name", "order", "name")
    )


def events_for(user) -> QuerySet[Event]:
    return visible_events(user).order_by("-starts_on", "title")
