"""Factories of the expert app's tests."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from gaoxin.accounts.tests.factories import OrganisationFactory, ZoneFactory
from gaoxin.experts.choices import TieKind
from gaoxin.experts.models import Expert, ExpertTie, ScoreSheet

ITEMS = [
    {"key": "tech", "label_zh": "技术先进性", "label_en": "Technology", "max_points": "30"},
    {"key": "market", "label_zh": "市场前景", "label_en": "Market", "max_points": "25"},
    {"key": "team", "label_zh": "团队能力", "label_en": "Team", "max_points": "20"},
    {"key": "finance", "label_zh": "财务状况", "label_en": "Finance", "max_points": "15"},
    {"key": "compliance", "label_zh": "合规", "label_en": "Compliance", "max_points": "10"},
]


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    zone = factory.SubFactory(ZoneFactory)
    name = factory.Sequence(lambda n: f"专家{n}")
    title = "研究员"
    organisation = None
    organisation_name = factory.Sequence(lambda n: f"某某大学{n}")
    fields = factory.LazyFunction(lambda: ["医疗器械"])
    active = True


class TieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertTie

    expert = factory.SubFactory(ExpertFactory)
    enterprise = None
    kind = TieKind.SHAREHOLDING
    note = "持股"
    declared_on = datetime.date(2025, 1, 1)


class ScoreSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoreSheet

    policy = None
    items = factory.LazyFunction(lambda: [dict(i) for i in ITEMS])
    disagreement_threshold = Decimal("20")


__all__ = ["ExpertFactory", "OrganisationFactory", "ScoreSheetFactory", "TieFactory"]
