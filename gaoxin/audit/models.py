"""Domain audit events, hash-chained so that an edit in the database is found.

Each row stores the SHA-256 or SM3 (GB/T 32905; `hash_algorithm` says which) of its own content
and of the previous row (`prev_hash`). The application only ever inserts: `AuditEvent.objects`
has no update or delete, and `save()` on an existing row raises. `ChainHead` is the one row
writers lock to append in order.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("audit events are append-only")

    def delete(self):
        raise TypeError("audit events are append-only")


class AuditEvent(models.Model):
    """One state change: who, from which organisation, when, what, why, and from where."""

    occurred_at = models.DateTimeField(_("time"), db_index=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    actor = models.ForeignKey(
        "accounts.User",
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    actor_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("actor's organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_type = models.CharField(_("object type"), max_length=80, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=300)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    channel = models.CharField(_("channel"), max_length=16, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    # sha256 or sm3 (settings.AUDIT_HASH_ALGORITHM when the row was written).
    hash_algorithm = models.CharField(_("hash algorithm"), max_length=8, default="sha256")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("audit events are append-only")


class ChainHead(models.Model):
    """The last hash of the chain; locked by each writer so events append one at a time."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    last_hash = models.CharField(_("last hash"), max_length=64, default=GENESIS_HASH)
    count = models.PositiveBigIntegerField(_("events"), default=0)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.count} events, head {self.last_hash[:12]}"
