"""The Excel export reads the registry from the read replica when one is configured, while the
login's session and user come from the primary and the export's audit event is written there.
(The router itself: gaoxin/core/tests/test_dbrouter.py.)"""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent

from .test_import_helpers import read_xlsx


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_export_reads_the_registry_from_the_replica(client, world, settings):
    settings.READ_REPLICA_ALIAS = "replica"
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(reverse("enterprises:export"))
        rows = read_xlsx(b"".join(response.streaming_content))
    assert response.status_code == 200
    assert world.a.enterprise.uscc in {row[0] for row in rows[1:]}

    on_replica = [query["sql"] for query in replica.captured_queries]
    on_primary = [query["sql"] for query in primary.captured_queries]
    assert any("enterprises_enterprise" in sql for sql in on_replica)
    assert not any(sql.lstrip().upper().startswith(("INSERT", "UPDATE")) for sql in on_replica)
    # the session and the user are read before the scope; the audit chain in its transaction
    assert not any("django_session" in sql for sql in on_replica)
    assert any("django_session" in sql for sql in on_primary)
    assert any("INSERT" in sql and "audit_auditevent" in sql for sql in on_primary)
    assert AuditEvent.objects.filter(action="enterprises.export").count() == 1


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_without_a_replica_the_export_reads_the_primary(client, world):
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get(reverse("enterprises:export"))
    assert response.status_code == 200
    assert replica.captured_queries == []
