"""Benchmark: Gaoxin's pages under gunicorn against a bare Django view (issue 15, item 6).

    uv run --frozen python bench/web.py [--enterprises 50000] [--duration 15] [--warmup 3]
        [--connections 32] [--mixed-duration 60] [--sessions 100] [--port 8131]
        [--database-url postgres://postgres@127.0.0.1:5432/gx_web_bench] [--keep]

Builds a throwaway database — SQLite in a temporary directory, or the PostgreSQL database named
by --database-url (dropped and created afresh, dropped at the end unless --keep) — with the demo
data (`gaoxin load-demo`) plus N generated enterprises in the demo zone (then ANALYZE, so that
the planner has the statistics a maintained database has), starts gunicorn itself
(`-w 2 -k sync`, DEBUG off so the template loaders are cached; bench/web_settings.py adds the
baseline view of bench/web_urls.py, which is not part of the product) and measures with wrk
(Debian's package, 2 threads, 32 connections, a warm-up first):

  bare                 GET /bench/bare/: 20 enterprise rows as JSON through the ORM, no login
  enterprise list      GET /enterprises/ as the zone official (demo user lili, logged in through
                       the login page)
  API enterprise list  GET /api/enterprises as the zone official (session cookie)
  public policy list   GET /public/ without login
  dashboard            GET /overview/ (the overview, where / leads) as the zone official

The bare view is measured first and last; the ratios are against the mean of the two. Targets:
the API list ≥ 1/2 of the bare view's requests per second, every HTML page ≥ 1/4, p99 < 100 ms
and every answer 200 (a request unanswered after 10 s counts as an error). Then:

  writes     a burst of the four pages as the zone official must leave the database unchanged
             (SQLite: PRAGMA data_version; PostgreSQL: inserted/updated/deleted tuples of
             pg_stat_user_tables) and the django_session rows identical
  mixed      S logged-in sessions (several roles: zone official, park operator, provincial
             reviewer, enterprise users, advisor; created with the test client's force_login)
             over 100 connections for 60 s, each request the next (session, page) pair, the
             pages being the links of each role's landing page (up to 30 answering 200 in-process);
             the target is 0 errors (status ≥ 400, socket errors, timeouts at 10 s)

Before each measurement it waits until the server has drained what the previous one left queued.
gunicorn gets a worker timeout of 120 s so that a slow answer on a busy machine is measured (as a
wrk timeout) rather than the worker killed. --reuse DIR keeps the built SQLite database in DIR for
the next run (building it takes minutes). Everything it starts (gunicorn, the database) is stopped
and removed at the end, also on failure.
The machine is usually shared: compare the ratios, not the absolute figures; the load average is
printed.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LUA_DIR = ROOT / "bench" / "web_lua"
DEMO_PASSWORD = "Gaoxin@2025demo"  # noqa: S105 - the published demo password (docs/demo.md)
OFFICIAL = "lili"
# the roles of the mixed load: demo users, each logged in several times
MIXED_USERS = ("lili", "chenjinge", "reviewer", "hengtian", "saiwei", "zanminghui")
MAX_PAGES_PER_ROLE = 30
SKIPPED_LINKS = ("/accounts/logout", "/i18n/", "/static/", "/admin/", "export", "download", "/api/")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--enterprises", type=int, default=50000)
    parser.add_argument("--duration", type=int, default=15, help="seconds per page")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--mixed-duration", type=int, default=60)
    parser.add_argument("--mixed-connections", type=int, default=100)
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--port", type=int, default=8131)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default="", help="PostgreSQL (dropped and recreated)")
    parser.add_argument("--keep", action="store_true", help="keep the database and the folder")
    parser.add_argument(
        "--reuse",
        metavar="DIR",
        help="SQLite only: take the database built by an earlier run from DIR (build it there "
        "first if missing); the sessions are made afresh each run",
    )
    parser.add_argument("--phase", choices=["data", "sessions"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.phase:
        return setup_phase(args)
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    return orchestrate(args)


# --- the parent: database, server, wrk ----------------------------------------------------------


def bench_env(var_dir: str, database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        GAOXIN_VAR_DIR=var_dir,
        DJANGO_SETTINGS_MODULE="bench.web_settings",
        DATABASE_URL=database_url,
        TASKS_BACKEND="database",
        LOG_LEVEL="WARNING",
        DEBUG="0",
        PYTHONPATH=str(ROOT),
    )
    env.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    return env


def run(cmd: list[str], env: dict, what: str) -> None:
    started = time.monotonic()
    result = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise RuntimeError(f"{what} failed ({result.returncode})")
    print(f"  {what}: {time.monotonic() - started:.1f} s", flush=True)


def orchestrate(args) -> int:
    tmp = tempfile.mkdtemp(prefix="gaoxin-webbench-")
    pg = bool(args.database_url)
    database_url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
    env = bench_env(tmp, database_url)
    server = None
    try:
        print(f"Setting up {'PostgreSQL' if pg else 'SQLite'} in {tmp}", flush=True)
        if pg:
            from bench.import_enterprises import recreate_postgres

            recreate_postgres(database_url)
        (Path(tmp) / "staticfiles").mkdir()
        python = sys.executable
        cached = Path(args.reuse or tmp) / "bench.sqlite3"
        data_file = Path(tmp) / "data.json"
        if args.reuse and not pg and cached.exists():
            shutil.copyfile(cached, Path(tmp) / "bench.sqlite3")
            shutil.copyfile(cached.with_suffix(".json"), data_file)
            print(f"  database copied from {cached}", flush=True)
        else:
            run([python, "-m", "gaoxin.cli", "migrate", "--noinput"], env, "migrate")
            run([python, "-m", "gaoxin.cli", "load-demo"], env, "load-demo")
            run(
                [python, __file__, "--phase", "data", "--out", str(data_file),
                 "--enterprises", str(args.enterprises)],
                env,
                f"{args.enterprises} enterprises",
            )  # fmt: skip
            if args.reuse and not pg:
                Path(args.reuse).mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(tmp) / "bench.sqlite3", cached)
                shutil.copyfile(data_file, cached.with_suffix(".json"))
        setup_file = Path(tmp) / "setup.json"
        run(
            [python, __file__, "--phase", "sessions", "--out", str(setup_file),
             "--sessions", str(args.sessions)],
            env,
            f"{args.sessions} sessions",
        )  # fmt: skip
        setup = json.loads(setup_file.read_text()) | json.loads(data_file.read_text())
        server = start_gunicorn(args, env, tmp)
        base = f"http://127.0.0.1:{args.port}"
        cookie = login(base, OFFICIAL, DEMO_PASSWORD)
        targets = [
            ("bare", "/bench/bare/", "", None),
            ("enterprise list", "/enterprises/", cookie, 4),
            ("API enterprise list", "/api/enterprises", cookie, 2),
            ("public policy list", "/public/", "", 4),
            ("dashboard", "/overview/", cookie, 4),
        ]
        for name, path, cookie_header, _ in targets:
            check_ok(base + path, cookie_header, name)
        print(f"Measuring: {args.duration} s each, {args.connections} connections", flush=True)
        results = []
        for name, path, cookie_header, _ in [*targets, targets[0]]:
            drain(base)
            wrk(base + path, cookie_header, args.warmup, args.connections, timeout=10)
            result = wrk(base + path, cookie_header, args.duration, args.connections, timeout=10)
            results.append((name, result))
            print(f"  {name}: {result['rps']:.0f} req/s, p99 {result['p99_ms']:.1f} ms", flush=True)
        drain(base)
        writes = write_check(args, base, cookie, database_url, tmp)
        drain(base)
        mixed = mixed_load(args, base, setup, tmp)
        return report(args, results, targets, writes, mixed, setup, pg)
    finally:
        if server is not None:
            stop(server)
        if pg and not args.keep:
            from bench.matching import drop_postgres

            drop_postgres(database_url)
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def start_gunicorn(args, env: dict, tmp: str) -> subprocess.Popen:
    cmd = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--workers", str(args.workers), "--worker-class", "sync",
        "--bind", f"127.0.0.1:{args.port}", "--chdir", str(ROOT),
        "--log-level", "warning", "--error-logfile", str(Path(tmp) / "gunicorn.log"),
        "--pid", str(Path(tmp) / "gunicorn.pid"), "--timeout", "120",
    ]  # fmt: skip
    server = subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited: see " + str(Path(tmp) / "gunicorn.log"))
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/bench/bare/", timeout=5):
                print(f"  gunicorn up on port {args.port} (pid {server.pid})", flush=True)
                return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    stop(server)
    raise RuntimeError("gunicorn did not answer within 180 s")


def stop(server: subprocess.Popen) -> None:
    """Stop gunicorn's master (its own process group) and its workers."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def login(base: str, username: str, password: str) -> str:
    """Log in through the login page as a browser does; the Cookie header of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    landing = opener.open(base + "/accounts/login/", data=data, timeout=60)
    if "/accounts/login/" in landing.geturl():
        raise RuntimeError(f"logging in as {username} failed")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def check_ok(url: str, cookie: str, name: str) -> None:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect)
    try:
        status = opener.open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise RuntimeError(f"{name} ({url}) answers {status}, not 200")


def drain(base: str, limit: float = 180) -> None:
    """Wait until the server answers the bare view within half a second: the requests wrk left
    queued (a sync worker still answers a request whose client has gone) must not slow the next
    measurement."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(base + "/bench/bare/", timeout=60):  # noqa: S310
                pass
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() - started < 0.5:
            return
        time.sleep(1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wrk(url: str, cookie: str, seconds: int, connections: int, script: str = "measure.lua",
        extra_env: dict | None = None, timeout: int = 2) -> dict:  # fmt: skip
    cmd = [
        "wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s",
        "--timeout", f"{timeout}s", "-s", str(LUA_DIR / script),
    ]  # fmt: skip
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    cmd.append(url)
    env = dict(os.environ, WEBBENCH_LUA_DIR=str(LUA_DIR), **(extra_env or {}))
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout  # noqa: S603
    line = next(row for row in out.splitlines() if row.startswith("WEBBENCH "))
    fields = dict(part.split("=") for part in line.split()[1:])
    result = {key: float(value) for key, value in fields.items()}
    result["rps"] = result["requests"] / result["seconds"]
    result["errors"] = result["failed"] + result["socket"] + result["timeout"]
    return result


def write_check(args, base: str, cookie: str, database_url: str, tmp: str) -> dict:
    """A burst of page views as the zone official: the database must not change."""
    pairs = Path(tmp) / "write_pairs.tsv"
    paths = ["/overview/", "/enterprises/", "/api/enterprises", "/public/", "/enterprises/?page=2"]
    pairs.write_text("".join(f"{cookie}\t{path}\n" for path in paths))
    before = database_state(database_url)
    burst = wrk(base + "/", "", 5, 8, "mixed.lua", {"WEBBENCH_PAIRS": str(pairs)}, timeout=10)
    time.sleep(1.5)  # PostgreSQL's statistics reach pg_stat_user_tables within a second
    after = database_state(database_url)
    return {
        "requests": int(burst["requests"]),
        "errors": int(burst["errors"] + burst["redirected"]),
        "changes": after["changes"] - before["changes"],
        "sessions_same": after["sessions"] == before["sessions"],
        "measure": before["measure"],
    }


def database_state(database_url: str) -> dict:
    if database_url.startswith("sqlite"):
        import sqlite3

        path = database_url.removeprefix("sqlite:///")
        if not path.startswith("/"):
            path = "/" + path
        state = database_state.__dict__.setdefault("sqlite", sqlite3.connect(path))
        version = state.execute("PRAGMA data_version").fetchone()[0]
        rows = state.execute("SELECT * FROM django_session ORDER BY session_key").fetchall()
        measure = "PRAGMA data_version (commits by other connections)"
    else:
        import dj_database_url
        import psycopg

        cfg = dj_database_url.parse(database_url)
        with psycopg.connect(
            host=cfg["HOST"] or "127.0.0.1",
            port=cfg["PORT"] or 5432,
            user=cfg["USER"] or "postgres",
            dbname=cfg["NAME"],
        ) as conn:
            version = conn.execute(
                "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) "
                "FROM pg_stat_user_tables"
            ).fetchone()[0]
            rows = conn.execute("SELECT * FROM django_session ORDER BY session_key").fetchall()
        measure = "pg_stat_user_tables: tuples inserted + updated + deleted"
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()
    return {"changes": int(version), "sessions": digest, "measure": measure}


def mixed_load(args, base: str, setup: dict, tmp: str) -> dict:
    pairs = Path(tmp) / "mixed_pairs.tsv"
    lines = []
    # interleave: session i takes its role's pages in turn
    sessions = setup["sessions"]
    longest = max(len(s["paths"]) for s in sessions)
    for round_ in range(longest):
        for session in sessions:
            path = session["paths"][round_ % len(session["paths"])]
            lines.append(f"{session['cookie']}\t{path}\n")
    pairs.write_text("".join(lines))
    print(
        f"Mixed load: {len(sessions)} sessions, {args.mixed_connections} connections, "
        f"{args.mixed_duration} s",
        flush=True,
    )
    result = wrk(
        base + "/", "", args.mixed_duration, args.mixed_connections, "mixed.lua",
        {"WEBBENCH_PAIRS": str(pairs)}, timeout=10,
    )  # fmt: skip
    result["pairs"] = len(lines)
    return result


def report(args, results, targets, writes, mixed, setup, pg) -> int:
    bare_runs = [r for name, r in results if name == "bare"]
    bare_rps = sum(r["rps"] for r in bare_runs) / len(bare_runs)
    minimum = {name: fraction for name, _, _, fraction in targets}
    load = Path("/proc/loadavg").read_text().split()[:3]
    print()
    print(
        f"Web speed — {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, "
        f"{'PostgreSQL' if pg else 'SQLite'}, {setup['enterprises']} enterprises, gunicorn "
        f"{args.workers} sync workers, wrk 2 threads × {args.connections} connections, "
        f"{args.duration} s each; load average {' '.join(load)}"
    )
    header = f"{'':22}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'× bare':>9}  target"
    print(header)
    print("-" * len(header) + "-" * 24)
    failures = []
    for name, result in results:
        ratio = result["rps"] / bare_rps
        fraction = minimum[name]
        verdict = ""
        if fraction:
            ok = ratio >= 1 / fraction and result["p99_ms"] < 100 and result["errors"] == 0
            ok = ok and result["redirected"] == 0
            verdict = f"≥ 1/{fraction}, p99 < 100 ms: {'PASS' if ok else 'FAIL'}"
            if not ok:
                failures.append(name)
        if result["errors"] or result["redirected"]:
            verdict += f" ({int(result['errors'])} errors, {int(result['redirected'])} redirects)"
        print(
            f"{name:22}{result['rps']:8.0f}{result['p50_ms']:9.1f}{result['p99_ms']:9.1f}"
            f"{ratio:9.2f}  {verdict}"
        )
    print(f"(ratios against the mean of the two bare runs, {bare_rps:.0f} req/s)")
    writes_ok = (
        writes["requests"] > 0
        and writes["changes"] == 0
        and writes["sessions_same"]
        and writes["errors"] == 0
    )
    print(
        f"Writes during {writes['requests']} page views as the zone official: "
        f"{writes['changes']} ({writes['measure']}), django_session "
        f"{'unchanged' if writes['sessions_same'] else 'CHANGED'}, "
        f"{writes['errors']} answers not 200: "
        f"{'PASS' if writes_ok else 'FAIL'}"
    )
    if not writes_ok:
        failures.append("writes")
    mixed_ok = mixed["errors"] == 0 and mixed["requests"] > 0
    print(
        f"Mixed load: {len(setup['sessions'])} sessions ({', '.join(setup['roles'])}), "
        f"{mixed['pairs']} (session, page) pairs over {len(setup['paths'])} pages, "
        f"{args.mixed_connections} connections, {args.mixed_duration} s: "
        f"{int(mixed['requests'])} requests, {mixed['rps']:.0f} req/s, p50 "
        f"{mixed['p50_ms']:.0f} ms, p99 {mixed['p99_ms']:.0f} ms, {int(mixed['redirected'])} "
        f"redirects, {int(mixed['failed'])} status ≥ 400, {int(mixed['socket'])} socket errors, "
        f"{int(mixed['timeout'])} timeouts: {'PASS' if mixed_ok else 'FAIL'}"
    )
    if not mixed_ok:
        failures.append("mixed")
    if setup["broken"]:
        print("Dashboard links left out of the mixed load (an error in-process):")
        for line in setup["broken"]:
            print("  " + line)
    print("All targets met." if not failures else "Missed: " + ", ".join(failures))
    return 0 if not failures else 1


# --- the setup phase (a child with Django) -----------------------------------------------------


def setup_phase(args) -> int:
    import django

    django.setup()
    if args.phase == "data":
        result = {"enterprises": add_enterprises(args.enterprises)}
        # The planner's statistics, as autovacuum (PostgreSQL) or a maintained database would
        # have them: without, PostgreSQL plans the 50 000-row zone as 25 rows and sorts the
        # whole zone for the list's first page (37 ms instead of 0.1 ms).
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        sessions, roles, paths, broken = make_sessions(args.sessions)
        result = {"sessions": sessions, "roles": roles, "paths": sorted(paths), "broken": broken}
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False))
    return 0


def add_enterprises(n: int) -> int:
    """N more enterprises in the demo zone (bulk inserts), each with a yearly fact."""
    import random
    from decimal import Decimal

    from django.db import transaction

    from gaoxin.accounts.models import User
    from gaoxin.enterprises.models import Enterprise, YearlyFact
    from gaoxin.parks.models import Park

    zone = User.objects.get(username=OFFICIAL).organisation.home_zone
    parks = [*Park.objects.filter(zone=zone), None]
    rng = random.Random(15)
    stages = ["", "rnd", "pilot", "production", "sales"]
    batch = 5000
    for start in range(0, n, batch):
        with transaction.atomic():
            rows = Enterprise.objects.bulk_create(
                Enterprise(
                    name=f"基准企业{i:06d}有限公司",
                    uscc=f"91410100{i:010d}",
                    region_code="410171",
                    industry_code=rng.choice(["C3581", "I6510", "C3979", ""]),
                    zone=zone,
                    park=rng.choice(parks),
                    stage=rng.choice(stages),
                    founded_on=datetime.date(rng.randint(1995, 2025), rng.randint(1, 12), 1),
                )
                for i in range(start, min(n, start + batch))
            )
            YearlyFact.objects.bulk_create(
                YearlyFact(
                    enterprise=row,
                    year=2024,
                    revenue=Decimal(rng.randint(0, 10**9)) / 100,
                    employees=rng.randint(1, 2000),
                )
                for row in rows
            )
    return Enterprise.objects.filter(zone=zone).count()


def make_sessions(count: int):
    """`count` logged-in sessions of the mixed-load users (force_login, no password hashing),
    each with its cookies after a first page view, and each role's pages: the links of its
    dashboard that answer 200."""
    from django.test import Client

    from gaoxin.accounts.models import User

    users = {u.username: u for u in User.objects.filter(username__in=MIXED_USERS)}
    pages: dict[str, list[str]] = {}
    broken: list[str] = []
    sessions = []
    for i in range(count):
        user = users[MIXED_USERS[i % len(MIXED_USERS)]]
        client = Client()
        client.force_login(user)
        first = client.get("/", follow=True)  # / leads each role to its landing page
        if user.username not in pages:
            found = []
            landing = first.redirect_chain[-1][0] if first.redirect_chain else "/"
            links = set(re.findall(r'href="(/[^"#]*)"', first.content.decode())) | {landing}
            for link in sorted(links):
                link = link.replace("&amp;", "&")
                if any(part in link for part in SKIPPED_LINKS):
                    continue
                status = client.get(link).status_code
                if status == 200:
                    found.append(link)
                elif status >= 400:
                    broken.append(f"{user.username} ({user.role}): {link} answers {status}")
                if len(found) >= MAX_PAGES_PER_ROLE:
                    break
            pages[user.username] = found or ["/"]
        cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
        sessions.append({"user": user.username, "cookie": cookie, "paths": pages[user.username]})
    roles = sorted({str(users[name].role) for name in pages})
    paths = {path for found in pages.values() for path in found}
    return sessions, roles, paths, broken


if __name__ == "__main__":
    sys.exit(main())
