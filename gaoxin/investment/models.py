"""The investment pipeline (招商): leads moving on the lead workflow, and signings."""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gaoxin.core.models import SampleMarkedModel, TimeStampedModel
from gaoxin.core.money import MONEY_FIELD_KWARGS

from .choices import LeadSource, LeadStatus


class Lead(TimeStampedModel, SampleMarkedModel):
    """A firm the zone or a park is trying to attract. ``status`` moves only through
    ``workflows.LEAD_WORKFLOW``; each state's entry date is kept (``<state>_on``)."""

    zone = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("high-tech zone"),
        on_delete=models.PROTECT,
        related_name="investment_leads",
        limit_choices_to={"kind": "zone_committee"},
    )
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    segment = models.ForeignKey(
        "parks.ChainSegment",
        verbose_name=_("chain segment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    firm_name = models.CharField(_("target firm"), max_length=200)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        help_text=_("Needed to settle the firm as an enterprise of the park."),
    )
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=LeadSource.choices)
    source_detail = models.CharField(_("source detail"), max_length=200, blank=True)
    owner = models.ForeignKey(
        "accounts.User",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="investment_leads",
    )
    expected_investment = models.DecimalField(
        _("expected investment (yuan)"), null=True, blank=True, **MONEY_FIELD_KWARGS
    )
    expected_output = models.DecimalField(
        _("expected yearly output (yuan)"),
        null=True,
        blank=True,
        **MONEY_FIELD_KWARGS,
        help_text=_("What the firm is expected to produce in a year once producing."),
    )
    production_year = models.PositiveSmallIntegerField(
        _("expected first year of production"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=LeadStatus.choices, default=LeadStatus.CONTACT
    )
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investment_leads",
        help_text=_("The enterprise the firm is (or became when it settled)."),
    )
    contact_on = models.DateField(_("first contact"))
    visit_on = models.DateField(_("visited on"), null=True, blank=True)
    negotiation_on = models.DateField(_("negotiation from"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    producing_on = models.DateField(_("producing from"), null=True, blank=True)
    dropped_on = models.DateField(_("dropped on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("investment lead")
        verbose_name_plural = _("investment leads")
        indexes = [
            models.Index(fields=["zone", "status"], name="lead_zone_status"),
            models.Index(fields=["owner", "next_follow_up"], name="lead_owner_follow_up"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expected_investment__gte=0)
                | models.Q(expected_investment__isnull=True),
                name="lead_investment_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(expected_output__gte=0) | models.Q(expected_output__isnull=True),
                name="lead_output_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.firm_name


def _agreement_upload_to(instance: Signing, filename: str) -> str:
    """A random name under the lead's folder; the person's file name is kept apart."""
    return f"signings/{instance.lead_id}/{uuid.uuid4().hex}{instance.agreement_extension}"


class Signing(TimeStampedModel, SampleMarkedModel):
    """A signed agreement (签约): when, how much, for which segment, at which event, and the
    agreement file (stored under MEDIA_ROOT, downloaded through a view that checks scope)."""

    lead = models.OneToOneField(
        Lead, verbose_name=_("lead"), on_delete=models.PROTECT, related_name="signing"
    )
    signed_on = models.DateField(_("signing date"))
    amount = models.DecimalField(_("agreed investment (yuan)"), **MONEY_FIELD_KWARGS)
    segment = models.ForeignKey(
        "parks.ChainSegment",
        verbose_name=_("chain segment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signings",
    )
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signings",
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signings",
    )
    agreement = models.FileField(
        _("agreement"), upload_to=_agreement_upload_to, max_length=200, blank=True
    )
    agreement_name = models.CharField(_("agreement file name"), max_length=200, blank=True)
    agreement_extension = models.CharField(max_length=8, blank=True)
    agreement_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("signing")
        verbose_name_plural = _("signings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="signing_amount_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lead} {self.signed_on}"
