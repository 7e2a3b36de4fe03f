"""Benchmark: the zone overview (dashboard:home) with 50 000 enterprises against 500, in the
same run.

    uv run python bench/dashboard.py [--enterprises 50000] [--small 500] [--repeat 9]
        [--database-url postgres://postgres@127.0.0.1:5432/gaoxin_dashbench] [--keep]

Each size runs in a fresh child process on its own database: SQLite in a temporary directory
(the default), or, with --database-url, that PostgreSQL database for the large size and
``<name>_small`` for the small one (both dropped and created afresh; dropped at the end unless
--keep). Each database gets bench/matching.py's generator (``populate``: one zone, 5 parks,
~93 % of the firms with one or two years of figures, 0–2 qualifications each, random stages),
then, with bulk_create, a cluster of 8 chain segments holding ~70 % of the firms (every tenth
in two segments), three funds with commitments and a payment, and a zone official.

Measured server-side with Django's test Client as that official, after one warming request:
the overview page (every section: enterprises by stage, qualification, park, segment and
year, money committed and paid) and the Excel export of one figure — the median of
--repeat requests in ms, and the number of queries of one request (CaptureQueriesContext).
Prints both sizes and the ratios 50k/500: the query count must be the same (the figures are
aggregated in the database), the time grows with what the database aggregates.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.import_enterprises import recreate_postgres  # noqa: E402
from bench.matching import drop_postgres, populate  # noqa: E402

OFFICIAL = "bench_dash_official"
SEGMENTS = ["影像设备", "体外诊断", "康复器械", "高值耗材", "医用材料", "软件", "检测服务", "流通"]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.phase:
        return run_phase(args)
    return orchestrate(args)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL databases")
    parser.add_argument("--seed", type=int, default=1)
    # internal: one size in a child process
    parser.add_argument("--phase", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--var-dir", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- the parent: one child per size, then the table ------------------------------------------


def orchestrate(args) -> int:
    results = []
    with tempfile.TemporaryDirectory(prefix="dashbench-") as tmp:
        for n in (args.small, args.enterprises):
            url = database_url(args.database_url, tmp, n, small=n == args.small)
            command = [sys.executable, __file__, "--phase", str(n), "--url", url]
            command += ["--var-dir", tmp, "--repeat", str(args.repeat), "--seed", str(args.seed)]
            print(f"{n} enterprises …", flush=True)
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
            results.append(json.loads(out.strip().splitlines()[-1]))
            if args.database_url and not args.keep:
                drop_postgres(url)
    report(results)
    return 0 if results[0]["queries"] == results[1]["queries"] else 1


def database_url(base: str, tmp: str, n: int, *, small: bool) -> str:
    if not base:
        return f"sqlite:///{Path(tmp) / f'dash-{n}.sqlite3'}"
    url = base + "_small" if small else base
    recreate_postgres(url)
    return url


def report(results: list[dict]) -> None:
    small, large = results
    print(f"\n{large['vendor']}, median of {large['repeat']} requests, server-side (test Client)")
    print(f"{'enterprises':>12} {'setup s':>8} {'overview ms':>12} {'queries':>8} "
          f"{'export ms':>10} {'queries':>8}")  # fmt: skip
    for r in results:
        print(f"{r['n']:>12} {r['setup_s']:>8.1f} {r['overview_ms']:>12.1f} {r['queries']:>8} "
              f"{r['export_ms']:>10.1f} {r['export_queries']:>8}")  # fmt: skip
    ratio = large["n"] / small["n"]
    print(
        f"\n{large['n']}/{small['n']} ({ratio:.0f}× the enterprises): overview "
        f"{large['overview_ms'] / small['overview_ms']:.1f}× the time, "
        f"{large['queries'] / small['queries']:.2f}× the queries; export "
        f"{large['export_ms'] / small['export_ms']:.1f}× the time, "
        f"{large['export_queries'] / small['export_queries']:.2f}× the queries"
    )
    print(f"load: {Path('/proc/loadavg').read_text().strip()}")


# --- a child: one database, one size ---------------------------------------------------------


def setup_django(var_dir: str, url: str) -> None:
    import os

    os.environ["GAOXIN_VAR_DIR"] = var_dir
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["TASKS_BACKEND"] = "immediate"
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
    zone, _counters = populate(args.phase, random.Random(args.seed))
    add_chain(zone, random.Random(args.seed + 1))
    add_funds(zone)
    official = add_official(zone)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    setup_s = time.perf_counter() - started
    result = {"n": args.phase, "vendor": connection.vendor, "repeat": args.repeat}
    result["setup_s"] = setup_s
    result.update(measure(official, args.repeat))
    print(json.dumps(result))
    return 0


def add_chain(zone, rng: random.Random) -> None:
    """A cluster of the zone's parks with 8 segments; ~70 % of the firms in one, every tenth of
    those in a second one too (bulk_create)."""
    from gaoxin.enterprises.models import Enterprise
    from gaoxin.parks.models import ChainSegment, Cluster, Park, SegmentMembership

    cluster = Cluster.objects.create(zone=zone, name="医疗器械")
    cluster.parks.set(Park.objects.filter(zone=zone))
    segments = ChainSegment.objects.bulk_create(
        ChainSegment(cluster=cluster, name=name, position="midstream", order=i)
        for i, name in enumerate(SEGMENTS)
    )
    rows = []
    for i, pk in enumerate(Enterprise.objects.filter(zone=zone).values_list("pk", flat=True)):
        if rng.random() < 0.7:
            first, second = rng.sample(segments, 2)
            rows.append(SegmentMembership(segment=first, enterprise_id=pk))
            if i % 10 == 0:
                rows.append(SegmentMembership(segment=second, enterprise_id=pk))
    SegmentMembership.objects.bulk_create(rows, batch_size=5000)


def add_funds(zone) -> None:
    """Three funds of this year with a commitment and a payment each (through the services)."""
    from django.utils import timezone

    from gaoxin.enterprises.models import Enterprise
    from gaoxin.funds.services import commitment_create, disbursement_create, fund_create
    from gaoxin.policies.services import policy_create

    firm = Enterprise.objects.filter(zone=zone).order_by("pk").first()
    year = timezone.localdate().year
    for i in range(3):
        policy = policy_create(
            actor=None, zone=zone, data={"title": f"基准政策{i}", "issuing_body": "管委会"}
        )
        fund = fund_create(actor=None, policy=policy, year=year, budget=Decimal(5_000_000))
        commitment = commitment_create(
            actor=None,
            fund=fund,
            enterprise=firm,
            amount=Decimal(1_000_000),
            source=policy,
            reason="基准",
        )
        disbursement_create(
            actor=None,
            commitment=commitment,
            amount=Decimal(400_000),
            reference=f"BENCH-{i}",
            idempotency_key=f"bench-{i}",
        )


def add_official(zone):
    from gaoxin.accounts.choices import Role
    from gaoxin.accounts.models import User

    return User.objects.create(
        username=OFFICIAL, role=Role.ZONE_OFFICIAL, organisation=zone, must_change_password=False
    )


def measure(official, repeat: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(official)
    out = {}
    for name, url in (
        ("overview", reverse("dashboard:home")),
        ("export", reverse("dashboard:figure_export", kwargs={"key": "enterprises-segment"})),
    ):
        assert client.get(url).status_code == 200, url  # warm
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        # counted now: the next request clears the log (reset_queries on request_started)
        out["queries" if name == "overview" else "export_queries"] = len(captured)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        out[f"{name}_ms"] = statistics.median(times)
    return out


if __name__ == "__main__":
    sys.exit(main())
