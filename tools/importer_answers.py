"""Write the importer's answer files: for each `NN_*.facts.toml` of a folder (the fictional
appeals, tests/data/appeals by default), `NN_*.answer.json` beside it, holding what
bench/importer.py scores `appeal_read` on, by kind of field:

    .venv/bin/python tools/importer_answers.py [FOLDER] [--check]

The answers are derived from the facts, never written by hand, so the two cannot drift: --check
fails (exit 1) when an answer file is missing or differs from what the facts give. Dates are in
the API's form of uncertain dates (cases/dates.py: 2021-03, 2012-autumn, 2015~, a/b); a "[sic]"
date that does not exist is null. Imports nothing of the project.
"""

import argparse
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = ROOT / "tests" / "data" / "appeals"


def date_iso(date: dict | None) -> str | None:
    """Return a facts file's date table in the API's form, or None."""
    if not date or "value" not in date:
        return None
    value = date["value"]
    if date.get("precision") == "season":
        value = f"{value}-{date['season']}"
    return value + "~" if date.get("approximate") else value


def answers(facts: dict) -> dict:
    """Return the answer of one appeal from its facts (a parsed .facts.toml)."""
    appeal = facts.get("appeal", {})
    return {
        "reference": appeal.get("reference"),
        "issue_date": date_iso(appeal.get("issue_date")),
        "issuer": appeal.get("issuer"),
        "intervention_type": appeal.get("intervention_type"),
        "defenders": [
            {"name": d["name"], "other_spellings": d.get("other_spellings", [])}
            for d in facts.get("defenders", [])
        ],
        "roles": [
            {"role": a["role"], "organisation": a.get("organisation")}
            for d in facts.get("defenders", [])
            for a in d.get("affiliations", [])
        ],
        "charges": [
            {"offence": c.get("offence"), "article": c.get("article")}
            for c in facts.get("charges", [])
        ],
        "detention": [{"kind": m["kind"]} for m in facts.get("measures", [])],
        "hearings": [{"date": date_iso(h.get("date"))} for h in facts.get("hearings", [])],
        "decisions": [{"date": date_iso(d.get("date"))} for d in facts.get("decisions", [])],
        "events": [{"date": date_iso(e.get("date"))} for e in facts.get("events", [])],
        "authorities": [
            {
                "name": a.get("name"),
                "post": a.get("post"),
                "fax": a.get("fax"),
                "email": a.get("email"),
            }
            for a in facts.get("addressees", [])
        ],
        "actions": [{"number": a["number"], "text": a["text"]} for a in facts.get("actions", [])],
    }


def render(facts_path: Path) -> str:
    with facts_path.open("rb") as handle:
        facts = tomllib.load(handle)
    return json.dumps(answers(facts), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    arguments = parser.parse_args()
    stale = []
    for facts_path in sorted(arguments.folder.glob("*.facts.toml")):
        answer_path = facts_path.with_name(facts_path.name.replace(".facts.toml", ".answer.json"))
        content = render(facts_path)
        if arguments.check:
            if not answer_path.exists() or answer_path.read_text() != content:
                stale.append(answer_path.name)
        else:
            answer_path.write_text(content)
    if stale:
        print("out of date (run tools/importer_answers.py):", ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
