"""Benchmark the importer's reader (importer.reading.appeal_read) on appeals with answers.

    .venv/bin/python bench/importer.py [FOLDER ...] [--output bench/results/importer.json]

Each FOLDER (the tests' fictional appeals, tests/data/appeals, and bench/heldout, written apart
and never used to tune the reader, by default) holds `NAME.txt` appeals, each with a
`NAME.answer.json` (tools/importer_answers.py derives those of the tests from their
.facts.toml; bench/heldout's are written by hand). For each kind of field it prints and records
recall (facts found / facts stated) and precision (facts found / fields proposed), over all
folders and per folder, and the median and maximum time to read one appeal. No database, no
network.

How a proposed field counts as found (the values are compared as printed, character for
character, except dates, compared in the API's form: 2021-03-29, 2021-03, 2012-autumn):
reference, issue date, issuer, intervention type: equal to the answer. Defenders: the name is
the answer's name or one of its other spellings. Roles: the same role and organisation (of
any defender). Charges: the same offence and article (both
absent counts as equal). Detention: a measure of the same kind. Hearings, decisions, events:
the same date. Authorities: the same name, post, fax and e-mail. Actions: the same number and
text. Lists are matched one to one.

Goals (issue 15): recall at least 95 % on reference, issue date, authorities and actions, at
least 85 % on defenders, charges, detention and hearings, precision at least as high, and an
appeal read in under one second.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_cases import BENCH_FIELD_ENCRYPTION_KEY, _provenance  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "importer.json"
DEFAULT_FOLDERS = [ROOT / "tests" / "data" / "appeals", ROOT / "bench" / "heldout"]
GOALS = {
    "reference": 0.95,
    "issue_date": 0.95,
    "authorities": 0.95,
    "actions": 0.95,
    "defenders": 0.85,
    "charges": 0.85,
    "detention": 0.85,
    "hearings": 0.85,
}
SECONDS_MAX = 1.0
SINGLE = ("reference", "issue_date", "issuer", "intervention_type")
LISTS = (
    "defenders",
    "roles",
    "charges",
    "detention",
    "hearings",
    "decisions",
    "events",
    "authorities",
    "actions",
)


def _django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "appeals_site.settings.development")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DEBUG", "true")
    # make bench runs every script with DEBUG=false, where the settings want a key for the
    # confidential fields (nothing here reads or writes any).
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", BENCH_FIELD_ENCRYPTION_KEY)
    import django

    django.setup()


def _date(read) -> str | None:
    return read.value.iso() if read is not None and read.value is not None else None


def proposed(proposal) -> dict:
    """Return the proposal in the answers' shape."""

    def value(read):
        return read.value if read is not None else None

    return {
        "reference": value(proposal.reference),
        "issue_date": _date(proposal.issue_date),
        "issuer": value(proposal.issuer),
        "intervention_type": value(proposal.intervention_type),
        "defenders": [{"name": d.name} for d in proposal.defenders],
        "roles": [
            {"role": a.role, "organisation": a.organisation}
            for d in proposal.defenders
            for a in d.affiliations
        ],
        "charges": [{"offence": c.offence, "article": c.article} for c in proposal.charges],
        "detention": [{"kind": m.kind} for m in proposal.measures],
        "hearings": [{"date": _date(h.date)} for h in proposal.hearings],
        "decisions": [{"date": _date(d.date)} for d in proposal.decisions],
        "events": [{"date": _date(e.date)} for e in proposal.events],
        "authorities": [
            {"name": a.name, "post": a.post, "fax": a.fax, "email": a.email}
            for a in proposal.addressees
        ],
        "actions": [{"number": a.number, "text": a.text} for a in proposal.actions],
    }


def _same(kind: str, truth: dict, guess: dict) -> bool:
    if kind == "defenders":
        return guess["name"] in [truth["name"], *truth.get("other_spellings", [])]
    return all(guess.get(key) == truth.get(key) for key in truth if key != "other_spellings")


def score(kind: str, truth, guess) -> tuple[int, int, int]:
    """Return (found, stated, proposed) for one kind of field of one appeal."""
    if kind in SINGLE:
        stated, offered = int(truth is not None), int(guess is not None)
        return int(truth is not None and guess == truth), stated, offered
    unmatched = list(guess)
    found = 0
    for fact in truth:
        for index, candidate in enumerate(unmatched):
            if _same(kind, fact, candidate):
                found += 1
                del unmatched[index]
                break
    return found, len(truth), len(guess)


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def run(folders: list[Path], repeat: int) -> dict:
    from importer.reading import appeal_read

    totals: dict[str, list[int]] = {kind: [0, 0, 0] for kind in SINGLE + LISTS}
    per_folder: dict[str, dict] = {}
    seconds: list[float] = []
    misses: list[dict] = []
    for folder in folders:
        folder_totals = {kind: [0, 0, 0] for kind in SINGLE + LISTS}
        for path in sorted(folder.glob("*.txt")):
            answer_path = path.with_suffix(".answer.json")
            if not answer_path.exists():
                continue
            truth = json.loads(answer_path.read_text())
            text = path.read_text()
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                proposal = appeal_read(text=text)
                timings.append(time.perf_counter() - started)
            seconds.append(min(timings))
            guess = proposed(proposal)
            for kind in SINGLE + LISTS:
                found, stated, offered = score(
                    kind, truth.get(kind, None if kind in SINGLE else []), guess[kind]
                )
                for bucket in (totals[kind], folder_totals[kind]):
                    bucket[0] += found
                    bucket[1] += stated
                    bucket[2] += offered
                if found < stated or found < offered:
                    misses.append(
                        {"file": path.name, "kind": kind, "found": found, "stated": stated}
                        | {"proposed": offered}
                    )
        per_folder[str(folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder)] = {
            kind: {"recall": _ratio(f, s), "precision": _ratio(f, p), "stated": s, "proposed": p}
            for kind, (f, s, p) in folder_totals.items()
        }
    fields = {
        kind: {"recall": _ratio(f, s), "precision": _ratio(f, p), "found": f, "stated": s}
        | {"proposed": p}
        for kind, (f, s, p) in totals.items()
    }
    goals_met = {
        kind: bool(
            (fields[kind]["recall"] or 0) >= goal and (fields[kind]["precision"] or 0) >= goal
        )
        for kind, goal in GOALS.items()
    }
    return {
        "appeals": len(seconds),
        "fields": fields,
        "per_folder": per_folder,
        "goals": GOALS,
        "goals_met": goals_met,
        "seconds_per_appeal": {
            "median": round(statistics.median(seconds), 4) if seconds else None,
            "max": round(max(seconds), 4) if seconds else None,
            "goal_max": SECONDS_MAX,
        },
        "misses": misses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT_FOLDERS)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--repeat", type=int, default=3, help="reads per appeal; the fastest counts"
    )
    arguments = parser.parse_args()
    _django_setup()
    result = run([folder.resolve() for folder in arguments.folders], arguments.repeat)
    print(f"{'field':<18} {'recall':>7} {'precision':>9} {'stated':>7} {'proposed':>8}  goal")
    for kind, figures in result["fields"].items():
        goal = GOALS.get(kind)
        mark = (
            "" if goal is None else ("met" if result["goals_met"][kind] else f"MISSED ({goal:.0%})")
        )
        recall = "-" if figures["recall"] is None else f"{figures['recall']:.1%}"
        precision = "-" if figures["precision"] is None else f"{figures['precision']:.1%}"
        counts = f"{figures['stated']:>7} {figures['proposed']:>8}"
        print(f"{kind:<18} {recall:>7} {precision:>9} {counts}  {mark}")
    timing = result["seconds_per_appeal"]
    median, most = timing["median"], timing["max"]
    print(f"{result['appeals']} appeals; median {median} s, max {most} s per appeal")
    result["machine"] = {"python": platform.python_version(), "processor": platform.machine()}
    result = {**_provenance(), **result}
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
