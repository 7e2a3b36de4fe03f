"""Benchmark: the enterprise import against a naive one-save-per-row import, in the same run.

    uv run python bench/import_enterprises.py [--rows 50000] [--naive-rows 5000]
        [--database-url postgres://postgres@127.0.0.1:5432/gaoxin_bench] [--tracemalloc]

Sets Django up by itself on a throwaway database: SQLite in a temporary directory (the
default), or the PostgreSQL database named in --database-url, which is dropped and created
afresh. Generates .xlsx files of valid rows (credit codes from identifiers.generate_uscc), then
measures, each phase in a fresh process so that its peak memory is its own:

  ours, new        gaoxin's importer (io.services.import_file_now) on N new enterprises
  ours, same file  the same file again: every row unchanged, nothing written (idempotence)
  ours, changed    a file where every row's address and figures differ (the update path)
  naive            per row, in autocommit: Organisation, Enterprise and YearlyFact each
                   full_clean() + save(), and one audit event in its own atomic block

and prints rows per second, the phase's own CPU seconds (the machine is shared: on a loaded
machine the wall-clock rate says more about the others; the database server's CPU on
PostgreSQL is not counted), the load average, the peak resident memory added by the phase
(ru_maxrss after minus before, in a fresh process) and, with --tracemalloc, the Python heap
peak (tracing slows the phase down, so its rows/s are not comparable then). The naive import
may run on fewer rows (--naive-rows); rates are compared, and the rows used are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZONE_NAME = "基准测试高新区管委会"
PARK_NAME = "基准测试园区"
OFFICIAL = "bench_official"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.phase:
        return run_phase(args)
    return orchestrate(args)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--naive-rows", type=int, default=5_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    # internal: one measured phase in a child process
    parser.add_argument("--phase", choices=["ours", "naive", "export"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--var-dir", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- setting up -------------------------------------------------------------------------------


def setup_django(var_dir: str, database_url: str) -> None:
    os.environ["GAOXIN_VAR_DIR"] = var_dir
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def recreate_postgres(url: str) -> None:
    """Drop and create the bench database (it holds nothing but benchmark rows)."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = config["NAME"]
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def make_world() -> None:
    from gaoxin.accounts.choices import OrganisationKind, Role
    from gaoxin.accounts.models import Organisation, User
    from gaoxin.parks.models import Park

    zone = Organisation.objects.create(
        name=ZONE_NAME, kind=OrganisationKind.ZONE_COMMITTEE, region_code="410171"
    )
    operator = Organisation.objects.create(
        name="基准测试产投集团", kind=OrganisationKind.PARK_OPERATOR, zone=zone
    )
    Park.objects.create(name=PARK_NAME, zone=zone, operator=operator)
    User.objects.create(
        username=OFFICIAL, role=Role.ZONE_OFFICIAL, organisation=zone, must_change_password=False
    )


def generate(
    path: Path, rows: int, *, seed: int, changed: bool = False, code_region: str = "410171"
) -> None:
    """N valid rows with unique credit codes; `changed` alters every row's address and figures.
    Files with different `code_region`s share no credit code."""
    from openpyxl import Workbook

    from gaoxin.enterprises.identifiers import generate_uscc
    from gaoxin.enterprises.io.columns import SHEET_DATA, TEMPLATE_COLUMNS

    rng = random.Random(seed)
    seen: set[str] = set()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_DATA)
    sheet.append([column.header for column in TEMPLATE_COLUMNS])
    stages = ["研发", "中试", "生产", "销售"]
    for i in range(rows):
        code = generate_uscc(rng, code_region)
        while code in seen:
            code = generate_uscc(rng, code_region)
        seen.add(code)
        bump = 1000 if changed else 0
        sheet.append([
            code, f"基准企业{seed}-{i}有限公司", "张三",
            f"郑州高新区科学大道{i + bump}号", "410171", "C3581", "医疗诊断、监护及治疗设备制造",
            PARK_NAME if i % 3 == 0 else None, stages[i % 4], date(2000 + i % 24, 1 + i % 12, 1),
            2024, Decimal(rng.randrange(10**6, 10**10)) / 100 + bump, rng.randrange(10**8),
            Decimal(rng.randrange(10**7)) / 100, rng.randrange(1, 2000), rng.randrange(10**7),
            rng.randrange(50), 0,
        ])  # fmt: skip
    workbook.save(path)


# --- phases -----------------------------------------------------------------------------------


def prepare(var_dir: str, database_url: str) -> None:
    """A fresh database (PostgreSQL dropped and created, or SQLite in ``var_dir``), migrated,
    with the bench's zone, park and official."""
    if database_url:
        recreate_postgres(database_url)
    setup_django(var_dir, database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    make_world()


def orchestrate(args) -> int:
    var_dir = tempfile.mkdtemp(prefix="gaoxin-bench-")
    try:
        prepare(var_dir, args.database_url)
        from django.db import connection

        naive_rows = min(args.naive_rows, args.rows)
        files = {
            "new": Path(var_dir) / "new.xlsx",
            "changed": Path(var_dir) / "changed.xlsx",
            "naive": Path(var_dir) / "naive.xlsx",
        }
        started = time.perf_counter()
        generate(files["new"], args.rows, seed=1)
        generate(files["changed"], args.rows, seed=1, changed=True)
        generate(files["naive"], naive_rows, seed=2, code_region="410173")
        print(
            f"generated {args.rows} + {args.rows} + {naive_rows} rows in "
            f"{time.perf_counter() - started:.1f}s; database: {connection.vendor}",
            flush=True,
        )
        connection.close()
        results = [
            ("ours, new", child(args, var_dir, "ours", files["new"])),
            ("ours, same file", child(args, var_dir, "ours", files["new"])),
            ("ours, changed", child(args, var_dir, "ours", files["changed"])),
            ("naive", child(args, var_dir, "naive", files["naive"])),
            ("export (all)", child(args, var_dir, "export", Path(var_dir) / "export.xlsx")),
        ]
        report(results, args)
    finally:
        if args.keep:
            print(f"kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)
    return 0


def child(
    args, var_dir: str, phase: str, path: Path, *, script: str = __file__, extra: tuple = ()
) -> dict:
    """Run one phase of ``script`` (this file, or another bench with the same options) in a
    fresh process; its last line of output is the phase's JSON result."""
    command = [
        sys.executable,
        script,
        "--phase",
        phase,
        "--file",
        str(path),
        "--var-dir",
        var_dir,
    ]
    if args.database_url:
        command += ["--database-url", args.database_url]
    if getattr(args, "tracemalloc", False):
        command.append("--tracemalloc")
    command += list(extra)
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"phase {phase} failed")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {phase:6} {path.name:12} {json.dumps(result, ensure_ascii=False)}", flush=True)
    return result


def run_phase(args) -> int:
    setup_django(args.var_dir, args.database_url)
    import tracemalloc

    from gaoxin.accounts.models import User
    from gaoxin.enterprises.io import services  # noqa: F401 - imported before measuring
    from gaoxin.enterprises.models import Enterprise

    actor = User.objects.get(username=OFFICIAL)
    Enterprise.objects.exists()  # open the connection before measuring
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if args.tracemalloc:
        tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    run = {"ours": run_ours, "naive": run_naive, "export": run_export}[args.phase]
    outcome = run(args.file, actor)
    seconds = time.perf_counter() - started
    result = {
        **outcome,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(time.process_time() - cpu_started, 2),
        "rows_per_s": round(outcome["rows"] / seconds, 1),
        "rss_delta_mb": round(
            (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base_rss) / 1024, 1
        ),
    }
    if args.tracemalloc:
        result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    print(json.dumps(result))
    return 0


def run_ours(path: str, actor) -> dict:
    from gaoxin.enterprises.io.services import import_file_now

    job = import_file_now(path=path, actor=actor, language="en")
    if job.status != "succeeded":
        raise SystemExit(f"import failed: {job.errors[:5]}")
    return {
        "rows": job.row_count,
        "created": job.created_count,
        "updated": job.updated_count,
        "unchanged": job.unchanged_count,
    }


def run_naive(path: str, actor) -> dict:
    """The import without batching: three full_clean() + save() and one audit event per row."""
    from django.db import transaction

    from gaoxin.accounts.choices import OrganisationKind
    from gaoxin.accounts.models import Organisation
    from gaoxin.audit.services import record
    from gaoxin.core.imports import SheetReader, cell_date, cell_decimal, cell_int, cell_text
    from gaoxin.core.money import to_yuan
    from gaoxin.enterprises.io.columns import ALL_COLUMNS, SHEET_DATA, header_key
    from gaoxin.enterprises.io.rows import STAGES
    from gaoxin.enterprises.models import Enterprise, YearlyFact
    from gaoxin.parks.models import Park

    zone = actor.zone
    parks = {park.name: park for park in Park.objects.filter(zone=zone)}
    rows = 0
    with SheetReader(path, SHEET_DATA) as reader:
        at = {ALL_COLUMNS[header_key(h)].key: i for i, h in enumerate(reader.header)}
        for _number, values in reader.rows():
            text = {key: cell_text(values[i]) for key, i in at.items()}
            organisation = Organisation(
                name=text["name"], kind=OrganisationKind.ENTERPRISE, zone=zone,
                region_code=text["region_code"],
            )  # fmt: skip
            organisation.full_clean()
            organisation.save()
            enterprise = Enterprise(
                uscc=text["uscc"], name=text["name"], zone=zone, organisation=organisation,
                legal_representative=text["legal_representative"], address=text["address"],
                region_code=text["region_code"], industry_code=text["industry_code"],
                industry_name=text["industry_name"], park=parks.get(text["park"]),
                stage=STAGES[text["stage"]], founded_on=cell_date(values[at["founded_on"]]),
            )  # fmt: skip
            enterprise.full_clean()
            enterprise.save()
            money = {k: to_yuan(cell_decimal(values[at[k]])) for k in YearlyFact.MONEY_FIELDS}
            fact = YearlyFact(
                enterprise=enterprise, year=cell_int(values[at["year"]]),
                employees=cell_int(values[at["employees"]]),
                patents_granted=cell_int(values[at["patents_granted"]]), **money,
            )  # fmt: skip
            fact.full_clean()
            fact.save()
            with transaction.atomic():
                record(
                    action="enterprises.enterprise.create",
                    actor=actor,
                    obj=enterprise,
                    summary=f"Registered enterprise {enterprise.name}",
                )
            rows += 1
    return {"rows": rows, "created": rows}


def run_export(path: str, actor) -> dict:
    """Every enterprise the official sees, as the export page writes them."""
    from gaoxin.enterprises.io.export import write_export
    from gaoxin.enterprises.selectors import enterprise_list

    with open(path, "wb") as out:
        rows = write_export(enterprise_list(user=actor, filters={}), out)
    return {"rows": rows}


def report(results: list[tuple[str, dict]], args) -> None:
    print()
    print(f"load average: {Path('/proc/loadavg').read_text().strip()}")
    print(
        f"{'phase':18} {'rows':>7} {'seconds':>8} {'rows/s':>9} {'CPU s':>8} {'+RSS MB':>8}",
        end="",
    )
    print(f" {'heap MB':>8}" if args.tracemalloc else "")
    for name, r in results:
        print(
            f"{name:18} {r['rows']:>7} {r['seconds']:>8.2f} {r['rows_per_s']:>9.1f} "
            f"{r.get('cpu_seconds', 0):>8.2f} {r['rss_delta_mb']:>8.1f}",
            end="",
        )
        print(f" {r['tracemalloc_peak_mb']:>8.1f}" if args.tracemalloc else "")
    ours, naive = results[0][1], results[3][1]
    print(
        f"\nratio ours/naive (new enterprises, rows/s): "
        f"{ours['rows_per_s'] / naive['rows_per_s']:.1f}x "
        f"({ours['rows']} rows vs {naive['rows']} naive rows)"
    )


if __name__ == "__main__":
    sys.exit(main())
