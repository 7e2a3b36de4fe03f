"""Helpers the application pages share: run a service into a message (onto a form, the
pages use ``gaoxin.core.forms.run_on_form``), and the applications a user may open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from gaoxin.core.errors import DomainError, PermissionDeniedError

from .. import rules, selectors
from ..models import Application
from ..programs import program_for

PER_PAGE = 20


def flash_refusal(request, call: Callable[[], Any]) -> Any:
    """Run a service; its refusal becomes an error message."""
    try:
        return call()
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    return None


def visible_application(user, pk: int) -> Application:
    return get_object_or_404(selectors.visible_applications(user), pk=pk)


def own_application(user, pk: int) -> Application:
    enterprise = rules.enterprise_of(user)
    if enterprise is None:
        raise PermissionDenied
    return get_object_or_404(Application, pk=pk, enterprise=enterprise)


def program_context(application: Application, user, mode: str) -> dict[str, Any]:
    """The program's panel for ``application`` (ADR 0006), or nothing for a plain policy."""
    program = program_for(application.policy)
    if program is None:
        return {"program": None}
    return {
        "program": program,
        "program_context": program.context(application, user),
        "program_mode": mode,
    }
