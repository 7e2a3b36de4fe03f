"""Benchmark: set-based policy matching (issue 3, item 4(b) and "Speed").

    uv run python bench/matching.py [--enterprises 1000000] [--policies 50] [--sample 2000]
        [--database-url postgres://postgres@127.0.0.1:5432/gaoxin_matchbench] [--seed 1]

Sets Django up by itself on a throwaway database: SQLite in a temporary directory (default) or
the PostgreSQL database named in --database-url (dropped and created afresh, dropped at the
end). Inserts N enterprises with one or two yearly facts and some qualifications (bulk_create
in batches), publishes P policies with random criteria of 3–6 clauses, then measures:

  sql only  matching.match_policy for each policy (the ids, nothing stored)
  sql       matching.rematch_all: per policy one SQL query + delete/bulk insert of PolicyMatch
  numpy     facts_frame once + match_mask per policy + the same store
  explain   enterprise_facts + explain per enterprise and policy on a sample, extrapolated
  calc      calculator.calculate for one enterprise over 200 policies

and checks that sql and numpy stored the same matches. Prints a table, ratios and ru_maxrss.
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
from bench.import_enterprises import recreate_postgres, setup_django  # noqa: E402

AS_OF = datetime.date(2025, 6, 30)
KINDS = ["high_tech", "tech_sme", "innovative_sme", "srdi", "little_giant"]
STAGES = ["", "rnd", "pilot", "production", "sales"]


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def populate(n: int, rng: random.Random, batch: int = 20000) -> None:
    from gaoxin.accounts.choices import OrganisationKind
    from gaoxin.accounts.models import Organisation
    from gaoxin.enterprises.models import Enterprise, Qualification, YearlyFact
    from gaoxin.parks.models import Park

    zone = Organisation.objects.create(
        name="基准高新区管委会", kind=OrganisationKind.ZONE_COMMITTEE, region_code="410171"
    )
    operator = Organisation.objects.create(
        name="基准产投集团", kind=OrganisationKind.PARK_OPERATOR, zone=zone
    )
    parks = [Park.objects.create(name=f"园区{i}", zone=zone, operator=operator) for i in range(5)]
    for start in range(0, n, batch):
        rows = []
        for i in range(start, min(n, start + batch)):
            founded = (
                None
                if rng.random() < 0.05
                else datetime.date(rng.randint(1995, 2025), rng.randint(1, 12), rng.randint(1, 28))
            )
            rows.append(
                Enterprise(
                    name=f"企业{i}",
                    uscc=f"91{i:016d}",
                    region_code="410171",
                    zone=zone,
                    park=rng.choice(parks) if rng.random() < 0.9 else None,
                    stage=rng.choice(STAGES),
                    founded_on=founded,
                    industry_code=rng.choice(["C3581", "I6510", "C3979", ""]),
                )
            )
        created = Enterprise.objects.bulk_create(rows)
        facts, quals = [], []
        for e in created:
            if rng.random() < 0.07:
                continue  # no figures on file
            for year in (2023, 2024) if rng.random() < 0.5 else (2024,):
                revenue = Decimal(rng.randint(0, 5 * 10**10)) / 100
                facts.append(
                    YearlyFact(
                        enterprise_id=e.pk,
                        year=year,
                        revenue=revenue,
                        rnd_expense=None
                        if rng.random() < 0.05
                        else (revenue * Decimal(rng.randint(0, 1200)) / 10000).quantize(
                            Decimal("0.01")
                        ),
                        output_value=revenue,
                        employees=rng.randint(1, 2000),
                        tax_paid=(revenue / 20).quantize(Decimal("0.01")),
                        patents_granted=rng.randint(0, 60),
                        export_value=None,
                    )
                )
            for kind in rng.sample(KINDS, rng.choice([0, 0, 1, 1, 2])):
                quals.append(
                    Qualification(
                        enterprise_id=e.pk,
                        kind=kind,
                        valid_from=datetime.date(rng.randint(2018, 2025), 1, 1),
                        valid_to=None
                        if rng.random() < 0.5
                        else datetime.date(rng.randint(2025, 2027), 12, 31),
                    )
                )
        YearlyFact.objects.bulk_create(facts, batch_size=5000)
        Qualification.objects.bulk_create(quals, batch_size=5000)
    return zone


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


def store(version, ids, as_of):
    from django.db import transaction
    from django.utils import timezone

    from gaoxin.policies.models import PolicyMatch

    now = timezone.now()
    with transaction.atomic():
        PolicyMatch.objects.filter(version=version, as_of=as_of).delete()
        PolicyMatch.objects.bulk_create(
            (
                PolicyMatch(version=version, enterprise_id=pk, as_of=as_of, matched_at=now)
                for pk in ids
            ),
            batch_size=5000,
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=1_000_000)
    parser.add_argument("--policies", type=int, default=50)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    tmp = tempfile.TemporaryDirectory(prefix="matchbench-")
    url = args.database_url
    if url:
        recreate_postgres(url)
    setup_django(tmp.name, url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    results: list[tuple[str, float, str]] = []

    t = time.perf_counter()
    zone = populate(args.enterprises, rng)
    publish(zone, args.policies, rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"setup: {args.enterprises} enterprises, {args.policies} policies "
        f"in {time.perf_counter() - t:.1f} s ({connection.vendor})"
    )

    from gaoxin.enterprises.models import Enterprise
    from gaoxin.policies.calculator import calculate
    from gaoxin.policies.facts import CATALOG, enterprise_facts, facts_frame
    from gaoxin.policies.matching import match_policy, rematch_all
    from gaoxin.policies.models import PolicyMatch
    from gaoxin.policies.selectors import policies_in_force
    from rulebook.criteria import compile_criteria, explain, match_mask

    pairs = policies_in_force(AS_OF)
    t = time.perf_counter()
    for _p, v in pairs:
        match_policy(v, as_of=AS_OF)
    results.append(("sql: match only, 50 queries (no store)", time.perf_counter() - t, ""))
    t = time.perf_counter()
    counts = rematch_all(as_of=AS_OF)
    sql_s = time.perf_counter() - t
    results.append(("sql: full re-match (read+evaluate+store)", sql_s, f"{maxrss_mb():.0f} MB"))
    sql_sets = {
        v.pk: set(
            PolicyMatch.objects.filter(version=v, as_of=AS_OF).values_list(
                "enterprise_id", flat=True
            )
        )
        for _p, v in pairs
    }

    other = AS_OF  # store under the same key: the numpy pass replaces the sql rows
    t = time.perf_counter()
    ids, frame = facts_frame(Enterprise.objects.all(), AS_OF)
    read_s = time.perf_counter() - t
    numpy_sets = {}
    for _p, v in pairs:
        mask = match_mask(compile_criteria(v.criteria, CATALOG), frame)
        matched = [pk for pk, ok in zip(ids, mask.tolist(), strict=True) if ok]
        store(v, matched, other)
        numpy_sets[v.pk] = set(matched)
    numpy_s = time.perf_counter() - t
    results.append(
        (
            "numpy: facts_frame + match_mask + store",
            numpy_s,
            f"{maxrss_mb():.0f} MB (frame read {read_s:.1f} s)",
        )
    )
    del frame, ids
    same = sql_sets == numpy_sets
    print(
        f"sql == numpy matched sets: {same}; matches per policy: "
        f"min {min(counts.values())}, max {max(counts.values())}, "
        f"total {sum(counts.values())}"
    )

    sample = list(Enterprise.objects.select_related("park").order_by("?")[: args.sample])
    compiled = [compile_criteria(v.criteria, CATALOG) for _p, v in pairs]
    t = time.perf_counter()
    for e in sample:
        facts = enterprise_facts(e, AS_OF)
        for criteria in compiled:
            explain(criteria, facts)
    per = (time.perf_counter() - t) / len(sample)
    explain_s = per * args.enterprises
    results.append(
        (
            f"explain per record (sample {len(sample)}, extrapolated)",
            explain_s,
            f"{per * 1000:.2f} ms/enterprise",
        )
    )

    firm = sample[0]
    many = (pairs * (200 // len(pairs) + 1))[:200]
    t = time.perf_counter()
    facts = enterprise_facts(firm, AS_OF)
    calculate(many, facts, AS_OF)
    calc_s = time.perf_counter() - t
    results.append(("calculator: one enterprise, 200 policies", calc_s, ""))

    print(f"\n{'phase':<52} {'seconds':>10}  note")
    for name, secs, note in results:
        print(f"{name:<52} {secs:>10.2f}  {note}")
    print(
        f"\nnumpy / sql: {numpy_s / sql_s:.2f}×   explain / sql: {explain_s / sql_s:.1f}×   "
        f"peak ru_maxrss {maxrss_mb():.0f} MB"
    )
    connection.close()
    if url:
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
    tmp.cleanup()
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
