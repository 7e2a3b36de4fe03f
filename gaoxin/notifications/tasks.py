"""Background pushes (django-tasks): a newly published policy version, an enterprise whose facts
changed, and the enterprises a bulk import changed. ``gaoxin.policies.services.version_publish``
enqueues the first on commit; the enterprise services enqueue the second on commit after a
change of facts (``enterprises.services._common.facts_changed``); the Excel import enqueues the
third once, on commit, for all the enterprises it created or changed. ``notify_enterprises``
carries the messages of a step that concerns given enterprises (the 免申即享 rounds:
``gaoxin.grants.inbox``), enqueued on commit of that step."""

from __future__ import annotations

from django_tasks import task

from gaoxin.core import context


@task()
def push_policy_version(version_id: int) -> int:
    """Notify the enterprises that meet policy version ``version_id``; returns the new count."""
    from .services import version_push

    with context.task_context(f"push-version-{version_id}"):
        return version_push(version_id=version_id)


@task()
def push_for_enterprise(enterprise_id: int) -> int:
    """Notify enterprise ``enterprise_id`` of the policies it now meets; returns the new count."""
    from .services import enterprise_push

    with context.task_context(f"push-enterprise-{enterprise_id}"):
        return enterprise_push(enterprise_id=enterprise_id)


@task()
def push_for_enterprises(enterprise_ids: list[int]) -> int:
    """Notify the enterprises ``enterprise_ids`` (a bulk import's) of the policies they now
    meet, in one run; returns the new count."""
    from .services import enterprises_push

    with context.task_context(f"push-enterprises-{len(enterprise_ids)}"):
        return enterprises_push(enterprise_ids=enterprise_ids)


@task()
def notify_enterprises(kind: str, link: str, messages: list[list]) -> int:
    """Tell the users of each enterprise of ``messages`` ([enterprise id, title, body]);
    enqueued on commit by the step that concerns them (the 免申即享 rounds); returns the count."""
    from .services import enterprises_notify

    with context.task_context(f"notify-{kind}-{len(messages)}"):
        return enterprises_notify(kind=kind, link=link, messages=messages)
