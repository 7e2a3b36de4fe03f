"""Benchmark: the 首台(套) program's supervision pages with 2 000 qualifications against 20, and
its cap ledger against the fund ledger, in the same run.

    uv run python bench/firstset_program.py [--qualifications 2000] [--small 20] [--repeat 9]
        [--allocations 2000]
        [--database-url postgres://postgres@127.0.0.1:5432/gaoxin_firstsetbench] [--keep]

Each size runs in a fresh child process on its own database: SQLite in a temporary directory
(the default), or, with --database-url, that PostgreSQL database for the large size and
``<name>_small`` for the small one (both dropped and created afresh; dropped at the end unless
--keep). Each database gets bench/matching.py's generator for the enterprises of one zone (one
for every two qualifications, at least 10), then, with bulk_create, three rounds (a window that
has lapsed, one nearly over, one well under way), N qualifications across 5 recommending units
(every 50th revoked) with 1–3 cap allocations each (``used`` their sum), a commitment sourced
on every fourth qualification with half of it paid (the fund ledger's entries too), and a zone
official.

Measured server-side with Django's test Client as that official, after one warming request:
the supervision page (firstset:supervision: the rows, the filters' choices, the pace chart) and
the report per recommending unit (firstset:supervision_report) — the median of --repeat
requests in ms, and the number of queries of one request (CaptureQueriesContext). The rows are
computed per qualification in Python (the at-risk rule), so the time grows with N; the query
count must not (the exit status is 1 if it does).

Then, in the large database only: K (--allocations) sequential ``ledger.allocate`` calls of
1 yuan round-robin over the qualified qualifications against K sequential
``gaoxin.funds.services.commitment_create`` calls of 1 yuan round-robin over the same
enterprises (the fund ledger, the baseline), each in its own transaction: allocations per
second, queries per call, and the ratio.
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
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.dashboard import setup_django  # noqa: E402
from bench.import_enterprises import recreate_postgres  # noqa: E402
from bench.matching import drop_postgres, populate  # noqa: E402

OFFICIAL = "bench_firstset_official"
UNITS = [f"{city}市工业和信息化局" for city in ("郑州", "洛阳", "新乡", "许昌", "南阳")]
# (year, valid from, valid to): lapsed, nearly over (at risk when under half used), under way
ROUNDS = [
    (2023, datetime.date(2023, 7, 1), datetime.date(2026, 6, 30)),
    (2024, datetime.date(2024, 7, 1), datetime.date(2027, 3, 31)),
    (2025, datetime.date(2025, 7, 1), datetime.date(2028, 6, 30)),
]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.phase:
        return run_phase(args)
    return orchestrate(args)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qualifications", type=int, default=2_000)
    parser.add_argument("--small", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--allocations", type=int, default=2_000)
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
    with tempfile.TemporaryDirectory(prefix="firstsetbench-") as tmp:
        for n in (args.small, args.qualifications):
            small = n == args.small
            url = database_url(args.database_url, tmp, n, small=small)
            command = [sys.executable, __file__, "--phase", str(n), "--url", url]
            command += ["--var-dir", tmp, "--repeat", str(args.repeat), "--seed", str(args.seed)]
            command += ["--allocations", "0" if small else str(args.allocations)]
            print(f"{n} qualifications …", flush=True)
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
            results.append(json.loads(out.strip().splitlines()[-1]))
            if args.database_url and not args.keep:
                drop_postgres(url)
    report(results)
    small, large = results
    same = all(small[k] == large[k] for k in ("queries", "report_queries"))
    return 0 if same else 1


def database_url(base: str, tmp: str, n: int, *, small: bool) -> str:
    if not base:
        return f"sqlite:///{Path(tmp) / f'firstset-{n}.sqlite3'}"
    url = base + "_small" if small else base
    recreate_postgres(url)
    return url


def report(results: list[dict]) -> None:
    small, large = results
    print(f"\n{large['vendor']}, median of {large['repeat']} requests, server-side (test Client)")
    print(f"{'qualif.':>8} {'entries':>8} {'setup s':>8} {'supervision ms':>15} {'queries':>8} "
          f"{'report ms':>10} {'queries':>8}")  # fmt: skip
    for r in results:
        print(f"{r['n']:>8} {r['entries']:>8} {r['setup_s']:>8.1f} {r['supervision_ms']:>15.1f} "
              f"{r['queries']:>8} {r['report_ms']:>10.1f} {r['report_queries']:>8}")  # fmt: skip
    ratio = large["n"] / small["n"]
    print(
        f"\n{large['n']}/{small['n']} ({ratio:.0f}× the qualifications): supervision "
        f"{large['supervision_ms'] / small['supervision_ms']:.1f}× the time, "
        f"{large['queries'] / small['queries']:.2f}× the queries; report "
        f"{large['report_ms'] / small['report_ms']:.1f}× the time, "
        f"{large['report_queries'] / small['report_queries']:.2f}× the queries"
    )
    if large["queries"] != small["queries"] or large["report_queries"] != small["report_queries"]:
        print("NOTE: the query counts differ between the sizes (a query per row somewhere)")
    ledger = large.get("ledger")
    if ledger:
        k = ledger["k"]
        print(
            f"\nledger, {k} sequential calls of 1 yuan each in its own transaction "
            f"({large['n']} qualifications):"
        )
        for name, label in (("cap", "ledger.allocate"), ("fund", "funds commitment_create")):
            r = ledger[name]
            print(
                f"  {label:<24} {r['seconds']:>7.2f} s  {k / r['seconds']:>8.0f} /s  "
                f"{r['queries']:>3} queries per call"
            )
        speedup = ledger["fund"]["seconds"] / ledger["cap"]["seconds"]
        print(f"  cap ledger / fund ledger: {speedup:.2f}× the allocations per second")
    print(f"load: {Path('/proc/loadavg').read_text().strip()}")


# --- a child: one database, one size ---------------------------------------------------------


def run_phase(args) -> int:
    setup_django(args.var_dir, args.url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    rng = random.Random(args.seed)
    zone, _counters = populate(max(args.phase // 2, 10), rng)
    official = add_official(zone)
    entries = add_program(zone, args.phase, rng)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    setup_s = time.perf_counter() - started
    result = {"n": args.phase, "vendor": connection.vendor, "repeat": args.repeat}
    result.update(setup_s=setup_s, entries=entries)
    result.update(measure(official, args.repeat))
    if args.allocations:
        result["ledger"] = measure_ledger(zone, official, args.allocations)
    print(json.dumps(result))
    return 0


def add_official(zone):
    from gaoxin.accounts.choices import Role
    from gaoxin.accounts.models import User

    return User.objects.create(
        username=OFFICIAL, role=Role.ZONE_OFFICIAL, organisation=zone, must_change_password=False
    )


def add_program(zone, n: int, rng: random.Random) -> int:
    """The rounds, N qualifications with 1–3 cap allocations each, commitments on every fourth
    qualification with half paid (bulk_create). Returns the number of cap entries."""
    from django.contrib.contenttypes.models import ContentType

    from gaoxin.enterprises.models import Enterprise
    from gaoxin.firstset.choices import CapEntryKind, QualificationStatus
    from gaoxin.firstset.models import CapEntry, CatalogEdition, Qualification, Round
    from gaoxin.funds.choices import EntryKind
    from gaoxin.funds.models import Commitment, Fund, LedgerEntry

    edition = CatalogEdition.objects.create(name="基准目录(2024年版)", year=2024, is_current=True)
    rounds = [
        Round.objects.create(year=year, name=f"{year}年度首台(套)保险补偿", edition=edition,
                             valid_from=start, valid_to=end)
        for year, start, end in ROUNDS
    ]  # fmt: skip
    firms = list(Enterprise.objects.filter(zone=zone).order_by("pk").values_list("pk", flat=True))
    plans, qualifications = [], []
    for i in range(n):
        rnd = rounds[i % len(rounds)]
        cap = Decimal(rng.randrange(200, 2_000)) * 1_000
        amounts = [
            (cap * Decimal(rng.uniform(0.05, 0.3))).quantize(Decimal("0.01"))
            for _ in range(rng.randint(1, 3))
        ]
        plans.append(amounts)
        qualifications.append(
            Qualification(
                number=f"SJ-B-{i + 1:06d}", enterprise_id=firms[i % len(firms)], round=rnd,
                equipment_name=f"基准装备{i % 97}", cap=cap, used=sum(amounts),
                valid_from=rnd.valid_from, valid_to=rnd.valid_to,
                status=QualificationStatus.REVOKED if i % 50 == 49
                else QualificationStatus.QUALIFIED,
                recommending_unit=UNITS[i % len(UNITS)], verify_code=f"B{i + 1:010d}",
            )
        )  # fmt: skip
    qualifications = Qualification.objects.bulk_create(qualifications, batch_size=1000)
    if not all(q.pk for q in qualifications):  # bulk_create returns no ids on old SQLite
        by_number = dict(Qualification.objects.values_list("number", "pk"))
        for q in qualifications:
            q.pk = q.id = by_number[q.number]
    rows = [
        CapEntry(qualification=q, kind=CapEntryKind.ALLOCATE, amount=amount, note="基准")
        for q, amounts in zip(qualifications, plans, strict=True)
        for amount in amounts
    ]
    CapEntry.objects.bulk_create(rows, batch_size=2000)

    from gaoxin.funds.services import fund_create
    from gaoxin.policies.services import policy_create

    policy = policy_create(
        actor=None, zone=zone, data={"title": "基准首台套保费补助", "issuing_body": "管委会"}
    )
    fund = fund_create(actor=None, policy=policy, year=2026, budget=Decimal(10) ** 12)
    kind = ContentType.objects.get_for_model(Qualification)
    sourced = [q for q in qualifications[::4]]
    commitments = Commitment.objects.bulk_create(
        [
            Commitment(fund=fund, enterprise_id=q.enterprise_id, amount=q.used,
                       disbursed=(q.used / 2).quantize(Decimal("0.01")), content_type=kind,
                       object_id=q.pk, source_label=q.number, reason="基准")
            for q in sourced
        ],
        batch_size=1000,
    )  # fmt: skip
    if not all(c.pk for c in commitments):
        by_object = dict(
            Commitment.objects.filter(content_type=kind).values_list("object_id", "pk")
        )
        for c in commitments:
            c.pk = c.id = by_object[c.object_id]
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                fund=fund, commitment_id=c.pk, kind=kind_, amount=amount, reference=reference
            )
            for c in commitments
            for kind_, amount, reference in (
                (EntryKind.COMMITMENT, c.amount, ""),
                (EntryKind.DISBURSEMENT, c.disbursed, f"BENCH-{c.pk}"),
            )
        ],
        batch_size=2000,
    )
    committed = sum((c.amount for c in commitments), Decimal(0))
    paid = sum((c.disbursed for c in commitments), Decimal(0))
    Fund.objects.filter(pk=fund.pk).update(committed=committed, paid=paid)
    return len(rows)


def measure(official, repeat: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(official)
    out = {}
    for name, url in (
        ("supervision", reverse("firstset:supervision")),
        ("report", reverse("firstset:supervision_report")),
    ):
        assert client.get(url).status_code == 200, url  # warm
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        # counted now: the next request clears the log (reset_queries on request_started)
        out["queries" if name == "supervision" else "report_queries"] = len(captured)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        out[f"{name}_ms"] = statistics.median(times)
    return out


def measure_ledger(zone, official, k: int) -> dict:
    """K sequential allocations on the cap ledger against K commitments on the fund ledger."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from gaoxin.enterprises.models import Enterprise
    from gaoxin.firstset import ledger
    from gaoxin.firstset.choices import QualificationStatus
    from gaoxin.firstset.models import Qualification
    from gaoxin.funds.services import commitment_create, fund_create
    from gaoxin.policies.services import policy_create

    qualifications = list(
        Qualification.objects.filter(status=QualificationStatus.QUALIFIED).order_by("pk")
    )
    ids = sorted({q.enterprise_id for q in qualifications})
    firms = list(Enterprise.objects.filter(pk__in=ids).order_by("pk"))
    policy = policy_create(
        actor=None, zone=zone, data={"title": "基准基线政策", "issuing_body": "管委会"}
    )
    fund = fund_create(actor=None, policy=policy, year=2026, budget=Decimal(10) ** 12)
    one = Decimal("1.00")

    def allocate(i):
        ledger.allocate(
            actor=official, qualification=qualifications[i % len(qualifications)], amount=one,
            note="基准",
        )  # fmt: skip

    def commit(i):
        commitment_create(
            actor=official, fund=fund, enterprise=firms[i % len(firms)], amount=one,
            source=policy, reason="基准",
        )  # fmt: skip

    out = {"k": k}
    for name, call in (("fund", commit), ("cap", allocate)):
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            call(k)  # one more, counted (and warming)
        started = time.perf_counter()
        for i in range(k):
            with transaction.atomic():
                call(i)
        seconds = time.perf_counter() - started
        out[name] = {"seconds": seconds, "queries": len(captured)}
    return out


if __name__ == "__main__":
    sys.exit(main())
