"""``field__any_of``: the same rows as ``__in`` on this database, one parameter, no query for
an empty list, and values it cannot send as they are refused."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_same_rows_as_in_for_text_and_ids():
    every = list(ContentType.objects.order_by("pk"))
    assert len(every) > 10
    labels = [every[0].app_label, every[5].app_label, "没有这个应用", "o'clock"]
    ids = [every[1].pk, every[7].pk, 10**12]
    for lookup, values in (("app_label", labels), ("pk", ids)):
        any_of = ContentType.objects.filter(**{f"{lookup}__any_of": values}).order_by("pk")
        in_ = ContentType.objects.filter(**{f"{lookup}__in": values}).order_by("pk")
        assert list(any_of) == list(in_) != []


def test_a_long_list_is_one_parameter():
    codes = [f"code-{i}" for i in range(40_000)] + ["contenttypes"]  # beyond SQLite's limit
    with CaptureQueriesContext(connection) as queries:
        found = set(ContentType.objects.filter(app_label__any_of=codes).values_list("app_label"))
    assert found == {("contenttypes",)}
    assert len(queries) == 1


def test_the_empty_list_matches_nothing_without_a_query():
    with CaptureQueriesContext(connection) as queries:
        assert list(ContentType.objects.filter(pk__any_of=[])) == []
    assert len(queries) == 0


@pytest.mark.parametrize("values", [[1, "1"], [True], [1.5], [None]])
def test_values_it_cannot_send_as_they_are_are_refused(values):
    with pytest.raises(TypeError, match="any_of takes all str or all int values"):
        ContentType.objects.filter(pk__any_of=values)


def test_a_foreign_key_by_its_ids():
    from django.contrib.auth.models import Permission

    types = list(ContentType.objects.order_by("pk")[:3])
    ids = [t.pk for t in types]
    any_of = Permission.objects.filter(content_type_id__any_of=ids).order_by("pk")
    assert list(any_of) == list(Permission.objects.filter(content_type__in=types).order_by("pk"))
    assert any_of.exists()
    assert list(Permission.objects.filter(content_type__any_of=ids).order_by("pk")) == list(any_of)
