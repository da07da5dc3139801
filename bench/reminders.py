"""Benchmark the reminder scan with 100,000 hearings in the database, and record the figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/appeals_bench \
        .venv/bin/python bench/reminders.py

(`make bench` runs it with BENCH_DATABASE_URL.) The database, whose name must contain "bench",
is dropped, created and migrated. The script then makes --cases cases (one assigned member of
staff each; half of them published, followed by a partner with e-mail and webhook) and
--hearings scheduled hearings spread over the coming year, plans their reminders with the
default rules (the same service the application uses, timed), and measures one scan tick
(`reminders_claim_due`, what beat runs every interval) in two situations:

1. a quiet tick: nothing due (the usual case between reminders);
2. a backlog tick: more than a full batch (REMINDER_SCAN_BATCH, 500) due at once, e.g. after
   beat was down for a while.

Each tick runs in a transaction rolled back afterwards, so every repetition sees the same
data. Goal (issue #6): at most 5 queries and under one second per tick. Results go to
bench/results/reminders.json.
"""

import argparse
import datetime as dt
import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_cases import ROOT, _database_reset, _django_setup, _provenance  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "reminders.json"
GOALS = {"queries_max": 5, "tick_seconds_max": 1.0}


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=2_000)
    parser.add_argument("--hearings", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


def _populate(args, now: dt.datetime) -> dict:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cases.dates import hearing_starts_at
    from cases.models import Case, Hearing
    from partners.models import Partner
    from reminders.models import Subscription

    rng = random.Random(args.seed)
    user_model = get_user_model()
    staff = [
        user_model.objects.create(
            username=f"staff{i}", email=f"staff{i}@example.org", is_staff=True
        )
        for i in range(20)
    ]
    partner = Partner.objects.create(
        name="Bench partner",
        contact_email="alerts@partner.example",
        webhook_url="https://partner.example/hook",
        webhook_secret="whs_bench",
    )
    zones = ["Asia/Bishkek", "Europe/Paris", "America/Mexico_City", "Africa/Cairo"]
    countries = ["KG", "FR", "MX", "EG"]
    cases = Case.objects.bulk_create(
        [
            Case(
                country=countries[i % 4],
                time_zone=zones[i % 4],
                title=f"Bench case {i}",
                status=Case.Status.PUBLISHED if i % 2 else Case.Status.DRAFT,
                published_at=timezone.now() if i % 2 else None,
            )
            for i in range(args.cases)
        ],
        batch_size=1000,
    )
    Case.assigned_staff.through.objects.bulk_create(
        [
            Case.assigned_staff.through(case_id=case.pk, user_id=staff[i % len(staff)].pk)
            for i, case in enumerate(cases)
        ]
    )
    Subscription.objects.bulk_create(
        [Subscription(partner=partner, case=case) for case in cases if case.status == "published"]
    )
    hearings = []
    for i in range(args.hearings):
        case = cases[i % len(cases)]
        local_date = (now + dt.timedelta(days=rng.randint(1, 365))).date()
        local_time = dt.time(rng.choice([9, 10, 11, 14, 15]), rng.choice([0, 30]))
        hearings.append(
            Hearing(
                case=case,
                court="Bench District Court",
                local_date=local_date,
                local_time=local_time,
                time_zone=case.time_zone,
                purpose=Hearing.Purpose.TRIAL,
                starts_at=hearing_starts_at(
                    local_date=local_date, local_time=local_time, time_zone=case.time_zone
                ),
            )
        )
    Hearing.objects.bulk_create(hearings, batch_size=5000)
    return {"case_ids": [case.pk for case in cases]}


def _plan(case_ids, now: dt.datetime) -> dict:
    from reminders.models import Reminder
    from reminders.services import reminders_plan

    started = time.perf_counter()
    for start in range(0, len(case_ids), 200):
        reminders_plan(case_ids=case_ids[start : start + 200], now=now)
    seconds = time.perf_counter() - started
    rows = Reminder.objects.count()
    return {"seconds": round(seconds, 1), "rows": rows, "rows_per_second": round(rows / seconds)}


def _tick(now: dt.datetime, repeat: int) -> dict:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from reminders.services import reminders_claim_due

    timings, queries, claimed = [], None, None
    for _ in range(repeat):
        with transaction.atomic():
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                result = reminders_claim_due(now=now)
                timings.append(time.perf_counter() - started)
            transaction.set_rollback(True)
        statements = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
        queries, claimed = len(statements), len(result)
    return {
        "claimed": claimed,
        "queries": queries,
        "median_ms": round(statistics.median(timings) * 1000, 2),
        "max_ms": round(max(timings) * 1000, 2),
    }


def _explain(now: dt.datetime) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT id FROM reminders_reminder WHERE (state = 'pending' AND NOT channel = "
            "'digest' AND due_at <= %s) OR (state = 'sending' AND lease_until < %s) LIMIT 500 "
            "FOR UPDATE SKIP LOCKED",
            [now, now],
        )
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    args = _arguments()
    _django_setup()
    from django.conf import settings
    from django.db import connection

    from reminders.models import Reminder

    _database_reset()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    started = time.perf_counter()
    data = _populate(args, now)
    populate_seconds = time.perf_counter() - started
    plan = _plan(data["case_ids"], now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]

    # Planning at `now` made the missed rules of hearings in the coming week due at `now`:
    # one second earlier, nothing is due.
    quiet = _tick(now - dt.timedelta(seconds=1), args.repeat)
    # A backlog: the instant by which more than a full batch is due.
    backlog_at = (
        Reminder.objects.filter(state="pending")
        .exclude(channel="digest")
        .order_by("due_at")
        .values_list("due_at", flat=True)[settings.REMINDER_SCAN_BATCH * 4]
    )
    backlog = _tick(backlog_at, args.repeat)
    due_in_backlog = Reminder.objects.filter(state="pending", due_at__lte=backlog_at).count()

    results = {
        **_provenance(),
        "date": now.isoformat(),
        "machine": {"python": platform.python_version(), "cpu_count": __import__("os").cpu_count()},
        "postgresql": postgres,
        "hearings": args.hearings,
        "cases": args.cases,
        "populate_seconds": round(populate_seconds, 1),
        "plan": plan,
        "batch": settings.REMINDER_SCAN_BATCH,
        "quiet_tick": quiet,
        "backlog_tick": {**backlog, "due": due_in_backlog},
        "explain": _explain(backlog_at),
        "goals": GOALS,
    }
    results["goals_met"] = all(
        tick["queries"] <= GOALS["queries_max"]
        and tick["max_ms"] / 1000 < GOALS["tick_seconds_max"]
        for tick in (quiet, backlog)
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({k: v for k, v in results.items() if k != "explain"}, indent=2))
    print(results["explain"])


if __name__ == "__main__":
    main()
