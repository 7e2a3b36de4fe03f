"""Checks shared by the review decisions and the decision itself."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gaoxin.core.errors import InvalidTransitionError

from ..choices import ObjectionStatus


def require_objections_answered(application) -> None:
    open_count = application.objections.filter(status=ObjectionStatus.OPEN).count()
    if open_count:
        raise InvalidTransitionError(
            _("%(count)s objections are not answered yet: answer each one first.")
            % {"count": open_count}
        )
