"""The unread count of the inbox bell in the navbar."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def inbox(request) -> dict:
    """Counted once a request, when a template shows it (a page rendering panels with
    ``render_to_string(request=...)`` runs the context processors once per panel)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": SimpleLazyObject(lambda: _count_once(request, user))}


def _count_once(request, user) -> int:
    if not hasattr(request, "_gaoxin_inbox_unread"):
        request._gaoxin_inbox_unread = unread_count(user=user)
    return request._gaoxin_inbox_unread
