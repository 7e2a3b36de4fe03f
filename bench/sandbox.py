"""Benchmark: the policy sandbox (issue 3, item 8) — a draft compared with the published version.

    uv run python bench/sandbox.py [--enterprises 100000] [--sample 2000]
        [--database-url postgres://postgres@127.0.0.1:5432/gaoxin_sandboxbench] [--seed 1]

A throwaway database (SQLite in a temporary directory, or the PostgreSQL database named in
--database-url, dropped and created afresh): the demo (``gaoxin load-demo``, 25 enterprises in
郑州高新区) plus N enterprises in a bench zone (``bench/matching.py``'s ``populate``). In each
zone one policy, R&D intensity ≥ 3 % and 高新技术企业, 10 % of R&D expense capped at 5 000 000,
and a draft raising the threshold to 4 % and the rate to 12 %. Measured:

  sandbox demo    sandbox.compare over the demo zone
  sandbox N       sandbox.compare over the bench zone (N enterprises), and its parts:
                  match_policy × 2, facts_frame of the qualifying, batch amounts
  amounts         the same amounts per enterprise with evaluate_amount over the loaded rows
  now fails       the clauses of the draft each leaving enterprise fails (sandbox.now_fails):
                  the page's SHOWN, and all of them as the export reads them (chunks of facts)
  naive           per enterprise: enterprise_facts + explain (both versions) + evaluate_amount,
                  on a sample, extrapolated to N

and checks that the set-based and the naive comparison agree on the sample. Prints ratios.
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

AS_OF = datetime.date(2025, 6, 30)  # the bench data's figures are of 2023/2024
RND = {
    "and": [
        {">=": [{"var": "rnd_ratio"}, 3]},
        {"in": ["high_tech", {"var": "qualifications"}]},
    ]
}
FORMULA = {"min": [{"*": [{"var": "rnd_expense"}, Decimal("0.1")]}, 5000000]}
DRAFT = {"and": [{">=": [{"var": "rnd_ratio"}, 4]}, RND["and"][1]]}
DRAFT_FORMULA = {"min": [{"*": [{"var": "rnd_expense"}, Decimal("0.12")]}, 5000000]}


def setup_django(var_dir: str, database_url: str) -> None:
    """Django on the bench database; tasks are queued in the database, never run here."""
    import os

    os.environ["GAOXIN_VAR_DIR"] = var_dir
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["TASKS_BACKEND"] = "database"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def official_of(zone):
    from gaoxin.accounts.choices import Role
    from gaoxin.accounts.models import User

    user = User.objects.filter(organisation=zone, role=Role.ZONE_OFFICIAL).first()
    return user or User.objects.create(
        username=f"bench_official_{zone.pk}", role=Role.ZONE_OFFICIAL, organisation=zone
    )


def policy_with_draft(zone, title: str):
    from gaoxin.policies.services import draft_save, policy_create, version_publish

    policy = policy_create(actor=None, zone=zone, data={"title": title, "issuing_body": "管委会"})
    version_publish(
        actor=None,
        policy=policy,
        criteria=RND,
        formula=FORMULA,
        effective_from=datetime.date(2025, 1, 1),
    )
    draft_save(
        actor=None,
        policy=policy,
        criteria=DRAFT,
        formula=DRAFT_FORMULA,
        effective_from=datetime.date(2025, 6, 1),
    )
    return policy


def timed(label: str, fn, results: list, note: str = "", repeat: int = 3):
    best, value = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t)
    results.append((label, best, note))
    print(f"  {label:<34} {best * 1000:10.1f} ms  {note}", flush=True)
    return value, best


def run_compare(user, policy):
    from gaoxin.policies.sandbox import compare

    draft = policy.versions.get(published_at__isnull=True)
    return compare(
        user=user,
        policy=policy,
        criteria=draft.criteria,
        formula=draft.formula,
        as_of=AS_OF,
        draft=draft,
    )


def naive(user, policy, ids: list[int]):
    """Per enterprise: its facts, both versions explained, both amounts (no set operation)."""
    from gaoxin.enterprises.scoping import visible_enterprises
    from gaoxin.policies.matching.catalog import CATALOG
    from gaoxin.policies.matching.facts import enterprise_facts
    from rulebook.criteria import compile_criteria, compile_formula, evaluate_amount, explain

    before_c, after_c = compile_criteria(RND, CATALOG), compile_criteria(DRAFT, CATALOG)
    before_f, after_f = compile_formula(FORMULA, CATALOG), compile_formula(DRAFT_FORMULA, CATALOG)
    enterprises = visible_enterprises(user).filter(pk__in=ids).select_related("park")
    out = {}
    for enterprise in enterprises.iterator(chunk_size=2000):
        facts = enterprise_facts(enterprise, AS_OF)
        b = explain(before_c, facts).status == "met"
        a = explain(after_c, facts).status == "met"
        out[enterprise.pk] = (
            evaluate_amount(before_f, facts) if b else None,
            evaluate_amount(after_f, facts) if a else None,
            b,
            a,
        )
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    tmp = tempfile.TemporaryDirectory(prefix="sandboxbench-")
    url = args.database_url
    if url:
        recreate_postgres(url)
    else:
        url = f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
    setup_django(tmp.name, url)
    from django.core.management import call_command
    from django.db import connection

    from bench.matching import populate
    from gaoxin.accounts.models import Organisation
    from gaoxin.enterprises.scoping import visible_enterprises
    from gaoxin.policies import sandbox
    from gaoxin.policies.matching.catalog import CATALOG
    from gaoxin.policies.matching.facts import facts_frame
    from gaoxin.policies.matching.match import match_policy
    from gaoxin.policies.models import PolicyVersion
    from rulebook.criteria import compile_formula, evaluate_amount
    from rulebook.criteria.amounts import amounts_fen

    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    made = populate(args.enterprises, random.Random(args.seed))  # explicit ids: first
    call_command("load_demo", verbosity=0)
    zone = made[0] if isinstance(made, tuple) else made
    print(
        f"{connection.vendor}: demo + {args.enterprises} enterprises in "
        f"{time.perf_counter() - t:.1f} s",
        flush=True,
    )
    results: list = []

    demo_zone = Organisation.objects.get(name="郑州高新技术产业开发区管委会")
    demo_user = official_of(demo_zone)
    demo_policy = policy_with_draft(demo_zone, "沙盒基准政策")
    demo_result, _ = timed("sandbox demo zone", lambda: run_compare(demo_user, demo_policy),
                           results, repeat=5)  # fmt: skip
    print(
        f"    demo: {demo_result.count_before} → {demo_result.count_after} of "
        f"{demo_result.scope_count}, cost {demo_result.cost_before} → {demo_result.cost_after}"
    )

    user = official_of(zone)
    policy = policy_with_draft(zone, "沙盒基准政策")
    result, total = timed(f"sandbox {args.enterprises}", lambda: run_compare(user, policy),
                          results)  # fmt: skip
    print(
        f"    {result.count_before} → {result.count_after} qualify "
        f"(+{result.entering_count} −{result.leaving_count}), cost {result.cost_before} → "
        f"{result.cost_after} (Δ {result.cost_difference}), {result.changed_count} changed"
    )
    scope = visible_enterprises(user).filter(zone_id=zone.pk)
    leaving_ids = result.leaving_ids
    timed(
        f"  now fails, {min(sandbox.SHOWN, len(leaving_ids))} shown (in compare)",
        lambda: sandbox.now_fails(scope, DRAFT, leaving_ids[: sandbox.SHOWN], AS_OF),
        results,
    )
    timed(
        f"  now fails, all {len(leaving_ids)} leaving (export)",
        lambda: sandbox.now_fails(scope, DRAFT, leaving_ids, AS_OF),
        results,
        repeat=1,
    )
    demo_scope = visible_enterprises(demo_user).filter(zone_id=demo_zone.pk)
    sides, formulas = (RND, DRAFT), (FORMULA, DRAFT_FORMULA)
    timed(
        "  demo zone by SQL (_by_sql)",
        lambda: sandbox._by_sql(demo_policy, demo_scope, sides, formulas, AS_OF),
        results,
    )
    timed(
        "  demo zone by one frame (_by_frame)",
        lambda: sandbox._by_frame(demo_policy, demo_scope, sides, formulas, AS_OF),
        results,
    )
    timed(
        f"  {args.enterprises} by SQL (_by_sql)",
        lambda: sandbox._by_sql(policy, scope, sides, formulas, AS_OF),
        results,
        repeat=1,
    )
    timed(
        f"  {args.enterprises} by one frame (_by_frame)",
        lambda: sandbox._by_frame(policy, scope, sides, formulas, AS_OF),
        results,
        repeat=1,
    )
    published = PolicyVersion(criteria=RND, formula=FORMULA)
    drafted = PolicyVersion(criteria=DRAFT, formula=DRAFT_FORMULA)
    before, _ = timed(
        "  match_policy (published)",
        lambda: match_policy(published, as_of=AS_OF, queryset=scope),
        results,
    )
    after, _ = timed(
        "  match_policy (draft)",
        lambda: match_policy(drafted, as_of=AS_OF, queryset=scope),
        results,
    )
    union = sorted(set(before) | set(after))
    chunk = union[: sandbox.CHUNK]

    def load():
        return facts_frame(scope.filter(pk__in=chunk), AS_OF)

    (ids, frame), _ = timed(f"  facts_frame ({len(chunk)} ids)", load, results)
    formula = compile_formula(DRAFT_FORMULA, CATALOG)
    _, t_batch = timed(f"  batch amounts ({len(chunk)})", lambda: amounts_fen(formula, frame),
                       results)  # fmt: skip
    keys = list(formula.facts)
    records = [{key: frame.record(i)[key] for key in keys} for i in range(len(ids))]

    def per_row():
        return [evaluate_amount(formula, record) for record in records]

    _, t_rows = timed(f"  evaluate_amount per row ({len(chunk)})", per_row, results)
    print(f"    batch amounts are {t_rows / t_batch:.0f}× faster than evaluate_amount per row")

    sample = random.Random(args.seed).sample(
        list(scope.values_list("pk", flat=True)), min(args.sample, args.enterprises)
    )
    slow, t_sample = timed(f"naive loop ({len(sample)} sample)",
                           lambda: naive(user, policy, sample), results, repeat=1)  # fmt: skip
    projected = t_sample * args.enterprises / len(sample)
    print(f"    naive projected to {args.enterprises}: {projected:.1f} s")
    print(f"    ratio naive / set-based: {projected / total:.0f}×")
    amounts = result.amounts
    index = {int(pk): i for i, pk in enumerate(amounts.ids.tolist())}
    mismatches = 0
    for pk, (b, a, in_b, in_a) in slow.items():
        i = index.get(pk)
        got_b = in_b == (i is not None and bool(amounts.before[i]))
        got_a = in_a == (i is not None and bool(amounts.after[i]))
        same_amounts = i is None or (
            amounts.amount(i, "before") == b and amounts.amount(i, "after") == a
        )
        mismatches += not (got_b and got_a and same_amounts)
    print(f"    set-based vs naive on the sample: {mismatches} mismatches")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (ru_maxrss): {peak:.0f} MB")
    if args.database_url:
        connection.close()
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
