"""`make bench-smoke`: every benchmark with tiny sizes, to show that they run (not their figures).

    .venv/bin/python bench/smoke.py

Each script runs as `make bench` runs it, in a process of its own, with sizes small enough that
the whole smoke takes well under a minute on a quiet 2-core machine, two scripts at a time. Its
results go to a temporary directory, never over bench/results/, and the smoke checks that each
script exited 0 and wrote the figures its result must name (`commit`, and the keys
docs/benchmarks.md describes), whatever their values.

Databases: one template, migrated once (`<BENCH_DATABASE_URL's name>_template`), and a copy of
it for each script (`<name>_<script>`), all dropped at the end; every name contains "bench".
Migrations run with `synchronous_commit` off, which changes nothing the smoke checks and
halves their time. Redis: BENCH_BROKER_URL and BENCH_CACHE_URL (default: database 14 and 13),
as the scripts read them. Not a benchmark: `make bench` does not run it.
"""

import argparse
import concurrent.futures
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/appeals_bench_smoke"

# Tiny sizes: enough for every code path of each script to run once or twice. The longest
# first, so that two at a time end together.
SCRIPTS: dict[str, list[str]] = {
    "load": ["--seconds=2", "--clients=2", "--letter-clients=1", "--rounds=1"],
    "abuse": [
        "--seconds=2", "--unloaded-seconds=2", "--warmup-seconds=1", "--readers=2",
        "--attackers=1", "--drain-seconds=10",
    ],
    "letters": [
        "--runs=2", "--warmup=1", "--throughput=2", "--memory-low=1", "--memory-high=3",
        "--timeout=60",
    ],
    "api": [
        "--count=40", "--rounds=3", "--warmup=1", "--baseline-rounds=2",
        "--load-seconds=1", "--connections=2",
    ],
    "reminders": ["--cases=10", "--hearings=500", "--repeat=2"],
    "generate_cases": ["--count=20"],
    "importer": ["--repeat=1"],
}  # fmt: skip
# What each result must name (a dotted path: a key inside a key).
REQUIRED: dict[str, list[str]] = {
    "api": [
        "ours_over_floor", "drf_over_ours", "spreads.ours_over_floor.p25",
        "spreads.drf_over_ours.p75", "page_100.deepest", "page_100.equivalence",
    ],
    "letters": ["repeat_post_speedup", "download_speedup", "render_over_bare", "worker.throughput"],
    "load": [
        "unloaded.req_per_s", "unloaded.p50_ms", "unloaded.p95_ms",
        "loaded.req_per_s", "loaded.p50_ms", "loaded.p95_ms", "p95_ratio",
    ],
    "abuse": ["p95_ratio"],
    "generate_cases": ["rows_total"],
    "reminders": ["quiet_tick", "backlog_tick"],
    "importer": ["fields"],
}  # fmt: skip
TIMEOUT = 240  # seconds a script may take here before the smoke calls it stuck


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scripts", nargs="*", help=f"some of {', '.join(SCRIPTS)} (all)")
    parser.add_argument("--jobs", type=int, default=2, help="scripts at a time")
    parser.add_argument("--keep", action="store_true", help="keep the results directory")
    arguments = parser.parse_args()
    unknown = set(arguments.scripts) - set(SCRIPTS)
    if unknown:
        parser.error(f"no such benchmark: {', '.join(sorted(unknown))}")
    arguments.scripts = arguments.scripts or list(SCRIPTS)
    return arguments


def _database_url(base: str, suffix: str) -> str:
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=f"{parts.path}_{suffix}"))


def _admin(base: str):
    import psycopg2

    parts = urllib.parse.urlsplit(base)
    connection = psycopg2.connect(
        dbname="postgres",
        user=urllib.parse.unquote(parts.username or "") or None,
        password=urllib.parse.unquote(parts.password or "") or None,
        host=parts.hostname,
        port=parts.port,
    )
    connection.autocommit = True
    return connection


def _drop(base: str, names: list[str]) -> None:
    from psycopg2 import sql

    with contextlib.closing(_admin(base)) as connection, connection.cursor() as cursor:
        for name in names:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            cursor.execute(drop.format(sql.Identifier(name)))


def _template_and_static(base: str, environment: dict) -> str:
    """Create and migrate the template database and, meanwhile, collect the static files
    into BENCH_STATIC_ROOT (for bench/load.py and bench/abuse.py); return the template's
    name."""
    from psycopg2 import sql

    url = _database_url(base, "template")
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    _drop(base, [name])
    with contextlib.closing(_admin(base)) as connection, connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    from generate_cases import BENCH_FIELD_ENCRYPTION_KEY

    manage = [sys.executable, "manage.py"]
    environment = {
        **environment,
        "DATABASE_URL": url,
        "STATIC_ROOT": environment["BENCH_STATIC_ROOT"],
        # The scripts' own key when none is set (DEBUG is off).
        "FIELD_ENCRYPTION_KEYS": environment.get("FIELD_ENCRYPTION_KEYS")
        or BENCH_FIELD_ENCRYPTION_KEY,
    }
    steps = [
        subprocess.Popen(  # noqa: S603 - our own command lines
            [*manage, *command, "--noinput", "--verbosity=0"],
            cwd=ROOT,
            env=environment,
        )
        for command in (["migrate"], ["collectstatic"])
    ]
    if any(step.wait() != 0 for step in steps):
        sys.exit("bench-smoke: migrating the template or collecting the static files failed.")
    return name


def _run(script: str, environment: dict, directory: Path) -> tuple[str, float, str | None]:
    """Run one script; return its name, its seconds, and what went wrong (None: nothing)."""
    output = directory / f"{script}.json"
    log = directory / f"{script}.log"
    began = time.monotonic()
    command = [sys.executable, f"bench/{script}.py", *SCRIPTS[script], f"--output={output}"]
    with open(log, "wb") as written:
        try:
            finished = subprocess.run(  # noqa: S603 - our own command line
                command,
                cwd=ROOT,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=written,
                stderr=subprocess.STDOUT,
                timeout=TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return script, time.monotonic() - began, f"still running after {TIMEOUT} s"
    seconds = time.monotonic() - began
    if finished.returncode != 0:
        return script, seconds, f"exit {finished.returncode}"
    try:
        result = json.loads(output.read_text())
    except (OSError, ValueError) as exc:
        return script, seconds, f"no result at {output}: {exc}"
    missing = [key for key in ["commit", *REQUIRED[script]] if not _has(result, key)]
    if missing:
        return script, seconds, f"its result lacks {', '.join(missing)}"
    if script == "api" and not result["page_100"]["deepest"]["cases"]:
        return script, seconds, "it measured an empty page"
    return script, seconds, None


def _has(result: dict, dotted: str) -> bool:
    value = result
    for key in dotted.split("."):
        if not isinstance(value, dict) or key not in value:
            return False
        value = value[key]
    return value is not None


def main() -> None:
    arguments = _arguments()
    began = time.monotonic()
    base = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE
    if "bench" not in urllib.parse.urlsplit(base).path:
        sys.exit(f"Refusing {base!r}: the benchmarks' database names must contain 'bench'.")
    directory = Path(tempfile.mkdtemp(prefix="bench-smoke-"))
    # As make bench runs the scripts: no key for the confidential fields unless one is set
    # (each script brings its own), no database or broker of the caller's.
    unset = ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_BROKER_URL_FILE")
    environment = {key: value for key, value in os.environ.items() if key not in unset}
    environment.update(
        DJANGO_SETTINGS_MODULE="appeals_site.settings.development",
        DEBUG="false",
        SECRET_KEY=environment.get("SECRET_KEY") or "bench-only-not-secret",
        PGOPTIONS="-c synchronous_commit=off",
        BENCH_STATIC_ROOT=str(directory / "static"),
    )
    databases = [_database_url(base, script) for script in arguments.scripts]
    names = [urllib.parse.urlsplit(url).path.lstrip("/") for url in databases]
    failed: list[str] = []
    try:
        print(f"Migrating a template database; results in {directory}", flush=True)
        names.append(urllib.parse.urlsplit(_database_url(base, "template")).path.lstrip("/"))
        template = _template_and_static(base, environment)
        seconds = time.monotonic() - began
        print(f"  template migrated, static files collected in {seconds:.0f} s", flush=True)
        with concurrent.futures.ThreadPoolExecutor(max_workers=arguments.jobs) as pool:
            runs = [
                pool.submit(
                    _run,
                    script,
                    {**environment, "DATABASE_URL": url, "BENCH_TEMPLATE_DATABASE": template},
                    directory,
                )
                for script, url in zip(arguments.scripts, databases, strict=True)
            ]
            for run in concurrent.futures.as_completed(runs):
                script, seconds, problem = run.result()
                print(f"  {script:<15} {seconds:5.1f} s  {problem or 'ran'}", flush=True)
                if problem:
                    failed.append(script)
                    log = (directory / f"{script}.log").read_text(errors="replace")
                    print("    " + "\n    ".join(log.splitlines()[-25:]), flush=True)
    finally:
        _drop(base, names)
        if not arguments.keep:
            shutil.rmtree(directory, ignore_errors=True)
    total = time.monotonic() - began
    if failed:
        sys.exit(f"bench-smoke FAILED in {total:.0f} s: {', '.join(failed)}")
    print(f"bench-smoke: {len(arguments.scripts)} benchmarks ran in {total:.0f} s")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
