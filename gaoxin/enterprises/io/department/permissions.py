"""Who imports department data: officials of a zone. The data is written as verified and it
verifies declarations, which is the officials' act (核验), so the rule is the verification
queue's (`scoping.can_use_verification_queue`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gaoxin.core.errors import PermissionDeniedError

from ... import scoping


def can_import(user) -> bool:
    return scoping.can_use_verification_queue(user)


def require_importer(user) -> None:
    if not can_import(user):
        raise PermissionDeniedError(_("Only officials of a zone import department data."))
