"""Load benchmark: a published appeal page through gunicorn, alone and beside letter requests.

    .venv/bin/python bench/load.py

(`make bench` runs it with BENCH_DATABASE_URL; alone it uses DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/appeals_bench_load.) The database, whose name must contain
"bench", is dropped, created, migrated and given the demo data. Then, with production
settings (DEBUG off, the manifest of collected static files, the Redis cache, a broker):

1. gunicorn with --workers (2) serves the Kyrgyz sample appeal's page
   (KGZ 003 / 0425 / OBS 041) to --clients (20) clients for --seconds (30): *unloaded*;
2. the same, while --letter-clients (4) campaigners each ask for a letter of their own on
   the same page (POST), wait for it to be ready, and ask again: *loaded*. The letters render
   in a Celery worker consuming the letters queue at WORKER_NICENESS 19, as in docker-compose.yml.

The page clients are wrk's (Debian's package; with --install it is installed when missing),
else a Python client (asyncio, one keep-alive connection per client), which costs the server
more CPU on the same 2 cores: the result names the client. Results go to
bench/results/load.json: --rounds (3) pairs of the two measures, in alternating order; `unloaded`
and `loaded`, each with req_per_s, p50_ms and p95_ms (medians over the rounds), `p95_ratio` (the
median of the pairs' loaded p95 over unloaded p95, with its 25th-75th percentiles), every
pair, the commit and the load average.
Goals: at least 1,000 req/s and p95 under 50 ms unloaded; loaded p95 at most 2x unloaded.
"""

import argparse
import asyncio
import contextlib
import datetime as dt
import io
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from http.client import HTTPConnection
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_cases import (  # noqa: E402
    ROOT,
    _collectstatic,
    _database_reset,
    _django_setup,
    _provenance,
    _static_root,
    _stop,
)

RESULTS = ROOT / "bench" / "results" / "load.json"
GOALS = {"req_per_s_min": 1000, "p95_ms_max": 50, "p95_ratio_max": 2.0}
APPEAL_REFERENCE = "KGZ 003 / 0425 / OBS 041"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/appeals_bench_load"
DEFAULT_BROKER = "redis://127.0.0.1:6379/14"
DEFAULT_CACHE = "redis://127.0.0.1:6379/13"
INSTALL_WRK = "apt-get update && apt-get install -y wrk"
# wrk prints these after its run: the percentiles it does not print by itself.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH p50_us=%d p95_us=%d requests=%d errors=%d\\n",
    latency:percentile(50), latency:percentile(95), summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout))
end
"""


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=20, help="page clients")
    parser.add_argument("--letter-clients", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=30, help="per measure")
    parser.add_argument(
        "--rounds", type=int, default=3, help="pairs of measures (unloaded, loaded)"
    )
    parser.add_argument("--install", action="store_true", help="install wrk when missing")
    parser.add_argument("--python-client", action="store_true", help="even if wrk is there")
    parser.add_argument(
        "--broker-url", default=os.environ.get("BENCH_BROKER_URL") or DEFAULT_BROKER
    )
    parser.add_argument("--cache-url", default=os.environ.get("BENCH_CACHE_URL") or DEFAULT_CACHE)
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the site -------------------------------------------------------------------------------


def _prepare(scratch: Path) -> str:
    """Reset the database, load the demo, collect the static files; return the page's path."""
    from django.core.management import call_command

    from cases.models import Appeal
    from cases.references import case_public_path
    from letters import tasks

    _database_reset()
    # The demo's standard letters would render in this process (no broker here): left pending.
    with mock.patch.object(tasks.letter_render, "delay"):
        call_command("load_demo", stdout=io.StringIO())
    _collectstatic()
    appeal = Appeal.objects.select_related("case").get(reference=APPEAL_REFERENCE)
    return case_public_path(reference=appeal.case.reference)


def _environment(arguments, scratch: Path) -> dict:
    return {
        **os.environ,
        # Production's settings, as the image runs them (the demo app loaded the data only).
        "DJANGO_SETTINGS_MODULE": "appeals_site.settings.base",
        "DEBUG": "false",
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "FIELD_ENCRYPTION_KEYS": os.environ["FIELD_ENCRYPTION_KEYS"],
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on 127.0.0.1: no TLS proxy to redirect to.
        "SECURE_SSL_REDIRECT": "false",
        "CELERY_BROKER_URL": arguments.broker_url,
        "CACHE_URL": arguments.cache_url,
        "STATIC_ROOT": _static_root(scratch),
        "MEDIA_ROOT": str(scratch / "media"),
        "LOG_LEVEL": "WARNING",
        # The budget for renders counts per address and per appeal: every client here is
        # 127.0.0.1 on one appeal, which campaigners in the world are not.
        "LETTER_THROTTLE": "off",
        "LETTER_APPEAL_HOURLY_LIMIT": "0",
        "LETTER_QUEUE_MAX": "1000",
        "LETTERS_RENDER_AHEAD": "false",
    }


def _wait_for(url: str, process: subprocess.Popen, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"The server did not answer {url}.")
        time.sleep(0.3)


# --- page clients ---------------------------------------------------------------------------


def _wrk(url: str, clients: int, seconds: int, scratch: Path) -> dict:
    script = scratch / "percentiles.lua"
    script.write_text(WRK_SCRIPT)
    run = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "wrk",
            "-t2",
            f"-c{clients}",
            f"-d{seconds}s",
            "--timeout=10s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in run.stdout.splitlines() if x.startswith("BENCH "))
    figures = dict(part.split("=") for part in line.split()[1:])
    return {
        "req_per_s": round(int(figures["requests"]) / seconds, 1),
        "p50_ms": round(int(figures["p50_us"]) / 1000, 2),
        "p95_ms": round(int(figures["p95_us"]) / 1000, 2),
        "requests": int(figures["requests"]),
        "errors": int(figures["errors"]),
    }


async def _python_clients(host: str, port: int, path: str, clients: int, seconds: int) -> dict:
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n").encode()
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while time.perf_counter() < stop:
                began = time.perf_counter()
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                await reader.readexactly(length)
                if not head.startswith(b"HTTP/1.1 200"):
                    errors += 1
                latencies.append(time.perf_counter() - began)
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    ordered = sorted(latencies)
    return {
        "req_per_s": round(len(ordered) / seconds, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(len(ordered) * 0.95)] * 1000, 2),
        "requests": len(ordered),
        "errors": errors,
    }


def _page_load(arguments, url: str, port: int, path: str, scratch: Path, wrk: bool) -> dict:
    if wrk:
        return _wrk(url, arguments.clients, arguments.seconds, scratch)
    return asyncio.run(
        _python_clients("127.0.0.1", port, path, arguments.clients, arguments.seconds)
    )


# --- letter clients -------------------------------------------------------------------------


def _letter_clients(port: int, path: str, count: int, stop: threading.Event) -> list[dict]:
    """Start `count` campaigners: each asks for a letter of its own (a new name each time),
    waits until it is ready (polling the API every 0.2 s), and asks again. Return their
    tallies, filled as they go."""
    origin = f"http://127.0.0.1:{port}"
    tallies = [{"letters_ready": 0, "failed": 0, "resets": 0, "seconds": []} for _ in range(count)]

    def ask(method: str, url: str, body: str | None = None, headers: dict | None = None):
        # A connection a request: gunicorn's sync workers close each one after answering.
        connection = HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request(method, url, body=body, headers=headers or {})
            answer = connection.getresponse()
            return answer.status, answer.getheader("Location") or "", answer.read()
        finally:
            connection.close()

    def campaigner(tally: dict, number: int) -> None:
        while not stop.is_set():
            try:
                ask_until_ready(tally, number)
            except OSError:
                # An overloaded server resets a connection now and then: counted, and on.
                tally["resets"] += 1

    def ask_until_ready(tally: dict, number: int) -> None:
        asked = 0
        while not stop.is_set():
            asked += 1
            began = time.perf_counter()
            body = (
                f"language=en&authority=all&name=Bench+Campaigner+{number}-{asked}"
                f"-{uuid.uuid4().hex[:6]}&organisation=&city=Brussels&country=BE"
            )
            status, location, _content = ask(
                "POST",
                f"{path}letters/",
                body,
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": origin,
                    "Sec-Fetch-Site": "same-origin",
                },
            )
            if status != 303 or "/letters/" not in location:
                tally["failed"] += 1
                continue
            letter_id = location.rstrip("/").rsplit("/", 1)[1]
            while not stop.is_set():
                _status, _location, content = ask("GET", f"/api/v1/letters/{letter_id}/")
                state = json.loads(content).get("status")
                if state == "ready":
                    tally["letters_ready"] += 1
                    tally["seconds"].append(time.perf_counter() - began)
                    break
                if state == "failed":
                    tally["failed"] += 1
                    break
                time.sleep(0.2)

    for number, tally in enumerate(tallies):
        threading.Thread(target=campaigner, args=(tally, number), daemon=True).start()
    return tallies


def _measure(arguments, url, port, path, scratch, wrk, with_letters: bool) -> dict:
    """Return the page's figures for one measure, with letter clients running if asked."""
    if not with_letters:
        return _page_load(arguments, url, port, path, scratch, wrk)
    stop = threading.Event()
    tallies = _letter_clients(port, path, arguments.letter_clients, stop)
    time.sleep(1)  # the first letters under way
    try:
        figures = _page_load(arguments, url, port, path, scratch, wrk)
    finally:
        stop.set()
    seconds = [s for t in tallies for s in t["seconds"]]
    figures["letters_ready"] = sum(t["letters_ready"] for t in tallies)
    figures["letters_failed"] = sum(t["failed"] for t in tallies)
    figures["letter_connections_reset"] = sum(t["resets"] for t in tallies)
    figures["letter_seconds_median"] = round(statistics.median(seconds), 2) if seconds else None
    return figures


def _median_figures(measures: list[dict]) -> dict:
    """Return each figure's median over the measures (totals for the letters' counts)."""
    summed = ("letters_ready", "letters_failed", "letter_connections_reset", "errors")
    figures = {}
    for key, value in measures[0].items():
        values = [m[key] for m in measures if isinstance(m.get(key), int | float)]
        if not isinstance(value, int | float) or len(values) != len(measures):
            continue
        figures[key] = sum(values) if key in summed else round(statistics.median(values), 2)
    return figures


def _quartiles(values: list[float]) -> list[float] | None:
    if len(values) < 2:
        return [values[0], values[0]] if values else None
    quartiles = statistics.quantiles(values, n=4)
    return [round(quartiles[0], 2), round(quartiles[2], 2)]


# --- the run --------------------------------------------------------------------------------


def main() -> None:
    arguments = _arguments()
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ["DEBUG"] = "false"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    for name in ("CELERY_BROKER_URL", "CELERY_BROKER_URL_FILE"):
        os.environ.pop(name, None)
    scratch = Path(tempfile.mkdtemp(prefix="bench-load-"))
    os.environ["STATIC_ROOT"] = _static_root(scratch)
    os.environ["MEDIA_ROOT"] = str(scratch / "media")
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    began = time.perf_counter()
    wrk = not arguments.python_client and bool(shutil.which("wrk"))
    if not wrk and arguments.install and not arguments.python_client:
        subprocess.run(INSTALL_WRK, shell=True, check=False)  # noqa: S602 - a fixed command
        wrk = bool(shutil.which("wrk"))
    server = worker = None
    try:
        _django_setup()
        from django.db import connection

        print("Resetting the database, loading the demo, collecting static files…", flush=True)
        path = _prepare(scratch)
        connection.close()
        environment = _environment(arguments, scratch)
        port = _free_port()
        url = f"http://127.0.0.1:{port}{path}"
        server = subprocess.Popen(  # noqa: S603 - our own command line
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "appeals_site.wsgi:application",
                f"--workers={arguments.workers}",
                f"--bind=127.0.0.1:{port}",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=environment,
            start_new_session=True,
        )
        worker = subprocess.Popen(  # noqa: S603 - our own command line
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "appeals_site",
                "worker",
                "--queues=letters",
                "--concurrency=1",
                "--loglevel=warning",
                "--without-gossip",
                "--without-mingle",
                f"--hostname=bench-load-{uuid.uuid4().hex[:8]}@localhost",
            ],
            cwd=ROOT,
            # At the niceness docker-compose.yml gives the letters worker.
            env={**environment, "WORKER_NICENESS": "19"},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        _wait_for(url, server)
        client = "wrk" if wrk else "python asyncio"
        # A warm-up: imports, connections, the cached page in each worker's reach.
        _page_load(argparse.Namespace(clients=4, seconds=2), url, port, path, scratch, wrk)
        rounds = []
        for number in range(arguments.rounds):
            # In pairs, the order alternating, so that a drift of the machine (another
            # process, the CPU's clock) weighs on both sides of every ratio alike.
            pair = {}
            for side in ("unloaded", "loaded") if number % 2 == 0 else ("loaded", "unloaded"):
                print(
                    f"Round {number + 1}/{arguments.rounds}, {side}: {arguments.clients} "
                    f"clients ({client}), {arguments.seconds} s…",
                    flush=True,
                )
                pair[side] = _measure(arguments, url, port, path, scratch, wrk, side == "loaded")
            pair["p95_ratio"] = (
                round(pair["loaded"]["p95_ms"] / pair["unloaded"]["p95_ms"], 2)
                if pair["unloaded"]["p95_ms"]
                else None
            )
            rounds.append(pair)
    finally:
        for process in (server, worker):
            if process is not None:
                _stop(process)
        shutil.rmtree(scratch, ignore_errors=True)
    unloaded = _median_figures([pair["unloaded"] for pair in rounds])
    loaded = _median_figures([pair["loaded"] for pair in rounds])
    ratios = [pair["p95_ratio"] for pair in rounds if pair["p95_ratio"] is not None]
    ratio = round(statistics.median(ratios), 2) if ratios else None
    result = {
        **_provenance(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average_1_5_15_at_start": load_at_start,
        "load_average_1_5_15_at_end": [round(x, 2) for x in os.getloadavg()],
        "nproc": os.cpu_count(),
        "page": APPEAL_REFERENCE,
        "client": client,
        "gunicorn_workers": arguments.workers,
        "clients": arguments.clients,
        "letter_clients": arguments.letter_clients,
        "seconds": arguments.seconds,
        "goals": GOALS,
        "rounds": len(rounds),
        # Each the median over the rounds; p95_ratio the median of the per-pair ratios.
        "unloaded": unloaded,
        "loaded": loaded,
        "p95_ratio": ratio,
        "p95_ratio_p25_p75": _quartiles(ratios),
        "pairs": rounds,
        "goals_met": {
            "req_per_s": unloaded["req_per_s"] >= GOALS["req_per_s_min"],
            "p95_ms": unloaded["p95_ms"] < GOALS["p95_ms_max"],
            "p95_ratio": ratio is not None and ratio <= GOALS["p95_ratio_max"],
        },
        "total_seconds": round(time.perf_counter() - began, 1),
    }
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(json.dumps(result, indent=2) + "\n")
    for name in ("unloaded", "loaded"):
        figures = result[name]
        print(
            f"  {name:<9} {figures['req_per_s']:>8} req/s  p50 {figures['p50_ms']} ms  "
            f"p95 {figures['p95_ms']} ms  errors {figures['errors']}"
        )
    print(f"  p95 loaded / unloaded: {ratio}  letters ready under load: {loaded['letters_ready']}")
    print(f"  load average at end: {result['load_average_1_5_15_at_end']}")
    output = arguments.output.resolve()
    with contextlib.suppress(ValueError):
        output = output.relative_to(ROOT)
    print(f"Written to {output}")


if __name__ == "__main__":
    main()
