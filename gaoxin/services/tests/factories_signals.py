"""Builders of the signals tests: an advisor of a zone with domains (and an account), a match
at a given status (written directly: the tests of the workflow start from every state)."""

from __future__ import annotations

import datetime

from gaoxin.accounts.choices import Role
from gaoxin.experts.tests.factories import ExpertFactory

from ..models import Advisor, ResourceMatch, ServiceDomain


def make_advisor(zone, *codes: str, user=None, name: str | None = None) -> Advisor:
    expert = ExpertFactory(zone=zone, user=user, **({"name": name} if name else {}))
    advisor = Advisor.objects.create(
        zone=zone, expert=expert, term_start=datetime.date(2025, 1, 1), max_load=5
    )
    advisor.domains.set(ServiceDomain.objects.filter(code__in=codes))
    return advisor


def advisor_of(side, *codes: str) -> Advisor:
    """The world side's advisor account as an advisor of its zone."""
    return make_advisor(side.zone, *codes, user=side.users[Role.ADVISOR])


def make_match(side, *, status: str = "proposed", advisor=None, **fields) -> ResourceMatch:
    return ResourceMatch.objects.create(
        zone=side.zone,
        enterprise=side.enterprise,
        kind=fields.pop("kind", "investor"),
        counterpart_name=fields.pop("counterpart_name", "某资本（测试）"),
        need=fields.pop("need", "融资"),
        advisor=advisor,
        status=status,
        **fields,
    )
