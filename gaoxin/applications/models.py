"""Applications (申报) to policies that take them, and their multi-stage review (审核 · 专家评审 ·
公示 · 决定). Statuses move only through ``workflows.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role
from gaoxin.core.models import SampleMarkedModel, TimeStampedModel

from .choices import (
    OPEN_STATUSES,
    ApplicationStatus,
    ObjectionChannel,
    ObjectionStatus,
    ReviewStatus,
    StageKind,
)

MONEY = {"max_digits": 16, "decimal_places": 2}
USER = settings.AUTH_USER_MODEL


def _user(verbose: str, **extra):
    return models.ForeignKey(
        USER,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        **extra,
    )


class ApplicationSetup(models.Model):
    """What a policy asks of an applicant besides facts: the kinds of material to upload."""

    policy = models.OneToOneField(
        "policies.Policy",
        verbose_name=_("policy"),
        on_delete=models.CASCADE,
        related_name="application_setup",
    )
    materials = models.JSONField(
        _("material kinds"), default=list, blank=True, help_text=_("e.g. 申请表, 审计报告")
    )

    class Meta:
        verbose_name = _("application setup")
        verbose_name_plural = _("application setups")

    def __str__(self) -> str:
        return str(self.policy)


class ReviewStage(models.Model):
    """One stage of a policy's review, in ``order``, owned by an organisation and a role."""

    policy = models.ForeignKey(
        "policies.Policy",
        verbose_name=_("policy"),
        on_delete=models.CASCADE,
        related_name="review_stages",
    )
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=12, choices=StageKind.choices)
    name = models.CharField(_("name"), max_length=80)
    owner_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_role = models.CharField(_("owner role"), max_length=32, choices=Role.choices)
    working_days = models.PositiveSmallIntegerField(
        _("working days"),
        default=10,
        help_text=_("The deadline of the stage (for a public notice: its length)."),
    )
    experts_n = models.PositiveSmallIntegerField(
        _("experts to draw"), null=True, blank=True, help_text=_("Expert review only.")
    )

    class Meta:
        ordering = ["policy", "order"]
        verbose_name = _("review stage")
        verbose_name_plural = _("review stages")
        constraints = [
            models.UniqueConstraint(fields=["policy", "order"], name="review_stage_order_unique"),
            models.CheckConstraint(
                condition=models.Q(working_days__gte=1, working_days__lte=60),
                name="review_stage_working_days_range",
                violation_error_message=_("A stage lasts between 1 and 60 working days."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Application(TimeStampedModel, SampleMarkedModel):
    """An enterprise's application (申报) to a policy."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    policy = models.ForeignKey(
        "policies.Policy",
        verbose_name=_("policy"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    current_stage = models.ForeignKey(
        ReviewStage,
        verbose_name=_("current stage"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    current_version = models.ForeignKey(
        "applications.ApplicationVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # the draft's inputs (fact key → text typed), until submitted into a version
    draft_facts = models.JSONField(_("draft facts"), default=dict, blank=True)
    computed_amount = models.DecimalField(
        _("computed amount (yuan)"), null=True, blank=True, **MONEY
    )
    proposed_amount = models.DecimalField(
        _("proposed amount (yuan)"), null=True, blank=True, **MONEY
    )
    decided_amount = models.DecimalField(_("decided amount (yuan)"), null=True, blank=True, **MONEY)
    override_reason = models.CharField(_("reason for the override"), max_length=500, blank=True)
    decision_version = models.ForeignKey(
        "policies.PolicyVersion",
        verbose_name=_("policy version of the decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_trace = models.JSONField(_("trace of the decision"), default=dict, blank=True)
    decided_by = _user(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    notice_starts_on = models.DateField(_("notice starts on"), null=True, blank=True)
    notice_ends_on = models.DateField(_("notice ends on"), null=True, blank=True)
    created_by = _user(_("created by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "enterprise"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="application_one_open_per_policy_enterprise",
                violation_error_message=_(
                    "The enterprise already has an open application to this policy."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ApplicationVersion(models.Model):
    """What was submitted, frozen: the facts with their origin and sources, the materials, the
    calculator's explanation, the policy version and the computed amount."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    # fact key → {"value": JSON value, "origin": verified|declared, "sources": [...]}
    facts = models.JSONField(_("facts"), default=dict)
    trace = models.JSONField(_("calculator's explanation"), default=dict)
    policy_version = models.ForeignKey(
        "policies.PolicyVersion",
        verbose_name=_("policy version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    computed_amount = models.DecimalField(
        _("computed amount (yuan)"), null=True, blank=True, **MONEY
    )
    submitted_by = _user(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        ordering = ["application", "number"]
        verbose_name = _("application version")
        verbose_name_plural = _("application versions")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="application_version_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} v{self.number}"


class ApplicationMaterial(models.Model):
    """An uploaded material: on the draft (``version`` empty) until submitted with a version."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="materials",
    )
    version = models.ForeignKey(
        ApplicationVersion,
        verbose_name=_("version"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="materials",
    )
    kind = models.CharField(_("kind of material"), max_length=60)
    attachment = models.ForeignKey(
        "enterprises.Attachment",
        verbose_name=_("file"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["application", "version", "kind", "id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return f"{self.kind}: {self.attachment.original_name}"


class Review(models.Model):
    """One stage's review of one version; the database allows one open review per application."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    stage = models.ForeignKey(
        ReviewStage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="reviews"
    )
    version = models.ForeignKey(
        ApplicationVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    due_on = models.DateField(_("due on"))
    decided_by = _user(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    points_to_fix = models.TextField(_("points to fix"), blank=True)

    class Meta:
        ordering = ["application", "opened_at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status="open"),
                name="review_one_open_per_application",
                violation_error_message=_("The application already has an open review."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.stage}"


class Objection(models.Model):
    """An objection (异议) to a proposed award during its public notice; it must be answered
    before the decision."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    raised_by = models.CharField(_("raised by"), max_length=200)
    channel = models.CharField(_("channel"), max_length=12, choices=ObjectionChannel.choices)
    text = models.TextField(_("objection"))
    raised_on = models.DateField(_("raised on"))
    recorded_by = _user(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = _user(_("answered by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["application", "raised_on", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.application}: {self.raised_by}"
