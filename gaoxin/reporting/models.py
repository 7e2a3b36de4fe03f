"""Yearly reporting campaigns (年报填报): a zone asks its enterprises for one year's figures by a
deadline counted in Chinese working days, and follows who has reported."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoxin.core.models import SampleMarkedModel, TimeStampedModel

from .choices import FIGURES, CampaignStatus
from .deadlines import MAX_WORKING_DAYS


def validate_figures(value) -> None:
    """A non-empty list of distinct yearly fact field names."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one figure the enterprises must report."))
    unknown = [name for name in value if name not in FIGURES]
    if unknown or len(set(value)) != len(value):
        raise ValidationError(_("Choose each figure once, from the list of yearly figures."))


class Campaign(TimeStampedModel, SampleMarkedModel):
    """One zone's call for one year's figures (年报填报). While it is open, a declaration or
    an entry of that year's figures for one of the zone's member enterprises must give every
    ``required`` figure (``selectors.required_figures``). open → closed (``services``)."""

    zone = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("high-tech zone"),
        on_delete=models.PROTECT,
        related_name="reporting_campaigns",
        limit_choices_to={"kind": "zone_committee"},
    )
    year = models.PositiveSmallIntegerField(
        _("year reported"), validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    required = models.JSONField(
        _("required figures"),
        default=list,
        validators=[validate_figures],
        help_text=_("Names of the yearly figures every enterprise must give."),
    )
    opened_on = models.DateField(_("opened on"))
    working_days = models.PositiveSmallIntegerField(
        _("reporting period (working days)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WORKING_DAYS)],
    )
    deadline = models.DateField(
        _("deadline"), help_text=_("The last working day of the reporting period.")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    opened_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["zone", "-year"]
        verbose_name = _("reporting campaign")
        verbose_name_plural = _("reporting campaigns")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "year"],
                name="reporting_campaign_one_per_zone_year",
                violation_error_message=_(
                    "Your zone already has a reporting campaign for that year."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CampaignStatus.values),
                name="reporting_campaign_status_known",
                violation_error_message=_("A campaign is open or closed."),
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("opened_on")),
                name="reporting_campaign_deadline_after_opening",
                violation_error_message=_("The deadline comes after the day the campaign opens."),
            ),
            models.CheckConstraint(
                condition=models.Q(working_days__gte=1),
                name="reporting_campaign_has_working_days",
                violation_error_message=_("The reporting period lasts at least one working day."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status=CampaignStatus.CLOSED) & models.Q(closed_at__isnull=False)
                )
                | (models.Q(status=CampaignStatus.OPEN) & models.Q(closed_at__isnull=True)),
                name="reporting_campaign_closed_has_time",
                violation_error_message=_("A closed campaign records when it was closed."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(year)s yearly reporting") % {"year": self.year})

    @property
    def is_open(self) -> bool:
        return self.status == CampaignStatus.OPEN


class CampaignReminder(models.Model):
    """A reminder sent to an enterprise that had not reported as the deadline came near: at
    most one per enterprise and campaign, which the database enforces."""

    campaign = models.ForeignKey(
        "reporting.Campaign",
        verbose_name=_("reporting campaign"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="reporting_reminders",
    )
    sent_on = models.DateField(_("sent on"))

    class Meta:
        ordering = ["campaign", "enterprise"]
        verbose_name = _("reporting reminder")
        verbose_name_plural = _("reporting reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "enterprise"],
                name="reporting_reminder_once_per_enterprise",
                violation_error_message=_("The enterprise has already been reminded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.enterprise}"
