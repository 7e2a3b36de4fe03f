"""The figure cache: kept per scope, language and day, computed afresh after any audited change;
a queryset with a known count counts without a query until it is narrowed."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core import registry
from gaoxin.core.datacache import cached_figures, with_known_count
from gaoxin.enterprises import services
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.selectors import enterprise_list
from gaoxin.enterprises.tests.conftest import valid_enterprise_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_on(settings):
    settings.FIGURE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


def test_kept_for_the_same_scope_and_language(world, cache_on):
    official = world.a.users[Role.ZONE_OFFICIAL]
    compute = Counter()
    assert cached_figures("t", official, compute) == 1
    assert cached_figures("t", official, compute) == 1
    assert compute.calls == 1


def test_another_user_or_language_computes_its_own(world, cache_on):
    compute = Counter()
    with translation.override("zh-hans"):  # whatever an earlier test left active
        cached_figures("t", world.a.users[Role.ZONE_OFFICIAL], compute)
        cached_figures("t", world.b.users[Role.ZONE_OFFICIAL], compute)
    with translation.override("en"):
        cached_figures("t", world.a.users[Role.ZONE_OFFICIAL], compute)
    assert compute.calls == 3


def test_an_audited_change_makes_it_compute_afresh(world, cache_on):
    official = world.a.users[Role.ZONE_OFFICIAL]
    compute = Counter()
    cached_figures("t", official, compute)
    services.enterprise_create(actor=official, data=valid_enterprise_data(park=world.a.park.pk))
    assert cached_figures("t", official, compute) == 2


def test_off_when_the_setting_is_zero(world, settings):
    settings.FIGURE_CACHE_SECONDS = 0
    compute = Counter()
    cached_figures("t", world.a.users[Role.ZONE_OFFICIAL], compute)
    cached_figures("t", world.a.users[Role.ZONE_OFFICIAL], compute)
    assert compute.calls == 2


def test_known_count_answers_without_a_query_until_narrowed(world):
    queryset = with_known_count(Enterprise.objects.order_by("pk"), 41)
    with CaptureQueriesContext(connection) as queries:
        assert queryset.count() == 41
        assert queryset.all().count() == 41  # what paginators call
    assert not queries.captured_queries
    assert queryset.filter(pk=world.a.enterprise.pk).count() == 1
    assert queryset.exclude(pk__in=[]).count() == Enterprise.objects.count()
    assert len(list(queryset[:1])) == 1
    rows = queryset.values("pk", "name")  # the API list's rows: the same count
    with CaptureQueriesContext(connection) as queries:
        assert rows.all().count() == 41
    assert not queries.captured_queries
    assert rows.filter(pk=world.a.enterprise.pk).count() == 1
    grouped = queryset.values("park", n=Count("id"))  # grouped rows: counted afresh
    assert grouped.count() == len(list(grouped)) != 41


def test_a_request_reads_the_change_counter_once_until_it_writes(world, cache_on):
    """Inside a request the counter is queried once for all the figures of the page; an
    audited change in the same request makes the next read query it again."""
    official = world.a.users[Role.ZONE_OFFICIAL]
    first = registry.change_counter()
    with registry.counter_read_once():
        with CaptureQueriesContext(connection) as queries:
            assert registry.change_counter() == first
            assert registry.change_counter() == first
        assert len(queries.captured_queries) == 1
        services.enterprise_create(actor=official, data=valid_enterprise_data(park=world.a.park.pk))
        written = registry.change_counter()
        assert written > first
        compute = Counter()
        cached_figures("t", official, compute)
        cached_figures("t", official, compute)
        assert compute.calls == 1
    with CaptureQueriesContext(connection) as queries:
        assert registry.change_counter() == written
        assert registry.change_counter() == written
    assert len(queries.captured_queries) == 2  # outside a request: every read queries


def test_a_rolled_back_write_leaves_the_counter_read_afresh(
    world, django_capture_on_commit_callbacks
):
    """The id of a rolled-back event may be handed out again (SQLite): a value read before the
    rollback is not kept; after a committed write the counter is kept again."""
    official = world.a.users[Role.ZONE_OFFICIAL]
    data = valid_enterprise_data(park=world.a.park.pk)
    with registry.counter_read_once():
        before = registry.change_counter()
        with pytest.raises(RuntimeError), transaction.atomic():
            services.enterprise_create(actor=official, data=data)
            assert registry.change_counter() > before  # its own, uncommitted event
            raise RuntimeError
        with CaptureQueriesContext(connection) as queries:
            assert registry.change_counter() == before
            assert registry.change_counter() == before
        assert len(queries.captured_queries) == 2
        with django_capture_on_commit_callbacks(execute=True):
            services.enterprise_create(actor=official, data=data)
        with CaptureQueriesContext(connection) as queries:
            after = registry.change_counter()
            assert registry.change_counter() == after > before
        assert len(queries.captured_queries) == 1


def test_events_appended_together_and_a_nested_block_are_seen(world):
    """record_many (a department's list) makes the next read query again, also when the write
    happens in a block nested in the request's."""
    from gaoxin.audit.services import Entry, record_many

    official = world.a.users[Role.ZONE_OFFICIAL]
    with registry.counter_read_once():
        before = registry.change_counter()
        with registry.counter_read_once(), transaction.atomic():
            record_many(actor=official, entries=[Entry("test.many", world.a.enterprise, "x")] * 2)
        after = registry.change_counter()
    assert after > before
    assert after == AuditEvent.objects.order_by("-pk").values_list("pk", flat=True)[0]
    assert AuditEvent.objects.filter(action="test.many").count() == 2


def test_a_page_queries_the_counter_once(client, world, cache_on):
    """The enterprise list keys its table, its count and its years on the counter."""
    client.force_login(world.a.users[Role.ZONE_OFFICIAL])
    client.get(reverse("enterprises:list"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("enterprises:list")).status_code == 200
    counter_reads = [q for q in queries.captured_queries if "audit_auditevent" in q["sql"]]
    assert len(counter_reads) == 1


def test_overview_and_list_follow_a_registration_at_once(client, world, cache_on):
    """With the cache on, the overview's total, the list's count and its year filter show an
    enterprise registered through the service on the very next request."""
    official = world.a.users[Role.ZONE_OFFICIAL]
    client.force_login(official)
    client.cookies["django_language"] = "en"
    before = client.get(reverse("dashboard:home")).context["data"]["total"]
    assert enterprise_list(user=official).count() == before
    services.enterprise_create(actor=official, data=valid_enterprise_data(park=world.a.park.pk))
    assert client.get(reverse("dashboard:home")).context["data"]["total"] == before + 1
    assert enterprise_list(user=official).count() == before + 1
    page = client.get(reverse("enterprises:list")).content.decode()
    assert f"{before + 1} enterprises" in page


def test_a_filtered_list_counts_afresh(world, cache_on):
    official = world.a.users[Role.ZONE_OFFICIAL]
    assert enterprise_list(user=official).count() == 1
    assert enterprise_list(user=official, filters={"q": "no such firm"}).count() == 0
