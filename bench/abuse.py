"""Benchmark the budget for letter renders under abuse: does the public site hold up?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/appeals_bench_abuse \\
        .venv/bin/python bench/abuse.py

(`make bench` runs it with BENCH_DATABASE_URL.) The database, whose name must contain "bench",
is dropped, created, migrated and given the demo data (load_demo); the Kyrgyz sample appeal
(KGZ 003 / 0425 / OBS 041) is the one attacked and read. Its standard letter to the first
authority in English is made first, as render-ahead would. Then, against gunicorn (--workers,
production settings but plain HTTP) and, with a broker, a letters worker (one process at
WORKER_NICENESS 19, on a queue of this run's own), as docker-compose.yml runs them:

1. unloaded: --readers clients read the public appeal page for --unloaded-seconds;
2. loaded: the same readers for --seconds while --attackers clients keep asking the API for
   distinct personalised letters of that appeal, half of them with a new X-Forwarded-For on
   each request (which the per-client limit counts by until the client address is fixed;
   the appeal's hourly limit holds all the same).

It reports the letters rendered (against the budget: LETTER_APPEAL_HOURLY_LIMIT, the hour
being a sliding one), the attackers' answers, the page's p50/p95 loaded and unloaded and their ratio
(goal: `p95_ratio` at most 2), the storage added (letters_storage's figures) and the load
average. No broker reachable at --broker-url (BENCH_BROKER_URL, default
redis://127.0.0.1:6379/14): the embedded default, renders in gunicorn's processes, in their
bounded pools. Results go to bench/results/abuse.json.
"""

import argparse
import datetime as dt
import http.client
import io
import json
import math
import multiprocessing
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from unittest import mock

from cryptography.fernet import Fernet

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_cases import (  # noqa: E402
    ROOT,
    _collectstatic,
    _database_reset,
    _django_setup,
    _provenance,
    _static_root,
)

RESULTS = ROOT / "bench" / "results" / "abuse.json"
GOALS = {"p95_ratio_max": 2.0}
APPEAL_REFERENCE = "KGZ 003 / 0425 / OBS 041"
DEFAULT_BROKER = "redis://127.0.0.1:6379/14"
# Django's cache for gunicorn's workers: one Redis database, shared, as CACHE_URL is in
# compose. Keys are the run's own (a new appeal id each run), so it is never flushed.
DEFAULT_CACHE_DB = 13
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/appeals_bench_abuse"
START_TIMEOUT = 60


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="the loaded phase")
    parser.add_argument("--unloaded-seconds", type=int, default=30)
    parser.add_argument("--warmup-seconds", type=int, default=5)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--attackers", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--drain-seconds", type=int, default=60, help="wait for the queue")
    parser.add_argument(
        "--broker-url", default=os.environ.get("BENCH_BROKER_URL") or DEFAULT_BROKER
    )
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("BENCH_CACHE_URL"),
        help=f"the shared cache's Redis (default: database {DEFAULT_CACHE_DB} of the broker's)",
    )
    parser.add_argument("--embedded", action="store_true", help="no broker, even if one runs")
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


# --- clients (processes of their own, so that their CPU is not this process's GIL) ----------


def _get(port: int, path: str, headers: dict | None = None, body: bytes | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST" if body is not None else "GET", path, body, headers or {})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _readers(port: int, path: str, threads: int, seconds: float) -> dict:
    """Read `path` from `threads` threads for `seconds`; return latencies (ms) and errors."""
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors: dict[int, int] = {}
    lock = threading.Lock()

    def read():
        while time.monotonic() < deadline:
            began = time.perf_counter()
            try:
                status = _get(port, path)
            except OSError:
                status = 0
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors[status] = errors.get(status, 0) + 1

    pool = [threading.Thread(target=read) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return {"latencies": latencies, "errors": errors}


def _attackers(port: int, path: str, authority: str, threads: int, seconds: float) -> dict:
    """Ask for distinct personalised letters from `threads` threads for `seconds`; half send a
    new X-Forwarded-For each time. Return the answers' status counts."""
    deadline = time.monotonic() + seconds
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    run = uuid.uuid4().hex[:6]

    def attack(number: int):
        sent = 0
        while time.monotonic() < deadline:
            sent += 1
            headers = {"Content-Type": "application/json"}
            if number % 2:
                headers["X-Forwarded-For"] = f"203.0.{number}.{sent % 250 + 1}"
            body = json.dumps(
                {
                    "authority": authority,
                    "language": "en",
                    "name": f"Attacker {run}-{number}-{sent}",
                    "city": "Nowhere",
                }
            ).encode()
            try:
                status = _get(port, path, headers, body)
            except OSError:
                status = 0
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    pool = [threading.Thread(target=attack, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return {"statuses": statuses}


def _read_phase(port: int, path: str, readers: int, seconds: float, attack=None) -> dict:
    """Run the readers (in two processes) and, if given, the attackers (in a third) at once;
    return the readers' latencies and the attackers' answers."""
    halves = [readers // 2, readers - readers // 2]
    context = multiprocessing.get_context("spawn")
    with context.Pool(len(halves) + (1 if attack else 0)) as pool:
        reads = [pool.apply_async(_readers, (port, path, n, seconds)) for n in halves if n]
        attacked = pool.apply_async(_attackers, (port, *attack, seconds)) if attack else None
        results = [r.get(timeout=seconds + 120) for r in reads]
        answers = attacked.get(timeout=seconds + 120) if attacked else None
    latencies = sorted(x for r in results for x in r["latencies"])
    return {
        "requests": len(latencies),
        "errors": {
            str(status): sum(r["errors"].get(status, 0) for r in results)
            for status in {s for r in results for s in r["errors"]}
        },
        "requests_per_second": round(len(latencies) / seconds, 1),
        "p50_ms": round(_percentile(latencies, 50), 1),
        "p95_ms": round(_percentile(latencies, 95), 1),
        "p99_ms": round(_percentile(latencies, 99), 1),
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
        "attackers": answers,
    }


def _percentile(ordered: list[float], percent: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(len(ordered) * percent / 100))]


# --- the servers ------------------------------------------------------------------------


def _broker_reachable(url: str) -> str | None:
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means: no broker
        return f"no broker at {url}: {type(exc).__name__}: {exc}"
    return None


def _cache_url(broker_url: str) -> str:
    return broker_url.rsplit("/", 1)[0] + f"/{DEFAULT_CACHE_DB}"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(command: list[str], environment: dict, log: Path) -> subprocess.Popen:
    with open(log, "wb") as output:
        return subprocess.Popen(  # noqa: S603 - our own command line
            command,
            cwd=ROOT,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)
    except ProcessLookupError:
        pass


def _wait_healthy(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped:\n{_tail(log)}")
        try:
            if _get(port, "/healthz") == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer /healthz:\n{_tail(log)}")


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- data -------------------------------------------------------------------------------


def _prepare_data() -> dict:
    from django.core.management import call_command

    from cases.models import Appeal
    from cases.references import case_public_path
    from letters import tasks
    from letters.services import letter_render_now, letter_request

    _database_reset()
    _collectstatic()
    # No broker in this process: publishing the demo would render every standard letter here.
    with mock.patch.object(tasks.letter_render, "delay"):
        call_command("load_demo", stdout=io.StringIO())
    appeal = Appeal.objects.select_related("case").get(reference=APPEAL_REFERENCE)
    link = appeal.appeal_authorities.select_related("authority").order_by("position", "id")[0]
    # The standard letter campaigners are offered when over budget, made as render-ahead would.
    standard = letter_request(
        appeal=appeal, authority_id_or_all=link.authority_id, language="en", enqueue=False
    )
    letter_render_now(letter_id=standard.pk)
    return {
        "appeal_id": str(appeal.pk),
        "authority_id": str(link.authority_id),
        "page": case_public_path(reference=appeal.case.reference),
        "letters_url": f"/api/v1/appeals/{appeal.pk}/letters/",
    }


def _letters(appeal_id: str) -> dict:
    from django.db.models import Count

    from letters.models import Letter

    rows = (
        Letter.objects.filter(appeal_id=appeal_id)
        .values_list("is_standard", "status")
        .annotate(n=Count("pk"))
    )
    return {f"{'standard' if s else 'personalised'}_{status}": n for s, status, n in rows}


def _storage() -> dict:
    from letters.retention import letter_storage_figures

    rows = letter_storage_figures()
    return {
        "letters": sum(r["letters"] for r in rows),
        "pdf_bytes": sum(r["pdf_bytes"] for r in rows),
        "html_bytes": sum(r["html_bytes"] for r in rows),
        "rows": rows,
    }


# --- the run ----------------------------------------------------------------------------


def main() -> None:
    arguments = _arguments()
    began = time.perf_counter()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    provenance = _provenance()
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Without DEBUG a key is required; the bench's database is new, so any key will do.
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    for name in ("CELERY_BROKER_URL", "CELERY_BROKER_URL_FILE", "CACHE_URL"):
        os.environ.pop(name, None)
    scratch = Path(tempfile.mkdtemp(prefix="bench-abuse-"))
    os.environ["MEDIA_ROOT"] = str(scratch / "media")
    # Without DEBUG static files are served from collectstatic's manifest, as in the image.
    os.environ["STATIC_ROOT"] = _static_root(scratch)
    missing = None if not arguments.embedded else "--embedded"
    if missing is None:
        missing = _broker_reachable(arguments.broker_url)
    mode = "embedded" if missing else "worker"
    processes: list[subprocess.Popen] = []
    try:
        _django_setup()
        from django.conf import settings
        from django.db import connection

        print("Resetting the database and loading the demo…", flush=True)
        data = _prepare_data()
        storage_before = _storage()
        port = _free_port()
        queue = f"bench-letters-{uuid.uuid4().hex[:10]}"
        environment = {
            **os.environ,
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-not-secret",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "LETTERS_RENDER_AHEAD": "false",
            "LETTER_RENDER_QUEUE": queue,
            "LOG_LEVEL": "WARNING",
        }
        if mode == "worker":
            environment["CELERY_BROKER_URL"] = arguments.broker_url
            environment["CACHE_URL"] = arguments.cache_url or _cache_url(arguments.broker_url)
        gunicorn_log, worker_log = scratch / "gunicorn.log", scratch / "worker.log"
        server = _start(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "appeals_site.wsgi",
                f"--workers={arguments.workers}",
                f"--bind=127.0.0.1:{port}",
                "--log-level=warning",
            ],
            environment,
            gunicorn_log,
        )
        processes.append(server)
        if mode == "worker":
            processes.append(
                _start(
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "appeals_site",
                        "worker",
                        "--pool=prefork",
                        "--concurrency=1",
                        f"--queues={queue}",
                        f"--hostname={queue}@bench",
                        "--loglevel=warning",
                        "--without-gossip",
                        "--without-mingle",
                    ],  # fmt: skip
                    # At the niceness docker-compose.yml gives the letters worker.
                    {**environment, "WORKER_NICENESS": "19"},
                    worker_log,
                )
            )
        _wait_healthy(port, server, gunicorn_log)
        page = data["page"]
        print(f"{mode}: gunicorn ×{arguments.workers} on :{port}; reading {page}", flush=True)
        _read_phase(port, page, arguments.readers, arguments.warmup_seconds)
        print(f"Unloaded: {arguments.readers} readers for {arguments.unloaded_seconds} s…")
        unloaded = _read_phase(port, page, arguments.readers, arguments.unloaded_seconds)
        load_unloaded = [round(x, 2) for x in os.getloadavg()]
        hour_began = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
        print(
            f"Loaded: the same readers and {arguments.attackers} attackers for "
            f"{arguments.seconds} s…",
            flush=True,
        )
        loaded = _read_phase(
            port,
            page,
            arguments.readers,
            arguments.seconds,
            attack=(data["letters_url"], data["authority_id"], arguments.attackers),
        )
        load_loaded = [round(x, 2) for x in os.getloadavg()]
        hours = 1 + int((dt.datetime.now(dt.UTC) - hour_began) // dt.timedelta(hours=1))
        # Renders accepted before the end are allowed to finish (with workers, the queue).
        deadline = time.monotonic() + arguments.drain_seconds
        while time.monotonic() < deadline:
            letters = _letters(data["appeal_id"])
            if not letters.get("personalised_pending") and not letters.get(
                "personalised_rendering"
            ):
                break
            time.sleep(1)
        letters = _letters(data["appeal_id"])
        storage_after = _storage()
        connection.close()
        personalised = sum(n for k, n in letters.items() if k.startswith("personalised_"))
        # A sliding hour, estimated from clock hours (letters.budget): across a clock hour's
        # boundary it may let through the limit plus the share of the run in the last one.
        limit = settings.LETTER_APPEAL_HOURLY_LIMIT
        budget = limit if hours == 1 else limit + math.ceil(limit * arguments.seconds / 3600)
        ratio = round(loaded["p95_ms"] / unloaded["p95_ms"], 2)
        result = {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "mode": mode,
            "broker": arguments.broker_url if mode == "worker" else missing,
            "gunicorn_workers": arguments.workers,
            "letters_worker": "1 process, WORKER_NICENESS 19" if mode == "worker" else None,
            "readers": arguments.readers,
            "attackers": arguments.attackers,
            "seconds": {"loaded": arguments.seconds, "unloaded": arguments.unloaded_seconds},
            "budget": {
                "LETTER_THROTTLE": settings.LETTER_THROTTLE,
                "LETTER_APPEAL_HOURLY_LIMIT": settings.LETTER_APPEAL_HOURLY_LIMIT,
                "LETTER_QUEUE_MAX": settings.LETTER_QUEUE_MAX,
                "LETTER_RENDER_CONCURRENCY": settings.LETTER_RENDER_CONCURRENCY,
                "clock_hours_touched": hours,
                "personalised_allowed": budget,
            },
            "letters_of_the_appeal": letters,
            "letters_rendered": letters.get("personalised_ready", 0),
            "personalised_recorded": personalised,
            "renders_within_budget": personalised <= budget,
            "attackers_answers": loaded["attackers"]["statuses"],
            "page_unloaded": {k: v for k, v in unloaded.items() if k != "attackers"},
            "page_loaded": {k: v for k, v in loaded.items() if k != "attackers"},
            "p95_ratio": ratio,
            "p50_ratio": round(loaded["p50_ms"] / unloaded["p50_ms"], 2),
            "goal_p95_ratio_met": ratio <= GOALS["p95_ratio_max"],
            "goals": GOALS,
            "storage_added_bytes": (
                storage_after["pdf_bytes"]
                + storage_after["html_bytes"]
                - storage_before["pdf_bytes"]
                - storage_before["html_bytes"]
            ),
            "storage_before": storage_before,
            "storage_after": storage_after,
            "commit": provenance["commit"],
            "dirty": provenance["dirty"],
            "load_average_1_5_15": {
                "start": load_at_start,
                "after_unloaded": load_unloaded,
                "after_loaded": load_loaded,
            },
            "machine": {
                "nproc": os.cpu_count(),
                "python": platform.python_version(),
                "cpu": _cpu(),
            },
            "total_seconds": round(time.perf_counter() - began, 1),
        }
    finally:
        for process in reversed(processes):
            _stop(process)
        shutil.rmtree(scratch, ignore_errors=True)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    _print(result)
    print(f"Written to {arguments.output}")


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return ""


def _print(result: dict) -> None:
    unloaded, loaded = result["page_unloaded"], result["page_loaded"]
    met = "met" if result["goal_p95_ratio_met"] else "MISSED"
    print()
    print(
        f"Mode {result['mode']}, gunicorn ×{result['gunicorn_workers']}, "
        f"{result['readers']} readers, {result['attackers']} attackers, {result['date']}"
    )
    print(f"  load average (1/5/15 min): {result['load_average_1_5_15']}")
    print(
        f"  page unloaded: p50 {unloaded['p50_ms']} ms, p95 {unloaded['p95_ms']} ms, "
        f"{unloaded['requests_per_second']} req/s, {unloaded['errors']} errors"
    )
    print(
        f"  page loaded:   p50 {loaded['p50_ms']} ms, p95 {loaded['p95_ms']} ms, "
        f"{loaded['requests_per_second']} req/s, {loaded['errors']} errors"
    )
    print(f"  p95_ratio {result['p95_ratio']} (≤ {GOALS['p95_ratio_max']}: {met})")
    print(f"  attackers' answers: {result['attackers_answers']}")
    print(
        f"  personalised letters rendered {result['letters_rendered']} "
        f"(recorded {result['personalised_recorded']}, allowed "
        f"{result['budget']['personalised_allowed']}: "
        f"{'within' if result['renders_within_budget'] else 'OVER'} budget)"
    )
    print(f"  storage added: {result['storage_added_bytes']} bytes")
    print(f"  total run: {result['total_seconds']} s")


if __name__ == "__main__":
    main()
