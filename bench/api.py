"""Benchmark the partner API's case list on 10,000 generated cases, and record the figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/appeals_bench .venv/bin/python bench/api.py

(`make bench` runs it with BENCH_DATABASE_URL.) The database, whose name must contain "bench",
is dropped, created, migrated and filled with --count generated cases, unless --reuse is given
and it already holds that many. In one run, for a page of 100 whole cases as a partner sees it:

1. SQL queries per request for page_size=10 and 100 (the same, at most 10);
2. on the deepest page of 100 (of all the pages a partner walks, the one whose cases hold the
   most nested records: every object inside a list, at any depth, counted in the API's own
   documents), server time (Django's test client in-process, DEBUG off) of /api/v1/cases/
   against (a) bench/baseline_serializers.py (nested DRF ModelSerializers with
   prefetch_related) and (b) bench/floor_raw_sql.py (one hand-written json_build_object /
   json_agg statement) on the same 100 cases, each ratio timed in interleaved pairs (A B, B A,
   A B … in one run) and reported as the median and 25th-75th percentiles of the per-pair
   ratios, and whether the three give the same documents, value for value;
3. an incremental sync with nothing changed since T (updated_since=T, tombstones since T);
4. requests per second and latency under gunicorn (2 workers) with wrk, 20 connections.

Results go to bench/results/api.json.
"""

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_cases import (  # noqa: E402
    ROOT,
    _database_reset,
    _django_setup,
    _no_broker,
    _provenance,
    _spread,
)

RESULTS = ROOT / "bench" / "results" / "api.json"
PAGE = "/api/v1/cases/?page_size={size}"
# Issue 17's goals: at most 1.5x the floor, at least 10x faster than nested DRF serializers.
GOALS = {"queries_max": 10, "vs_baseline_min": 10.0, "vs_floor_max": 1.5, "sync_ms_max": 20.0}
INSTALL_WRK = "apt-get update && apt-get install -y wrk"
# API_THROTTLE_PARTNER="" does not turn throttling off: appeals_site.env.env_str reads an empty
# variable as unset, i.e. the default 600/minute. gunicorn gets a rate it cannot reach instead.
UNREACHABLE_RATE = "100000000/second"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep the data if it is there")
    parser.add_argument("--rounds", type=int, default=40, help="timed pairs, ours and the floor")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--baseline-rounds", type=int, default=15, help="timed pairs, DRF and ours")
    parser.add_argument("--load-seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--install", action="store_true", help=f"run `{INSTALL_WRK}` if needed")
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


# --- data -----------------------------------------------------------------------------------


def _prepare_data(arguments) -> dict:
    """Generate the cases (unless reused), make sure enough are public, ANALYZE."""
    import floor_raw_sql
    from django.core.management import call_command
    from django.db import connection

    from cases.models import Case, public_case_condition

    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        sys.exit(f"Refusing to use {name!r}: use a database whose name contains 'bench'.")
    generated = None
    reused = False
    if arguments.reuse:
        call_command("migrate", verbosity=0)
        reused = Case.objects.count() >= arguments.count
    if not reused:
        _database_reset()
        print(f"Generating {arguments.count} cases (seed {arguments.seed})…", flush=True)
        began = time.perf_counter()
        call_command("generate_cases", f"--count={arguments.count}", f"--seed={arguments.seed}")
        generated = round(time.perf_counter() - began, 1)
    published_now = 0
    if Case.objects.filter(public_case_condition()).count() < 100:
        ids = list(Case.objects.values_list("pk", flat=True))
        chosen = random.Random(arguments.seed).sample(ids, k=int(len(ids) * 0.6))
        published_now = Case.objects.filter(pk__in=chosen).update(
            status=Case.Status.PUBLISHED, published_at=dt.datetime.now(dt.UTC)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    floor_raw_sql.pgcrypto_create()
    return {
        "database": name,
        "reused": reused,
        "generate_seconds": generated,
        "cases": Case.objects.count(),
        "public_cases": Case.objects.filter(public_case_condition()).count(),
        "published_by_bench": published_now,
    }


# --- in-process measurements ----------------------------------------------------------------


def _timed(function, runs: int, warmup: int) -> dict:
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        function()
        samples.append((time.perf_counter() - began) * 1000)
    return _figures(samples)


def _pairs(first, second, rounds: int, warmup: int) -> tuple[list[float], list[float]]:
    """Time two functions in interleaved pairs, the order alternating (A B, B A, A B …), and
    return each one's milliseconds, pair by pair. Timed in blocks (all of A, then all of B), a
    change of load on a shared machine skewed their ratio either way; within a pair both see
    the same moment, and alternating the order keeps either from always inheriting the
    other's garbage or warm caches."""
    samples: tuple[list[float], list[float]] = ([], [])
    for run in range(warmup + rounds):
        order = (0, 1) if run % 2 == 0 else (1, 0)
        for index in order:
            began = time.perf_counter()
            (first, second)[index]()
            if run >= warmup:
                samples[index].append((time.perf_counter() - began) * 1000)
    return samples


def _ratios(numerators: list[float], denominators: list[float]) -> dict:
    return _spread([a / b for a, b in zip(numerators, denominators, strict=True)])


def _nested(value) -> int:
    """Return how many objects `value` holds inside lists, at any depth."""
    if isinstance(value, dict):
        return sum(_nested(item) for item in value.values())
    if isinstance(value, list):
        return sum((isinstance(item, dict)) + _nested(item) for item in value)
    return 0


def _deepest_page(client, size: int) -> dict:
    """Walk every page of `size` a partner gets (following `next`) and return the one whose
    documents hold the most nested records, by value: whatever the API's code, the page
    measured is the heaviest a partner reads."""
    import orjson

    url, index, pages = PAGE.format(size=size), 0, []
    while url:
        body = orjson.loads(_get(client, url).content)
        pages.append(
            {
                "index": index,
                "url": url,
                "cases": len(body["results"]),
                "nested_records": _nested(body["results"]),
            }
        )
        following = body.get("next")
        url = None
        if following:
            parts = urllib.parse.urlsplit(following)
            url = f"{parts.path}?{parts.query}"
        index += 1
    full = [page for page in pages if page["cases"] == size] or pages
    deepest = max(full, key=lambda page: page["nested_records"])
    nested = sorted(page["nested_records"] for page in full)
    return {
        **deepest,
        "pages_walked": len(pages),
        "nested_records_median_page": nested[len(nested) // 2],
        "how": "every page of 100 a partner walks from the first; the one whose documents "
        "hold the most objects inside lists, at any depth",
    }


def _figures(samples: list[float]) -> dict:
    samples = sorted(samples)
    return {
        "runs": len(samples),
        "median_ms": round(statistics.median(samples), 2),
        "p90_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.9))], 2),
        "min_ms": round(samples[0], 2),
    }


def _get(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
    return response


def _queries(client) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for size in (10, 100):
        _get(client, PAGE.format(size=size))  # the key's last-used write is not per request
        with CaptureQueriesContext(connection) as captured:
            _get(client, PAGE.format(size=size))
        counts[size] = len(captured)
    return {
        "page_size_10": counts[10],
        "page_size_100": counts[100],
        "goal_met": counts[10] == counts[100] <= GOALS["queries_max"],
    }


# --- comparing the three documents ----------------------------------------------------------

_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def _normalise(value):
    """Make documents comparable: timestamps as instants, lists in a canonical order."""
    if isinstance(value, dict):
        return {key: _normalise(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_normalise(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, default=str))
    if isinstance(value, str) and _TIMESTAMP.match(value):
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    return value


def _differences(ours, theirs, path: str = "") -> list[str]:
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found = []
        for key in sorted(set(ours) | set(theirs)):
            if key not in theirs:
                found.append(f"{path}.{key}: only in ours")
            elif key not in ours:
                found.append(f"{path}.{key}: missing from ours")
            else:
                found += _differences(ours[key], theirs[key], f"{path}.{key}")
        return found
    if isinstance(ours, list) and isinstance(theirs, list):
        if len(ours) != len(theirs):
            return [f"{path}: {len(ours)} items against {len(theirs)}"]
        return [d for a, b in zip(ours, theirs, strict=True) for d in _differences(a, b, path)]
    return [] if ours == theirs else [f"{path}: {ours!r} against {theirs!r}"]


def _counts(document: dict) -> dict:
    return {key: len(value) for key, value in document.items() if isinstance(value, list)}


def _compare(ours: list, theirs: list, label: str) -> dict:
    same_ids = [d["id"] for d in ours] == [d["id"] for d in theirs]
    same_counts = all(_counts(a) == _counts(b) for a, b in zip(ours, theirs, strict=False))
    differences = []
    for a, b in zip(ours, theirs, strict=False):
        differences += _differences(_normalise(a), _normalise(b), f"[{a['id'][:8]}]")
    # Group "the same kind of difference" (same path without the case id).
    kinds: dict[str, int] = {}
    for difference in differences:
        kind = re.sub(r"^\[\w+\]", "", difference.split(":")[0])
        kinds[kind] = kinds.get(kind, 0) + 1
    return {
        "against": label,
        "cases": len(theirs),
        "same_case_ids_in_order": same_ids,
        "same_nested_counts": same_counts,
        "identical_after_normalising": not differences,
        "difference_kinds": kinds,
        "examples": differences[:5],
    }


# --- gunicorn and wrk -----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wrk_available(install: bool) -> str | None:
    if shutil.which("wrk"):
        return None
    if not install:
        return f"wrk is not installed: run `{INSTALL_WRK}` (as root), or pass --install"
    subprocess.run(INSTALL_WRK, shell=True, check=True)  # noqa: S602 - a fixed command
    return None if shutil.which("wrk") else "wrk could not be installed"


def _parse_wrk(output: str) -> dict:
    def number(pattern: str, default: float = 0.0) -> float:
        match = re.search(pattern, output)
        return float(match.group(1)) if match else default

    def milliseconds(label: str) -> float | None:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not match:
            return None
        return round(float(match.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[match.group(2)], 2)

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests": int(number(r"(\d+) requests in")),
        "requests_per_second": number(r"Requests/sec:\s+([\d.]+)"),
        "p50_ms": milliseconds("50"),
        "p90_ms": milliseconds("90"),
        "p99_ms": milliseconds("99"),
        "non_2xx_3xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
    }


def _load_test(arguments, key: str) -> dict:
    missing = _wrk_available(arguments.install)
    if missing:
        return {"skipped": missing}
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "API_THROTTLE_PARTNER": UNREACHABLE_RATE,
        "LOG_LEVEL": "WARNING",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "appeals_site.wsgi",
        f"--workers={arguments.workers}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=environment)  # noqa: S603
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                return {"skipped": "gunicorn did not start (see its output above)"}
            time.sleep(0.3)
        url = base + PAGE.format(size=100)
        header = f"Authorization: Bearer {key}"
        # A short warm-up (imports, connections), then the measured run.
        subprocess.run(  # noqa: S603
            ["wrk", "-t2", "-c4", "-d3s", "-H", header, url], capture_output=True, check=True
        )
        run = subprocess.run(  # noqa: S603
            [
                "wrk",
                "-t2",
                f"-c{arguments.connections}",
                f"-d{arguments.load_seconds}s",
                "--timeout=10s",
                "--latency",
                "-H",
                header,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = _parse_wrk(run.stdout)
        figures.update(
            workers=arguments.workers,
            connections=arguments.connections,
            seconds=arguments.load_seconds,
            url=PAGE.format(size=100),
            throttle=UNREACHABLE_RATE,
            zero_errors=figures["non_2xx_3xx"] == 0 and figures["socket_errors"] == 0,
        )
        return figures
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- machine --------------------------------------------------------------------------------


def _machine() -> dict:
    import django
    from django.db import connection

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "postgresql": postgres,
        "python": platform.python_version(),
        "django": django.get_version(),
    }


# --- the run --------------------------------------------------------------------------------


def main() -> None:
    arguments = _arguments()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    # Without DEBUG, as in production (DEBUG keeps every query in memory).
    os.environ["DEBUG"] = "false"
    # Plain HTTP on 127.0.0.1 (in-process and under gunicorn): no TLS proxy to redirect to.
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    # A sync stops API_SYNC_SETTLE_SECONDS behind the clock (5 s by default), for transactions
    # still committing; nothing commits here meanwhile, and with it the cases generated last
    # (all of them, in a small run) were on no page.
    os.environ["API_SYNC_SETTLE_SECONDS"] = "0"
    _no_broker()
    _django_setup()
    import baseline_serializers
    import floor_raw_sql
    import orjson
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from cases.models import Case, CaseTombstone
    from partners.services import partner_create

    data = _prepare_data(arguments)
    settings.API_THROTTLE_PARTNER = ""  # in-process: no throttling (an empty rate is no limit)
    _partner, key = partner_create(name=f"bench {dt.datetime.now(dt.UTC).isoformat()}")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}", SERVER_NAME="127.0.0.1")

    print("Counting queries…", flush=True)
    queries = _queries(client)

    print("Finding the deepest page of 100…", flush=True)
    deepest = _deepest_page(client, 100)
    url = deepest["url"]
    page = orjson.loads(_get(client, url).content)["results"]
    ids = [document["id"] for document in page]
    print(f"Timing it: {arguments.rounds} pairs with the floor…", flush=True)
    ours_ms, floor_ms = _pairs(
        lambda: _get(client, url),
        lambda: floor_raw_sql.page_json(ids),
        arguments.rounds,
        arguments.warmup,
    )
    print(f"{arguments.baseline_rounds} pairs with DRF…", flush=True)
    baseline_ms, ours_against_baseline_ms = _pairs(
        lambda: baseline_serializers.page_json(ids),
        lambda: _get(client, url),
        arguments.baseline_rounds,
        min(arguments.warmup, 2),
    )
    ours, floor, baseline = _figures(ours_ms), _figures(floor_ms), _figures(baseline_ms)
    ours_over_floor = _ratios(ours_ms, floor_ms)
    drf_over_ours = _ratios(baseline_ms, ours_against_baseline_ms)
    body_bytes = len(_get(client, url).content)
    comparisons = [
        _compare(page, orjson.loads(baseline_serializers.page_json(ids))["results"], "baseline"),
        _compare(page, orjson.loads(floor_raw_sql.page_json(ids))["results"], "floor"),
    ]

    print("Timing an incremental sync with no change…", flush=True)
    last = Case.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    since = (last + dt.timedelta(microseconds=1)).isoformat().replace("+00:00", "Z")
    sync_url = f"/api/v1/cases/?updated_since={since}"
    tombstones_url = f"/api/v1/cases/tombstones/?since={since}"
    sync_results = len(orjson.loads(_get(client, sync_url).content)["results"])
    sync = _timed(lambda: _get(client, sync_url), arguments.rounds, arguments.warmup)
    tombstones = _timed(lambda: _get(client, tombstones_url), arguments.rounds, arguments.warmup)
    sync.update(url=sync_url, results=sync_results, goal_met=sync["median_ms"] < 20)
    tombstones.update(url=tombstones_url, tombstones_total=CaseTombstone.objects.count())

    connection.close()
    print(
        f"Load test: gunicorn ({arguments.workers} workers) and wrk "
        f"({arguments.connections} connections, {arguments.load_seconds} s)…",
        flush=True,
    )
    load = _load_test(arguments, key)

    vs_baseline = drf_over_ours["median"]
    vs_floor = ours_over_floor["median"]
    result = {
        **_provenance(),
        "load_average_1_5_15_at_start": load_at_start,
        # Medians of the per-pair ratios; their spread below.
        "ours_over_floor": vs_floor,
        "drf_over_ours": vs_baseline,
        "spreads": {"ours_over_floor": ours_over_floor, "drf_over_ours": drf_over_ours},
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "data": data,
        "goals": GOALS,
        "queries": queries,
        "page_100": {
            "deepest": deepest,
            "response_bytes": body_bytes,
            "ours": {**ours, "url": url, "via": "Django test client, partner key"},
            "baseline_drf": {**baseline, "via": "function call: prefetch + serializer + render"},
            "floor_raw_sql": {**floor, "via": "function call: one statement, its text as is"},
            "ours_timed_against_drf": _figures(ours_against_baseline_ms),
            "baseline_over_ours": vs_baseline,
            "ours_over_floor": vs_floor,
            "goal_vs_baseline_met": vs_baseline >= GOALS["vs_baseline_min"],
            "goal_vs_floor_met": vs_floor <= GOALS["vs_floor_max"],
            "equivalence": comparisons,
        },
        "sync_no_change": sync,
        "tombstones_no_change": tombstones,
        "load": load,
    }
    connection.close()
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    _print(result)
    output = arguments.output.resolve()
    print(f"Written to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


def _print(result: dict) -> None:
    def met(flag: bool) -> str:
        return "met" if flag else "MISSED"

    machine, data, page, queries = (
        result["machine"],
        result["data"],
        result["page_100"],
        result["queries"],
    )
    print()
    print(
        f"{machine['cpu']} ×{machine['nproc']}, PostgreSQL {machine['postgresql']}, "
        f"{data['cases']} cases ({data['public_cases']} public), {result['date']}, "
        f"commit {result['commit'][:12]}{' (dirty)' if result['dirty'] else ''}, load average "
        f"{result['load_average_1_5_15_at_start'][0]} → {result['load_average_1_5_15'][0]}"
    )
    deepest = page["deepest"]
    print(
        f"Deepest page: #{deepest['index']} of {deepest['pages_walked']}, "
        f"{deepest['nested_records']} nested records "
        f"(the median page {deepest['nested_records_median_page']})"
    )
    rows = [
        (
            "SQL queries, page_size 10 / 100",
            f"{queries['page_size_10']} / {queries['page_size_100']}",
            f"equal, ≤ {GOALS['queries_max']}: {met(queries['goal_met'])}",
        ),
    ]
    for label, key in (
        ("page of 100: our endpoint", "ours"),
        ("page of 100: (a) DRF serializers", "baseline_drf"),
        ("page of 100: (b) raw SQL floor", "floor_raw_sql"),
    ):
        figures = page[key]
        rows.append((label, f"{figures['median_ms']} / {figures['p90_ms']} ms", "median / p90"))
    rows += [
        (
            "(a) / ours",
            "{median}× ({p25}–{p75})".format(**result["spreads"]["drf_over_ours"]),
            f"≥ {GOALS['vs_baseline_min']}×: {met(page['goal_vs_baseline_met'])}",
        ),
        (
            "ours / (b)",
            "{median}× ({p25}–{p75})".format(**result["spreads"]["ours_over_floor"]),
            f"≤ {GOALS['vs_floor_max']}×: {met(page['goal_vs_floor_met'])}",
        ),
        (
            "sync, no change since T",
            f"{result['sync_no_change']['median_ms']} / {result['sync_no_change']['p90_ms']} ms",
            f"median < {GOALS['sync_ms_max']} ms: {met(result['sync_no_change']['goal_met'])}",
        ),
        (
            "tombstones since T",
            f"{result['tombstones_no_change']['median_ms']} / "
            f"{result['tombstones_no_change']['p90_ms']} ms",
            "median / p90",
        ),
    ]
    load = result["load"]
    if "skipped" in load:
        rows.append(("gunicorn + wrk", "skipped", load["skipped"]))
    else:
        rows += [
            (
                f"gunicorn ×{load['workers']}, wrk {load['connections']} conn.",
                f"{load['requests_per_second']} req/s",
                f"{load['requests']} requests in {load['seconds']} s",
            ),
            ("  latency p50 / p99", f"{load['p50_ms']} / {load['p99_ms']} ms", ""),
            (
                "  non-2xx / socket errors",
                f"{load['non_2xx_3xx']} / {load['socket_errors']}",
                f"zero errors: {met(load['zero_errors'])}",
            ),
        ]
    width = max(len(row[0]) for row in rows)
    for label, value, note in rows:
        print(f"  {label:<{width}}  {value:>18}  {note}")
    for comparison in page["equivalence"]:
        print(
            f"  same documents as {comparison['against']}: ids "
            f"{comparison['same_case_ids_in_order']}, nested counts "
            f"{comparison['same_nested_counts']}, identical "
            f"{comparison['identical_after_normalising']}"
            + (
                f"; differs in {comparison['difference_kinds']}"
                if comparison["difference_kinds"]
                else ""
            )
        )


if __name__ == "__main__":
    main()
