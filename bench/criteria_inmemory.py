"""Benchmark: the in-memory batch evaluator of policy criteria against a per-record loop.

    uv run python bench/criteria_inmemory.py [--rows 1000000] [--policies 50] [--sample 20000]
        [--seed 3]

Django-free (rulebook/criteria). Generates --rows records of 12 facts (money, percent,
number, boolean, date, code; about 5 % of each numeric fact missing) as integer columns, and
--policies random criteria of 3-6 clauses (comparisons with thresholds, ratios of two facts,
arithmetic, booleans, code lists, dates, nested and/or/!). Measures:

  load        encoding the columns into a Frame (once, shared by every policy)
  batch       match_mask for every policy over all rows (numpy, exact rationals)
  per-record  explain() for every policy over the first --sample rows, extrapolated to --rows

checks that batch and per-record agree on the sample, and prints rows/s (record-policy pairs
per second), the ratio, and the peak resident memory of the process (ru_maxrss).
"""

from __future__ import annotations

import argparse
import datetime
import random
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rulebook.criteria import (
    FactCatalog,
    Frame,
    NumericColumn,
    compile_criteria,
    explain,
    match_mask,
)

MONEY = ("revenue", "rnd_expense", "profit", "tax_paid")
PERCENT = ("rnd_ratio", "export_ratio")
NUMBER = ("employees", "rnd_staff", "patents")
CATALOG = FactCatalog.from_list(
    [{"key": k, "type": "money", "unit": "元"} for k in MONEY]
    + [{"key": k, "type": "percent"} for k in PERCENT]
    + [{"key": k, "type": "number"} for k in NUMBER]
    + [
        {"key": "hnte", "type": "boolean"},
        {"key": "founded", "type": "date"},
        {"key": "industry", "type": "code"},
    ]
)
INDUSTRIES = [f"C{n}" for n in range(3900, 3960)]


def make_columns(rows: int, seed: int) -> tuple[dict, dict]:
    """Columns for the Frame (integer arrays with a scale) and a decoder to Python values."""
    rng = np.random.default_rng(seed)
    columns: dict = {}
    for key in MONEY:  # yuan with fen: scale 2
        values = rng.integers(0, 5 * 10**10, rows, dtype=np.int64)
        columns[key] = NumericColumn(values, 2, rng.random(rows) < 0.05)
    for key in PERCENT:  # percentage points with 2 places
        columns[key] = NumericColumn(rng.integers(0, 2000, rows), 2, rng.random(rows) < 0.05)
    for key in NUMBER:
        columns[key] = NumericColumn(rng.integers(0, 2000, rows), 0, rng.random(rows) < 0.05)
    columns["hnte"] = rng.random(rows) < 0.3
    start = datetime.date(1995, 1, 1).toordinal()
    ordinals = rng.integers(start, start + 30 * 365, rows)
    industry = rng.integers(0, len(INDUSTRIES), rows)
    return columns, {"ordinals": ordinals, "industry": industry}


def record(columns: dict, extra: dict, i: int) -> dict:
    facts: dict = {}
    for key in (*MONEY, *PERCENT, *NUMBER):
        column = columns[key]
        if not column.missing[i]:
            facts[key] = Decimal(int(column.values[i])).scaleb(-column.scale)
    facts["hnte"] = bool(columns["hnte"][i])
    facts["founded"] = datetime.date.fromordinal(int(extra["ordinals"][i]))
    facts["industry"] = INDUSTRIES[int(extra["industry"][i])]
    return facts


def random_clause(rng: random.Random) -> dict:
    kind = rng.randrange(10)
    op = rng.choice(["<", "<=", ">", ">="])
    if kind <= 2:
        key = rng.choice(MONEY)
        return {op: [{"var": key}, Decimal(rng.randrange(10**6, 3 * 10**8)) / 100]}
    if kind <= 4:
        key = rng.choice(PERCENT + NUMBER)
        return {op: [{"var": key}, Decimal(rng.randrange(0, 2000)) / 100]}
    if kind == 5:  # a ratio of two money facts, in percent
        a, b = rng.sample(MONEY, 2)
        ratio = {"*": [{"/": [{"var": a}, {"var": b}]}, 100]}
        return {op: [ratio, Decimal(rng.randrange(1, 300)) / 10]}
    if kind == 6:
        return {op: [{"+": [{"var": "employees"}, {"var": "rnd_staff"}]}, rng.randrange(2000)]}
    if kind == 7:
        return {"var": "hnte"}
    if kind == 8:
        return {"in": [{"var": "industry"}, rng.sample(INDUSTRIES, 10)]}
    return {">=": [{"var": "founded"}, f"{rng.randrange(1995, 2024)}-01-01"]}


def random_tree(rng: random.Random, leaves: list) -> dict:
    if len(leaves) == 1:
        node = leaves[0]
    else:
        cut = rng.randrange(1, len(leaves))
        op = "and" if rng.random() < 0.7 else "or"
        node = {op: [random_tree(rng, leaves[:cut]), random_tree(rng, leaves[cut:])]}
    return {"!": [node]} if rng.random() < 0.1 else node


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--policies", type=int, default=50)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    policies = [
        compile_criteria(
            random_tree(rng, [random_clause(rng) for _ in range(rng.randint(3, 6))]), CATALOG
        )
        for _ in range(args.policies)
    ]
    columns, extra = make_columns(args.rows, args.seed)
    started = time.perf_counter()
    columns["founded"] = [datetime.date.fromordinal(int(o)) for o in extra["ordinals"]]
    columns["industry"] = [INDUSTRIES[int(i)] for i in extra["industry"]]
    frame = Frame(CATALOG, columns)
    for key in (*MONEY, *PERCENT, *NUMBER, "hnte", "founded", "industry"):
        frame.column(key)
    load = time.perf_counter() - started

    started = time.perf_counter()
    masks = [match_mask(policy, frame) for policy in policies]
    batch = time.perf_counter() - started
    matched = sum(int(mask.sum()) for mask in masks)

    sample = min(args.sample, args.rows)
    records = [record(columns, extra, i) for i in range(sample)]
    started = time.perf_counter()
    statuses = [[explain(policy, facts).status for facts in records] for policy in policies]
    loop = time.perf_counter() - started
    for mask, row in zip(masks, statuses, strict=True):
        assert mask[:sample].tolist() == [status == "met" for status in row], "disagreement"

    pairs = args.rows * args.policies
    loop_rate = sample * args.policies / loop
    batch_rate = pairs / batch
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"records {args.rows:,}, policies {args.policies}, sample {sample:,}")
    print(f"load (encode columns, once)      {load:8.2f} s")
    print(
        f"batch, all policies              {batch:8.2f} s   {batch_rate:14,.0f} rows/s"
        f"   ({batch / args.policies * 1000:.0f} ms per policy)"
    )
    print(
        f"per-record explain, extrapolated {pairs / loop_rate:8.2f} s   {loop_rate:14,.0f} rows/s"
        f"   (measured {loop:.2f} s on the sample)"
    )
    print(f"ratio batch / per-record         {batch_rate / loop_rate:8.0f} x")
    print(f"matches (record, policy)         {matched:,}; sample agrees exactly")
    print(f"peak resident memory             {peak:8.0f} MiB")


if __name__ == "__main__":
    main()
