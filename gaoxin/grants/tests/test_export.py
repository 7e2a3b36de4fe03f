"""The payment export: its columns, exact amounts with the 0.00 format, and its audit."""

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from gaoxin.audit.models import AuditEvent
from gaoxin.grants import services

from .helpers import round_at

pytestmark = pytest.mark.django_db


def test_the_export_lists_the_confirmed_enterprises(policy, official, world, zone_a):
    grant_round = round_at("confirmed", policy=policy, official=official)
    out = io.BytesIO()
    with translation.override("en"):
        assert services.round_export(actor=official, grant_round=grant_round, out=out) == 3
    out.seek(0)
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Unified social credit code", "Enterprise", "Amount (yuan)", "Policy",
        "Document number", "Policy version", "Round", "Notice period",
    )  # fmt: skip
    body = {r[1]: r for r in rows[1:]}
    assert set(body) == {world.a.enterprise.name, "乙科技有限公司", "丙智能有限公司"}
    first = body[world.a.enterprise.name]
    assert first[0] == world.a.enterprise.uscc
    assert first[3:] == (policy.title, "郑开管〔2025〕1号", 1, 1, "2025-10-09 – 2025-10-14")
    amounts = {name: Decimal(str(r[2])) for name, r in body.items()}
    assert amounts == {
        world.a.enterprise.name: Decimal("345678.92"),
        "乙科技有限公司": Decimal("80000.00"),
        "丙智能有限公司": Decimal("5000000.00"),
    }
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        assert row[0].number_format == "0.00" and row[0].data_type == "n"
    # The stored number is the Decimal's own text, not a binary float's.
    xml = zipfile.ZipFile(io.BytesIO(out.getvalue())).read("xl/worksheets/sheet1.xml").decode()
    stored = {Decimal(v) for v in re.findall(r'<c r="C\d+" [^>]*t="n"[^>]*><v>([^<]+)</v>', xml)}
    assert stored == set(amounts.values())
    assert "<v>345678.92</v>" in xml
    event = AuditEvent.objects.get(action="grants.round.export")
    assert event.data == {"rows": 3, "total": "5425678.92", "export": 1}


def test_text_cells_are_never_formulas(policy, official, zone_a):
    zone_a.second.name = '=HYPERLINK("http://x")'
    zone_a.second.save()
    grant_round = round_at("confirmed", policy=policy, official=official)
    out = io.BytesIO()
    services.round_export(actor=official, grant_round=grant_round, out=out)
    out.seek(0)
    cells = [row[1] for row in load_workbook(out).active.iter_rows(min_row=2)]
    assert any(c.value == zone_a.second.name and c.data_type == "s" for c in cells)
