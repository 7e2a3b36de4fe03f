"""免申即享 (benefit without application): grant rounds (兑现批次), their candidates, the public
notice before payment (兑前公示, ``Publication``) and objections (异议) raised during it.

A round goes candidates → notice → confirmed; exporting the confirmed list for payment
(``exported_at``, ``export_count``) and the payment itself (拨付: ``paid_on``,
``payment_reference``, ``paid_at``, ``paid_by``) are recorded on the round and do not change
its status.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.core.models import SampleMarkedModel, TimeStampedModel

MONEY = {"max_digits": 16, "decimal_places": 2}


class RoundStatus(models.TextChoices):
    CANDIDATES = "candidates", _("Candidate list")
    NOTICE = "notice", _("Public notice")
    CONFIRMED = "confirmed", _("Confirmed")


class CandidateStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    EXCLUDED = "excluded", _("Excluded before the notice")
    REMOVED = "removed", _("Removed after an objection")
    CONFIRMED = "confirmed", _("Confirmed")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("objection status", "Open")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class ObjectionChannel(models.TextChoices):
    PHONE = "phone", _("Telephone")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("In person")
    ONLINE = "online", _("Online, from the notice page")
    OTHER = "other", _("Other")


class GrantRound(TimeStampedModel, SampleMarkedModel):
    """One round (兑现批次) of a 免申即享 policy: the enterprises that meet the version in force
    on ``as_of``, with their amounts, through notice and confirmation to payment."""

    policy = models.ForeignKey(
        "policies.Policy",
        verbose_name=_("policy"),
        on_delete=models.PROTECT,
        related_name="grant_rounds",
    )
    version = models.ForeignKey(
        "policies.PolicyVersion",
        verbose_name=_("policy version"),
        on_delete=models.PROTECT,
        related_name="grant_rounds",
    )
    number = models.PositiveIntegerField(_("round number"))
    as_of = models.DateField(_("facts as of"))
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.CANDIDATES
    )
    estimated_total = models.DecimalField(_("estimated total (yuan)"), default=0, **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirm_reason = models.CharField(_("reason for confirming"), max_length=500, blank=True)
    confirmed_total = models.DecimalField(
        _("confirmed total (yuan)"), null=True, blank=True, **MONEY
    )
    exported_at = models.DateTimeField(_("last exported at"), null=True, blank=True)
    export_count = models.PositiveIntegerField(_("exports"), default=0)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(
        _("payment reference"),
        max_length=100,
        blank=True,
        help_text=_("The reference of the payment, e.g. the treasury voucher number."),
    )
    paid_at = models.DateTimeField(_("payment recorded at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("payment recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("grant round")
        verbose_name_plural = _("grant rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "number"],
                name="grant_round_policy_number_unique",
                violation_error_message=_("The policy already has a round with this number."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["candidates", "notice", "confirmed"]),
                name="grant_round_status_valid",
            ),
            # a payment is recorded whole (date, reference, when) and on a confirmed round only
            models.CheckConstraint(
                condition=models.Q(paid_on__isnull=True, paid_at__isnull=True, payment_reference="")
                | (
                    models.Q(status="confirmed", paid_on__isnull=False, paid_at__isnull=False)
                    & ~models.Q(payment_reference="")
                ),
                name="grant_round_payment_complete",
                violation_error_message=_(
                    "A payment needs a date and a reference, and only a confirmed round is paid."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} · {self.number}"

    @property
    def is_exported(self) -> bool:
        return self.exported_at is not None

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None


class GrantCandidate(models.Model):
    """An enterprise of a round with its estimated amount and the facts it was computed from."""

    round = models.ForeignKey(
        GrantRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="candidates"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="grant_candidacies",
    )
    amount = models.DecimalField(_("amount (yuan)"), null=True, blank=True, **MONEY)
    facts = models.JSONField(_("facts used"), default=dict, blank=True)
    # fact key → the verified records its value came from
    # (``policies.matching.facts.fact_sources``).
    sources = models.JSONField(_("sources of the facts"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CandidateStatus.choices,
        default=CandidateStatus.CANDIDATE,
    )
    on_notice = models.BooleanField(_("on the public notice"), default=False)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["round", "enterprise__name", "id"]
        verbose_name = _("grant candidate")
        verbose_name_plural = _("grant candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "enterprise"], name="grant_candidate_round_enterprise_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.enterprise}"


class Publication(models.Model):
    """The public notice before payment (兑前公示) of a round: who may object, and until when
    (a number of Chinese working days after publication)."""

    round = models.OneToOneField(
        GrantRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="publication"
    )
    published_on = models.DateField(_("published on"))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    working_days = models.PositiveSmallIntegerField(_("working days"))
    starts_on = models.DateField(_("notice starts on"))
    ends_on = models.DateField(_("notice ends on"))
    contact = models.TextField(_("how to object"))

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")

    def __str__(self) -> str:
        return f"{self.round} {self.starts_on}–{self.ends_on}"

    def phase(self, today) -> str:
        """Where the notice stands on ``today``: "upcoming" (published, not yet begun), "open"
        (objections taken) or "ended" (over, or the round has moved on)."""
        if self.round.status != RoundStatus.NOTICE or today > self.ends_on:
            return "ended"
        return "upcoming" if today < self.starts_on else "open"


class Objection(models.Model):
    """An objection (异议) to a candidate raised during the notice. While it is open the
    round cannot be confirmed."""

    round = models.ForeignKey(
        GrantRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="objections"
    )
    candidate = models.ForeignKey(
        GrantCandidate,
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    raised_by = models.CharField(_("raised by"), max_length=200)
    channel = models.CharField(_("channel"), max_length=12, choices=ObjectionChannel.choices)
    text = models.TextField(_("objection"))
    raised_on = models.DateField(_("raised on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    resolution = models.CharField(_("resolution reason"), max_length=500, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["round", "raised_on", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.candidate}: {self.raised_by}"
