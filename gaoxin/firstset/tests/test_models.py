"""The catalog's models: their constraints hold in the database, not only in Python."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gaoxin.firstset.models import Indicator, plain_decimal

from .factories import EditionFactory, EntryFactory, FieldFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


def test_only_one_edition_is_current():
    EditionFactory(is_current=True)
    second = EditionFactory.build(is_current=True)
    with pytest.raises(ValidationError, match="Only one catalog edition can be current"):
        second.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    EditionFactory(is_current=False)  # any number of editions that are not current


def test_entry_numbers_are_unique_within_an_edition_only():
    entry = EntryFactory(number="1.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        EntryFactory(field=entry.field, number="1.1")
    EntryFactory(number="1.1")  # another edition


def test_an_entry_cannot_take_a_field_of_another_edition():
    entry = EntryFactory.build(field=FieldFactory(), edition=EditionFactory())
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "field" in error.value.message_dict


def test_indicator_direction_is_checked_by_the_database():
    indicator = IndicatorFactory.build(entry=EntryFactory(), direction=">")
    with pytest.raises(ValidationError):
        indicator.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        indicator.save()


def test_indicator_reads_without_trailing_zeros():
    indicator = IndicatorFactory(threshold=Decimal("0.100000"), unit="mm", direction="<=")
    indicator.refresh_from_db()
    assert indicator.threshold_display == "0.1"
    assert indicator.sign == "≤"
    assert indicator.as_rulebook()["threshold"] == "0.1"
    assert str(indicator).endswith("≤ 0.1 mm")
    assert plain_decimal(Decimal("5E+2")) == "500"


def test_deleting_an_entry_takes_its_indicators_but_an_edition_is_protected():
    indicator = IndicatorFactory()
    entry = indicator.entry
    with pytest.raises(Exception, match="protected"), transaction.atomic():
        entry.edition.delete()
    entry.delete()
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
