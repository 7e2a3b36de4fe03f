"""Fixtures of the audit tests: events written the way services write them."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.audit.services import record


def write(actor, action="test.thing.change", summary="changed a thing", obj=None, **extra):
    with transaction.atomic():
        return record(action=action, actor=actor, obj=obj, summary=summary, **extra)


def raw_sql(sql: str, params: list) -> None:
    """Edit the table behind the application's back, as a database administrator could."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=table), params)


@pytest.fixture
def events(world):
    """Five events by an official of zone a, one by an official of zone b."""
    official = world.a.users[Role.ZONE_OFFICIAL]
    made = [
        write(
            official,
            action=f"test.thing.step{n}",
            summary=f"第{n}步",
            obj=official,
            data={"n": n},
            reason="测试" if n == 2 else "",
        )
        for n in range(5)
    ]
    made.append(write(world.b.users[Role.ZONE_OFFICIAL], summary="乙方的事件"))
    return made
