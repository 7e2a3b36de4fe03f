"""The Guidance Catalog of first-set major technical equipment
(《首台(套)重大技术装备推广应用指导目录》).

An edition (2024 is current) groups its entries by field (领域). Each entry names a piece of
equipment, its support mode (units or batches) and its core technical indicators; a declared
model is covered when it meets or beats every indicator (the check itself is the rulebook's,
:func:`rulebook.firstset.indicators.check`). The catalog is public; the provincial reviewer
keeps it (see ``rules.py`` and ``services.py``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.core.fields import FenField
from gaoxin.core.models import SampleMarkedModel, TimeStampedModel

from .choices import (
    DIRECTION_SIGNS,
    CapEntryKind,
    DeclarationStatus,
    Direction,
    InsuranceStatus,
    ProposalKind,
    ProposalStatus,
    QualificationStatus,
    SupportMode,
)

QUALIFICATION = pgettext_lazy("firstset", "qualification")
"""资格 (not the enterprise registry's 资质 qualifications)."""

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


# ── The program (首台(套)保险补偿): declarations, qualifications, policies, claims ──────────────

MONEY = {"max_digits": 16, "decimal_places": 2}
ZERO = Decimal("0.00")


def _user(verbose: str):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


class Round(TimeStampedModel):
    """A yearly round of the national program (年度工作, e.g. the 2025 round, 工信厅联合重装〔2025〕
    46号): the Catalog edition it covers, the two policies of the zone's registry that carry its
    applications through the review machinery (qualification, then premium-subsidy funds), and
    the validity window it grants to its qualifications."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2015), MaxValueValidator(2100)]
    )
    name = models.CharField(_("name"), max_length=200)
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)
    edition = models.ForeignKey(
        CatalogEdition,
        verbose_name=_("catalog edition"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    qualification_policy = models.OneToOneField(
        "policies.Policy",
        verbose_name=_("qualification policy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="firstset_qualification_round",
        help_text=_("The policy whose review stages carry the qualification applications."),
    )
    subsidy_policy = models.OneToOneField(
        "policies.Policy",
        verbose_name=_("premium-subsidy policy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="firstset_subsidy_round",
        help_text=_("The policy whose review stages and fund carry the subsidy applications."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    results_published_on = models.DateField(_("results published on"), null=True, blank=True)
    results_note = models.TextField(_("note on the results"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")),
                name="firstset_round_window_ordered",
                violation_error_message=_("The window must end on or after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Declaration(TimeStampedModel, SampleMarkedModel):
    """An enterprise's declaration of one model (型号) against a Catalog entry: the value of each
    core indicator, the check of every indicator with its margin, the evidence. An improved model
    (改进型号) names the qualified model it improves; it is covered when it meets or beats every
    indicator of the entry."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="firstset_declarations",
    )
    entry = models.ForeignKey(
        CatalogEntry,
        verbose_name=_("catalog entry"),
        on_delete=models.PROTECT,
        related_name="declarations",
    )
    model_name = models.CharField(_("model"), max_length=200)
    product_name = models.CharField(_("product name"), max_length=200, blank=True)
    improved_from = models.ForeignKey(
        "self",
        verbose_name=_("improved model of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="improvements",
    )
    # indicator name → the declared value as a decimal string
    values = models.JSONField(_("indicator values"), default=dict, blank=True)
    # rulebook.firstset.indicators.check's result on ``values``
    check_result = models.JSONField(_("indicator check"), default=dict, blank=True)
    meets_all = models.BooleanField(_("meets every indicator"), default=False)
    unit_value = FenField(
        _("declared value per unit or batch (yuan)"), null=True, blank=True, **MONEY
    )
    status = models.CharField(
        _("status"), max_length=12, choices=DeclarationStatus.choices,
        default=DeclarationStatus.DRAFT,
    )  # fmt: skip
    created_by = _user(_("created by"))

    class Meta:
        ordering = ["enterprise", "entry", "model_name"]
        verbose_name = _("equipment declaration")
        verbose_name_plural = _("equipment declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "entry", "model_name"],
                name="firstset_declaration_unique_model",
                violation_error_message=_(
                    "The enterprise already declared this model against this entry."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model_name} · {self.entry.equipment_name}"


class DeclarationEvidence(models.Model):
    """A file backing a declaration: a test report (检测报告), a user's certificate of use …"""

    declaration = models.ForeignKey(
        Declaration, verbose_name=_("declaration"), on_delete=models.CASCADE,
        related_name="evidence",
    )  # fmt: skip
    kind = models.CharField(_("kind of evidence"), max_length=60)
    attachment = models.ForeignKey(
        "enterprises.Attachment", verbose_name=_("file"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["declaration", "kind", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return f"{self.kind}: {self.attachment.original_name}"


class QualificationRequest(models.Model):
    """What a qualification application (资格审定申请) asks for, beside its review: the declared
    models, the support mode, the units or batches, their declared value and the expected
    premium. Its review is the linked ``applications.Application``."""

    application = models.OneToOneField(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="firstset_qualification_request",
    )
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="requests"
    )
    declarations = models.ManyToManyField(
        Declaration, verbose_name=_("declared models"), related_name="requests"
    )
    support_mode = models.CharField(
        _("support mode"), max_length=16, choices=SupportMode.choices, default=SupportMode.UNITS
    )
    quantity = models.PositiveIntegerField(_("units or batches"), default=1)
    declared_value = FenField(_("declared value (yuan)"), null=True, blank=True, **MONEY)
    expected_premium = FenField(
        _("expected premium over the window (yuan)"), null=True, blank=True, **MONEY
    )

    class Meta:
        verbose_name = _("qualification request")
        verbose_name_plural = _("qualification requests")

    def __str__(self) -> str:
        return str(self.application)


class Qualification(TimeStampedModel, SampleMarkedModel):
    """The result of the qualification review (资格审定结果): the qualified item and models, the
    support mode and units or batches, the premium-subsidy cap (保费补助资金额度上限) and its
    validity window. ``used`` is what subsidy decisions allocated against the cap; it changes
    only through the cap ledger (``CapEntry``) by a conditional UPDATE, and the database refuses
    any write that would take it over the cap."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="firstset_qualifications",
    )
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="qualifications"
    )
    request = models.OneToOneField(
        QualificationRequest,
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="qualification",
    )
    entry = models.ForeignKey(
        CatalogEntry,
        verbose_name=_("catalog entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="qualifications",
    )
    equipment_name = models.CharField(_("qualified equipment"), max_length=200)
    declarations = models.ManyToManyField(
        Declaration, verbose_name=_("qualified models"), blank=True, related_name="qualifications"
    )
    support_mode = models.CharField(
        _("support mode"), max_length=16, choices=SupportMode.choices, default=SupportMode.UNITS
    )
    quantity = models.PositiveIntegerField(_("units or batches"), default=1)
    cap = FenField(_("premium-subsidy cap (yuan)"), null=True, blank=True, **MONEY)
    used = FenField(_("allocated (yuan)"), default=ZERO, editable=False, **MONEY)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    status = models.CharField(
        _("status"), max_length=12, choices=QualificationStatus.choices,
        default=QualificationStatus.QUALIFIED,
    )  # fmt: skip
    province = models.CharField(_("province"), max_length=40, default="河南省")
    recommending_unit = models.CharField(
        _("recommending unit"),
        max_length=200,
        blank=True,
        help_text=_(
            "The industry department (工信局) that recommended it, e.g. 郑州市工业和信息化局."
        ),
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    verify_code = models.CharField(_("verification code"), max_length=24, unique=True)

    class Meta:
        ordering = ["-round__year", "enterprise__name", "id"]
        verbose_name = pgettext_lazy("firstset", "qualification")
        verbose_name_plural = pgettext_lazy("firstset", "qualifications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")),
                name="firstset_qualification_window_ordered",
                violation_error_message=_("The window must end on or after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(used__gte=0), name="firstset_qualification_used_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(cap__isnull=True) | models.Q(used__lte=models.F("cap")),
                name="firstset_qualification_used_within_cap",
                violation_error_message=_("The allocations would exceed the cap."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.equipment_name}"

    @property
    def remaining(self) -> Decimal | None:
        return None if self.cap is None else self.cap - self.used


class CapEntry(models.Model):
    """One movement of a qualification's cap (append-only): an allocation by a subsidy decision,
    a release, a claw-back."""

    qualification = models.ForeignKey(
        Qualification, verbose_name=QUALIFICATION, on_delete=models.PROTECT,
        related_name="cap_entries",
    )  # fmt: skip
    claim = models.ForeignKey(
        "firstset.SubsidyClaim",
        verbose_name=_("subsidy application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cap_entries",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=CapEntryKind.choices)
    amount = FenField(_("amount (yuan)"), **MONEY)
    note = models.CharField(_("note"), max_length=500, blank=True)
    actor = _user(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("cap entry")
        verbose_name_plural = _("cap entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="firstset_cap_entry_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("cap entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("cap entries are append-only")


class InsurancePolicy(TimeStampedModel, SampleMarkedModel):
    """An insurance policy (保单) on qualified equipment, registered by the enterprise. The rate and
    the cover are what it agreed freely with the insurer (since 2024). A renewal names the policy
    it continues. Its figures are declared until an official verifies them against the policy and
    the proof of payment: only verified policies reach a subsidy decision."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="firstset_policies",
    )
    qualification = models.ForeignKey(
        Qualification,
        verbose_name=QUALIFICATION,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
    )
    declaration = models.ForeignKey(
        Declaration,
        verbose_name=_("insured model"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
    )
    insurer = models.CharField(_("insurer"), max_length=200)
    number = models.CharField(_("policy number"), max_length=100)
    insured_user = models.CharField(_("insured user (the buyer of the equipment)"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    sum_insured = FenField(_("sum insured (yuan)"), **MONEY)
    premium = FenField(_("premium (yuan)"), **MONEY)
    cover = models.CharField(
        _("cover"),
        max_length=300,
        blank=True,
        help_text=_("The insurance types agreed with the insurer, e.g. 综合险(质量风险+责任风险)."),
    )
    paid_on = models.DateField(_("premium paid on"), null=True, blank=True)
    proof = models.ForeignKey(
        "enterprises.Attachment",
        verbose_name=_("proof of payment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("renewal of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewal",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=InsuranceStatus.choices,
        default=InsuranceStatus.REGISTERED,
    )  # fmt: skip
    created_by = _user(_("created by"))

    class Meta:
        ordering = ["enterprise", "-starts_on", "id"]
        verbose_name = _("insurance policy")
        verbose_name_plural = _("insurance policies")
        constraints = [
            models.UniqueConstraint(
                fields=["insurer", "number"],
                name="firstset_policy_unique_number",
                violation_error_message=_("This insurer's policy number is already registered."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="firstset_policy_period_ordered",
                violation_error_message=_("The policy must end on or after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(premium__gt=0) & models.Q(sum_insured__gt=0),
                name="firstset_policy_amounts_positive",
                violation_error_message=_(
                    "The premium and the sum insured must be more than zero."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.insurer} {self.number}"

    @property
    def rate(self) -> Decimal:
        """The premium rate agreed with the insurer (premium ÷ sum insured)."""
        return self.premium / self.sum_insured


class SubsidyClaim(models.Model):
    """What a premium-subsidy application (保费补助资金申请) gathers, beside its review: the
    qualification it draws on and the paid policies. Its review is the linked
    ``applications.Application``; its decision allocates against the cap and commits the money."""

    application = models.OneToOneField(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="firstset_claim",
    )
    qualification = models.ForeignKey(
        Qualification, verbose_name=QUALIFICATION, on_delete=models.PROTECT,
        related_name="claims",
    )  # fmt: skip
    policies = models.ManyToManyField(
        InsurancePolicy, verbose_name=_("insurance policies"), related_name="claims"
    )
    allocated = FenField(_("allocated (yuan)"), default=ZERO, editable=False, **MONEY)
    commitment = models.ForeignKey(
        "funds.Commitment",
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("subsidy application")
        verbose_name_plural = _("subsidy applications")

    def __str__(self) -> str:
        return str(self.application)


class Ban(models.Model):
    """A ban on applying (P11: fraud → funds clawed back, a ban of some years), recorded against
    the enterprise and enforced at its next qualification or subsidy application."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="firstset_bans",
    )
    qualification = models.ForeignKey(
        Qualification, verbose_name=QUALIFICATION, null=True, blank=True,
        on_delete=models.PROTECT, related_name="bans",
    )  # fmt: skip
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.TextField(_("reason"))
    created_by = _user(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("ban on applying")
        verbose_name_plural = _("bans on applying")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="firstset_ban_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.starts_on}–{self.ends_on}"


class CatalogProposal(TimeStampedModel):
    """An enterprise's proposal for the next Catalog edition (目录修订建议): a new entry, or a
    changed indicator of an entry, with its justification; officials collect and comment."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="firstset_proposals",
    )
    edition = models.ForeignKey(
        CatalogEdition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProposalKind.choices)
    entry = models.ForeignKey(
        CatalogEntry, verbose_name=_("catalog entry"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="proposals",
    )  # fmt: skip
    field_name = models.CharField(_("field"), max_length=100, blank=True)
    equipment_name = models.CharField(_("equipment"), max_length=200, blank=True)
    indicator_name = models.CharField(_("indicator"), max_length=100, blank=True)
    direction = models.CharField(
        _("direction"), max_length=2, choices=Direction.choices, blank=True
    )
    proposed_threshold = models.DecimalField(
        _("proposed threshold"), null=True, blank=True, **THRESHOLD_KWARGS
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    justification = models.TextField(_("justification"))
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
    )  # fmt: skip
    comment = models.TextField(_("officials' comment"), blank=True)
    created_by = _user(_("submitted by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("catalog proposal")
        verbose_name_plural = _("catalog proposals")

    def __str__(self) -> str:
        return self.equipment_name or (str(self.entry) if self.entry_id else "")
