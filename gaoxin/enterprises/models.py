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

from .choices import (
    FactSource,
    Membership,
    QualificationKind,
    RecordStatus,
    RecordSubject,
    Stage,
)
from .validators import validate_industry_code, validate_uscc


class EnterpriseQuerySet(models.QuerySet):
    def zone_members(self) -> EnterpriseQuerySet:
        """The enterprises that belong to their zone: the only candidates for its policies and
        pay lists (partners outside the zone are left out)."""
        return self.filter(membership=Membership.ZONE)


class Enterprise(TimeStampedModel, SampleMarkedModel):
    """An enterprise of the zone. Its users belong to `organisation`."""

    objects = EnterpriseQuerySet.as_manager()

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
    membership = models.CharField(
        _("membership"),
        max_length=8,
        choices=Membership.choices,
        default=Membership.ZONE,
        help_text=_(
            "Partners outside the zone take part in its work but are never candidates for "
            "its policies or pay lists."
        ),
    )
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
        constraints = [
            models.CheckConstraint(
                condition=models.Q(membership__in=Membership.values),
                name="enterprise_membership_known",
                violation_error_message=_("Choose zone enterprise or partner."),
            ),
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


def _attachment_upload_to(instance: Attachment, filename: str) -> str:
    """A random name under the enterprise's folder; the person's file name is kept apart."""
    import uuid

    return f"evidence/{instance.enterprise_id}/{uuid.uuid4().hex}{instance.extension}"


class Attachment(TimeStampedModel):
    """An uploaded piece of evidence (a certificate scan, a financial statement …).

    Stored under MEDIA_ROOT, which no URL serves: it is downloaded through a view that checks
    who may see the enterprise, as an attachment. Its type is read from the content."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=_attachment_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=60)
    extension = models.CharField(_("extension"), max_length=8)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class FactRecord(models.Model):
    """One value-setting of an enterprise's facts, with where it came from (数据来源) and its
    verification (核验).

    The registry's tables (the profile, ``YearlyFact``, ``Qualification``) hold only values in
    force: verified ones. A record is

    - *pending* — an enterprise's (or a park operator's) declaration, waiting for an official of
      the zone; the value in force stays until it is verified;
    - *verified* — written to the registry; the latest verified record of a field is that
      field's provenance (a staff entry and a department's data are verified when written);
    - *rejected* (with the reason) or *withdrawn* (replaced by a newer declaration).

    ``values`` holds the declared or recorded values as text ({field: value}; a qualification's
    kind, certificate number and dates), ``previous`` the values in force when it was made.
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="fact_records",
    )
    subject = models.CharField(_("subject"), max_length=16, choices=RecordSubject.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    qualification = models.ForeignKey(
        "enterprises.Qualification",
        verbose_name=_("qualification"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records",
    )
    slot = models.CharField(
        _("slot"),
        max_length=40,
        help_text=_("What the record is about: profile, a year, a qualification."),
    )
    values = models.JSONField(_("values"), default=dict, blank=True)
    previous = models.JSONField(_("values in force before"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=FactSource.choices)
    department = models.CharField(_("department"), max_length=100, blank=True)
    evidence = models.CharField(
        _("evidence"),
        max_length=200,
        blank=True,
        help_text=_("Document number, or the department file the values came from."),
    )
    attachment = models.ForeignKey(
        "enterprises.Attachment",
        verbose_name=_("attachment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    import_job = models.ForeignKey(
        "core.ImportJob",
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fact_records",
    )
    status = models.CharField(_("status"), max_length=12, choices=RecordStatus.choices)
    declared_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("declared by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("fact record")
        verbose_name_plural = _("fact records")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "slot"],
                condition=models.Q(status="pending"),
                name="fact_record_one_pending_per_slot",
                violation_error_message=_("There is already a declaration awaiting verification."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending") | models.Q(decided_at__isnull=False),
                name="fact_record_decided_has_time",
                violation_error_message=_("A decided record needs the time of the decision."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(reason=""),
                name="fact_record_rejection_has_reason",
                violation_error_message=_("Give the reason for the rejection."),
            ),
            models.CheckConstraint(
                condition=~models.Q(subject="yearly") | models.Q(year__isnull=False),
                name="fact_record_yearly_has_year",
                violation_error_message=_("Yearly figures need their year."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="fact_record_queue"),
            models.Index(fields=["enterprise", "status"], name="fact_record_enterprise"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.slot} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == RecordStatus.PENDING
