"""Who may open a page: one decorator for the pages of the first-set programme."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def allowed_to(predicate: Callable[..., bool]) -> Callable[[Callable], Callable]:
    """Login first (a visitor who is not logged in is asked to); then 403 unless
    `predicate(user)` holds."""

    def decorator(view: Callable) -> Callable:
        @login_required
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorator
