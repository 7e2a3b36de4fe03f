"""The bulk writers (core.bulk) store a FenField as whole fen, as save() does: only Django's own
field classes pass their values to the driver unconverted."""

from decimal import Decimal

from django.db import connection
from django.utils import timezone

from gaoxin.core.bulk import insert_rows, update_rows
from gaoxin.funds.models import Fund

from .factories import make_fund


def stored_budget(fund_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT budget FROM {Fund._meta.db_table} WHERE id = %s", [fund_id])  # noqa: S608
        return int(cursor.fetchone()[0])


def test_insert_and_update_store_fen(world):
    template = make_fund(world.a.zone, budget="10.00")
    now = timezone.now()
    row = {
        f.attname: getattr(template, f.attname)
        for f in Fund._meta.concrete_fields
        if not f.primary_key
    }
    row.update(year=template.year + 1, budget=Decimal("1234.56"), created_at=now, updated_at=now)
    [pk] = insert_rows(Fund, [row], return_ids=True)
    assert stored_budget(pk) == 123456
    assert Fund.objects.get(pk=pk).budget == Decimal("1234.56")

    fund = Fund.objects.get(pk=pk)
    fund.budget = Decimal("99.99")
    update_rows(Fund, [fund], ["budget"])
    assert stored_budget(pk) == 9999
    assert Fund.objects.get(pk=pk).budget == Decimal("99.99")
