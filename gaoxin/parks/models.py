"""Parks (园区) with their platforms and spaces; industrial clusters (产业集群) with their tree of
chain segments (产业链环节) and the enterprises in each; cluster targets with yearly milestones."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gaoxin.core.models import SampleMarkedModel, TimeStampedModel
from gaoxin.core.money import MONEY_FIELD_KWARGS

from .choices import ChainPosition, Occupancy, PlatformKind, SpaceUse, TargetMetric

YEAR_VALIDATORS = [MinValueValidator(1949), MaxValueValidator(2100)]


class Park(TimeStampedModel, SampleMarkedModel):
    """A park of a zone, run by a park operator (e.g. MedPark, run by 郑州高新产业投资集团)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    zone = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("high-tech zone"),
        on_delete=models.PROTECT,
        related_name="parks",
        limit_choices_to={"kind": "zone_committee"},
    )
    operator = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="operated_parks",
        limit_choices_to={"kind": "park_operator"},
    )
    focus = models.CharField(_("industrial focus"), max_length=200, blank=True)
    recognitions = models.TextField(
        _("recognitions"),
        blank=True,
        help_text=_("Titles the park holds (e.g. a provincial industry base), one per line."),
    )
    description = models.TextField(_("introduction"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    is_public = models.BooleanField(
        _("public page"), default=True, help_text=_("Show the park's page to the public.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("park")
        verbose_name_plural = _("parks")

    def __str__(self) -> str:
        return self.name

    @property
    def recognition_list(self) -> list[str]:
        return [line.strip() for line in self.recognitions.splitlines() if line.strip()]


class Platform(TimeStampedModel, SampleMarkedModel):
    """A supporting platform of a park: what it offers and whom to contact."""

    park = models.ForeignKey(
        Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="platforms"
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=PlatformKind.choices)
    offers = models.TextField(_("what it offers"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["park", "order", "name"]
        verbose_name = _("supporting platform")
        verbose_name_plural = _("supporting platforms")
        constraints = [
            models.UniqueConstraint(
                fields=["park", "name"],
                name="platform_name_per_park",
                violation_error_message=_("The park already has a platform of this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Building(TimeStampedModel, SampleMarkedModel):
    """A building of a park; its units are the spaces the operator offers."""

    park = models.ForeignKey(
        Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="buildings"
    )
    name = models.CharField(_("name"), max_length=60)
    floors = models.PositiveSmallIntegerField(_("floors"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["park", "name"]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        constraints = [
            models.UniqueConstraint(
                fields=["park", "name"],
                name="building_name_per_park",
                violation_error_message=_("The park already has a building of this name."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.park} {self.name}"


class Space(TimeStampedModel, SampleMarkedModel):
    """A unit of a building (a floor, a suite, a workshop): its area, use and occupancy.

    An occupied or reserved unit names the enterprise in it; a free unit names none (checked)."""

    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.CASCADE, related_name="spaces"
    )
    code = models.CharField(_("unit"), max_length=30)
    floor = models.SmallIntegerField(_("floor"), null=True, blank=True)
    area = models.DecimalField(
        _("area (m²)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    use = models.CharField(_("use"), max_length=12, choices=SpaceUse.choices)
    occupancy = models.CharField(
        _("occupancy"), max_length=10, choices=Occupancy.choices, default=Occupancy.FREE
    )
    occupant = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("occupant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spaces",
    )
    monthly_rent = models.DecimalField(
        _("monthly rent per m² (yuan)"),
        null=True,
        blank=True,
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["building", "code"]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        constraints = [
            models.UniqueConstraint(
                fields=["building", "code"],
                name="space_code_per_building",
                violation_error_message=_("The building already has a unit of this number."),
            ),
            models.CheckConstraint(
                condition=models.Q(occupancy="free", occupant__isnull=True)
                | (~models.Q(occupancy="free") & models.Q(occupant__isnull=False)),
                name="space_occupant_matches_occupancy",
                violation_error_message=_(
                    "A free unit has no occupant; a reserved or occupied unit names its enterprise."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(area__gt=0),
                name="space_area_positive",
                violation_error_message=_("The area must be more than 0 m²."),
            ),
        ]
        indexes = [models.Index(fields=["occupancy"], name="space_occupancy")]

    def __str__(self) -> str:
        return f"{self.building.name} {self.code}"


class Cluster(TimeStampedModel, SampleMarkedModel):
    """An industrial cluster of a zone (医疗器械), planned through one or more parks."""

    zone = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("high-tech zone"),
        on_delete=models.PROTECT,
        related_name="clusters",
        limit_choices_to={"kind": "zone_committee"},
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    parks = models.ManyToManyField(
        Park, verbose_name=_("parks"), related_name="clusters", blank=True
    )
    history = HistoricalRecords(m2m_fields=[parks])

    class Meta:
        ordering = ["name"]
        verbose_name = _("industrial cluster")
        verbose_name_plural = _("industrial clusters")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"],
                name="cluster_name_per_zone",
                violation_error_message=_("The zone already has a cluster of this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ChainSegment(TimeStampedModel, SampleMarkedModel):
    """A segment of a cluster's industrial chain (产业链环节). Top-level segments carry the
    chain position (upstream, midstream, downstream); children refine their parent."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="segments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent segment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=60)
    position = models.CharField(_("chain position"), max_length=12, choices=ChainPosition.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    advisors = models.ManyToManyField(
        "experts.Expert", verbose_name=_("advisors"), related_name="chain_segments", blank=True
    )
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise",
        verbose_name=_("enterprises"),
        through="SegmentMembership",
        related_name="chain_segments",
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster", "order", "name"]
        verbose_name = _("chain segment")
        verbose_name_plural = _("chain segments")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "name"],
                name="segment_name_per_cluster",
                violation_error_message=_("The cluster already has a segment of this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SegmentMembership(TimeStampedModel, SampleMarkedModel):
    """An enterprise sits in a chain segment (one or more). Its stage in the loop is the
    enterprise's own ``stage`` (研发 → 中试 → 生产 → 销售)."""

    segment = models.ForeignKey(
        ChainSegment,
        verbose_name=_("chain segment"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="segment_memberships",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["segment", "enterprise"]
        verbose_name = _("segment membership")
        verbose_name_plural = _("segment memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "enterprise"],
                name="segment_membership_once",
                violation_error_message=_("The enterprise is already in this segment."),
            ),
        ]
        indexes = [models.Index(fields=["enterprise"], name="segment_membership_enterprise")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.segment}"


class ClusterTarget(TimeStampedModel, SampleMarkedModel):
    """A cluster's target (e.g. output value 10 000 000 000 yuan by 2028), for the whole
    cluster or one of its segments, with yearly milestones. Actuals come from the enterprises'
    verified yearly figures of ``metric``; the forecast from the pipeline."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="targets"
    )
    segment = models.ForeignKey(
        ChainSegment,
        verbose_name=_("chain segment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="targets",
        help_text=_("Leave empty for a target of the whole cluster."),
    )
    name = models.CharField(_("name"), max_length=120)
    metric = models.CharField(
        _("measured in"),
        max_length=20,
        choices=TargetMetric.choices,
        default=TargetMetric.OUTPUT_VALUE,
    )
    base_year = models.PositiveSmallIntegerField(_("base year"), validators=YEAR_VALIDATORS)
    target_year = models.PositiveSmallIntegerField(_("target year"), validators=YEAR_VALIDATORS)
    amount = models.DecimalField(_("target (yuan)"), **MONEY_FIELD_KWARGS)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the target was set (a plan, a speech, a document)."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster", "target_year", "name"]
        verbose_name = _("cluster target")
        verbose_name_plural = _("cluster targets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_year__gte=models.F("base_year")),
                name="target_year_after_base",
                violation_error_message=_("The target year cannot be before the base year."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="target_amount_positive",
                violation_error_message=_("The target must be more than 0."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TargetMilestone(TimeStampedModel):
    """What the target asks for by the end of one year."""

    target = models.ForeignKey(
        ClusterTarget,
        verbose_name=_("target"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    amount = models.DecimalField(_("milestone (yuan)"), **MONEY_FIELD_KWARGS)
    history = HistoricalRecords()

    class Meta:
        ordering = ["target", "year"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "year"],
                name="milestone_once_per_year",
                violation_error_message=_("The target already has a milestone for that year."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="milestone_amount_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.year}"
