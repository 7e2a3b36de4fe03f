"""Helpers the application services share."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError, PermissionDeniedError

from ..models import Application, Review


def required(value: str | None, field: str, label: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(
            _("%(label)s: write it, it cannot be empty.") % {"label": label}, field=field
        )
    return text


def deny(message: str) -> None:
    raise PermissionDeniedError(message)


def locked_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("policy", "enterprise", "current_stage", "current_version")
        .get(pk=application.pk)
    )


def locked_review(review: Review) -> Review:
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related("application", "stage", "version")
        .get(pk=review.pk)
    )
