"""The Guidance Catalog of first-set major technical equipment
(《首台(套)重大技术装备推广应用指导目录》).

An edition (2024 is current) groups its entries by field (领域). Each entry names a piece of
equipment, its support mode (units or batches) and its core technical indicators; a declared
model is covered when it meets or beats every indicator (the check itself is the rulebook's,
:func:`rulebook.firstset.indicators.check`). The catalog is public; the provincial reviewer
keeps it (see ``rules.py`` and ``services.py``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoxin.core.models import SampleMarkedModel, TimeStampedModel

from .choices import DIRECTION_SIGNS, Direction, SupportMode

THRESHOLD_KWARGS = {"max_digits": 20, "decimal_places": 6}
"""Thresholds are exact decimals: six places are enough for 0.000001 mm and 10^13 hours."""


class CatalogEdition(TimeStampedModel):
    """One published edition of the catalog, e.g. the 2024 edition. At most one is current:
    the scope of the current rounds, shown by default."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)
    is_current = models.BooleanField(
        _("current edition"),
        default=False,
        help_text=_("The edition that applies to the current rounds; only one can be current."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("catalog edition")
        verbose_name_plural = _("catalog editions")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="firstset_one_current_edition",
                violation_error_message=_("Only one catalog edition can be current."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CatalogField(models.Model):
    """A field (领域) of an edition, e.g. 智能制造装备; entries are listed by field."""

    edition = models.ForeignKey(
        "firstset.CatalogEdition",
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="fields",
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["edition", "order", "name"]
        verbose_name = _("catalog field")
        verbose_name_plural = _("catalog fields")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "name"],
                name="firstset_field_unique_name",
                violation_error_message=_("This edition already has a field of that name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CatalogEntry(TimeStampedModel, SampleMarkedModel):
    """One item of the catalog: a piece of equipment with its core technical indicators.

    ``number`` identifies the entry within its edition (the import matches on it). Entries that
    the demo made up where no real entry with its numbers was at hand are ``is_sample`` and
    are shown with a 示例 badge.
    """

    edition = models.ForeignKey(
        "firstset.CatalogEdition",
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    field = models.ForeignKey(
        "firstset.CatalogField",
        verbose_name=_("field"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    number = models.CharField(
        _("number"),
        max_length=40,
        help_text=_("The entry's number in the edition, e.g. 1.2.3; unique within the edition."),
    )
    equipment_name = models.CharField(_("equipment"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    support_mode = models.CharField(
        _("support mode"), max_length=16, choices=SupportMode.choices, default=SupportMode.UNITS
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["edition", "field__order", "field__name", "number"]
        verbose_name = _("catalog entry")
        verbose_name_plural = _("catalog entries")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "number"],
                name="firstset_entry_unique_number",
                violation_error_message=_("This edition already has an entry with that number."),
            ),
            models.CheckConstraint(
                condition=models.Q(support_mode__in=SupportMode.values),
                name="firstset_entry_support_mode_valid",
                violation_error_message=_("Unknown support mode."),
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "equipment_name"], name="firstset_entry_name"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.equipment_name}"

    def clean(self) -> None:
        super().clean()
        if self.field_id and self.edition_id and self.field.edition_id != self.edition_id:
            raise ValidationError({"field": _("The field belongs to another edition.")})


class Indicator(models.Model):
    """A core technical indicator of an entry: met when the declared value is at least (≥) or
    at most (≤) the threshold. Part of its entry: deleted with it (the deletion's audit event
    keeps a copy)."""

    entry = models.ForeignKey(
        "firstset.CatalogEntry",
        verbose_name=_("catalog entry"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    direction = models.CharField(_("direction"), max_length=2, choices=Direction.choices)
    threshold = models.DecimalField(_("threshold"), **THRESHOLD_KWARGS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["entry", "order", "id"]
        verbose_name = _("core indicator")
        verbose_name_plural = _("core indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "name"],
                name="firstset_indicator_unique_name",
                violation_error_message=_("This entry already has an indicator of that name."),
            ),
            models.CheckConstraint(
                condition=models.Q(direction__in=Direction.values),
                name="firstset_indicator_direction_valid",
                violation_error_message=_("The direction must be ≥ or ≤."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.sign} {self.threshold_display} {self.unit}".strip()

    @property
    def sign(self) -> str:
        return DIRECTION_SIGNS.get(self.direction, self.direction)

    @property
    def threshold_display(self) -> str:
        """The threshold without trailing zeros (0.100000 → 0.1, 500.000000 → 500)."""
        return plain_decimal(self.threshold)

    def as_rulebook(self) -> dict[str, str]:
        """The indicator as :func:`rulebook.firstset.indicators.check` reads it."""
        return {
            "name": self.name,
            "unit": self.unit,
            "direction": self.direction,
            "threshold": plain_decimal(self.threshold),
        }


def plain_decimal(value) -> str:
    """A decimal as plain text without trailing zeros or exponent (1E+2 → 100)."""
    if value is None:
        return ""
    return format(value.normalize(), "f")
