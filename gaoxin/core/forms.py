"""What every app's pages share about forms: running a service on a submitted form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied

from .errors import DomainError, PermissionDeniedError


def run_on_form(form, call: Callable[[], Any]) -> Any:
    """Run a service for a submitted form and return what it returns; when the service
    refuses (DomainError), put its message on the field it names (or on the form) and return
    None, so the page is shown again with the error beside the input. A refused permission is
    a 403."""
    try:
        return call()
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return None
