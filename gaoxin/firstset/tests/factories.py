"""Factories of the catalog, and the heavy-load robot entry the tests check models against."""

from __future__ import annotations

import factory

from gaoxin.firstset.choices import Direction, SupportMode
from gaoxin.firstset.models import CatalogEdition, CatalogEntry, CatalogField, Indicator


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogEdition

    name = factory.Sequence(lambda n: f"测试目录({2024 + n}年版)")
    year = factory.Sequence(lambda n: 2024 + n % 50)
    issued_by = "工业和信息化部"
    is_current = False


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogField

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"领域{n}")
    order = factory.Sequence(lambda n: n)


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogEntry

    field = factory.SubFactory(FieldFactory)
    edition = factory.LazyAttribute(lambda o: o.field.edition)
    number = factory.Sequence(lambda n: f"T-{n:03d}")
    equipment_name = factory.Sequence(lambda n: f"测试装备{n}")
    support_mode = SupportMode.UNITS


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    entry = factory.SubFactory(EntryFactory)
    name = factory.Sequence(lambda n: f"指标{n}")
    unit = "kg"
    direction = Direction.AT_LEAST
    threshold = "100"
    order = factory.Sequence(lambda n: n)


ROBOT_INDICATORS = [
    ("额定负载", "kg", Direction.AT_LEAST, "500"),
    ("重复定位精度", "mm", Direction.AT_MOST, "0.1"),
    ("平均无故障工作时间", "h", Direction.AT_LEAST, "50000"),
]


def robot_entry(edition: CatalogEdition | None = None, **overrides) -> CatalogEntry:
    """The heavy-load robot of reference §5, with its three sample indicators."""
    edition = edition or EditionFactory(is_current=True)
    field = FieldFactory(edition=edition, name="智能制造装备")
    entry = EntryFactory(
        edition=edition,
        field=field,
        number=overrides.pop("number", "示例-01"),
        equipment_name="重载工业机器人",
        is_sample=True,
        **overrides,
    )
    for order, (name, unit, direction, threshold) in enumerate(ROBOT_INDICATORS, start=1):
        IndicatorFactory(
            entry=entry, name=name, unit=unit, direction=direction, threshold=threshold, order=order
        )
    return entry
