"""The expert pool (专家库) of a zone, declared ties (回避), scoring sheets (评分表) per policy, the
random draws of experts for a subject (抽取) and each drawn expert's score sheet."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoxin.core.models import SampleMarkedModel, TimeStampedModel

from .choices import AssignmentStatus, ExclusionReason, TieKind
from .scoring import Aggregate, aggregate

FIELD_SEPARATOR = "、"
ITEM_KEY_MAX = 40


def clean_fields_list(value) -> list[str]:
    """A list of field names, trimmed, without blanks or repeats, in the order given."""
    out: list[str] = []
    for item in value or []:
        text = str(item).strip()
        if text and text not in out:
            out.append(text)
    return out


class Expert(TimeStampedModel, SampleMarkedModel):
    """A person in a zone's pool of reviewers. ``organisation`` links a known body; for an
    outside one (a university, an investor) ``organisation_name`` holds its name."""

    zone = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("high-tech zone"),
        on_delete=models.PROTECT,
        related_name="expert_pool",
        limit_choices_to={"kind": "zone_committee"},
    )
    name = models.CharField(_("name"), max_length=60)
    title = models.CharField(_("job title"), max_length=120, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="experts",
    )
    organisation_name = models.CharField(
        _("organisation name"),
        max_length=200,
        blank=True,
        help_text=_("For a body that is not registered here, e.g. a university."),
    )
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expert",
        help_text=_("The expert's own account, to score online."),
    )
    fields = models.JSONField(_("fields"), default=list, blank=True)
    fields_text = models.CharField(_("fields"), max_length=500, blank=True, editable=False)
    active = models.BooleanField(_("active"), default=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        indexes = [models.Index(fields=["zone", "name"], name="expert_zone_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def affiliation(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name

    def clean(self) -> None:
        if not isinstance(self.fields, list):
            raise ValidationError({"fields": _("Give the fields as a list.")})
        self.fields = clean_fields_list(self.fields)
        if not self.fields:
            raise ValidationError({"fields": _("Name at least one field, e.g. 医疗器械.")})

    def save(self, *args, **kwargs):
        self.fields_text = FIELD_SEPARATOR.join(clean_fields_list(self.fields))[:500]
        super().save(*args, **kwargs)


class ExpertTie(TimeStampedModel, SampleMarkedModel):
    """A conflict of interest the expert declared with an enterprise: never drawn for it."""

    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="ties"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="expert_ties",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TieKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    declared_on = models.DateField(_("declared on"))

    class Meta:
        ordering = ["-declared_on", "-id"]
        verbose_name = _("declared tie")
        verbose_name_plural = _("declared ties")
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "enterprise", "kind"],
                name="experttie_unique",
                violation_error_message=_("This tie is already declared."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} – {self.enterprise} ({self.get_kind_display()})"


def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


class ScoreSheet(TimeStampedModel, SampleMarkedModel):
    """The items experts score for a policy's applications, each with its maximum points, and
    the spread of totals (in points) above which the experts are said to disagree."""

    policy = models.OneToOneField(
        "policies.Policy",
        verbose_name=_("policy"),
        on_delete=models.CASCADE,
        related_name="score_sheet",
    )
    items = models.JSONField(_("items"), default=list)
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold (points)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("20"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Experts disagree when their totals differ by more than this."),
    )

    class Meta:
        verbose_name = _("scoring sheet")
        verbose_name_plural = _("scoring sheets")

    def __str__(self) -> str:
        return str(self.policy)

    @property
    def total_points(self) -> Decimal:
        return sum((Decimal(str(i["max_points"])) for i in self.items), Decimal(0))

    def clean(self) -> None:
        self.items = validate_items(self.items)


def validate_items(items) -> list[dict]:
    """The items normalised ({key, label_zh, label_en, max_points as a decimal string}), or a
    ValidationError on ``items`` naming the item at fault."""
    if not isinstance(items, list) or not items:
        raise ValidationError({"items": _("A scoring sheet needs at least one item.")})
    out, keys = [], set()
    for number, item in enumerate(items, start=1):
        key = str((item or {}).get("key", "")).strip()
        label = str(item.get("label_zh", "")).strip()
        points = _decimal(item.get("max_points"))
        problem = None
        if not key or len(key) > ITEM_KEY_MAX or not key.replace("_", "").isalnum():
            problem = _("give a key of letters, digits and _ (at most 40)")
        elif key in keys:
            problem = _("the key %(key)s is used twice") % {"key": key}
        elif not label:
            problem = _("give the Chinese label")
        elif points is None or points <= 0 or points > 1000:
            problem = _("maximum points must be a number above 0 and at most 1000")
        if problem:
            raise ValidationError(
                {"items": _("Item %(n)s: %(problem)s.") % {"n": number, "problem": problem}}
            )
        keys.add(key)
        label_en = str(item.get("label_en", "")).strip()
        out.append({"key": key, "label_zh": label, "label_en": label_en, "max_points": str(points)})
    return out


class Draw(TimeStampedModel, SampleMarkedModel):
    """One random draw of ``n`` experts for a subject (an application), replayable: the pool
    of eligible ids in order and the seed give the drawn ids again
    (``random.Random(seed).sample(pool, n)``). ``excluded`` records who was left out and why."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("subject type"), on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(_("subject id"))
    subject = GenericForeignKey("content_type", "object_id")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="expert_draws",
    )
    policy = models.ForeignKey(
        "policies.Policy",
        verbose_name=_("policy"),
        on_delete=models.PROTECT,
        related_name="expert_draws",
    )
    fields = models.JSONField(_("fields wanted"), default=list, blank=True)
    n = models.PositiveSmallIntegerField(
        _("number of experts"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    seed = models.BigIntegerField(_("seed"), validators=[MinValueValidator(0)])
    pool = models.JSONField(_("eligible pool"), default=list)
    excluded = models.JSONField(_("excluded"), default=list, blank=True)
    drawn = models.JSONField(_("drawn"), default=list)
    lookback_days = models.PositiveIntegerField(_("look-back (days)"), default=365)
    sheet_items = models.JSONField(_("scoring sheet items"), default=list)
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold (points)"), max_digits=7, decimal_places=2
    )
    drawn_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("drawn by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drawn_at = models.DateTimeField(_("drawn at"))

    class Meta:
        ordering = ["-drawn_at", "-id"]
        verbose_name = _("expert draw")
        verbose_name_plural = _("expert draws")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="draw_subject"),
            models.Index(fields=["enterprise", "drawn_at"], name="draw_enterprise_at"),
        ]

    def __str__(self) -> str:
        return _("Expert draw %(id)s") % {"id": self.pk}

    @property
    def aggregate_summary(self) -> Aggregate:
        """The scores so far (for templates: ``experts/_draw_summary.html``)."""
        return aggregate(self)

    @property
    def excluded_rows(self) -> list[dict]:
        """``excluded`` with each reason's label in the current language."""
        labels = dict(ExclusionReason.choices)
        return [
            {**row, "label": str(labels.get(row["reason"], row["reason"]))} for row in self.excluded
        ]


class Assignment(TimeStampedModel, SampleMarkedModel):
    """A drawn expert's score sheet for the draw's subject; final once submitted."""

    draw = models.ForeignKey(
        Draw, verbose_name=_("draw"), on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="assignments"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.PENDING,
    )
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    total = models.DecimalField(_("total"), max_digits=9, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["draw", "expert__name", "id"]
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "expert"],
                name="assignment_draw_expert_unique",
                violation_error_message=_("The expert is already on this draw."),
            )
        ]

    def __str__(self) -> str:
        return _("%(expert)s's score sheet (draw %(draw)s)") % {
            "expert": self.expert,
            "draw": self.draw_id,
        }

    @property
    def is_submitted(self) -> bool:
        return self.status == AssignmentStatus.SUBMITTED
