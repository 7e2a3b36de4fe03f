"""A stored match set as an Excel list: the enterprises that met a policy version's criteria on
a date (``PolicyMatchSet``), for the zone's officials to work with (contact them, check them).

The ids come from the set; the rows from the registry, within what the user may see in the
policy's zone — an enterprise deleted since the re-match is left out. Written with openpyxl in
write-only mode, 10 000 enterprises per query. Every export is audited
(``policies.matches.export``): the list leaves the platform.
"""

from __future__ import annotations

from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from gaoxin.audit.services import record
from gaoxin.core.excel import text_cell
from gaoxin.enterprises.choices import Stage
from gaoxin.enterprises.scoping import visible_enterprises

from ..models import Policy, PolicyMatchSet

CHUNK = 10_000  # ids per query (well below SQLite's bound-parameter limit)


def export_filename(match_set: PolicyMatchSet) -> str:
    version = match_set.version
    return f"政策匹配名单_{version.policy_id}_v{version.number}_{match_set.as_of:%Y%m%d}.xlsx"


def write_match_set(match_set: PolicyMatchSet, scope, out: IO[bytes]) -> int:
    """Write the set's enterprises found in ``scope`` to ``out`` (.xlsx); returns the rows."""
    workbook = Workbook(write_only=True)
    count = _write_enterprises(workbook, match_set, scope)
    _write_about(workbook, match_set, count)
    workbook.save(out)
    return count


def _write_enterprises(workbook: Workbook, match_set: PolicyMatchSet, scope) -> int:
    """The sheet of the set's enterprises found in ``scope``, by id; returns the rows."""
    sheet = workbook.create_sheet(_("Matching enterprises")[:31])
    columns = [
        (_("Enterprise"), 36),
        (_("Unified social credit code"), 22),
        (_("Park"), 18),
        (_("Industry code"), 10),
        (_("Industry"), 24),
        (_("Stage"), 12),
        (_("Sample data"), 10),
    ]
    for index, (_header, width) in enumerate(columns):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "B2"
    sheet.append([text_cell(sheet, header, bold=True) for header, _width in columns])
    stages = dict(Stage.choices)
    ids, count = match_set.enterprise_ids(), 0
    for start in range(0, len(ids), CHUNK):
        rows = (
            scope.filter(pk__in=ids[start : start + CHUNK])
            .order_by("pk")
            .values_list(
                "name", "uscc", "park__name", "industry_code", "industry_name", "stage", "is_sample"
            )
        )
        for name, uscc, park, code, industry, stage, sample in rows:
            values = (name, uscc, park, code, industry, stages.get(stage, stage))
            sheet.append([text_cell(sheet, v) for v in values] + [_("Yes") if sample else _("No")])
            count += 1
    return count


def _write_about(workbook: Workbook, match_set: PolicyMatchSet, count: int) -> None:
    """The sheet saying which set the file is: policy, version, date, rows."""
    about = workbook.create_sheet(_("About")[:31])
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 60
    version = match_set.version
    for label, value in (
        (_("Policy"), version.policy.title),
        (_("Version"), version.number),
        (_("As of"), match_set.as_of.isoformat()),
        (_("Computed at"), f"{match_set.matched_at:%Y-%m-%d %H:%M}"),
        (_("Enterprises in the set"), match_set.count),
        (_("Rows in this file"), count),
    ):
        about.append(
            [
                text_cell(about, label, bold=True),
                text_cell(about, value) if isinstance(value, str) else value,
            ]
        )


def match_set_export(*, user, policy: Policy, match_set: PolicyMatchSet, out: IO[bytes]) -> int:
    """Write ``match_set`` (a set of one of ``policy``'s versions) for ``user`` and record the
    export; returns the number of rows."""
    if match_set.version.policy_id != policy.pk:
        raise ValueError("the set is not one of the policy's")
    scope = visible_enterprises(user).filter(zone_id=policy.zone_id)
    count = write_match_set(match_set, scope, out)
    with transaction.atomic():
        record(
            action="policies.matches.export",
            actor=user,
            obj=policy,
            summary=_(
                "Exported the enterprises meeting version %(number)s of %(title)s as of "
                "%(day)s (%(count)s)"
            )
            % {
                "number": match_set.version.number,
                "title": policy.title,
                "day": match_set.as_of.isoformat(),
                "count": count,
            },
            data={
                "version": match_set.version.number,
                "as_of": match_set.as_of.isoformat(),
                "matched_at": match_set.matched_at.isoformat(),
                "stored": match_set.count,
                "rows": count,
            },
        )
    return count
