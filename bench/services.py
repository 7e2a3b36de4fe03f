"""Benchmark: the services of issue 14 (routing, the request list, the reports, the signals
scan) with 900 advisors and 20 000 requests against 9 and 200, in the same run.

    uv run python bench/services.py [--advisors 900] [--requests 20000] [--small-advisors 9]
        [--small-requests 200] [--repeat 9]
        [--database-url postgres://postgres@127.0.0.1:5432/gaoxin_servicesbench] [--keep]

Each size runs in a fresh child process on its own database: SQLite in a temporary directory
(the default), or, with --database-url, that PostgreSQL database for the large size and
``<name>_small`` for the small one (both dropped and created afresh; dropped at the end unless
--keep). Tasks go to the database queue (not run). Each database gets bench/matching.py's
generator for the enterprises of one zone (one for every 10 requests, at least 50) and three
published policies with random criteria (for the near-miss signal), the service domains of
migration 0002, then, with bulk_create: A advisors (an expert each, 1–3 domains, terms running,
every 30th unavailable, 8–20 open requests at most), R requests created over the current year
and spread over the states (new 5 %, assigned/accepted/scheduled 30 %, completed 20 %, rated
35 % with 1–5 stars, cancelled 10 %) with an assignment each when routed (every eighth
reassigned: an ended assignment before it), an expert tie for every third advisor, on every
100th enterprise a stage change R&D → pilot in its history and a certificate expiring within
the zone's 30-day rule (see add_signals), and a zone official.

Measured as that official (the pages with Django's test Client, after one warming request):

  routing   ``gaoxin.services.routing.choose`` for a request's domain and enterprise, rotating
            over the requests (broad and fine domains) — median ms of --repeat calls, and
            the queries of one call for a fine and for a broad domain
  list      services:request_list (the first page) — median ms, queries
  reports   services:report_advisors / report_domains / report_parks and their Excel
            exports (…_export) — median ms, queries
  signals   ``gaoxin.services.signals.signal_scan`` over the zone as of SCAN_DAY: seconds and
            tasks created; then the same scan again (every signal is raised already: 0 new
            tasks, the dedupe) — its seconds

Prints both sizes, and the ratios large/small. The exit status is 1 when a query count grows
with the size (a query per advisor or per row somewhere).
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.import_enterprises import recreate_postgres  # noqa: E402
from bench.matching import drop_postgres, populate, publish  # noqa: E402

OFFICIAL = "bench_services_official"
SCAN_DAY = datetime.date(2026, 11, 15)
SIGNAL_EVERY = 100  # a pilot move and an expiring certificate on every 100th enterprise
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
# (status, share of the requests)
STATES = (
    ("new", 5),
    ("assigned", 10),
    ("accepted", 10),
    ("scheduled", 10),
    ("completed", 20),
    ("rated", 35),
    ("cancelled", 10),
)
PAGES = (
    ("list", "services:request_list"),
    ("report_advisors", "services:report_advisors"),
    ("export_advisors", "services:report_advisors_export"),
    ("report_domains", "services:report_domains"),
    ("export_domains", "services:report_domains_export"),
    ("report_parks", "services:report_parks"),
    ("export_parks", "services:report_parks_export"),
)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.phase:
        return run_phase(args)
    return orchestrate(args)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--advisors", type=int, default=900)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--small-advisors", type=int, default=9)
    parser.add_argument("--small-requests", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL databases")
    parser.add_argument("--seed", type=int, default=1)
    # internal: one size in a child process
    parser.add_argument("--phase", type=int, help=argparse.SUPPRESS)  # the number of requests
    parser.add_argument("--phase-advisors", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--var-dir", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- the parent: one child per size, then the table ------------------------------------------


def orchestrate(args) -> int:
    results = []
    sizes = ((args.small_advisors, args.small_requests), (args.advisors, args.requests))
    with tempfile.TemporaryDirectory(prefix="servicesbench-") as tmp:
        for advisors, requests in sizes:
            small = (advisors, requests) == sizes[0]
            url = database_url(args.database_url, tmp, requests, small=small)
            command = [sys.executable, __file__, "--phase", str(requests), "--url", url]
            command += ["--phase-advisors", str(advisors), "--var-dir", tmp]
            command += ["--repeat", str(args.repeat), "--seed", str(args.seed)]
            print(f"{advisors} advisors, {requests} requests …", flush=True)
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
            results.append(json.loads(out.strip().splitlines()[-1]))
            if args.database_url and not args.keep:
                drop_postgres(url)
    report(results)
    small, large = results
    grown = [k for k in query_keys(small) if large[k] > small[k]]
    if grown:
        print(f"FAIL: the query counts grow with the size: {', '.join(grown)}")
    return 1 if grown else 0


def query_keys(result: dict) -> list[str]:
    return ["routing_queries_fine", "routing_queries_broad"] + [
        f"{name}_queries" for name, _url in PAGES
    ]


def database_url(base: str, tmp: str, n: int, *, small: bool) -> str:
    if not base:
        return f"sqlite:///{Path(tmp) / f'services-{n}.sqlite3'}"
    url = base + "_small" if small else base
    recreate_postgres(url)
    return url


def report(results: list[dict]) -> None:
    small, large = results
    print(
        f"\n{large['vendor']}, median of {large['repeat']} calls/requests, server-side "
        "(test Client)"
    )
    print(f"{'':<22}" + "".join(f"{r['label']:>26}" for r in results) + f"{'ratio':>14}")

    def line(label, key, unit, fmt="{:.1f}"):
        cells = "".join(f"{fmt.format(r[key]) + ' ' + unit:>26}" for r in results)
        ratio = large[key] / small[key] if small[key] else float("nan")
        print(f"{label:<22}{cells}{ratio:>13.2f}×")

    line("enterprises", "enterprises", "", "{}")
    line("setup", "setup_s", "s")
    line("routing.choose", "routing_ms", "ms")
    line("  queries, fine", "routing_queries_fine", "", "{}")
    line("  queries, broad", "routing_queries_broad", "", "{}")
    for name, url in PAGES:
        line(url.split(":")[1], f"{name}_ms", "ms")
        line("  queries", f"{name}_queries", "", "{}")
    line("signals scan", "scan_s", "s", "{:.2f}")
    line("  tasks created", "scan_tasks", "", "{}")
    line("signals scan again", "rescan_s", "s", "{:.2f}")
    line("  tasks created", "rescan_tasks", "", "{}")
    for r in results:
        kinds = ", ".join(f"{kind} {count}" for kind, count in r["scan_by_kind"].items())
        print(f"first scan, {r['label']}: {kinds}")
    print(
        f"\n{large['advisors']}/{small['advisors']} advisors, "
        f"{large['requests']}/{small['requests']} requests "
        f"({large['requests'] / small['requests']:.0f}× the data)"
    )
    print(f"load: {Path('/proc/loadavg').read_text().strip()}")


# --- a child: one database, one size ---------------------------------------------------------


def setup_django(var_dir: str, url: str) -> None:
    """Django on the bench database; tasks go to the database queue and are not run."""
    import os

    os.environ["GAOXIN_VAR_DIR"] = var_dir
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["TASKS_BACKEND"] = "database"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()


def run_phase(args) -> int:
    setup_django(args.var_dir, args.url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    rng = random.Random(args.seed)
    n_requests, n_advisors = args.phase, args.phase_advisors
    enterprises = max(n_requests // 10, 50)
    zone, _counters = populate(enterprises, rng)
    publish(zone, 3, random.Random(args.seed + 1))
    official = add_official(zone)
    advisors = add_advisors(zone, n_advisors, rng)
    add_requests(zone, advisors, n_requests, rng)
    add_signals(zone)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    result = {
        "label": f"{n_advisors} adv./{n_requests} req.",
        "advisors": n_advisors,
        "requests": n_requests,
        "enterprises": enterprises,
        "vendor": connection.vendor,
        "repeat": args.repeat,
        "setup_s": time.perf_counter() - started,
    }
    result.update(measure_routing(zone, args.repeat))
    result.update(measure_pages(official, args.repeat))
    result.update(measure_scan(zone, official))
    print(json.dumps(result))
    return 0


def add_official(zone):
    from gaoxin.accounts.choices import Role
    from gaoxin.accounts.models import User

    return User.objects.create(
        username=OFFICIAL, role=Role.ZONE_OFFICIAL, organisation=zone, must_change_password=False
    )


def _ids(objs, model, key: str) -> None:
    """bulk_create returns no ids on old SQLite: read them back by a unique field."""
    if all(o.pk for o in objs):
        return
    by_key = dict(model.objects.values_list(key, "pk"))
    for o in objs:
        o.pk = o.id = by_key[getattr(o, key)]


def add_advisors(zone, n: int, rng: random.Random) -> list:
    """N experts with an advisor each (1–3 domains), ties for every third."""
    from gaoxin.enterprises.models import Enterprise
    from gaoxin.experts.models import Expert, ExpertTie
    from gaoxin.services.models import Advisor, ServiceDomain

    domains = list(ServiceDomain.objects.values_list("pk", "name"))
    experts = []
    for i in range(n):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) + f"{i:04d}"
        fields = [label for _pk, label in rng.sample(domains, 2)]
        experts.append(
            Expert(zone=zone, name=name, organisation_name="基准咨询有限公司", fields=fields,
                   fields_text="、".join(fields), phone=f"1380000{i:04d}")
        )  # fmt: skip
    experts = Expert.objects.bulk_create(experts, batch_size=1000)
    _ids(experts, Expert, "phone")
    advisors = []
    for i, expert in enumerate(experts):
        unavailable = i % 30 == 29
        advisors.append(
            Advisor(
                zone=zone, expert=expert, term_start=datetime.date(2024, 1, 1),
                term_end=datetime.date(2027, 12, 31), available=not unavailable,
                unavailable_reason="基准：外出" if unavailable else "",
                max_load=rng.randint(8, 20),
            )
        )  # fmt: skip
    advisors = Advisor.objects.bulk_create(advisors, batch_size=1000)
    if not all(a.pk for a in advisors):
        by_expert = dict(Advisor.objects.values_list("expert_id", "pk"))
        for a in advisors:
            a.pk = a.id = by_expert[a.expert_id]
    Through = Advisor.domains.through
    links = []
    for a in advisors:
        a.domain_ids = [pk for pk, _name in rng.sample(domains, rng.randint(1, 3))]
        links += [Through(advisor_id=a.pk, servicedomain_id=pk) for pk in a.domain_ids]
    Through.objects.bulk_create(links, batch_size=2000)
    firms = list(Enterprise.objects.filter(zone=zone).values_list("pk", flat=True))
    ties = [
        ExpertTie(expert_id=a.expert_id, enterprise_id=rng.choice(firms),
                  kind="collaboration", declared_on=datetime.date(2025, 3, 1), note="基准")
        for a in advisors[::3]
    ]  # fmt: skip
    ExpertTie.objects.bulk_create(ties, batch_size=1000, ignore_conflicts=True)
    return advisors


def add_requests(zone, advisors: list, n: int, rng: random.Random) -> None:
    """N requests over the current year in every state, an assignment for each routed one."""
    from django.utils import timezone

    from gaoxin.enterprises.models import Enterprise
    from gaoxin.services.models import Assignment, ServiceDomain, ServiceRequest

    firms = list(Enterprise.objects.filter(zone=zone).values_list("pk", flat=True))
    domains = list(ServiceDomain.objects.values_list("pk", flat=True))
    states = [state for state, share in STATES for _ in range(share)]
    now = timezone.now()
    year_start = timezone.make_aware(datetime.datetime(now.year, 1, 1, 9))
    span = int((now - year_start).total_seconds()) - 86400
    hour = datetime.timedelta(hours=1)
    requests, plans = [], []
    for i in range(n):
        status = states[i % len(states)]
        created = year_start + datetime.timedelta(seconds=rng.randrange(span))
        advisor = None if status == "new" else advisors[rng.randrange(len(advisors))]
        domain = rng.choice(advisor.domain_ids) if advisor else rng.choice(domains)
        req = ServiceRequest(
            zone=zone, number=f"FW-B-{i + 1:06d}", enterprise_id=rng.choice(firms),
            domain_id=domain, title=f"基准服务需求{i}", description="基准：企业服务需求描述。",
            urgency=rng.choice(["low", "normal", "normal", "urgent"]), status=status,
            advisor=advisor, routing_reason="基准：按领域与负荷分派。" if advisor else "",
            respond_by=(created + datetime.timedelta(days=2)).date(), created_at=created,
        )  # fmt: skip
        done = created + datetime.timedelta(hours=rng.randint(24, 24 * 20))
        if status not in ("new", "assigned", "cancelled"):
            req.responded_at = created + hour * rng.randint(2, 72)
        if status == "scheduled":
            req.scheduled_for = created + datetime.timedelta(days=rng.randint(3, 30))
            req.location = "基准会议室"
        if status in ("completed", "rated"):
            req.completed_at = min(done, now)
            req.outcome = "基准：已答复。"
        if status == "rated":
            req.rating = rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 3, 8, 12])[0]
            req.rated_at = min(done + hour * 24, now)
        requests.append(req)
        plans.append((created, advisor, i % 8 == 7))
    field = ServiceRequest._meta.get_field("created_at")
    field.auto_now_add = False  # keep the spread creation times
    try:
        requests = ServiceRequest.objects.bulk_create(requests, batch_size=1000)
    finally:
        field.auto_now_add = True
    _ids(requests, ServiceRequest, "number")
    rows = []
    for req, (created, advisor, reassigned) in zip(requests, plans, strict=True):
        if advisor is None:
            continue
        at = created + datetime.timedelta(minutes=1)
        if reassigned:
            other = advisors[(advisors.index(advisor) + 1) % len(advisors)]
            rows.append(
                Assignment(request_id=req.pk, advisor=other, assigned_at=at, reason="基准",
                           ended_at=at + hour, end_reason="基准：顾问婉拒")
            )  # fmt: skip
            at += hour
        rows.append(Assignment(request_id=req.pk, advisor=advisor, assigned_at=at, reason="基准"))
    Assignment.objects.bulk_create(rows, batch_size=2000)


def add_signals(zone) -> None:
    """Signals on every SIGNAL_EVERY-th enterprise: a move from R&D to pilot ten days before
    the scan (two history rows; bulk_create, so no receiver raises the signal at once, the scan
    must find it) and a 高新技术企业 certificate expiring 20 days after it. The zone's rule for
    expiring qualifications looks 30 days ahead (the generator's certificates all end on
    31 December: none of them is in the window), so the signals grow with the enterprises
    only. Every task routes over all the advisors: this keeps the scan within minutes."""
    from gaoxin.enterprises.models import Qualification
    from gaoxin.services.models import SignalRule
    from gaoxin.services.services_signals import default_domain

    SignalRule.objects.create(
        zone=zone, kind="qual_expiring", domain=default_domain("qual_expiring"),
        params={"days": 30},
    )  # fmt: skip
    firms = enterprise_ids(zone)[::SIGNAL_EVERY]
    Qualification.objects.bulk_create(
        [
            Qualification(enterprise_id=pk, kind="high_tech", certificate_no=f"GR-B-{pk}",
                          valid_from=datetime.date(2023, 12, 5),
                          valid_to=SCAN_DAY + datetime.timedelta(days=20))
            for pk in firms
        ]
    )  # fmt: skip
    add_pilot_history(zone)


def enterprise_ids(zone) -> list[int]:
    from gaoxin.enterprises.models import Enterprise

    return list(Enterprise.objects.filter(zone=zone).order_by("pk").values_list("pk", flat=True))


def add_pilot_history(zone) -> None:
    from django.utils import timezone

    from gaoxin.enterprises.models import Enterprise

    History = Enterprise.history.model
    at = timezone.make_aware(datetime.datetime.combine(SCAN_DAY, datetime.time(10)))
    names = [f.attname for f in Enterprise._meta.concrete_fields]
    rows = []
    for enterprise in Enterprise.objects.filter(zone=zone).order_by("pk")[::SIGNAL_EVERY]:
        values = {name: getattr(enterprise, name) for name in names}
        for stage, days in (("rnd", 200), ("pilot", 10)):
            rows.append(
                History(
                    **{**values, "stage": stage}, history_date=at - datetime.timedelta(days=days),
                    history_type="~", history_change_reason="基准",
                )
            )  # fmt: skip
    History.objects.bulk_create(rows, batch_size=1000)
    Enterprise.objects.filter(pk__in=[r.id for r in rows]).update(stage="pilot")


def measure_routing(zone, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gaoxin.services import routing
    from gaoxin.services.models import ServiceRequest

    requests = list(
        ServiceRequest.objects.select_related("domain", "enterprise").order_by("pk")[:50]
    )

    def call(req):
        return routing.choose(
            zone_id=zone.pk, domain=req.domain, enterprise=req.enterprise, on=SCAN_DAY
        )

    out = {}
    fine = next(r for r in requests if r.domain.parent_id)
    broad = next(r for r in requests if not r.domain.parent_id)
    for label, req in (("fine", fine), ("broad", broad)):
        call(req)  # warm
        with CaptureQueriesContext(connection) as captured:
            call(req)
        out[f"routing_queries_{label}"] = len(captured)
    times = []
    for i in range(repeat):
        started = time.perf_counter()
        call(requests[i % len(requests)])
        times.append((time.perf_counter() - started) * 1000)
    out["routing_ms"] = statistics.median(times)
    return out


def measure_pages(official, repeat: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(official)
    out = {}
    for name, url_name in PAGES:
        url = reverse(url_name)
        assert client.get(url).status_code == 200, url  # warm
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        # counted now: the next request clears the log (reset_queries on request_started)
        out[f"{name}_queries"] = len(captured)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        out[f"{name}_ms"] = statistics.median(times)
    return out


def measure_scan(zone, official) -> dict:
    from gaoxin.services.models import AdvisorTask
    from gaoxin.services.signals import signal_scan

    out = {}
    for key in ("scan", "rescan"):
        before = AdvisorTask.objects.count()
        started = time.perf_counter()
        counts = signal_scan(actor=official, zone=zone, day=SCAN_DAY)
        out[f"{key}_s"] = time.perf_counter() - started
        out[f"{key}_tasks"] = AdvisorTask.objects.count() - before
        out[f"{key}_by_kind"] = counts
        assert sum(counts.values()) == out[f"{key}_tasks"], counts
    return out


if __name__ == "__main__":
    sys.exit(main())
