"""Factories of the service requests part (advisors, requests) for its tests."""

from __future__ import annotations

import datetime

import factory

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.accounts.tests.factories import OrganisationFactory, UserFactory
from gaoxin.experts.tests.factories import ExpertFactory
from gaoxin.services.models import Advisor, ServiceDomain


def domain(code: str) -> ServiceDomain:
    """One of the standard domains (created by migration 0002)."""
    return ServiceDomain.objects.get(code=code)


class AdvisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Advisor
        skip_postgeneration_save = True

    zone = factory.SubFactory("gaoxin.accounts.tests.factories.ZoneFactory")
    expert = factory.SubFactory(ExpertFactory, zone=factory.SelfAttribute("..zone"))
    term_start = datetime.date(2025, 1, 1)
    term_end = None
    max_load = 5

    @factory.post_generation
    def domains(self, create, extracted, **kwargs):
        if create:
            self.domains.set([domain(c) if isinstance(c, str) else c for c in (extracted or [])])


def advisor_with_account(zone, codes, name=None, **kwargs) -> Advisor:
    """An advisor with a login of role advisor (as the demo's advisors have)."""
    organisation = OrganisationFactory(kind=OrganisationKind.ADVISOR_INSTITUTION)
    user = UserFactory(role=Role.ADVISOR, organisation=organisation)
    expert_kwargs = {"zone": zone, "user": user}
    if name:
        expert_kwargs["name"] = name
    expert = ExpertFactory(**expert_kwargs)
    return AdvisorFactory(zone=zone, expert=expert, domains=codes, **kwargs)
