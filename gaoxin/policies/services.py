"""Writes to the policy library: drafts, articles, publishing a version.

Each service is one transaction with its audit event and checks the actor's permission
(``policies.manage_policy``: a zone official of the policy's zone). ``actor=None`` is the
command line or the demo loader (trusted). Criteria and formulas are validated with the
criteria engine before a version is published; an invalid clause is a field error naming it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.audit.changes import field_changes
from gaoxin.audit.services import record
from gaoxin.core.errors import InvalidTransitionError, PermissionDeniedError
from gaoxin.firstset.display import localized
from gaoxin.notifications.tasks import push_policy_version
from rulebook.criteria import CriteriaError, compile_criteria, compile_formula

from .builder import criteria_changes, describe_formula
from .choices import PolicyStatus
from .matching.catalog import CATALOG
from .models import Article, Policy, PolicyVersion

POLICY_FIELDS = (
    "title",
    "issuing_body",
    "doc_number",
    "published_on",
    "summary",
    "tags",
    "target_industries",
    "chain_segments",
    "delivery_mode",
    "link",
    "is_sample",
)


def _require_manager(actor, policy: Policy | None = None, zone=None) -> None:
    if actor is None:
        return
    from . import rules as policy_rules

    target = policy if policy is not None else Policy(zone=zone) if zone is not None else None
    if not policy_rules.can_manage(actor, target):
        raise PermissionDeniedError(_("Only the zone's officials manage its policies."))


def _only(data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(POLICY_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )


@transaction.atomic
def policy_create(*, actor, zone, data: Mapping[str, Any]) -> Policy:
    """A new draft policy of ``zone``."""
    _require_manager(actor, zone=zone)
    _only(data)
    policy = Policy(zone=zone, status=PolicyStatus.DRAFT, **data)
    policy.full_clean()
    policy.save()
    record(
        action="policies.policy.create",
        actor=actor,
        obj=policy,
        summary=_("Created the policy %(title)s") % {"title": policy.title},
    )
    return policy


@transaction.atomic
def policy_update(*, actor, policy: Policy, data: Mapping[str, Any]) -> Policy:
    """Change a policy's descriptive fields (its criteria change only by a new version)."""
    _require_manager(actor, policy)
    _only(data)
    for name, value in data.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    record(
        action="policies.policy.update",
        actor=actor,
        obj=policy,
        summary=_("Changed the policy %(title)s") % {"title": policy.title},
        data={"fields": sorted(data)},
    )
    return policy


@transaction.atomic
def article_set(*, actor, policy: Policy, articles: list[tuple[str, str]]) -> list[Article]:
    """Replace a policy's articles with ``articles`` ((number, text) in order)."""
    _require_manager(actor, policy)
    policy.articles.all().delete()
    made = []
    for order, (number, text) in enumerate(articles, start=1):
        article = Article(policy=policy, number=number, text=text, order=order)
        article.full_clean()
        article.save()
        made.append(article)
    record(
        action="policies.policy.articles",
        actor=actor,
        obj=policy,
        summary=_("Set the articles of the policy %(title)s") % {"title": policy.title},
        data={"articles": [number for number, _text in articles]},
    )
    return made


def _validate(criteria: Any, formula: Any) -> None:
    """Compile both; a CriteriaError becomes a field error naming the clause path."""
    for field, value, compiler in (
        ("criteria", criteria, compile_criteria),
        ("formula", formula, compile_formula),
    ):
        if value is None and field == "formula":
            continue
        try:
            compiler(value, CATALOG)
        except CriteriaError as error:
            message = localized(error.message_zh, error.message_en)
            raise ValidationError(
                {field: _("%(path)s: %(message)s") % {"path": error.path, "message": message}}
            ) from error


def _check_starts_after_published(
    policy: Policy, effective_from: datetime.date
) -> PolicyVersion | None:
    """The latest published version; a ValidationError when ``effective_from`` is not after
    its start."""
    previous = policy.versions.filter(published_at__isnull=False).order_by("-number").first()
    if previous is not None and effective_from <= previous.effective_from:
        raise ValidationError(
            {"effective_from": _("A new version must start after the version it replaces.")}
        )
    return previous


def _draft_of(policy: Policy) -> PolicyVersion | None:
    return policy.versions.filter(published_at__isnull=True).first()


def _lock_for_new_version(actor, policy: Policy, criteria: Any, formula: Any) -> Policy:
    """``policy`` locked for a new version by ``actor`` (its manager), once the criteria and
    formula are found valid; an expired policy gets none."""
    _require_manager(actor, policy)
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    if policy.status == PolicyStatus.EXPIRED:
        raise InvalidTransitionError(_("An expired policy cannot get a new version."))
    _validate(criteria, formula)
    return policy


def _new_version(policy: Policy) -> PolicyVersion:
    """An unsaved version of ``policy`` numbered after its last one."""
    last = policy.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return PolicyVersion(policy=policy, number=last + 1)


def _end_before(version: PolicyVersion, effective_from: datetime.date) -> None:
    """End ``version`` the day before ``effective_from`` (its successor starts then)."""
    version.effective_to = effective_from - datetime.timedelta(days=1)
    version.full_clean()
    version.save(update_fields=["effective_to", "updated_at"])


@transaction.atomic
def draft_save(
    *,
    actor,
    policy: Policy,
    criteria: Any,
    formula: Any = None,
    effective_from: datetime.date,
    reason: str = "",
) -> PolicyVersion:
    """Create or replace ``policy``'s draft version (not yet in force, seen by nobody outside
    the zone). Criteria and formula are validated as on publishing: an invalid clause is a
    field error naming it, and nothing is saved."""
    policy = _lock_for_new_version(actor, policy, criteria, formula)
    _check_starts_after_published(policy, effective_from)
    draft = _draft_of(policy)
    created = draft is None
    previous = draft or policy.versions.order_by("-number").first()
    before = _version_terms(previous) if previous else None
    if created:
        draft = _new_version(policy)
    draft.criteria = criteria
    draft.formula = formula
    draft.effective_from = effective_from
    draft.full_clean()
    draft.save()
    record(
        action="policies.draft.save",
        actor=actor,
        obj=policy,
        summary=_("Saved the draft version %(number)s of the policy %(title)s")
        % {"number": draft.number, "title": policy.title},
        reason=reason,
        data={"version": draft.number, "created": created},
        changes=_version_changes(before, _version_terms(draft)),
    )
    return draft


def _version_terms(version: PolicyVersion) -> dict[str, Any]:
    return {
        "criteria": version.criteria,
        "formula": describe_formula(version.formula),
        "effective_from": version.effective_from,
    }


def _version_changes(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, list]:
    """What a draft save changed, as the staff read it: the clauses that left and came
    (``研发投入占比 ≥ 4%`` → ``研发投入占比 ≥ 6%``), the formula in words, the start date. Compared
    with the draft it replaces, or with the latest version when it is a new draft."""
    before = before or {"criteria": None, "formula": None, "effective_from": None}
    changes = field_changes(
        {key: before[key] for key in ("formula", "effective_from")},
        {key: after[key] for key in ("formula", "effective_from")},
    )
    criteria = criteria_changes(before["criteria"], after["criteria"])
    return {"criteria": criteria, **changes} if criteria else changes


@transaction.atomic
def draft_discard(*, actor, policy: Policy, reason: str = "") -> None:
    """Delete ``policy``'s draft version (the published versions are untouched)."""
    _require_manager(actor, policy)
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    draft = _draft_of(policy)
    if draft is None:
        raise InvalidTransitionError(_("The policy has no draft version."))
    number = draft.number
    draft.delete()
    record(
        action="policies.draft.discard",
        actor=actor,
        obj=policy,
        summary=_("Discarded the draft version %(number)s of the policy %(title)s")
        % {"number": number, "title": policy.title},
        reason=reason,
        data={"version": number},
    )


@transaction.atomic
def draft_publish(*, actor, policy: Policy, reason: str = "") -> PolicyVersion:
    """Publish ``policy``'s draft version as it stands."""
    draft = _draft_of(policy)
    if draft is None:
        raise InvalidTransitionError(_("The policy has no draft version to publish."))
    return version_publish(
        actor=actor,
        policy=policy,
        criteria=draft.criteria,
        formula=draft.formula,
        effective_from=draft.effective_from,
        reason=reason,
    )


@transaction.atomic
def version_publish(
    *,
    actor,
    policy: Policy,
    criteria: Any,
    formula: Any = None,
    effective_from: datetime.date,
    reason: str = "",
) -> PolicyVersion:
    """Publish a new version of ``policy``'s criteria and formula, in force from
    ``effective_from``; the version in force before ends the day before. The policy becomes
    published. A draft version, if any, becomes this version (its number is kept)."""
    policy = _lock_for_new_version(actor, policy, criteria, formula)
    previous = _check_starts_after_published(policy, effective_from)
    if previous is not None:
        _end_before(previous, effective_from)
    version = _draft_of(policy) or _new_version(policy)
    version.effective_from = effective_from
    version.criteria = criteria
    version.formula = formula
    version.published_at = timezone.now()
    version.full_clean()
    version.save()
    if policy.status != PolicyStatus.PUBLISHED:
        policy.status = PolicyStatus.PUBLISHED
        policy.save(update_fields=["status", "updated_at"])
    record(
        action="policies.policy.publish",
        actor=actor,
        obj=policy,
        summary=_("Published version %(number)s of the policy %(title)s")
        % {"number": version.number, "title": policy.title},
        reason=reason,
        data={"version": version.number, "effective_from": effective_from.isoformat()},
    )
    transaction.on_commit(lambda: push_policy_version.enqueue(version.pk))
    return version


@transaction.atomic
def policy_expire(*, actor, policy: Policy, reason: str = "") -> Policy:
    """End a published policy (published → expired): it leaves the calculator, the public list
    and the pushes; its versions and matches stay for the record, and its public page says it
    has expired. Only a published policy expires (InvalidTransitionError otherwise).
    ``actor=None`` is the command line (``gaoxin expire-policies``)."""
    _require_manager(actor, policy)
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    if policy.status != PolicyStatus.PUBLISHED:
        raise InvalidTransitionError(_("Only a published policy can expire."))
    policy.status = PolicyStatus.EXPIRED
    policy.save(update_fields=["status", "updated_at"])
    record(
        action="policies.policy.expire",
        actor=actor,
        obj=policy,
        summary=_("The policy %(title)s expired") % {"title": policy.title},
        reason=reason,
        data={"from": PolicyStatus.PUBLISHED, "to": PolicyStatus.EXPIRED},
    )
    return policy
