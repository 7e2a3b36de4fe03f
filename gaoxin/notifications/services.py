"""Writes of the inbox: pushing a policy version to the enterprises it fits (精准推送), marking
notifications read, and an enterprise's tag subscriptions.

A push creates notifications with ``bulk_create(ignore_conflicts=True)`` over the constraint
(recipient, kind, policy_version), so running it again never duplicates. Creating a
notification changes no domain state of an enterprise; each push run records one audit event
(``notifications.push``) in its own transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.choices import Role
from gaoxin.accounts.models import User
from gaoxin.audit.services import record
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.enterprises.models import Enterprise
from gaoxin.policies.choices import PolicyStatus
from gaoxin.policies.matching.catalog import CATALOG
from gaoxin.policies.matching.facts import facts_frame
from gaoxin.policies.models import PolicyVersion
from rulebook.criteria import compile_criteria, match_batch

from .choices import NotificationKind
from .models import Notification, TagSubscription


def _in_force(version: PolicyVersion, as_of: datetime.date) -> bool:
    return (
        version.published_at is not None
        and version.policy.status == PolicyStatus.PUBLISHED
        and (version.effective_to is None or version.effective_to >= as_of)
    )


def matching_enterprise_ids(
    version: PolicyVersion, enterprises, as_of: datetime.date, *, facts=None
) -> list[int]:
    """The ids of ``enterprises`` whose facts on ``as_of`` meet the version's criteria;
    ``facts``, their ``facts_frame`` already read (to match several versions over one read)."""
    ids, frame = facts if facts is not None else facts_frame(enterprises, as_of)
    if not ids:
        return []
    matched = match_batch(compile_criteria(version.criteria, CATALOG), frame)
    return [pk for pk, ok in zip(ids, matched, strict=True) if ok]


def _users_of(enterprise_ids: Iterable[int]) -> list[User]:
    organisations = Enterprise.objects.filter(pk__in=list(enterprise_ids)).values("organisation")
    return list(
        User.objects.filter(
            role=Role.ENTERPRISE_USER, is_active=True, organisation__in=organisations
        ).order_by("pk")
    )


def _notify(users: list[User], version: PolicyVersion, kind: str) -> int:
    """Create one ``kind`` notification about ``version`` per user; returns how many are new."""
    policy = version.policy
    before = Notification.objects.filter(policy_version=version, kind=kind).count()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                title=policy.title,
                body=f"v{version.number} · {version.effective_from.isoformat()}",
                link=reverse("policies:public_detail", args=[policy.pk]),
                policy_version=version,
            )
            for user in users
        ],
        ignore_conflicts=True,
    )
    return Notification.objects.filter(policy_version=version, kind=kind).count() - before


@transaction.atomic
def version_push(*, version_id: int, as_of: datetime.date | None = None) -> int:
    """Notify the users of every enterprise of the policy's zone that meets the version's
    criteria (``policy_match``), and the users of the other enterprises of the zone that
    subscribe to one of the policy's tags (``policy_tag``). Returns how many notifications
    are new."""
    as_of = as_of or timezone.localdate()
    version = PolicyVersion.objects.select_related("policy").get(pk=version_id)
    if not _in_force(version, as_of):
        return 0
    policy = version.policy
    zone_enterprises = Enterprise.objects.filter(zone_id=policy.zone_id).zone_members()
    matched = matching_enterprise_ids(version, zone_enterprises, as_of)
    count = _notify(_users_of(matched), version, NotificationKind.POLICY_MATCH)
    subscribers = (
        TagSubscription.objects.filter(
            enterprise__zone_id=policy.zone_id,
            enterprise__membership="zone",
            tag__in=policy.tag_list,
        )
        .exclude(enterprise_id__in=matched)
        .values_list("enterprise_id", flat=True)
    )
    count += _notify(_users_of(set(subscribers)), version, NotificationKind.POLICY_TAG)
    record(
        action="notifications.push",
        actor=None,
        obj=policy,
        summary=_("Pushed version %(number)s of the policy %(title)s")
        % {"number": version.number, "title": policy.title},
        data={"version": version.pk, "count": count},
    )
    return count


@transaction.atomic
def enterprise_push(*, enterprise_id: int, as_of: datetime.date | None = None) -> int:
    """Notify an enterprise's users of every version in force of its zone's published policies
    that it meets now (after its facts changed). Returns how many notifications are new."""
    as_of = as_of or timezone.localdate()
    enterprise = Enterprise.objects.get(pk=enterprise_id)
    if enterprise.membership != "zone":
        return 0  # a partner outside the zone is never a candidate for its policies
    versions = PolicyVersion.objects.filter(
        policy__zone_id=enterprise.zone_id,
        policy__status=PolicyStatus.PUBLISHED,
        published_at__isnull=False,
        effective_from__lte=as_of,
    ).select_related("policy")
    users = _users_of([enterprise.pk])
    count = 0
    single = Enterprise.objects.filter(pk=enterprise.pk)
    facts = facts_frame(single, as_of)
    for version in versions:
        if _in_force(version, as_of) and matching_enterprise_ids(
            version, single, as_of, facts=facts
        ):
            count += _notify(users, version, NotificationKind.POLICY_MATCH)
    record(
        action="notifications.push",
        actor=None,
        obj=enterprise,
        summary=_("Pushed the policies that fit %(name)s") % {"name": enterprise.name},
        data={"enterprise": enterprise.pk, "count": count},
    )
    return count


BATCH = 2000  # enterprises per match, so the ``pk IN (…)`` list stays well inside SQL limits


@transaction.atomic
def enterprises_push(*, enterprise_ids: Iterable[int], as_of: datetime.date | None = None) -> int:
    """:func:`enterprise_push` for many enterprises at once (after a bulk import): per zone, each
    version in force of the zone's published policies is matched set-based over those
    enterprises (in batches), and the users of each match get the notification they have not
    had yet. One audit event for the run. Returns how many notifications are new."""
    as_of = as_of or timezone.localdate()
    ids = sorted(set(enterprise_ids))
    by_zone: dict[int, list[int]] = {}
    members = Enterprise.objects.filter(pk__in=ids).zone_members()
    for pk, zone_id in members.values_list("pk", "zone_id"):
        by_zone.setdefault(zone_id, []).append(pk)
    count = 0
    for zone_id, zone_ids in sorted(by_zone.items()):
        versions = PolicyVersion.objects.filter(
            policy__zone_id=zone_id,
            policy__status=PolicyStatus.PUBLISHED,
            published_at__isnull=False,
            effective_from__lte=as_of,
        ).select_related("policy")
        versions = [v for v in versions if _in_force(v, as_of)]
        for start in range(0, len(zone_ids), BATCH):
            batch = Enterprise.objects.filter(pk__in=zone_ids[start : start + BATCH])
            facts = facts_frame(batch, as_of) if versions else None
            for version in versions:
                matched = matching_enterprise_ids(version, batch, as_of, facts=facts)
                if matched:
                    count += _notify(_users_of(matched), version, NotificationKind.POLICY_MATCH)
    record(
        action="notifications.push",
        actor=None,
        summary=_("Pushed the policies that fit %(count)s enterprises") % {"count": len(ids)},
        data={"enterprises": len(ids), "count": count},
    )
    return count


def notification_read(*, user, notification: Notification) -> Notification:
    """Mark ``notification`` (one of ``user``'s) read; reading twice keeps the first time."""
    if notification.recipient_id != user.pk:
        raise PermissionDeniedError(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_read_all(*, user) -> int:
    """Mark all of ``user``'s unread notifications read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def subscriptions_set(*, actor, enterprise: Enterprise, tags: Iterable[str]) -> list[str]:
    """Replace ``enterprise``'s tag subscriptions with ``tags`` (its own users only)."""
    if not (
        actor.has_role(Role.ENTERPRISE_USER) and actor.organisation_id == enterprise.organisation_id
    ):
        raise PermissionDeniedError(_("Only the enterprise's own users manage its subscriptions."))
    wanted = sorted({t.strip() for t in tags if t and t.strip()})
    TagSubscription.objects.filter(enterprise=enterprise).exclude(tag__in=wanted).delete()
    TagSubscription.objects.bulk_create(
        [TagSubscription(enterprise=enterprise, tag=t) for t in wanted], ignore_conflicts=True
    )
    record(
        action="notifications.subscriptions.set",
        actor=actor,
        obj=enterprise,
        summary=_("Set the tag subscriptions of %(name)s") % {"name": enterprise.name},
        data={"tags": wanted},
    )
    return wanted


@transaction.atomic
def enterprises_notify(*, kind: str, link: str, messages: Iterable[tuple[int, str, str]]) -> int:
    """Tell the users of each enterprise something about it: ``messages`` are
    (enterprise id, title, body), composed by the app whose step it is (免申即享: on a public
    notice, removed after an objection, paid). Not tied to a policy version
    (``policy_version`` is NULL, which the once-per-version constraint never matches), so a
    second round of the same version notifies again. One audit event for the run; returns
    how many notifications were created."""
    texts = {int(pk): (str(title)[:200], str(body)) for pk, title, body in messages}
    organisations = dict(
        Enterprise.objects.filter(pk__in=texts).values_list("organisation_id", "pk")
    )
    notifications = [
        Notification(
            recipient=user,
            kind=kind,
            title=texts[organisations[user.organisation_id]][0],
            body=texts[organisations[user.organisation_id]][1],
            link=link,
            policy_version=None,
        )
        for user in _users_of(texts)
    ]
    Notification.objects.bulk_create(notifications)
    record(
        action="notifications.notify",
        actor=None,
        summary=_("Told the users of %(count)s enterprises: %(kind)s")
        % {"count": len(texts), "kind": NotificationKind(kind).label},
        data={"kind": kind, "enterprises": sorted(texts), "count": len(notifications)},
    )
    return len(notifications)
