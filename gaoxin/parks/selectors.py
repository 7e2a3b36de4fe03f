"""Reads of parks, platforms, buildings and spaces, scoped by the user (``scoping``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.accounts.models import Organisation
from gaoxin.enterprises.models import Enterprise

from .choices import Occupancy
from .models import Building, Park, Platform, Space
from .scoping import visible_parks

ZERO = Decimal("0.00")


def _per_park(model, park_path: str, **filters):
    """A subquery counting ``model`` rows of the outer park (one GROUP BY, no join blow-up)."""
    rows = model.objects.filter(**{park_path: OuterRef("pk")}, **filters)
    return Coalesce(
        Subquery(
            rows.order_by().values(park_path).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _free_area():
    rows = Space.objects.filter(building__park=OuterRef("pk"), occupancy=Occupancy.FREE)
    return Coalesce(
        Subquery(
            rows.order_by().values("building__park").annotate(a=Sum("area")).values("a")[:1],
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
        ZERO,
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def park_list(user) -> QuerySet[Park]:
    """The user's parks with their counts: enterprises, platforms, spaces (free/total), free
    area — each a subquery, so the list costs one query whatever the sizes."""
    return (
        visible_parks(user)
        .select_related("operator", "zone")
        .annotate(
            enterprise_count=_per_park(Enterprise, "park"),
            platform_count=_per_park(Platform, "park"),
            space_count=_per_park(Space, "building__park"),
            free_count=_per_park(Space, "building__park", occupancy=Occupancy.FREE),
            free_area=_free_area(),
        )
        .order_by("name")
    )


def park_get(user, pk: int) -> Park:
    """The user's park ``pk``; 404 for one they do not see."""
    return get_object_or_404(visible_parks(user).select_related("operator", "zone"), pk=pk)


def public_park(pk: int) -> Park:
    """A park whose page is public; 404 for any other (no login)."""
    return get_object_or_404(Park.objects.filter(is_public=True).select_related("operator"), pk=pk)


def operators_for(zone) -> QuerySet[Organisation]:
    """The park operators of ``zone`` (a new park is run by one of them)."""
    return Organisation.objects.filter(kind=OrganisationKind.PARK_OPERATOR, zone=zone).order_by(
        "name"
    )


def park_spaces(park: Park, *, free_only: bool = False, occupancy: str = "") -> QuerySet[Space]:
    qs = Space.objects.filter(building__park=park).select_related("building", "occupant")
    if free_only:
        qs = qs.filter(occupancy=Occupancy.FREE)
    elif occupancy:
        qs = qs.filter(occupancy=occupancy)
    return qs.order_by("building__name", "floor", "code")


@dataclass(frozen=True)
class SpaceTotals:
    units: int
    free_units: int
    area: Decimal
    free_area: Decimal
    occupied_area: Decimal  # reserved + occupied

    @property
    def occupancy_rate(self) -> Decimal | None:
        """出租率: the share of the area reserved or occupied, in % (one decimal)."""
        if not self.area:
            return None
        return (self.occupied_area * 100 / self.area).quantize(Decimal("0.1"))


def space_totals(spaces: QuerySet[Space]) -> SpaceTotals:
    free = Q(occupancy=Occupancy.FREE)
    row = spaces.order_by().aggregate(
        units=Count("pk"),
        free_units=Count("pk", filter=free),
        total_area=Coalesce(Sum("area"), ZERO),
        total_free_area=Coalesce(Sum("area", filter=free), ZERO),
    )
    return SpaceTotals(
        units=row["units"],
        free_units=row["free_units"],
        area=row["total_area"],
        free_area=row["total_free_area"],
        occupied_area=row["total_area"] - row["total_free_area"],
    )


def _totals_of(spaces: list[Space]) -> SpaceTotals:
    area = sum((s.area for s in spaces), ZERO)
    free = [s for s in spaces if s.occupancy == Occupancy.FREE]
    free_area = sum((s.area for s in free), ZERO)
    return SpaceTotals(len(spaces), len(free), area, free_area, area - free_area)


def buildings_with_spaces(park: Park, *, free_only: bool = False) -> list[dict]:
    """Per building: its units (all, or only the free ones) and its totals (always of all
    its units). Two queries whatever the number of buildings."""
    spaces = list(park_spaces(park))
    out = []
    for building in Building.objects.filter(park=park).order_by("pk"):
        units = [s for s in spaces if s.building_id == building.pk]
        shown = [s for s in units if s.occupancy == Occupancy.FREE] if free_only else units
        out.append({"building": building, "spaces": shown, "totals": _totals_of(units)})
    return out


def park_enterprises(park: Park) -> QuerySet[Enterprise]:
    """The enterprises of the park (Enterprise.park): a firm that settles appears at once."""
    return Enterprise.objects.filter(park=park).order_by("name")


def occupant_choices(park: Park, user) -> QuerySet[Enterprise]:
    """The enterprises a unit may be reserved for or let to: those of the park's zone; for a
    park operator, only those in its own parks or in no park yet (never another operator's)."""
    qs = Enterprise.objects.filter(zone_id=park.zone_id)
    if getattr(user, "role", None) == Role.PARK_OPERATOR:
        qs = qs.filter(Q(park__isnull=True) | Q(park__operator_id=user.organisation_id))
    return qs.order_by("name")


def park_platforms(park: Park) -> QuerySet[Platform]:
    return park.platforms.order_by("order", "name")
