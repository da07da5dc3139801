"""Benchmark appeal letters (letters): render cost, storage hits, worker throughput, memory.

    .venv/bin/python bench/letters.py

(`make bench` runs it with BENCH_DATABASE_URL; alone it uses DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/appeals_bench_letters. Nothing else needs setting.) The
database, whose name must contain "bench", is dropped, created, migrated and given the demo
data (load_demo); letters are about the Kyrgyz sample appeal (KGZ 003 / 0425 / OBS 041), to
its first authority, in English, with a signature block: a two-page letter (the page count is
checked and recorded). PDFs are stored in a scratch MEDIA_ROOT, removed afterwards. In one
run:

1. rounds, each timing one after the other (the order rotating): our render path, a request
   (load the appeal, build the HTML, key it, record a pending letter: `letter_request`)
   followed by the task body (claim, load, render, store: `letter_render_now`) on a new
   letter; a bare `weasyprint.HTML(string=html).write_pdf()` on the same HTML; the public
   page's take-action POST made before, made again (its request key is found before any HTML
   is built); and a GET of that letter's stored PDF. Each ratio is taken within its round,
   and reported as the median and 25th-75th percentiles over the rounds:
   `render_over_bare` (goal: at most 1.2x), `repeat_post_speedup` (at least 50x) and
   `download_speedup` (at least 100x). A measure that fails stops the run: none is skipped;
2. letters per second for --throughput distinct letters through one Celery worker
   (prefork, --concurrency=2) on the real Redis broker, from enqueue to all ready;
3. the pool processes' resident memory (VmRSS) after --memory-low and --memory-high renders
   (goal: growth under 20 %), with the project's worker_max_memory_per_child as it is, and
   whether any pool process was recycled.

The worker gets a queue and a node name of its own on --broker-url (a Redis database of its
own, 14 by default, or BENCH_BROKER_URL); no broker reachable: (2) and (3) are skipped. This
process runs with no broker (tasks would run in-process) and never enqueues through the app:
it sends the render messages to the worker's queue itself. Results go to
bench/results/letters.json (--output), with the commit measured and the load average.
"""

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_cases import (  # noqa: E402
    ROOT,
    _database_reset,
    _django_setup,
    _provenance,
    _spread,
    _stop,
)

RESULTS = ROOT / "bench" / "results" / "letters.json"
GOALS = {
    "render_over_bare_max": 1.2,
    "repeat_post_speedup_min": 50.0,
    "download_speedup_min": 100.0,
    "memory_growth_max_pct": 20.0,
}
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/appeals_bench_letters"
APPEAL_REFERENCE = "KGZ 003 / 0425 / OBS 041"
LANGUAGE = "en"
TASK = "letters.tasks.letter_render"
DEFAULT_BROKER = "redis://127.0.0.1:6379/14"
START_TIMEOUT = 180  # a loaded machine takes a while to start a pool


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed rounds, after --warmup")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--throughput", type=int, default=200, help="distinct letters")
    parser.add_argument("--concurrency", type=int, default=2, help="worker pool processes")
    parser.add_argument("--memory-low", type=int, default=50, help="renders at first sample")
    parser.add_argument("--memory-high", type=int, default=500, help="renders at last sample")
    parser.add_argument("--timeout", type=int, default=300, help="seconds, per worker batch")
    parser.add_argument(
        "--broker-url", default=os.environ.get("BENCH_BROKER_URL") or DEFAULT_BROKER
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


def _timed_ms(function) -> tuple[float, object]:
    began = time.perf_counter()
    value = function()
    return (time.perf_counter() - began) * 1000, value


def _summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "runs": len(ordered),
        "median_ms": round(statistics.median(ordered), 2),
        "p90_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))], 2),
        "min_ms": round(ordered[0], 2),
        "max_ms": round(ordered[-1], 2),
    }


# --- data -----------------------------------------------------------------------------------


def _prepare_data() -> dict:
    """Reset the database, load the demo and return what the letters are about."""
    from django.core.management import call_command

    from cases.models import Appeal
    from letters import tasks

    began = time.perf_counter()
    _database_reset()
    # Publishing the demo cases requests their standard letters; this process has no broker,
    # so they would render in-process (a minute of renders that are not measured): they are
    # left pending instead.
    with mock.patch.object(tasks.letter_render, "delay"):
        call_command("load_demo", stdout=io.StringIO())
    appeal = Appeal.objects.select_related("case").get(reference=APPEAL_REFERENCE)
    link = appeal.appeal_authorities.select_related("authority").order_by("position", "id")[0]
    return {
        "seconds": round(time.perf_counter() - began, 1),
        "appeal": appeal,
        "authority": link.authority,
        "facts": {
            "appeal": APPEAL_REFERENCE,
            "authority": link.authority.post,
            "language": LANGUAGE,
            "authorities_on_appeal": appeal.appeal_authorities.count(),
            "actions": appeal.actions.filter(language=LANGUAGE).count(),
            "defenders": appeal.case.defenders.count(),
            "charges": appeal.case.charges.count(),
            "changed_by_bench": "nothing: the demo letter is already two pages",
        },
    }


def _campaigner(label: str):
    from letters.context import Campaigner

    return Campaigner(
        name=f"Campaigner {label}", organisation="Bench Action Network", city="Brussels",
        country="BE",
    )  # fmt: skip


def _request(data: dict, label: str, today: dt.date, *, enqueue: bool = False):
    from letters.services import letter_request

    return letter_request(
        appeal=data["appeal"],
        authority_id_or_all=data["authority"].pk,
        language=LANGUAGE,
        campaigner=_campaigner(label),
        today=today,
        enqueue=enqueue,
    )


# --- 1 and 2. our render path, bare WeasyPrint, a repeated POST, a download: in rounds ------


def _rounds(arguments, data: dict, today: dt.date) -> dict:
    """Run --warmup + --runs rounds; each times, one right after the other (their order
    rotating from round to round, so that none always inherits another's garbage):

    - ours: a new letter's request (load the appeal, build the HTML, key it, record it:
      `letter_request`) and the task body (claim, load, render, store: `letter_render_now`);
    - bare: `weasyprint.HTML(string=html).write_pdf()` on the same HTML, with no base_url
      and no fetcher (ours fetches nothing for a letter of ours: checked below);
    - repeat: the POST of the public page's take-action form made before, through Django's
      test client (request key found before any HTML is built, then the redirect);
    - download: a GET of that letter's stored PDF through the test client.

    Each ratio is computed within its round, so that a slow moment of the shared machine
    weighs on both sides of a ratio alike."""
    import pypdf
    import weasyprint
    from django.test import Client

    from cases.references import case_public_path
    from letters.fetcher import LetterURLFetcher
    from letters.models import Letter
    from letters.rendering import letter_pdf
    from letters.services import letter_render_now

    client = Client(SERVER_NAME="127.0.0.1")
    path = case_public_path(reference=data["appeal"].case.reference) + "letters/"
    form = {
        "language": LANGUAGE,
        "authority": str(data["authority"].pk),
        "name": "Campaigner repeat",
        "organisation": "Bench Action Network",
        "city": "Brussels",
        "country": "BE",
    }
    first = client.post(path, form)
    if first.status_code != 303:
        sys.exit(f"POST {path} answered {first.status_code}, not 303.")
    repeated_id = first["Location"].rstrip("/").rsplit("/", 1)[1]
    repeated = Letter.objects.get(pk=repeated_id)
    if repeated.status != Letter.Status.READY:
        sys.exit(f"The first POST's letter is {repeated.status}: {repeated.error}")
    pdf_url = f"/api/v1/letters/{repeated.pk}/pdf"

    def repeat() -> None:
        response = client.post(path, form)
        if response.status_code != 303 or repeated_id not in response["Location"]:
            sys.exit(f"The repeated POST answered {response.status_code}, not its letter.")

    def download() -> None:
        response = client.get(pdf_url)
        if response.status_code != 200:
            sys.exit(f"GET {pdf_url} answered {response.status_code}: no download measured.")
        if b"".join(response.streaming_content)[:5] != b"%PDF-":
            sys.exit(f"GET {pdf_url} gave no PDF.")

    times: dict[str, list[float]] = {k: [] for k in ("ours", "bare", "repeat", "download")}
    request_ms, task_ms = [], []
    pages = set()
    last = None
    for run in range(arguments.warmup + arguments.runs):
        label = f"render-{run:03d}"
        html = _request(data, label, today).html  # not timed: the HTML bare renders
        measured: dict[str, float] = {}
        bare_pdf = b""

        def ours(label=label):
            requested, letter = _timed_ms(lambda: _request(data, label + "-ours", today))
            rendered, letter = _timed_ms(lambda: letter_render_now(letter_id=letter.pk))
            request_ms.append(requested)
            task_ms.append(rendered)
            return requested + rendered, letter

        def bare(html=html):
            nonlocal bare_pdf
            elapsed, bare_pdf = _timed_ms(lambda: weasyprint.HTML(string=html).write_pdf())
            return elapsed

        steps = [
            ("ours", ours),
            ("bare", bare),
            ("repeat", lambda: _timed_ms(repeat)[0]),
            ("download", lambda: _timed_ms(download)[0]),
        ]
        shift = run % len(steps)
        for name, step in steps[shift:] + steps[:shift]:
            value = step()
            if name == "ours":
                value, last = value
            measured[name] = value
        if last.status != Letter.Status.READY:
            sys.exit(f"Letter {last.pk} not ready after letter_render_now: {last.error}")
        if run >= arguments.warmup:
            for name, value in measured.items():
                times[name].append(value)
        else:
            request_ms.clear()
            task_ms.clear()
        with last.pdf.open("rb") as stored:
            pages.add(len(pypdf.PdfReader(stored).pages))
        pages.add(len(pypdf.PdfReader(io.BytesIO(bare_pdf)).pages))

    # What our fetcher serves for this HTML: nothing means bare WeasyPrint, with no base_url
    # and no fetcher, renders exactly what ours does (no stylesheet or font to load).
    fetcher = LetterURLFetcher()
    letter_pdf(html=last.html, url_fetcher=fetcher)
    pairs = list(zip(times["ours"], times["bare"], times["repeat"], times["download"], strict=True))
    repeated.refresh_from_db()
    return {
        "pages": sorted(pages),
        "html_chars": len(last.html),
        "pdf_bytes": last.pdf.size,
        "fetched_by_our_fetcher": {"served": fetcher.served, "refused": fetcher.refused},
        "ours_request_plus_task": _summary(times["ours"]),
        "ours_request_only": _summary(request_ms),
        "ours_task_body_only": _summary(task_ms),
        "bare_weasyprint": _summary(times["bare"]),
        "repeat_post": _summary(times["repeat"]),
        "download": _summary(times["download"]),
        "render_over_bare": _spread([o / b for o, b, _r, _d in pairs]),
        "repeat_post_speedup": _spread([o / r for o, _b, r, _d in pairs]),
        "download_speedup": _spread([o / d for o, _b, _r, d in pairs]),
        "renders_of_the_repeated_letter": repeated.attempts,
        "letter_id": str(last.pk),
    }


# --- 3 and 4. a real worker on the real broker -----------------------------------------------


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid …: comm may hold spaces, so split after its last ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
            found.append(int(entry.name))
    return sorted(found)


def _status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _memory(worker_pid: int) -> dict:
    children = _children(worker_pid)
    rss = {pid: _status_kib(pid, "VmRSS") for pid in children}
    return {
        "pool_pids": children,
        "pool_rss_kib": rss,
        "pool_rss_mib_total": round(sum(rss.values()) / 1024, 1),
        "pool_peak_mib": {pid: round(_status_kib(pid, "VmHWM") / 1024, 1) for pid in children},
        "main_rss_mib": round(_status_kib(worker_pid, "VmRSS") / 1024, 1),
    }


def _broker_app(url: str):
    """Return a Celery app of the bench's own on the worker's broker, for pings and sends.

    Not the project's app: this process has no broker, so the project's app runs tasks
    eagerly on `memory://`, and the producer pool it made then (the test client's POSTs
    enqueue through it) stays bound to `memory://`. Its control.ping published there, whatever
    connection was passed, and the worker never heard it: the worker part was always skipped
    as "did not start"."""
    from celery import Celery

    return Celery("bench-letters", broker=url, set_as_current=False)


def _broker_reachable(url: str) -> str | None:
    try:
        with _broker_app(url).connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
    except Exception as exc:  # noqa: BLE001 - any failure means: no broker
        return f"no broker at {url}: {type(exc).__name__}: {exc}"
    return None


def _worker_runs(arguments, data: dict, today: dt.date, scratch: Path) -> dict:
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count

    from letters.models import Letter

    missing = _broker_reachable(arguments.broker_url)
    if missing:
        return {"skipped": missing}
    app = _broker_app(arguments.broker_url)
    run = uuid.uuid4().hex[:10]
    queue = f"bench-letters-{run}"
    node = f"bench-letters-{run}@{platform.node() or 'localhost'}"
    log_path = scratch / "worker.log"
    environment = {
        **os.environ,
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "CELERY_BROKER_URL": arguments.broker_url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-not-secret",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "appeals_site",
        "worker",
        "--pool=prefork",
        f"--concurrency={arguments.concurrency}",
        f"--queues={queue}",
        f"--hostname={node}",
        "--loglevel=warning",
        "--without-gossip",
        "--without-mingle",
    ]
    samples: dict = {}
    batches: list[dict] = []
    pids_seen: set[int] = set()
    rendered = 0
    connection.close()  # the worker forks nothing of ours, but keep no idle connection around
    with open(log_path, "wb") as log, app.connection_for_write() as conn:
        worker = subprocess.Popen(  # noqa: S603 - our own command line
            command,
            cwd=ROOT,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while not app.control.ping(destination=[node], timeout=1.0, connection=conn):
                if worker.poll() is not None or time.monotonic() > deadline:
                    return {"skipped": "the worker did not start", "log": _tail(log_path)}
            pids_seen.update(_children(worker.pid))
            started_pool = sorted(pids_seen)

            def batch(label: str, count: int) -> dict:
                nonlocal rendered
                made, letters = _timed_ms(
                    lambda: [_request(data, f"{label}-{i:04d}", today) for i in range(count)]
                )
                ids = [letter.pk for letter in letters]
                began = time.perf_counter()
                for letter_id in ids:
                    app.send_task(
                        TASK, kwargs={"letter_id": str(letter_id)}, queue=queue, connection=conn
                    )
                sent = time.perf_counter() - began
                deadline = time.monotonic() + arguments.timeout
                ready = failed = 0
                while time.monotonic() < deadline:
                    pids_seen.update(_children(worker.pid))
                    states = dict(
                        Letter.objects.filter(pk__in=ids)
                        .values_list("status")
                        .annotate(n=Count("pk"))
                    )
                    ready = states.get(Letter.Status.READY, 0)
                    failed = states.get(Letter.Status.FAILED, 0)
                    if ready == count or worker.poll() is not None:
                        break
                    time.sleep(0.1)
                seconds = time.perf_counter() - began
                rendered += ready
                figures = {
                    "label": label,
                    "letters": count,
                    "ready": ready,
                    "failed_at_end": failed,
                    "requests_ms_total": round(made),
                    "send_seconds": round(sent, 3),
                    "seconds_enqueue_to_all_ready": round(seconds, 2),
                    "letters_per_second": round(ready / seconds, 2),
                    "complete": ready == count,
                    "renders_so_far": rendered,
                }
                batches.append(figures)
                if not figures["complete"]:
                    raise TimeoutError(f"{label}: {ready}/{count} ready after {seconds:.0f} s")
                return figures

            batch("memory-warmup", arguments.memory_low)
            samples["low"] = {"renders": rendered, **_memory(worker.pid)}
            throughput = batch("throughput", arguments.throughput)
            samples["middle"] = {"renders": rendered, **_memory(worker.pid)}
            rest = arguments.memory_high - rendered
            if rest > 0:
                batch("memory-rest", rest)
            samples["high"] = {"renders": rendered, **_memory(worker.pid)}
        except TimeoutError as exc:
            return {"skipped": str(exc), "batches": batches, "log": _tail(log_path)}
        finally:
            _stop(worker)
            # The queue may never have been declared.
            with contextlib.suppress(Exception):
                conn.default_channel.queue_delete(queue)

    low, high = samples["low"]["pool_rss_mib_total"], samples["high"]["pool_rss_mib_total"]
    growth = round((high - low) / low * 100, 1) if low else None
    recycled = sorted(pids_seen - set(started_pool))
    return {
        "queue": queue,
        "broker": arguments.broker_url,
        "concurrency": arguments.concurrency,
        "worker_max_memory_per_child_kib": settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD,
        "throughput": throughput,
        "batches": batches,
        "memory": {
            **samples,
            "growth_pct": growth,
            "goal_met": growth is not None and growth < GOALS["memory_growth_max_pct"],
            "pool_processes_started": started_pool,
            "pool_processes_replaced": recycled,
            "recycled": bool(recycled),
        },
        "worker_log_tail": _tail(log_path),
    }


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- machine --------------------------------------------------------------------------------


def _machine(broker_url: str) -> dict:
    import celery
    import django
    import pydyf
    import weasyprint
    from django.db import connection

    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    redis_version = None
    try:
        import redis

        redis_version = redis.Redis.from_url(broker_url, socket_timeout=3).info()["redis_version"]
    except Exception:  # noqa: BLE001, S110 - reported as unknown
        pass
    fonts = subprocess.run(  # noqa: S603
        ["fc-match", "-f", "%{family[0]} (%{file})", "Liberation Serif"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return {
        "nproc": os.cpu_count(),
        "load_average_1_5_15_at_end": [round(x, 2) for x in os.getloadavg()],
        "cpu": cpu,
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "postgresql": postgres,
        "redis": redis_version,
        "python": platform.python_version(),
        "django": django.get_version(),
        "celery": celery.__version__,
        "weasyprint": weasyprint.__version__,
        "pydyf": pydyf.__version__,
        "serif_font": fonts,
    }


# --- the run --------------------------------------------------------------------------------


def main() -> None:
    arguments = _arguments()
    began = time.perf_counter()
    # Other work on the machine skews every figure: the load average is recorded.
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    # Without DEBUG, as in production; no broker in this process (see the docstring); PDFs
    # in a scratch MEDIA_ROOT shared with the worker.
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    # Plain HTTP through the test client: no TLS proxy to redirect to.
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    # One client address asks for every letter here.
    os.environ["LETTER_THROTTLE"] = "off"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    for name in ("CELERY_BROKER_URL", "CELERY_BROKER_URL_FILE"):
        os.environ.pop(name, None)
    scratch = Path(tempfile.mkdtemp(prefix="bench-letters-"))
    os.environ["MEDIA_ROOT"] = str(scratch / "media")
    try:
        _django_setup()
        from django.db import connection

        print("Resetting the database and loading the demo…", flush=True)
        data = _prepare_data()
        today = dt.date.today()
        print(
            f"{arguments.warmup} + {arguments.runs} rounds: render, bare, repeated POST, download…",
            flush=True,
        )
        render = _rounds(arguments, data, today)
        print(
            f"Worker ({arguments.concurrency} processes) on {arguments.broker_url}: "
            f"{arguments.memory_high} renders…",
            flush=True,
        )
        worker = _worker_runs(arguments, data, today, scratch)
        result = {
            **_provenance(),
            "repeat_post_speedup": render["repeat_post_speedup"]["median"],
            "download_speedup": render["download_speedup"]["median"],
            "render_over_bare": render["render_over_bare"]["median"],
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "load_average_1_5_15_at_start": load_at_start,
            "machine": _machine(arguments.broker_url),
            "goals": GOALS,
            "data": {"setup_seconds": data["seconds"], **data["facts"]},
            "rounds": render,
            "worker": worker,
            "total_seconds": round(time.perf_counter() - began, 1),
        }
        connection.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    _print(result)
    output = arguments.output.resolve()
    print(f"Written to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


def _print(result: dict) -> None:
    def met(flag: bool) -> str:
        return "met" if flag else "MISSED"

    machine, rounds, worker = result["machine"], result["rounds"], result["worker"]
    print()
    print(
        f"{machine['cpu']} ×{machine['nproc']}, PostgreSQL {machine['postgresql']}, "
        f"Redis {machine['redis']}, WeasyPrint {machine['weasyprint']}, {result['date']}, "
        f"commit {result['commit'][:12]}{' (dirty)' if result['dirty'] else ''}"
    )
    print(
        f"Load average (1 min) at start {result['load_average_1_5_15_at_start'][0]}, "
        f"at end {machine['load_average_1_5_15_at_end'][0]}"
    )
    print(
        f"Letter: {result['data']['appeal']} to the {result['data']['authority']} "
        f"({LANGUAGE}), {'/'.join(map(str, rounds['pages']))} pages, "
        f"{rounds['html_chars']} HTML chars, {rounds['pdf_bytes']} PDF bytes"
    )

    def timing(figures: dict) -> str:
        return f"{figures['median_ms']} / {figures['p90_ms']} ms"

    def spread(figures: dict) -> str:
        return f"{figures['median']}× ({figures['p25']}–{figures['p75']})"

    rows = [
        ("ours: request + task body", timing(rounds["ours_request_plus_task"]), "median / p90"),
        ("  request (appeal, HTML, key, row)", timing(rounds["ours_request_only"]), ""),
        ("  task body (claim, render, store)", timing(rounds["ours_task_body_only"]), ""),
        ("bare WeasyPrint write_pdf()", timing(rounds["bare_weasyprint"]), "same HTML"),
        ("repeated POST (test client)", timing(rounds["repeat_post"]), ""),
        ("GET …/pdf (test client)", timing(rounds["download"]), ""),
    ]
    for key, label, goal, above in (
        ("render_over_bare", "ours / bare", GOALS["render_over_bare_max"], False),
        ("repeat_post_speedup", "render / repeated POST", GOALS["repeat_post_speedup_min"], True),
        ("download_speedup", "render / download", GOALS["download_speedup_min"], True),
    ):
        figures = rounds[key]
        ok = figures["median"] >= goal if above else figures["median"] <= goal
        rows.append(
            (
                label,
                spread(figures),
                f"median (p25–p75) of {figures['rounds']} rounds; "
                f"{'≥' if above else '≤'} {goal}×: {met(ok)}",
            )
        )
    if "skipped" in worker:
        rows.append(("worker", "skipped", worker["skipped"]))
    else:
        throughput, memory = worker["throughput"], worker["memory"]
        rows += [
            (
                f"throughput, {throughput['letters']} letters",
                f"{throughput['letters_per_second']} letters/s",
                f"{throughput['seconds_enqueue_to_all_ready']} s enqueue → all ready, "
                f"{worker['concurrency']} pool processes",
            ),
            (
                f"pool RSS after {memory['low']['renders']} renders",
                f"{memory['low']['pool_rss_mib_total']} MiB",
                f"sum of {len(memory['low']['pool_pids'])} processes",
            ),
            (
                f"pool RSS after {memory['high']['renders']} renders",
                f"{memory['high']['pool_rss_mib_total']} MiB",
                f"growth {memory['growth_pct']} % "
                f"(< {GOALS['memory_growth_max_pct']} %: {met(memory['goal_met'])})",
            ),
            (
                "pool processes recycled",
                "yes" if memory["recycled"] else "no",
                f"worker_max_memory_per_child = {worker['worker_max_memory_per_child_kib']} KiB",
            ),
        ]
    width = max(len(row[0]) for row in rows)
    for label, value, note in rows:
        print(f"  {label:<{width}}  {value:>24}  {note}")
    print(f"  total run: {result['total_seconds']} s")


if __name__ == "__main__":
    main()
