"""The enterprise registry (一企一档): one file per enterprise."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gaoxin.accounts.models import region_code_validator
from gaoxin.core.models import SampleMarkedModel, TimeStampedModel
from gaoxin.core.money import MONEY_FIELD_KWARGS

from .choices import QualificationKind, Stage
from .validators import validate_industry_code, validate_uscc


class Enterprise(TimeStampedModel, SampleMarkedModel):
    """An enterprise of the zone. Its users belong to `organisation`."""

    name = models.CharField(_("name"), max_length=200)
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    legal_representative = models.CharField(_("legal representative"), max_length=60, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    region_code = models.CharField(
        _("administrative region code"), max_length=6, validators=[region_code_validator]
    )
    industry_code = models.CharField(
        _("industry code"), max_length=5, blank=True, validators=[validate_industry_code]
    )
    industry_name = models.CharField(_("industry"), max_length=100, blank=True)
    zone = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("high-tech zone"),
        on_delete=models.PROTECT,
        related_name="zone_enterprises",
        limit_choices_to={"kind": "zone_committee"},
    )
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, blank=True)
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprise",
        limit_choices_to={"kind": "enterprise"},
        help_text=_("The organisation the enterprise's own users belong to."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [
            models.Index(fields=["zone", "name"], name="enterprise_zone_name"),
            models.Index(fields=["park", "name"], name="enterprise_park_name"),
            models.Index(fields=["region_code"], name="enterprise_region"),
        ]

    def __str__(self) -> str:
        return self.name


class YearlyFact(TimeStampedModel):
    """An enterprise's figures for one year. Money in yuan."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="yearly_facts",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    revenue = models.DecimalField(_("revenue"), null=True, blank=True, **MONEY_FIELD_KWARGS)
    output_value = models.DecimalField(
        _("industrial output value"), null=True, blank=True, **MONEY_FIELD_KWARGS
    )
    rnd_expense = models.DecimalField(_("R&D expense"), null=True, blank=True, **MONEY_FIELD_KWARGS)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    tax_paid = models.DecimalField(_("tax paid"), null=True, blank=True, **MONEY_FIELD_KWARGS)
    patents_granted = models.PositiveIntegerField(_("patents granted"), null=True, blank=True)
    export_value = models.DecimalField(
        _("export value"), null=True, blank=True, **MONEY_FIELD_KWARGS
    )
    history = HistoricalRecords()

    MONEY_FIELDS = ("revenue", "output_value", "rnd_expense", "tax_paid", "export_value")

    class Meta:
        ordering = ["enterprise", "-year"]
        verbose_name = _("yearly facts")
        verbose_name_plural = _("yearly facts")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                name="yearly_fact_one_per_year",
                violation_error_message=_("This enterprise already has figures for that year."),
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 0})
                    | models.Q(**{f"{name}__isnull": True}),
                    name=f"yearly_fact_{name}_not_negative",
                    violation_error_message=_("Amounts cannot be negative."),
                )
                for name in ("revenue", "output_value", "rnd_expense", "tax_paid", "export_value")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"

    @property
    def rnd_ratio(self) -> Decimal | None:
        """R&D expense as a percentage of revenue, two places; None when not computable."""
        if self.rnd_expense is None or not self.revenue:
            return None
        return (self.rnd_expense * 100 / self.revenue).quantize(Decimal("0.01"))


class Qualification(TimeStampedModel):
    """A recognition the enterprise holds (高新技术企业, 专精特新 …) with its certificate."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="qualifications",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=QualificationKind.choices)
    certificate_no = models.CharField(_("certificate number"), max_length=60, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["enterprise", "kind", "-valid_from"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="qualification_window_ordered",
                violation_error_message=_("'Valid to' cannot be before 'valid from'."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.certificate_no}".strip()

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Contact(TimeStampedModel):
    """A contact person. The phone number is personal data: shown masked except to the
    enterprise itself and to officials who ask to see it (audited)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=60)
    title = models.CharField(_("job title"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["enterprise", "-is_primary", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name
