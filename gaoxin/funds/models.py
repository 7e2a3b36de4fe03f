"""Fund ledgers (资金台账): a policy's yearly fund, what it committed to each enterprise, and
the append-only entries that moved the totals.

The running totals (``Fund.committed``/``paid``, ``FundEnterpriseTotal.committed``,
``Commitment.amount``/``disbursed``) change only through ``services`` by conditional UPDATEs;
the CheckConstraints below are the second guard: the database refuses any write, from any
code, that would overdraw a budget, a cap or a commitment.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gaoxin.core.fields import FenField
from gaoxin.core.models import SampleMarkedModel, TimeStampedModel

from .choices import REFERENCED_KINDS, EntryKind

MONEY = {"max_digits": 16, "decimal_places": 2}
ZERO = Decimal("0.00")


class Fund(TimeStampedModel, SampleMarkedModel):
    """The money a policy may spend in one year (managed by the policy's zone)."""

    name = models.CharField(_("name"), max_length=200)
    policy = models.ForeignKey(
        "policies.Policy", verbose_name=_("policy"), on_delete=models.PROTECT, related_name="funds"
    )
    year = models.PositiveIntegerField(_("year"))
    budget = FenField(_("budget (yuan)"), **MONEY)
    per_enterprise_cap = FenField(
        _("cap per enterprise (yuan)"),
        null=True,
        blank=True,
        help_text=_("The most one enterprise may be committed from this fund; empty: no cap."),
        **MONEY,
    )
    committed = FenField(_("committed (yuan)"), default=ZERO, editable=False, **MONEY)
    paid = FenField(_("paid (yuan)"), default=ZERO, editable=False, **MONEY)

    class Meta:
        ordering = ["-year", "name", "id"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "year"],
                name="fund_policy_year_unique",
                violation_error_message=_("The policy already has a fund for this year."),
            ),
            models.CheckConstraint(condition=Q(paid__gte=0), name="fund_paid_not_negative"),
            models.CheckConstraint(
                condition=Q(paid__lte=F("committed")), name="fund_paid_within_committed"
            ),
            models.CheckConstraint(
                condition=Q(committed__lte=F("budget")), name="fund_committed_within_budget"
            ),
            models.CheckConstraint(
                condition=Q(per_enterprise_cap__isnull=True) | Q(per_enterprise_cap__gt=0),
                name="fund_cap_positive",
                violation_error_message=_("A cap per enterprise must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def zone_id(self) -> int:
        return self.policy.zone_id

    @property
    def remaining(self) -> Decimal:
        """Budget not yet committed."""
        return self.budget - self.committed

    @property
    def unpaid(self) -> Decimal:
        """Committed but not yet paid."""
        return self.committed - self.paid


class FundEnterpriseTotal(models.Model):
    """What one enterprise was committed from one fund, against the fund's cap (copied here so
    the database can check it row by row)."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="enterprise_totals")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="fund_totals"
    )
    committed = FenField(_("committed (yuan)"), default=ZERO, **MONEY)
    cap = FenField(_("cap (yuan)"), null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = _("fund total of an enterprise")
        verbose_name_plural = _("fund totals of enterprises")
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "enterprise"], name="fund_enterprise_total_unique"
            ),
            models.CheckConstraint(
                condition=Q(committed__gte=0), name="fund_enterprise_committed_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(cap__isnull=True) | Q(committed__lte=F("cap")),
                name="fund_enterprise_committed_within_cap",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} · {self.enterprise}"


class Commitment(models.Model):
    """Money of a fund promised to an enterprise (承诺), and how much of it was paid.

    ``amount`` is the current commitment (after releases and claw-backs); ``source`` is what
    the commitment came from (an application's decision, a grant round, the policy itself).
    """

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="commitments"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="fund_commitments",
    )
    amount = FenField(_("amount committed (yuan)"), **MONEY)
    disbursed = FenField(_("disbursed (yuan)"), default=ZERO, **MONEY)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("content_type", "object_id")
    source_label = models.CharField(_("source"), max_length=300, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [models.Index(fields=["content_type", "object_id"], name="commitment_source")]
        constraints = [
            models.CheckConstraint(
                condition=Q(disbursed__gte=0), name="commitment_disbursed_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(disbursed__lte=F("amount")), name="commitment_disbursed_within_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} · {self.enterprise}"

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.disbursed


class LedgerEntry(models.Model):
    """One movement of a fund's money (append-only: never updated or deleted)."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="entries"
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    amount = FenField(_("amount (yuan)"), **MONEY)
    reference = models.CharField(
        _("payment reference"),
        max_length=100,
        blank=True,
        help_text=_("The reference of the payment, e.g. the treasury voucher number."),
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="ledger_entry_idempotency_key_unique",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_entry_amount_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=EntryKind.values), name="ledger_entry_kind_known"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=REFERENCED_KINDS) | ~Q(reference=""),
                name="ledger_entry_reference_required",
                violation_error_message=_("A disbursement or claw-back needs a payment reference."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("ledger entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("ledger entries are append-only")
