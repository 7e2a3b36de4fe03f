"""Benchmark: set-based policy matching (issue 3, item 4(b) and "Speed").

    uv run python bench/matching.py [--enterprises 1000000] [--policies 50] [--sample 2000]
        [--database-url postgres://postgres@127.0.0.1:5432/gaoxin_bench_perf | --sqlite-path F]
        [--keep] [--reuse] [--setup-only] [--legacy] [--again N] [--no-nightly]

Sets Django up by itself: SQLite in a temporary directory (default) or --sqlite-path, or the
PostgreSQL database named in --database-url (dropped and created afresh; dropped at the end
unless --keep). --reuse keeps the data of a --keep'd run. Tasks go to the database queue (not
run). Setup writes N enterprises (~93 % with one or two yearly facts, 0–2 qualifications each)
as tuples — psycopg COPY on PostgreSQL, executemany on SQLite — and publishes P policies with
random criteria of 3–6 clauses (their own seeded generator, so --reuse gets the same ones). Then:

  full         matching.rematch_all on an empty store: read every enterprise's facts into
               columns, evaluate every policy, store one packed set per policy (the target)
  nightly      the scheduled task itself (tasks.rematch_policies: compute, store, prune,
               audit) in a fresh child process (--phase nightly): its time and ru_maxrss
  database     matching.count_all: the same evaluation in SQL (facts table + one COUNT per
               policy, nothing stored) — the alternative the columns were chosen against
  phases       the full re-match's read (load_facts), in-memory floor (match_mask per policy
               over the loaded columns) and store, each timed on its own
  per record   enterprise_facts + explain for every policy on a sample, extrapolated to N
  calculator   calculator.calculate for one enterprise over 200 policies (first call, and the
               median and p90 of 50 further enterprises, facts read included), against facts +
               bare explain × 200 (the baseline), and as the page computes it (policies in
               force + estimate facts + calculate; when P >= 200)

checks that count_all and rematch_all agree and that the stored sets are exactly the masks'
ids, and prints a table, the ratios, ru_maxrss after the re-match and for the whole run, and
the load.
"""

from __future__ import annotations

import argparse
import datetime
import random
import resource
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.import_enterprises import recreate_postgres  # noqa: E402

AS_OF = datetime.date(2025, 6, 30)
KINDS = ["high_tech", "tech_sme", "innovative_sme", "srdi", "little_giant"]
STAGES = ["", "rnd", "pilot", "production", "sales"]


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def vm_hwm_mb() -> float:
    """This process's own peak resident memory (VmHWM): unlike ru_maxrss, which a child
    started by a big process inherits from it (Linux keeps the larger), it counts only the
    memory this process's image has held."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def nightly() -> int:
    """``--phase nightly``: run the scheduled task itself (``rematch_policies``, what the
    worker runs at 02:00: compute, store, prune, audit) once in this fresh process, and print
    its time and this process's ru_maxrss as one JSON line for the parent run."""
    import json

    from gaoxin.policies.tasks import rematch_policies

    before = maxrss_mb()
    t = time.perf_counter()
    counts = rematch_policies.call(AS_OF.isoformat())
    seconds = time.perf_counter() - t
    print(
        "NIGHTLY "
        + json.dumps(
            {
                "seconds": seconds,
                "maxrss_mb": maxrss_mb(),
                "hwm_mb": vm_hwm_mb(),
                "before_mb": before,
                "versions": len(counts),
                "matches": sum(counts.values()),
            }
        ),
        flush=True,
    )
    return 0


def run_nightly_child(url: str) -> dict:
    """This script with ``--phase nightly --reuse`` in a child process: the nightly job's time
    and the peak memory of a process that runs nothing else."""
    import json
    import subprocess

    out = subprocess.run(  # noqa: S603 (this script, our own arguments)
        [sys.executable, str(Path(__file__).resolve()), "--phase", "nightly", "--reuse",
         "--database-url" if url.startswith("postgres") else "--sqlite-path",
         url if url.startswith("postgres") else url.removeprefix("sqlite:///")],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    line = next(x for x in out.stdout.splitlines() if x.startswith("NIGHTLY "))
    return json.loads(line.removeprefix("NIGHTLY "))


def populate(n: int, rng: random.Random, batch: int = 50000):
    """N enterprises, ~93 % with one or two yearly facts, 0–2 qualifications each. Rows go in
    as tuples with explicit ids: psycopg COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection
    from django.utils import timezone

    from gaoxin.accounts.choices import OrganisationKind
    from gaoxin.accounts.models import Organisation
    from gaoxin.parks.models import Park

    zone = Organisation.objects.create(
        name="基准高新区管委会", kind=OrganisationKind.ZONE_COMMITTEE, region_code="410171"
    )
    operator = Organisation.objects.create(
        name="基准产投集团", kind=OrganisationKind.PARK_OPERATOR, zone=zone
    )
    parks = [
        Park.objects.create(name=f"园区{i}", zone=zone, operator=operator).pk for i in range(5)
    ]
    now = timezone.now()
    tables = {
        "enterprises_enterprise": (
            "id", "created_at", "updated_at", "is_sample", "name", "uscc",
            "legal_representative", "address", "region_code", "industry_code", "industry_name",
            "zone_id", "park_id", "stage", "founded_on", "membership",
        ),
        "enterprises_yearlyfact": (
            "id", "created_at", "updated_at", "enterprise_id", "year", "revenue",
            "output_value", "rnd_expense", "employees", "tax_paid", "patents_granted",
            "export_value",
        ),
        "enterprises_qualification": (
            "id", "created_at", "updated_at", "enterprise_id", "kind", "certificate_no",
            "valid_from", "valid_to",
        ),
    }  # fmt: skip
    counters = {name: 0 for name in tables}
    pg = connection.vendor == "postgresql"

    def write(table, rows):
        if not rows:
            return
        cols = tables[table]
        with connection.cursor() as cursor:
            if pg:
                raw = cursor.cursor  # the psycopg cursor under Django's wrapper
                with raw.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in cols)
                cursor.connection.executemany(
                    f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",  # noqa: S608
                    [
                        tuple(str(v) if isinstance(v, (Decimal, datetime.date)) else v
                              for v in row)
                        for row in rows
                    ],
                )  # fmt: skip

    def next_id(table):
        counters[table] += 1
        return counters[table]

    stamp = now if pg else str(now.replace(tzinfo=None))
    cent = Decimal("0.01")
    from django.db import transaction

    for start in range(0, n, batch):
        enterprises, facts, quals = [], [], []
        for i in range(start, min(n, start + batch)):
            pk = next_id("enterprises_enterprise")
            founded = (
                None
                if rng.random() < 0.05
                else datetime.date(rng.randint(1995, 2025), rng.randint(1, 12), rng.randint(1, 28))
            )
            enterprises.append(
                (pk, stamp, stamp, False, f"企业{i}", f"91{i:016d}", "", "", "410171",
                 rng.choice(["C3581", "I6510", "C3979", ""]), "", zone.pk,
                 rng.choice(parks) if rng.random() < 0.9 else None, rng.choice(STAGES), founded,
                 "zone")
            )  # fmt: skip
            if rng.random() < 0.07:
                continue  # no figures on file
            for year in (2023, 2024) if rng.random() < 0.5 else (2024,):
                revenue = Decimal(rng.randint(0, 5 * 10**10)) / 100
                rnd = (
                    None
                    if rng.random() < 0.05
                    else (revenue * Decimal(rng.randint(0, 1200)) / 10000).quantize(cent)
                )
                facts.append(
                    (next_id("enterprises_yearlyfact"), stamp, stamp, pk, year, revenue, revenue,
                     rnd, rng.randint(1, 2000), (revenue / 20).quantize(cent),
                     rng.randint(0, 60), None)
                )  # fmt: skip
            for kind in rng.sample(KINDS, rng.choice([0, 0, 1, 1, 2])):
                valid_to = (
                    None if rng.random() < 0.5 else datetime.date(rng.randint(2025, 2027), 12, 31)
                )
                quals.append(
                    (next_id("enterprises_qualification"), stamp, stamp, pk, kind, "",
                     datetime.date(rng.randint(2018, 2025), 1, 1), valid_to)
                )  # fmt: skip
        with transaction.atomic():
            write("enterprises_enterprise", enterprises)
            write("enterprises_yearlyfact", facts)
            write("enterprises_qualification", quals)
    if pg:
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT MAX(id) FROM {table}))"
                )
    return zone, counters


def random_criteria(rng: random.Random) -> dict:
    def clause():
        kind = rng.random()
        if kind < 0.45:
            fact, lo, hi, scale = rng.choice(
                [
                    ("revenue", 1, 400, 10**6),
                    ("rnd_expense", 1, 50, 10**5),
                    ("employees", 5, 800, 1),
                    ("patents_granted", 1, 30, 1),
                    ("years_since_founding", 1, 15, 1),
                    ("tax_paid", 1, 100, 10**5),
                ]
            )
            return {rng.choice([">=", ">", "<="]): [{"var": fact}, rng.randint(lo, hi) * scale]}
        if kind < 0.65:
            return {">=": [{"var": "rnd_ratio"}, Decimal(rng.randint(100, 800)) / 100]}
        if kind < 0.8:
            return {"in": [rng.choice(KINDS), {"var": "qualifications"}]}
        if kind < 0.9:
            return {"in": [{"var": "stage"}, rng.sample(STAGES[1:], 2)]}
        return {"or": [clause(), clause()]}

    return {"and": [clause() for _ in range(rng.randint(3, 6))]}


def publish(zone, count: int, rng: random.Random):
    from gaoxin.policies.services import policy_create, version_publish

    for i in range(count):
        policy = policy_create(
            actor=None,
            zone=zone,
            data={
                "title": f"基准政策{i}",
                "issuing_body": "管委会",
                "summary": "基准",
                "tags": "基准",
            },
        )
        version_publish(
            actor=None,
            policy=policy,
            criteria=random_criteria(rng),
            formula={"*": [{"var": "rnd_expense"}, Decimal("0.1")]},
            effective_from=datetime.date(2025, 1, 1),
        )


def setup_django(var_dir: str, database_url: str) -> None:
    """Django on the bench database; tasks go to the database queue and are not run (a
    publication would otherwise push its notifications to every fitting enterprise)."""
    import os

    os.environ["GAOXIN_VAR_DIR"] = var_dir
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["TASKS_BACKEND"] = "database"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def database_has_data() -> bool:
    from gaoxin.enterprises.models import Enterprise

    try:
        return Enterprise.objects.exists()
    except Exception:  # no tables yet
        return False


def drop_postgres(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    with psycopg.connect(
        host=cfg["HOST"] or "127.0.0.1",
        port=cfg["PORT"] or 5432,
        user=cfg["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}" WITH (FORCE)')


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=1_000_000)
    parser.add_argument("--policies", type=int, default=50)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--sqlite-path", default="", help="SQLite file (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="use the data already in the database (--keep'd)"
    )
    parser.add_argument("--setup-only", action="store_true")
    parser.add_argument(
        "--again", type=int, default=0, help="time N more re-matches (replacing the sets)"
    )
    parser.add_argument(
        "--legacy", action="store_true", help="also time match_policy (one query per policy)"
    )
    parser.add_argument(
        "--phase",
        choices=["all", "nightly"],
        default="all",
        help="nightly: only run the nightly task on the --reuse'd data (the run's child process)",
    )
    parser.add_argument(
        "--no-nightly", action="store_true", help="skip the nightly task in a fresh process"
    )
    args = parser.parse_args(argv)
    tmp = tempfile.TemporaryDirectory(prefix="matchbench-")
    url = args.database_url
    if not url:
        path = args.sqlite_path or str(Path(tmp.name) / "bench.sqlite3")
        if not args.reuse and Path(path).exists():
            Path(path).unlink()
        url = f"sqlite:///{path}"
    elif not args.reuse:
        recreate_postgres(url)
    setup_django(tmp.name, url)
    if args.phase == "nightly":
        return nightly()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    results: list[tuple[str, float, str]] = []

    t = time.perf_counter()
    if not (args.reuse and database_has_data()):
        zone, counters = populate(args.enterprises, rng)
        print(f"setup: {counters} in {time.perf_counter() - t:.1f} s", flush=True)
    else:
        from gaoxin.accounts.models import Organisation

        zone = Organisation.objects.get(name="基准高新区管委会")
    from gaoxin.policies.models import Policy

    if Policy.objects.filter(zone=zone).count() != args.policies:
        from gaoxin.policies.models import PolicyVersion

        PolicyVersion.objects.filter(policy__zone=zone).delete()  # an interrupted setup
        Policy.objects.filter(zone=zone).delete()
        publish(zone, args.policies, random.Random(args.seed + 1))
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        print(f"setup done in {time.perf_counter() - t:.1f} s ({connection.vendor})", flush=True)
    if args.setup_only:
        return 0

    from gaoxin.enterprises.models import Enterprise
    from gaoxin.policies.calculator import calculate
    from gaoxin.policies.matching.catalog import CATALOG
    from gaoxin.policies.matching.columnar import load_facts
    from gaoxin.policies.matching.facts import enterprise_facts
    from gaoxin.policies.matching.match import count_all, match_policy, rematch_all, store_ids
    from gaoxin.policies.models import PolicyMatchSet
    from gaoxin.policies.selectors import policies_in_force
    from rulebook.criteria import compile_criteria, explain, match_mask

    n = Enterprise.objects.count()
    pairs = policies_in_force(AS_OF)
    print(f"{connection.vendor}: {n} enterprises, {len(pairs)} policies in force", flush=True)

    def timed(name, fn, note=""):
        t = time.perf_counter()
        value = fn()
        secs = time.perf_counter() - t
        results.append((name, secs, note() if callable(note) else note))
        print(f"  {name}: {secs:.2f} s", flush=True)
        return value, secs

    if args.legacy:
        timed(
            "legacy: match_policy × P (one query each, no store)",
            lambda: [match_policy(v, as_of=AS_OF) for _p, v in pairs],
        )
    PolicyMatchSet.objects.all().delete()  # start from an empty store
    t = time.perf_counter()
    stored_counts = rematch_all(as_of=AS_OF)
    full_s = time.perf_counter() - t
    total = sum(stored_counts.values())
    rss_rematch = maxrss_mb()
    results.append(
        ("FULL RE-MATCH: rematch_all (read + evaluate + store)", full_s,
         f"{total} matches in {len(stored_counts)} sets; RSS so far {rss_rematch:.0f} MB")
    )  # fmt: skip
    print(f"  full re-match: {full_s:.2f} s, {total} matches", flush=True)
    for _ in range(args.again):
        timed("full re-match again (replaces every set)", lambda: rematch_all(as_of=AS_OF))
    job = None
    if not args.no_nightly:
        connection.close()  # the child reads and replaces the sets on its own connection
        job = run_nightly_child(url)
        results.append(
            ("NIGHTLY JOB: the task rematch_policies, in a fresh process", job["seconds"],
             f"VmHWM {job['hwm_mb']:.0f} MB; ru_maxrss {job['maxrss_mb']:.0f} MB "
             f"(at start {job['before_mb']:.0f} MB: inherited from this run)")
        )  # fmt: skip
        print(f"  nightly job: {job['seconds']:.2f} s, {job['hwm_mb']:.0f} MB", flush=True)
        assert job["matches"] == total and job["versions"] == len(stored_counts), job
    # the baseline: the same evaluation in SQL (after the headline figures: it is slow)
    counts, db_s = timed(
        "database: evaluate in SQL (facts table + P counts)", lambda: count_all(as_of=AS_OF)
    )
    assert stored_counts == counts, "count_all and rematch_all disagree"

    # its phases, one by one: read, evaluate (the in-memory floor), store
    columns, read_s = timed("  read: load_facts (every enterprise into columns)",
                            lambda: load_facts(AS_OF))  # fmt: skip
    compiled = [(v, compile_criteria(v.criteria, CATALOG)) for _p, v in pairs]
    t = time.perf_counter()
    for key in CATALOG.facts:  # the Frame turns columns into arrays on first use
        columns.frame.column(key)
    results.append(("  read: the Frame's arrays", time.perf_counter() - t, ""))
    t = time.perf_counter()
    masks = {v.pk: match_mask(c, columns.frame) for v, c in compiled}
    floor_s = time.perf_counter() - t
    results.append(("  in-memory floor: match_mask × P over the loaded columns", floor_s, ""))
    matched = {v.pk: columns.ids[masks[v.pk] & (columns.zone_ids == zone.pk)] for v, _c in compiled}
    timed(
        "  store: P packed sets",
        lambda: [store_ids(v, matched[v.pk], as_of=AS_OF) for v, _c in compiled],
        lambda: f"{sum(len(m.packed_ids) for m in PolicyMatchSet.objects.all()) / 1e6:.1f} MB",
    )
    same = all(
        PolicyMatchSet.objects.get(version=v, as_of=AS_OF).enterprise_ids()
        == matched[v.pk].tolist()
        for v, _c in compiled
    )
    print(f"  stored sets == the masks' ids for every policy: {same}", flush=True)
    del columns
    masks.clear()
    matched.clear()

    sample = list(Enterprise.objects.select_related("park").order_by("?")[: args.sample])
    t = time.perf_counter()
    for e in sample:
        facts = enterprise_facts(e, AS_OF)
        for _v, criteria in compiled:
            explain(criteria, facts)
    per = (time.perf_counter() - t) / len(sample)
    explain_s = per * n
    results.append(
        (f"per record: facts + explain (sample {len(sample)}, × {n})", explain_s,
         f"{per * 1000:.2f} ms/enterprise")
    )  # fmt: skip

    # the calculator over 200 policies (the P published ones, repeated when P < 200)
    firm = sample[0]
    many = (pairs * (200 // len(pairs) + 1))[:200]
    t = time.perf_counter()
    calculate(many, enterprise_facts(firm, AS_OF), AS_OF)
    cold_s = time.perf_counter() - t
    firms = sample[1:51]

    def spread(fn) -> tuple[float, float]:
        """Median and p90 seconds of ``fn(e)`` over ``firms``."""
        times = []
        for e in firms:
            t = time.perf_counter()
            fn(e)
            times.append(time.perf_counter() - t)
        times.sort()
        return times[len(times) // 2], times[len(times) * 9 // 10]

    criteria_200 = [compile_criteria(v.criteria, CATALOG) for _p, v in many]

    def bare_explain(e) -> None:
        facts = enterprise_facts(e, AS_OF)
        for c in criteria_200:
            explain(c, facts)

    bare = spread(bare_explain)
    calc = spread(lambda e: calculate(many, enterprise_facts(e, AS_OF), AS_OF))
    page = (0.0, 0.0)
    if len(pairs) >= 200:  # the page's own work: its zone's policies read, estimate mode
        from gaoxin.policies.views.public import estimate_calculation

        page = spread(
            lambda e: estimate_calculation(e, policies_in_force(AS_OF, zone_id=e.zone_id), AS_OF)
        )
    results.append(("calculator: 1 enterprise × 200 policies, first call", cold_s, "compiles"))
    results.append(
        (f"  baseline: facts + explain × 200 (median of {len(firms)})", bare[0],
         f"p90 {bare[1] * 1000:.1f} ms")
    )  # fmt: skip
    results.append(
        (f"CALCULATOR: 1 enterprise × 200 policies (median of {len(firms)})", calc[0],
         f"facts read included; p90 {calc[1] * 1000:.1f} ms")
    )  # fmt: skip
    if page[0]:
        results.append(
            ("  as the page: policies in force + estimate facts + calculate", page[0],
             f"p90 {page[1] * 1000:.1f} ms")
        )  # fmt: skip

    print(f"\n{connection.vendor}, {n} enterprises, {len(pairs)} policies")
    print(f"{'phase':<62} {'seconds':>9}  note")
    for name, secs, note in results:
        print(f"{name:<62} {secs:>9.3f}  {note}")
    print(
        f"\nfull re-match / in-memory floor: {full_s / floor_s:.1f}×   "
        f"per record / full re-match: {explain_s / full_s:.0f}×   "
        f"per record / floor: {explain_s / floor_s:.0f}×   "
        f"evaluating in SQL / reading + evaluating columns: {db_s / (read_s + floor_s):.1f}×"
    )
    print(f"calculator / baseline (facts + bare explain × 200): {calc[0] / bare[0]:.2f}×")
    print(f"peak RSS: after the re-match {rss_rematch:.0f} MB; whole run {maxrss_mb():.0f} MB")
    if job:
        print(
            f"\nHEADLINE ({connection.vendor}, {n} enterprises × {len(pairs)} policies): "
            f"nightly job {job['seconds']:.2f} s, peak RSS {job['hwm_mb']:.0f} MB "
            f"(fresh process, VmHWM); rematch_all {full_s:.2f} s; calculator × 200 "
            f"median {calc[0] * 1000:.1f} ms, p90 {calc[1] * 1000:.1f} ms"
        )
    print(f"load: {Path('/proc/loadavg').read_text().strip()}")
    connection.close()
    if args.database_url and not args.keep:
        drop_postgres(args.database_url)
    tmp.cleanup()
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
