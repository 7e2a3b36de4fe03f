"""Reads of the inbox, always scoped to the user."""

from __future__ import annotations

from django.db.models import QuerySet

from gaoxin.accounts.choices import Role
from gaoxin.enterprises.models import Enterprise
from gaoxin.policies.choices import PolicyStatus
from gaoxin.policies.models import Policy

from .models import Notification, TagSubscription


def notification_list(*, user) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def notification_get(*, user, pk: int) -> Notification:
    """One of the user's notifications (``Notification.DoesNotExist`` for anyone else's)."""
    return notification_list(user=user).get(pk=pk)


def unread_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def subscription_enterprise(*, user) -> Enterprise | None:
    """The enterprise whose subscriptions ``user`` manages: their own, for enterprise users."""
    if not user.has_role(Role.ENTERPRISE_USER) or not user.organisation_id:
        return None
    return Enterprise.objects.filter(organisation_id=user.organisation_id).first()


def tags_in_use(*, zone_id) -> list[str]:
    """The tags of the zone's published policies, sorted."""
    tags: set[str] = set()
    for policy in Policy.objects.filter(zone_id=zone_id, status=PolicyStatus.PUBLISHED):
        tags.update(policy.tag_list)
    return sorted(tags)


def subscribed_tags(*, enterprise: Enterprise) -> list[str]:
    return list(TagSubscription.objects.filter(enterprise=enterprise).values_list("tag", flat=True))
