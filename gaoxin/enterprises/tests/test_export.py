"""The export: only what the list shows the user, filtered as the list is, and re-importable."""

from __future__ import annotations

import datetime
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.models import ImportJob
from gaoxin.enterprises.io.columns import EXPORT_COLUMNS
from gaoxin.enterprises.io.services import import_file_now
from gaoxin.enterprises.models import Enterprise

from .factories import EnterpriseFactory, YearlyFactFactory
from .test_import_helpers import read_xlsx


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def export(client, user, **params) -> list[list]:
    client.force_login(user)
    response = client.get(reverse("enterprises:export"), params)
    assert response.status_code == 200
    return read_xlsx(b"".join(response.streaming_content))


def codes(rows: list[list]) -> set[str]:
    return {row[0] for row in rows[1:]}


def test_export_holds_only_what_the_user_may_see(client, world):
    for side, other in ((world.a, world.b), (world.b, world.a)):
        for role in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER):
            rows = export(client, side.users[role])
            assert side.enterprise.uscc in codes(rows)
            assert other.enterprise.uscc not in codes(rows)


def test_export_follows_the_list_filters(client, world):
    extra = EnterpriseFactory(name="另一家企业", zone=world.a.zone, region_code="410171")
    official = world.a.users[Role.ZONE_OFFICIAL]
    assert codes(export(client, official)) == {world.a.enterprise.uscc, extra.uscc}
    assert codes(export(client, official, q="另一家")) == {extra.uscc}
    assert codes(export(client, official, park=world.a.park.pk)) == {world.a.enterprise.uscc}


def test_export_columns_latest_year_and_sample_mark(client, world):
    enterprise = world.a.enterprise
    enterprise.is_sample = True
    enterprise.founded_on = datetime.date(2015, 3, 4)
    enterprise.save()
    YearlyFactFactory(enterprise=enterprise, year=2023, revenue=Decimal("1.00"))
    YearlyFactFactory(enterprise=enterprise, year=2024, revenue=Decimal("98765432.10"))
    rows = export(client, world.a.users[Role.ZONE_OFFICIAL])
    assert rows[0] == [column.header for column in EXPORT_COLUMNS]
    row = dict(zip([c.key for c in EXPORT_COLUMNS], rows[1], strict=True))
    assert row["uscc"] == enterprise.uscc and row["park"] == world.a.park.name
    assert row["stage"] == "生产" and row["founded_on"].date() == datetime.date(2015, 3, 4)
    assert row["year"] == 2024 and Decimal(str(row["revenue"])) == Decimal("98765432.1")
    assert row["is_sample"] == "是"


def test_export_filename_and_audit(client, world):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    response = client.get(reverse("enterprises:export"), {"q": "企业"})
    name = f"企业名录_{timezone.localdate():%Y%m%d}.xlsx"
    assert f"filename*=utf-8''{quote(name)}" in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="enterprises.export")
    assert event.data == {"rows": 1, "filters": {"q": "企业"}}


def test_an_export_imports_again_without_changes(client, world, tmp_path):
    for n in range(3):
        enterprise = EnterpriseFactory(
            name=f"往返企业{n}",
            zone=world.a.zone,
            park=world.a.park,
            region_code="410171",
            legal_representative="赵六",
            founded_on=datetime.date(2010 + n, 1, 31),
        )
        YearlyFactFactory(enterprise=enterprise, year=2024, revenue=Decimal("1234567.89"))
    official = world.a.users[Role.ZONE_OFFICIAL]
    client.force_login(official)
    response = client.get(reverse("enterprises:export"))
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    before = {e.pk: e.updated_at for e in Enterprise.objects.all()}

    job = import_file_now(path=path, actor=official, language="en")

    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert (job.row_count, job.created_count, job.updated_count, job.unchanged_count) == (
        4,
        0,
        0,
        4,
    )
    assert {e.pk: e.updated_at for e in Enterprise.objects.all()} == before
