"""The checks of a department list that look beyond one row: a row twice in the list, a
certificate number twice, and a credit code that is not an enterprise of the importer's zone
(not registered there, or a partner outside the zone, whose facts no zone policy reads). Run
over the whole file to validate it, then again inside the write transaction."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ...choices import Membership
from ...models import Enterprise
from .rows import DepartmentRow, RowParser


class Checker:
    def __init__(self, zone, parser: RowParser):
        self.zone = zone
        self.parser = parser
        self.kind = parser.kind
        self.keys: dict[tuple, int] = {}  # (credit code[, year]) → first row
        self.certificates: dict[str, int] = {}  # certificate number → first row

    def check_file_row(self, data: DepartmentRow) -> None:
        """The in-file duplicate checks, once per row of the file."""
        key = (data.uscc, data.year) if self.kind.is_yearly else (data.uscc,)
        first = self.keys.setdefault(key, data.row)
        if first != data.row:
            if self.kind.is_yearly:
                message = _(
                    "The credit code %(code)s with the year %(year)s is also in row %(row)s; a "
                    "list gives an enterprise's figures for a year once."
                ) % {"code": data.uscc, "year": data.year, "row": first}
            else:
                message = _(
                    "The credit code %(code)s is also in row %(row)s; an enterprise may appear "
                    "only once in a file."
                ) % {"code": data.uscc, "row": first}
            self.parser.error(data, "uscc", message)
        number = certificate_key(data.values.get("certificate_no"))
        if number:
            first = self.certificates.setdefault(number, data.row)
            if first != data.row:
                self.parser.error(
                    data,
                    "certificate_no",
                    _("The certificate number %(number)s is also in row %(row)s.")
                    % {"number": data.values["certificate_no"], "row": first},
                )

    def enterprises(self, batch: list[DepartmentRow]) -> None:
        """An error on every row of the batch whose credit code is not a zone enterprise (the
        check of the whole file: read as values, no model is built)."""
        found = {
            uscc: (zone_id, membership, name)
            for uscc, zone_id, membership, name in Enterprise.objects.filter(
                uscc__any_of=list({data.uscc for data in batch})
            ).values_list("uscc", "zone_id", "membership", "name")
        }
        for data in batch:
            self._usable(data, *found.get(data.uscc, (None, None, "")))

    def enterprises_locked(self, batch: list[DepartmentRow]) -> dict[str, Enterprise]:
        """The zone enterprises of the batch's rows, by credit code, locked for the write; an
        error on every row whose code is not one."""
        qs = Enterprise.objects.filter(uscc__any_of=list({data.uscc for data in batch}))
        found = {enterprise.uscc: enterprise for enterprise in qs.select_for_update(of=("self",))}
        usable = {}
        for data in batch:
            enterprise = found.get(data.uscc)
            if enterprise is None:
                self._usable(data, None, None, "")
            elif self._usable(data, enterprise.zone_id, enterprise.membership, enterprise.name):
                usable[data.uscc] = enterprise
        return usable

    def _usable(self, data: DepartmentRow, zone_id, membership, name: str) -> bool:
        if zone_id is None or zone_id != self.zone.pk:
            self.parser.error(
                data,
                "uscc",
                _(
                    "No enterprise of your zone is registered with this credit code. Register "
                    "the enterprise first, or remove the row."
                ),
            )
            return False
        if membership != Membership.ZONE:
            self.parser.error(
                data,
                "uscc",
                _(
                    "%(name)s is a partner outside the zone: department data is imported "
                    "only for the zone's own enterprises. Remove the row."
                )
                % {"name": name},
            )
            return False
        return True


def certificate_key(number) -> str:
    """A certificate number as compared: without spaces, upper case."""
    return "".join(str(number or "").split()).upper()
