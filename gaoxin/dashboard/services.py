"""The dashboard writes one thing: the audit event of a figure's export."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.audit.services import record


@transaction.atomic
def figure_export_recorded(*, actor, figure: dict) -> None:
    """Audit the export of one overview figure (who took which figures away)."""
    record(
        action="dashboard.figure.export",
        actor=actor,
        summary=_("Exported the overview figure %(title)s") % {"title": figure.get("title", "")},
        data={"key": str(figure["key"]), "rows": len(figure.get("rows") or ())},
    )
