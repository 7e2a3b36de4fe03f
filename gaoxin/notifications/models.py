"""The inbox (精准推送): notifications to users, and the tags an enterprise subscribes to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import NotificationKind


class Notification(models.Model):
    """One message in a user's inbox. A user gets at most one notification of a kind per policy
    version (the database enforces it, so a re-run push never duplicates)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    link = models.CharField(_("link"), max_length=200, blank=True)
    policy_version = models.ForeignKey(
        "policies.PolicyVersion",
        verbose_name=_("policy version"),
        on_delete=models.PROTECT,
        related_name="notifications",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "policy_version"],
                name="notification_once_per_version",
                violation_error_message=_("The user already has this notification."),
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class TagSubscription(models.Model):
    """An enterprise wants to hear of every newly published version of a policy with ``tag``."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="tag_subscriptions",
    )
    tag = models.CharField(_("tag"), max_length=50)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["enterprise", "tag"]
        verbose_name = _("tag subscription")
        verbose_name_plural = _("tag subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "tag"],
                name="tag_subscription_unique",
                violation_error_message=_("The enterprise already subscribes to this tag."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.tag}"
