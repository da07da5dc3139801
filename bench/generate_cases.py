"""Benchmark `manage.py generate_cases` on a fresh database and record the figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/appeals_bench \\
        .venv/bin/python bench/generate_cases.py --count 10000

The database named by DATABASE_URL is dropped, created again and migrated before the run (the
migration is not timed). To keep anyone from wiping a real database by mistake, its name must
contain "bench". Results go to bench/results/generate_cases.json.
"""

import argparse
import datetime as dt
import io
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "generate_cases.json"
APPS = ("cases", "defenders", "authorities")
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/appeals_bench"
# A Fernet key (32 bytes, url-safe base64) for benchmark data only: public, like SECRET_KEY here.
BENCH_FIELD_ENCRYPTION_KEY = "YmVuY2gtb25seS1ub3QtYS1zZWNyZXQta2V5LTMyYiE="


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--with-history", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


def _git(*words: str) -> str:
    import subprocess

    return subprocess.run(  # noqa: S603
        ["git", *words],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()


def _provenance() -> dict:
    """Return what a result was measured on: the commit (`git rev-parse HEAD`), whether
    tracked files differed from it (`dirty`), and the load average (1, 5, 15 min) now. A
    result names what it measured, so that a stale figure shows, and how busy the machine was,
    so that a noisy one shows."""
    return {
        "commit": _git("rev-parse", "HEAD") or "unknown",
        # The results themselves do not count: make bench rewrites them as it goes.
        "dirty": bool(
            _git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results")
        ),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
    }


def _commit() -> str:
    """Return the commit measured, with "+uncommitted" when tracked files differ from it."""
    provenance = _provenance()
    return provenance["commit"] + ("+uncommitted" if provenance["dirty"] else "")


def _spread(ratios: list[float]) -> dict:
    """Return the median and the 25th-75th percentiles of per-pair (or per-round) ratios,
    and how many there were."""
    import statistics

    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
    return {
        "median": round(statistics.median(ratios), 3),
        "p25": round(quartiles[0], 3),
        "p75": round(quartiles[2], 3),
        "rounds": len(ratios),
    }


def _stop(process, timeout: int = 15) -> None:
    """Stop a process started in a session of its own, with its children: warmly (SIGTERM),
    then for good (SIGKILL)."""
    import signal
    import subprocess

    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)
    except ProcessLookupError:
        pass


def _django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    # Nothing to set by hand: the bench's own database on the local server unless DATABASE_URL
    # names another (`make bench` gives BENCH_DATABASE_URL).
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "appeals_site.settings.development")
    # Benchmarks run without DEBUG (which would keep every query in memory); the key only
    # has to exist.
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    # Without DEBUG the settings want a key for the confidential fields; the generated data is
    # fictional, and a fixed key lets a later run (--reuse) read what an earlier one wrote.
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", BENCH_FIELD_ENCRYPTION_KEY)
    import django

    django.setup()


def _no_broker() -> None:
    """Run this process without a broker: the appeals the generator issues then enqueue
    nothing, and their standard letters are not rendered ahead (LETTERS_RENDER_AHEAD defaults
    to off without one), which with a broker took three quarters of the generation time."""
    for name in ("CELERY_BROKER_URL", "CELERY_BROKER_URL_FILE"):
        os.environ.pop(name, None)


def _database_reset() -> None:
    """Drop and create the benchmark database again, then migrate it."""
    import psycopg2
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from psycopg2 import sql

    database = settings.DATABASES["default"]
    name = str(database["NAME"])
    if "bench" not in name:
        sys.exit(f"Refusing to reset {name!r}: use a database whose name contains 'bench'.")
    server = psycopg2.connect(
        dbname="postgres",
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
    )
    server.autocommit = True
    # make bench-smoke migrates one template database and gives each script a copy of it
    # (a fraction of a second, where migrating from empty takes 20 to 40 s here).
    template = os.environ.get("BENCH_TEMPLATE_DATABASE", "")
    if template and "bench" not in template:
        sys.exit(f"Refusing the template {template!r}: its name must contain 'bench'.")
    with server.cursor() as cursor:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        cursor.execute(drop.format(sql.Identifier(name)))
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        cursor.execute(create)
    server.close()
    connection.close()
    if not template:  # a copy of the template is migrated already
        call_command("migrate", verbosity=0)


def _static_root(scratch: Path) -> str:
    """Return where the static files are collected: BENCH_STATIC_ROOT when make bench-smoke
    collected them there once for every script (collecting and compressing them takes 15 s of
    CPU), else a directory of the run's own."""
    return os.environ.get("BENCH_STATIC_ROOT") or str(scratch / "static")


def _collectstatic() -> None:
    """Collect the static files, unless BENCH_STATIC_ROOT already holds them."""
    from django.conf import settings
    from django.core.management import call_command

    shared = os.environ.get("BENCH_STATIC_ROOT")
    if shared and Path(shared, "staticfiles.json").exists() and shared == str(settings.STATIC_ROOT):
        return
    call_command("collectstatic", "--noinput", verbosity=0)


def _rows_per_table() -> dict[str, int]:
    from django.apps import apps

    rows = {}
    for app in APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            rows[model._meta.db_table] = model._default_manager.count()
    return dict(sorted(rows.items()))


def main() -> None:
    arguments = _arguments()
    _no_broker()
    _django_setup()
    from django.core.management import call_command
    from django.db import connection

    _database_reset()
    command = [
        "generate_cases",
        f"--count={arguments.count}",
        f"--seed={arguments.seed}",
        f"--batch-size={arguments.batch_size}",
    ]
    if arguments.with_history:
        command.append("--with-history")
    output = io.StringIO()
    began = time.perf_counter()
    call_command(*command, stdout=output)
    seconds = time.perf_counter() - began
    rows = _rows_per_table()

    with connection.cursor() as cursor:
        cursor.execute("select version()")
        version = cursor.fetchone()[0]
    result = {
        **_provenance(),
        "count": arguments.count,
        "seed": arguments.seed,
        "batch_size": arguments.batch_size,
        "with_history": arguments.with_history,
        "seconds": round(seconds, 2),
        "cases_per_second": round(arguments.count / seconds, 1),
        "rows_total": sum(rows.values()),
        "rows": rows,
        "database": {"version": version},
        "summary": output.getvalue().strip(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")

    print(result["summary"])
    print(
        f"{arguments.count} cases in {seconds:.1f} s ({result['cases_per_second']} cases/s); "
        f"{result['rows_total']} rows in {len(rows)} tables"
    )
    for table, count in rows.items():
        if count:
            print(f"  {table:45} {count:>9}")
    output = arguments.output.resolve()
    print(f"Written to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


if __name__ == "__main__":
    main()
