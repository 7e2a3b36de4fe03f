from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlatformKind(models.TextChoices):
    """What a park's supporting platform is for (MedPark: 科研转化平台, 金融服务枢纽,
    智慧物流仓储体系)."""

    RESEARCH = "research", _("Research and transfer")
    FINANCE = "finance", _("Financial services")
    LOGISTICS = "logistics", _("Logistics and warehousing")
    PUBLIC_SERVICE = "public_service", _("Public services")
    OTHER = "other", pgettext_lazy("platform kind", "Other")


class SpaceUse(models.TextChoices):
    OFFICE = "office", _("Office")
    LAB = "lab", _("Laboratory")
    PRODUCTION = "production", _("Production")
    WAREHOUSE = "warehouse", _("Warehouse")
    MIXED = "mixed", _("Mixed use")


class Occupancy(models.TextChoices):
    """free → reserved (held for a signed firm) → occupied."""

    FREE = "free", _("Free")
    RESERVED = "reserved", _("Reserved")
    OCCUPIED = "occupied", _("Occupied")


class ChainPosition(models.TextChoices):
    UPSTREAM = "upstream", _("Upstream")
    MIDSTREAM = "midstream", _("Midstream")
    DOWNSTREAM = "downstream", _("Downstream")


class TargetMetric(models.TextChoices):
    """Which verified yearly figure a target is measured in (enterprises.YearlyFact fields)."""

    OUTPUT_VALUE = "output_value", _("Industrial output value")
    REVENUE = "revenue", _("Revenue")
