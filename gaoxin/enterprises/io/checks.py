"""The checks of an import that look beyond one row: a credit code twice in the file, a credit
code registered outside the importer's scope, a park operator's new enterprise without a park,
and organisation names (an enterprise's organisation carries its name, and organisation names
are unique). The park and name rules are domain's, the same as registering on the page. Run
over the whole file to validate it, then again inside the write transaction, where the answers
are final.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext as _

from gaoxin.accounts.models import Organisation

from .. import domain
from ..models import Enterprise
from .rows import RowData, RowParser
from .scope import ImportScope


@dataclass(slots=True)
class Plan:
    """What to do with one good row: create (enterprise None) or update `enterprise`."""

    data: RowData
    enterprise: Enterprise | None = None
    organisation: Organisation | None = None  # an existing organisation to link a new one to
    rename_organisation: bool = False
    enterprise_id: int | None = None  # the enterprise's, or the new one's once inserted
    organisation_id: int | None = None  # a new organisation's, once inserted


class Named(NamedTuple):
    name: str


class Stored(NamedTuple):
    """What the checks read of a registered enterprise (the check pass; the write pass reads
    the whole row)."""

    pk: int
    name: str
    organisation_id: int | None
    organisation: Named | None


class Checker:
    def __init__(self, scope: ImportScope, parser: RowParser):
        self.scope = scope
        self.parser = parser
        self.codes: dict[str, int] = {}  # credit code → first row
        self.names: dict[str, int] = {}  # organisation name claimed → row

    def resolve(self, batch: list[RowData], *, lock: bool = False) -> list[Plan]:
        """Plans for the batch's rows that pass every check (bad rows are left out)."""
        batch = [data for data in batch if self._first_time(data)]
        existing = self._existing([data.uscc for data in batch], lock=lock)
        in_scope = set(
            self.scope.enterprises.filter(pk__any_of=[e.pk for e in existing.values()]).values_list(
                "pk", flat=True
            )
        )
        plans = []
        for data in batch:
            enterprise = existing.get(data.uscc)
            if enterprise is not None and enterprise.pk not in in_scope:
                self.parser.error(
                    data,
                    "uscc",
                    _(
                        "An enterprise with this credit code is registered outside your scope "
                        "(another zone, or a park you do not operate); you cannot update it."
                    ),
                )
                continue
            plan = Plan(
                data=data,
                enterprise=enterprise,
                enterprise_id=enterprise.pk if enterprise is not None else None,
            )
            no_park = not data.values.get("park_id") and "park" not in data.bad_keys
            if enterprise is None and no_park:
                problem = domain.park_problem(self.scope.actor, None, self.scope.zone.pk)
                if problem:
                    self.parser.error(data, "park", problem)
            plans.append(plan)
        self._check_names(plans)
        return [plan for plan in plans if not plan.data.bad]

    def _first_time(self, data: RowData) -> bool:
        first = self.codes.setdefault(data.uscc, data.row)
        if first != data.row:
            self.parser.error(
                data,
                "uscc",
                _(
                    "The credit code %(code)s is also in row %(row)s; an enterprise may appear "
                    "only once in a file."
                )
                % {"code": data.uscc, "row": first},
            )
            return False
        return True

    def _existing(self, codes: list[str], *, lock: bool) -> dict[str, Enterprise | Stored]:
        qs = Enterprise.objects.filter(uscc__any_of=codes)
        if lock:  # writing: the whole row, locked (PostgreSQL; SQLite locks the database)
            qs = qs.select_related("organisation").select_for_update(of=("self",))
            return {enterprise.uscc: enterprise for enterprise in qs}
        # checking: only what the checks read, without building model instances
        return {
            code: Stored(pk, name, organisation_id, Named(org_name) if organisation_id else None)
            for pk, code, name, organisation_id, org_name in qs.values_list(
                "pk", "uscc", "name", "organisation_id", "organisation__name"
            )
        }

    def _check_names(self, plans: list[Plan]) -> None:
        """New enterprises and renamed ones whose organisation follows the name claim it."""
        claims: dict[str, Plan] = {}
        for plan in plans:
            name = plan.data.values.get("name")
            enterprise = plan.enterprise
            if not name:
                continue
            if enterprise is not None:
                follows = domain.organisation_follows_name(enterprise.organisation, enterprise.name)
                if name == enterprise.name or not follows:
                    continue
                plan.rename_organisation = True
            first = self.names.setdefault(name, plan.data.row)
            if first != plan.data.row:
                self.parser.error(
                    plan.data,
                    "name",
                    _(
                        "The name %(name)s is also in row %(row)s; each enterprise needs its own "
                        "registered name."
                    )
                    % {"name": name, "row": first},
                )
                continue
            claims[name] = plan
        if claims:
            self._check_names_free(claims)

    def _check_names_free(self, claims: dict[str, Plan]) -> None:
        taken = Organisation.objects.filter(name__any_of=list(claims)).values_list(
            "name", *domain.NAME_HOLDER_FIELDS
        )
        for name, *fields in taken:
            plan = claims[name]
            holder = domain.NameHolder(*fields)
            own = plan.enterprise.organisation_id if plan.enterprise is not None else None
            claim = domain.name_claim(holder, own_organisation_id=own, zone_id=self.scope.zone.pk)
            if claim is domain.NameClaim.LINK:
                plan.organisation = Organisation.objects.get(pk=holder.pk)
            elif claim is domain.NameClaim.TAKEN:
                self.parser.error(plan.data, "name", domain.name_taken_message())
