"""Benchmark: the department-data import (a statistics bureau's yearly list) against the
registry's own Excel import of the same enterprises, in the same run.

    uv run python bench/import_department.py [--rows 20000] [--list statistics|high_tech]
        [--database-url postgres://postgres@127.0.0.1:5432/gaoxin_dept_bench]

Sets Django up on a throwaway database (SQLite in a temporary directory, or the PostgreSQL
database named, dropped and created afresh, dropped at the end), as bench/import_enterprises.py
does, and measures each phase in a fresh process:

  registry, new     the enterprise import (io.services.import_file_now) of N new enterprises
                    with their 2024 figures: the baseline — the issue asks the department
                    imports to run at the registry import's rate (5 000 rows/s)
  statistics, new   the statistics bureau's list (年度统计数据: revenue, output value,
                    employees) for 2023, one row per enterprise: every figure new, each written
                    with the department as its source (io.department.services
                    .department_import_file_now)
  statistics, same  the same list again: every figure already in force, nothing written
  statistics, changed  the list with every figure changed: every figure replaced

With ``--list high_tech`` the list is the science department's high-tech recognition list
instead (高新技术企业认定名单: one certificate per enterprise, new / the same / every expiry date
changed), written one row at a time through the qualification services.

It prints rows per second, CPU seconds, the ratio of each phase to the registry import, and
the load average. N is at most the department import's row limit (20 000).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.import_enterprises import (  # noqa: E402
    OFFICIAL,
    child,
    generate,
    prepare,
    run_ours,
    setup_django,
)

ME = str(Path(__file__).resolve())
DEPARTMENT = "郑州市统计局"
REFERENCE = "郑统字〔2024〕基准"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--list",
        choices=["statistics", "high_tech"],
        default="statistics",
        help="the list imported: yearly figures, or certificates (qualifications)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--phase", choices=["registry", "department"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--var-dir", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def generate_high_tech(path: Path, registry: Path, *, changed: bool = False) -> int:
    """The high-tech recognition list over the enterprises of ``registry``: one certificate
    each; ``changed`` gives every certificate another expiry date."""
    import datetime

    from openpyxl import Workbook

    from gaoxin.core.imports import SheetReader
    from gaoxin.enterprises.io.columns import SHEET_DATA as REGISTRY_SHEET
    from gaoxin.enterprises.io.department.kinds import KINDS, SHEET_DATA

    kind = KINDS["high_tech"]
    issued = datetime.date(2024, 11, 20)
    expires = datetime.date(2027, 12, 31) if changed else datetime.date(2027, 11, 19)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_DATA)
    sheet.append([column.header for column in kind.columns])
    rows = 0
    with registry.open("rb") as source, SheetReader(source, REGISTRY_SHEET) as reader:
        for number, values in reader.rows():
            row = {
                "uscc": values[0],
                "name": values[1],
                "certificate_no": f"GR2024410{number:06d}",
                "valid_from": issued,
                "valid_to": expires,
            }
            sheet.append([row.get(column.key) for column in kind.columns])
            rows += 1
    workbook.save(path)
    return rows


def generate_statistics(path: Path, registry: Path, *, changed: bool = False) -> int:
    """The statistics list for 2023 over the enterprises of the registry file ``registry``."""
    from openpyxl import Workbook

    from gaoxin.core.imports import SheetReader
    from gaoxin.enterprises.io.columns import SHEET_DATA as REGISTRY_SHEET
    from gaoxin.enterprises.io.department.kinds import KINDS, SHEET_DATA

    kind = KINDS["statistics"]
    rng = random.Random(7 if changed else 3)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_DATA)
    sheet.append([column.header for column in kind.columns])
    rows = 0
    with registry.open("rb") as source, SheetReader(source, REGISTRY_SHEET) as reader:
        for _number, values in reader.rows():
            sheet.append([
                values[0], values[1], 2023,
                Decimal(rng.randrange(10**6, 10**10)) / 100, rng.randrange(10**8),
                rng.randrange(1, 2000),
            ])  # fmt: skip
            rows += 1
    workbook.save(path)
    return rows


def orchestrate(args) -> int:
    var_dir = tempfile.mkdtemp(prefix="gaoxin-dept-bench-")
    try:
        prepare(var_dir, args.database_url)
        from django.db import connection

        from gaoxin.enterprises.io.department.importer import MAX_ROWS

        rows = min(args.rows, MAX_ROWS)
        files = {name: Path(var_dir) / f"{name}.xlsx" for name in ("registry", "new", "changed")}
        started = time.perf_counter()
        generate(files["registry"], rows, seed=1)
        make_list = generate_high_tech if args.list == "high_tech" else generate_statistics
        make_list(files["new"], files["registry"])
        make_list(files["changed"], files["registry"], changed=True)
        print(
            f"generated 3 × {rows} rows in {time.perf_counter() - started:.1f}s; "
            f"database: {connection.vendor}",
            flush=True,
        )
        connection.close()
        phases = [
            ("registry, new", "registry", "registry"),
            (f"{args.list}, new", "department", "new"),
            (f"{args.list}, same", "department", "new"),
            (f"{args.list}, changed", "department", "changed"),
        ]
        results = [
            (name, child(args, var_dir, phase, files[file], script=ME, extra=("--list", args.list)))
            for name, phase, file in phases
        ]
        report(results)
    finally:
        if args.keep:
            print(f"kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)
        if args.database_url and not args.keep:
            from bench.matching import drop_postgres

            drop_postgres(args.database_url)
    return 0


def run_phase(args) -> int:
    setup_django(args.var_dir, args.database_url)
    from gaoxin.accounts.models import User
    from gaoxin.enterprises.io.department import services  # noqa: F401 - before measuring
    from gaoxin.enterprises.models import Enterprise

    actor = User.objects.get(username=OFFICIAL)
    Enterprise.objects.exists()  # open the connection before measuring
    started, cpu_started = time.perf_counter(), time.process_time()
    outcome = (
        run_registry(args.file, actor)
        if args.phase == "registry"
        else run_department(args.file, actor, args.list)
    )
    seconds = time.perf_counter() - started
    outcome["seconds"] = round(seconds, 2)
    outcome["cpu_seconds"] = round(time.process_time() - cpu_started, 2)
    outcome["rows_per_s"] = round(outcome["rows"] / seconds, 1)
    print(json.dumps(outcome))
    return 0


def run_registry(path: str, actor) -> dict:
    return run_ours(path, actor)


def run_department(path: str, actor, kind: str) -> dict:
    from gaoxin.enterprises.io.department.services import department_import_file_now

    job = department_import_file_now(
        actor=actor,
        kind=kind,
        department=DEPARTMENT,
        reference=REFERENCE,
        path=path,
        language="en",
    )
    if job.status != "succeeded":
        raise SystemExit(f"department import failed: {job.errors[:5]}")
    counts = job.details
    return {
        "rows": job.row_count,
        "created": job.created_count,
        "updated": job.updated_count,
        "unchanged": job.unchanged_count,
        **{k: counts[k] for k in ("verified", "mismatched") if k in counts},
    }


def report(results: list[tuple[str, dict]]) -> None:
    base = results[0][1]["rows_per_s"]
    print(f"\nload average: {Path('/proc/loadavg').read_text().strip()}")
    print(f"{'phase':22} {'rows':>6} {'seconds':>8} {'rows/s':>9} {'CPU s':>7} {'× registry':>11}")
    for name, r in results:
        print(
            f"{name:22} {r['rows']:>6} {r['seconds']:>8.2f} {r['rows_per_s']:>9.1f} "
            f"{r['cpu_seconds']:>7.2f} {r['rows_per_s'] / base:>11.2f}"
        )


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.phase:
        return run_phase(args)
    return orchestrate(args)


if __name__ == "__main__":
    raise SystemExit(main())
