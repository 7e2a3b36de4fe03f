"""What the services parts' page views share: the permission decorator and running a service
on a bound form."""

from __future__ import annotations

from collections.abc import Callable

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError

from gaoxin.core.forms import run_on_form


def needs(perm: str) -> Callable:
    """Login required, then the django-rules permission ``perm`` (403 without it)."""

    def decorate(view: Callable) -> Callable:
        @login_required
        def wrapped(request, *args, **kwargs):
            if not rules.has_perm(perm, request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorate


def submit(form, call: Callable):
    """run_on_form, with the field errors of a ValidationError put on the form (a message
    without a field goes to the form's top)."""
    try:
        return run_on_form(form, call)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
    return None
