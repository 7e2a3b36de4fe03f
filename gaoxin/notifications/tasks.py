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


def _bound(request_id: str):
    if context.current().request_id:
        return None
    return context.bind(context.RequestContext(request_id=request_id, channel="task"))


@task()
def push_policy_version(version_id: int) -> int:
    """Notify the enterprises that meet policy version ``version_id``; returns the new count."""
    from .services import version_push

    bound = _bound(f"push-version-{version_id}")
    try:
        return version_push(version_id=version_id)
    finally:
        if bound is not None:
            context.reset(bound)


@task()
def push_for_enterprise(enterprise_id: int) -> int:
    """Notify enterprise ``enterprise_id`` of the policies it now meets; returns the new count."""
    from .services import enterprise_push

    bound = _bound(f"push-enterprise-{enterprise_id}")
    try:
        return enterprise_push(enterprise_id=enterprise_id)
    finally:
        if bound is not None:
            context.reset(bound)


@task()
def push_for_enterprises(enterprise_ids: list[int]) -> int:
    """Notify the enterprises ``enterprise_ids`` (a bulk import's) of the policies they now
    meet, in one run; returns the new count."""
    from .services import enterprises_push

    bound = _bound(f"push-enterprises-{len(enterprise_ids)}")
    try:
        return enterprises_push(enterprise_ids=enterprise_ids)
    finally:
        if bound is not None:
            context.reset(bound)


@task()
def notify_enterprises(kind: str, link: str, messages: list[list]) -> int:
    """Tell the users of each enterprise of ``messages`` ([enterprise id, title, body]);
    enqueued on commit by the step that concerns them (the 免申即享 rounds); returns the count."""
    from .services import enterprises_notify

    bound = _bound(f"notify-{kind}-{len(messages)}")
    try:
        return enterprises_notify(kind=kind, link=link, messages=messages)
    finally:
        if bound is not None:
            context.reset(bound)
