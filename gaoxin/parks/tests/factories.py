"""Buildings, units and platforms of a park for the tests (through the services, audited)."""

from __future__ import annotations

from decimal import Decimal

from gaoxin.parks import services


def make_building(park, name: str = "研发楼 A"):
    return services.building_create(actor=None, park=park, name=name, floors=6)


def make_space(building, code: str = "A101", area: str = "420.00", **extra):
    return services.space_create(
        actor=None,
        building=building,
        code=code,
        floor=1,
        area=Decimal(area),
        use="lab",
        monthly_rent=Decimal("45.00"),
        **extra,
    )


def make_platform(park, name: str = "科研转化平台"):
    return services.platform_create(
        actor=None,
        park=park,
        name=name,
        kind="research",
        offers="共享实验室",
        contact_name="王工",
        contact_phone="0371-6000-0011",
    )
