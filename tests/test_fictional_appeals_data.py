"""The fictional appeals in tests/data/appeals/ and the facts each states: every text has its
facts file, every facts file follows the schema in tests/data/appeals/README.md, every string
given "as printed" is in the text, and together the files cover the fourteen shapes of archived
appeals the data model must hold. Pure Python: no database, no Django."""

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "appeals"
TEXTS = sorted(DATA.glob("[0-9][0-9]_*.txt"))
FACTS = sorted(DATA.glob("[0-9][0-9]_*.facts.toml"))
FICTIONAL = (
    "FICTIONAL SAMPLE: every person, body, address and number below is invented, for testing only."
)

SHAPES = set(range(1, 15))

# Keys whose string values (or list items) are copied from the text, character for character;
# so is any key ending in "_as_printed".
VERBATIM = {
    "article",
    "by",
    "as_printed",
    "city",
    "conditions",
    "court",
    "email",
    "embassy_clause",
    "designation",
    "dropped_by",
    "fax",
    "follow_up_of",
    "index_number",
    "instrument",
    "intervention_type",
    "issuer",
    "issuer_members",
    "max_penalty",
    "name",
    "office",
    "offence",
    "ordered_by",
    "organisation",
    "quoted",
    "regime",
    "other_spellings",
    "place",
    "post",
    "reference",
    "role",
    "salutation",
    "seized",
    "text",
    "title",
    "violations",
    "work",
}

# The keys each kind of table may hold (README.md says what each means); a key not listed here
# is a typo or an undocumented addition.
KEYS = {
    "appeal": {
        "reference",
        "reference_kind",
        "follow_up",
        "follow_up_of",
        "index_number",
        "issuer",
        "issuer_members",
        "intervention_type",
        "issue_date",
        "language",
        "country",
        "title",
        "violations",
        "embassy_clause",
        "action_deadline",
        "information_only",
        "case_closed",
        "case_closed_as_printed",
    },
    "defenders": {
        "id",
        "name",
        "other_spellings",
        "gender",
        "gender_as_printed",
        "city",
        "situation",
        "affiliations",
        "work",
        "work_since",
        "designation",
        "in_custody_since",
        "deprived_of_liberty_since",
    },
    "defenders.affiliations": {"role", "organisation", "since"},
    "groups": {
        "id",
        "as_printed",
        "count",
        "approximate",
        "at_least",
        "more_than",
        "city",
        "situation",
        "released",
        "released_as_printed",
    },
    "proceedings": {
        "id",
        "kind",
        "name",
        "court",
        "prosecution_appealed",
        "prosecution_appealed_as_printed",
    },
    "charges": {
        "id",
        "proceeding",
        "defenders",
        "joint",
        "instrument",
        "article",
        "offence",
        "max_penalty",
        "date",
        "status",
        "replaced_by",
        "replaced_on",
        "dropped_on",
        "dropped_by",
        "grounds_as_printed",
    },
    "decisions": {
        "id",
        "proceeding",
        "date",
        "court",
        "instance",
        "outcomes",
        "appeal_lodged",
        "appeal_lodged_as_printed",
    },
    "decisions.outcomes": {
        "defender",
        "outcome",
        "outcome_as_printed",
        "charges",
        "sentence",
        "requested_sentence",
        "unchanged_as_printed",
    },
    "decisions.outcomes.sentence": {"kind", "term", "amount", "currency", "as_printed", "regime"},
    "decisions.outcomes.requested_sentence": {"kind", "term", "amount", "currency", "as_printed"},
    "measures": {
        "id",
        "kind",
        "measure_as_printed",
        "defenders",
        "ordered_by",
        "place",
        "start",
        "term",
        "end",
        "stated_end",
        "end_stated",
        "reason_stated",
        "unstated_as_printed",
        "ended",
        "ended_as_printed",
        "extensions",
        "continuous_with",
        "custody_continuous",
        "legal_basis_gap",
        "conditions",
        "reporting",
        "runs_with",
        "breach",
    },
    "measures.extensions": {"date", "ordered_by", "term", "stated_end", "term_stated"},
    "measures.legal_basis_gap": {"from", "to", "as_printed"},
    "measures.reporting": {"interval", "day", "place"},
    "measures.breach": {"date", "as_printed"},
    "hearings": {
        "court",
        "court_named",
        "court_as_printed",
        "city",
        "date",
        "local_time",
        "time_as_printed",
        "purpose",
        "purpose_as_printed",
        "defenders",
        "summoned",
    },
    "events": {
        "date",
        "kind",
        "by",
        "defenders",
        "groups",
        "charges",
        "organisation",
        "place",
        "seized",
        "quoted",
        "description",
        "reported_to_police",
        "investigation_opened",
    },
    "actions": {"number", "text"},
    "addressees": {"name", "post", "office", "fax", "email", "salutation"},
    "notes": {"number", "text", "date", "reference"},
}

PRECISIONS = {"day", "month", "year", "season", "part_of_month", "range"}
DATE_KEYS = {"value", "precision", "as_printed", "approximate", "sic", "season", "part"}
SEASONS = {"spring", "summer", "autumn", "winter"}
PARTS = {"early", "mid", "late"}
LANGUAGES = {"en", "fr", "es", "ru", "de"}
REFERENCE_KINDS = {"observatory", "urgent_action", "none"}
SITUATIONS = {
    "at liberty",
    "in police custody",
    "in administrative detention",
    "in pre-trial detention",
    "under house arrest",
    "sentenced and imprisoned",
    "released",
    "in exile",
    "disappeared",
    "killed",
}
MEASURE_KINDS = {
    "police_custody",
    "administrative_detention",
    "pre_trial_detention",
    "house_arrest",
    "imprisonment",
    "travel_ban",
    "judicial_control",
    "provisional_release",
    "probation",
}
CHARGE_STATUSES = {"pending", "replaced", "dropped", "convicted", "acquitted"}
INSTANCES = {"first", "appeal", "cassation", "investigating_judge"}
OUTCOMES = {
    "convicted",
    "acquitted",
    "dismissed",
    "upheld",
    "overturned",
    "reduced",
    "remanded",
    "extended",
}
SENTENCE_KINDS = {
    "imprisonment",
    "administrative_detention",
    "suspended",
    "probation",
    "fine",
    "ban_leaving_country",
    "ban_practising_law",
    "ban_social_activities",
}
PURPOSES = {
    "remand",
    "detention_extension",
    "preliminary",
    "trial_opening",
    "trial",
    "verdict",
    "appeal",
    "cassation",
}
TERM_UNITS = {"years", "months", "weeks", "days"}
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def load(path: Path) -> dict:
    with path.open("rb") as file:
        return tomllib.load(file)


def text_of(facts_path: Path) -> str:
    return facts_path.with_name(facts_path.name.removesuffix(".facts.toml") + ".txt").read_text(
        encoding="utf-8"
    )


def walk(node, path=()):
    """Every (path, key, value) in a parsed TOML document, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, key, value
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from walk(item, (*path, index))


def dates(facts: dict):
    """Every date in a facts file: a table with a `precision` key."""
    for path, _key, value in walk(facts):
        if isinstance(value, dict) and "precision" in value:
            yield path, value


def iso(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def check_date(where, date: dict) -> None:
    assert set(date) <= DATE_KEYS, (where, set(date) - DATE_KEYS)
    assert date.get("as_printed"), (where, "a date keeps its wording as printed")
    precision = date["precision"]
    assert precision in PRECISIONS, (where, precision)
    if "value" not in date:
        assert date.get("sic") is True, (where, "only a date marked [sic] may lack a value")
        assert "[sic]" in date["as_printed"], where
        return
    value = date["value"]
    if precision == "day":
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", value), (where, value)
        iso(value)
    elif precision in {"month", "part_of_month"}:
        assert re.fullmatch(r"\d{4}-\d\d", value), (where, value)
        iso(value + "-01")
    elif precision in {"year", "season"}:
        assert re.fullmatch(r"\d{4}", value), (where, value)
    elif precision == "range":
        start, _, end = value.partition("/")
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", start), (where, value)
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", end), (where, value)
        assert iso(start) < iso(end), (where, value)
    assert (precision == "season") == ("season" in date), where
    if "season" in date:
        assert date["season"] in SEASONS, where
    assert (precision == "part_of_month") == ("part" in date), where
    if "part" in date:
        assert date["part"] in PARTS, where


def check_term(where, term: dict) -> None:
    units = set(term) - {"as_printed"}
    assert units and units <= TERM_UNITS, (where, term)
    assert all(isinstance(term[unit], int) and term[unit] > 0 for unit in units), (where, term)
    assert term.get("as_printed"), (where, "a term keeps its wording as printed")


@pytest.fixture(scope="module", params=FACTS, ids=lambda path: path.name)
def facts_file(request):
    return request.param


def test_there_are_a_dozen_appeals():
    assert len(TEXTS) == 12
    assert len(FACTS) == 12


def test_every_text_has_its_facts_and_every_facts_file_its_text():
    texts = {path.name.removesuffix(".txt") for path in TEXTS}
    facts = {path.name.removesuffix(".facts.toml") for path in FACTS}
    assert texts == facts
    assert all(re.fullmatch(r"\d\d_[a-z]{3}_[a-z0-9_]+", name) for name in texts), texts


@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.name)
def test_every_text_says_it_is_fictional(path):
    assert path.read_text(encoding="utf-8").splitlines()[0] == FICTIONAL


def test_every_facts_file_parses_and_says_it_is_fictional(facts_file):
    assert facts_file.read_text(encoding="utf-8").splitlines()[0] == "# " + FICTIONAL
    assert load(facts_file)


def test_top_level_keys(facts_file):
    facts = load(facts_file)
    allowed = {
        "shapes",
        "case",
        "appeal",
        "defenders",
        "groups",
        "proceedings",
        "charges",
        "decisions",
        "measures",
        "hearings",
        "events",
        "actions",
        "addressees",
        "notes",
    }
    assert {"shapes", "case", "appeal"} <= set(facts), facts_file.name
    assert set(facts) <= allowed, set(facts) - allowed
    assert facts["shapes"] and set(facts["shapes"]) <= SHAPES


def tables(facts: dict):
    """(kind, table) for [appeal] and every table of the arrays, nested ones included."""
    for key, value in facts.items():
        if isinstance(value, dict):
            yield key, value
        elif isinstance(value, list) and all(isinstance(item, dict) for item in value):
            for table in value:
                yield key, table
                for inner_key, inner in table.items():
                    kind = f"{key}.{inner_key}"
                    if isinstance(inner, dict) and kind in KEYS:
                        yield kind, inner
                    if isinstance(inner, list) and all(isinstance(item, dict) for item in inner):
                        for item in inner:
                            yield kind, item
                            for part_key, parts in item.items():
                                if isinstance(parts, list):
                                    for part in parts:
                                        if isinstance(part, dict):
                                            yield f"{kind}.{part_key}", part


def test_every_key_is_documented(facts_file):
    unknown = [
        (kind, sorted(set(table) - KEYS[kind]))
        for kind, table in tables(load(facts_file))
        if set(table) - KEYS[kind]
    ]
    assert not unknown


def test_appeal_identity(facts_file):
    appeal = load(facts_file)["appeal"]
    for key in ("reference_kind", "issuer", "intervention_type", "issue_date", "language"):
        assert key in appeal, key
    for key in ("country", "title"):
        assert key in appeal, key
    assert appeal["reference_kind"] in REFERENCE_KINDS
    assert ("reference" in appeal) == (appeal["reference_kind"] != "none")
    assert appeal["language"] in LANGUAGES
    assert re.fullmatch(r"[A-Z]{3}", appeal["country"])
    assert appeal["issue_date"]["precision"] == "day"
    if appeal["reference_kind"] == "observatory":
        number = re.fullmatch(
            r"[A-Z]{3} ?\d{3} ?/ ?\d{4} ?/ ?OBS ?\d{3}(?:\.(\d+))?", appeal["reference"]
        )
        assert number, appeal["reference"]
        assert appeal["follow_up"] == int(number.group(1) or 0)
    if appeal["reference_kind"] == "urgent_action":
        assert re.fullmatch(r"UA \d+/\d\d", appeal["reference"]), appeal["reference"]
        assert re.fullmatch(r"[A-Z]{3} \d\d/\d{4}/\d{4}", appeal["index_number"])


def test_every_date_is_iso_and_matches_its_precision(facts_file):
    found = list(dates(load(facts_file)))
    assert found
    for where, date in found:
        check_date((facts_file.name, where), date)


def test_terms_and_times(facts_file):
    for path, key, value in walk(load(facts_file)):
        where = (facts_file.name, path, key)
        if key == "term":
            check_term(where, value)
        if key == "local_time":
            assert TIME.match(value), where


def test_people_and_groups(facts_file):
    facts = load(facts_file)
    for defender in facts.get("defenders", []):
        assert {"id", "name"} <= set(defender), defender
        if "situation" in defender:
            assert defender["situation"] in SITUATIONS, defender["situation"]
        if "gender" in defender:
            assert defender["gender"] in {"female", "male"}
            assert defender.get("gender_as_printed"), "gender only where the text states it"
    for group in facts.get("groups", []):
        assert {"id", "as_printed", "approximate"} <= set(group), group
        assert isinstance(group.get("count", 0), int)


def test_references_between_facts_resolve(facts_file):
    facts = load(facts_file)
    defenders = {defender["id"] for defender in facts.get("defenders", [])}
    groups = {group["id"] for group in facts.get("groups", [])}
    charges = {charge["id"] for charge in facts.get("charges", [])}
    proceedings = {proceeding["id"] for proceeding in facts.get("proceedings", [])}
    measures = {measure["id"] for measure in facts.get("measures", [])}
    for path, key, value in walk(facts):
        where = (facts_file.name, path, key)
        if key == "defenders" and path and path[0] != "defenders":
            assert set(value) <= defenders, where
        if key == "defender":
            assert value in defenders, where
        if key == "groups" and path:
            assert set(value) <= groups, where
        if key in {"charges", "replaced_by"} and path:
            assert set(value) <= charges, where
        if key == "proceeding":
            assert value in proceedings, where
        if key == "continuous_with":
            assert value in measures, where


def test_controlled_words(facts_file):
    facts = load(facts_file)
    for charge in facts.get("charges", []):
        assert charge["status"] in CHARGE_STATUSES, charge
        assert charge["defenders"], charge
        assert ("replaced_by" in charge) == (charge["status"] == "replaced"), charge
    for decision in facts.get("decisions", []):
        assert decision["instance"] in INSTANCES, decision
        for outcome in decision["outcomes"]:
            assert outcome["outcome"] in OUTCOMES, outcome
            for part in outcome.get("sentence", []) + outcome.get("requested_sentence", []):
                assert part["kind"] in SENTENCE_KINDS, part
                if part["kind"] == "fine":
                    assert isinstance(part["amount"], int) and re.fullmatch(
                        r"[A-Z]{3}", part["currency"]
                    ), part
    for measure in facts.get("measures", []):
        assert measure["kind"] in MEASURE_KINDS, measure
        assert measure["defenders"], measure
    for hearing in facts.get("hearings", []):
        assert "date" in hearing, hearing
        assert ("court" in hearing) or hearing.get("court_named") is False, hearing
        assert hearing.get("purpose", "remand") in PURPOSES, hearing


def test_actions_are_numbered_in_order(facts_file):
    actions = load(facts_file).get("actions", [])
    assert [action["number"] for action in actions] == ROMAN[: len(actions)]


def test_every_string_as_printed_is_in_the_text(facts_file):
    text = text_of(facts_file)
    missing = []
    for path, key, value in walk(load(facts_file)):
        if key not in VERBATIM and not key.endswith("_as_printed"):
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item not in text:
                missing.append((path, key, item))
    assert not missing, missing


def test_the_fourteen_shapes_are_covered():
    covered = set()
    for path in FACTS:
        covered |= set(load(path)["shapes"])
    assert covered == SHAPES, SHAPES - covered


def test_a_series_keeps_its_case_code():
    """Follow-ups printed `.01` or with odd spacing name the same case as the original."""
    by_case: dict[str, set[str]] = {}
    for path in FACTS:
        facts = load(path)
        appeal = facts["appeal"]
        if appeal["reference_kind"] == "observatory":
            code = re.sub(r"\s+", "", appeal["reference"]).split(".")[0]
            by_case.setdefault(facts["case"], set()).add(code)
    assert all(len(codes) == 1 for codes in by_case.values()), by_case


CANONICAL_REFERENCE = re.compile(r"^[A-Z]{3} \d{3} / \d{4} / OBS \d{3}(\.[1-9]\d*)?$")
CANONICAL_FAX = re.compile(r"^\+[1-9]\d{0,2}( \d+)+$")


def items(facts: dict, key: str) -> list:
    return facts.get(key, [])


def all_charges_have_article(facts: dict) -> bool:
    return all("article" in charge for charge in items(facts, "charges"))


def sentence_parts(facts: dict):
    for decision in items(facts, "decisions"):
        for outcome in decision["outcomes"]:
            yield from outcome.get("sentence", [])


def faxes(facts: dict) -> list[str]:
    return [addressee["fax"] for addressee in items(facts, "addressees") if "fax" in addressee]


SHOWN_BY = {
    1: lambda f: f["appeal"]["reference_kind"] == "observatory",
    2: lambda f: f["appeal"]["reference_kind"] in {"urgent_action", "none"},
    3: lambda f: not all_charges_have_article(f),
    4: lambda f: any(len(c["defenders"]) > 1 or "replaced_by" in c for c in items(f, "charges")),
    5: lambda f: any(True for _ in sentence_parts(f)),
    6: lambda f: any(d["precision"] != "day" or d.get("sic") for _, d in dates(f)),
    7: lambda f: any(
        m["kind"] not in {"police_custody", "pre_trial_detention", "imprisonment"}
        or "extensions" in m
        or "continuous_with" in m
        for m in items(f, "measures")
    ),
    8: lambda f: bool(items(f, "groups")),
    9: lambda f: any(
        "other_spellings" in d or sum("organisation" in a for a in d.get("affiliations", [])) > 1
        for d in items(f, "defenders")
    ),
    10: lambda f: any(
        h.get("court_named") is False or "purpose" not in h or "local_time" in h
        for h in items(f, "hearings")
    ),
    11: lambda f: bool(faxes(f)),
    12: lambda f: f["appeal"].get("information_only") is True and not items(f, "actions"),
    13: lambda f: f["appeal"]["language"] != "en",
    14: lambda f: f["appeal"].get("case_closed") is True,
}


def test_each_file_shows_the_shapes_it_claims(facts_file):
    facts = load(facts_file)
    assert set(SHOWN_BY) == SHAPES
    assert [shape for shape in facts["shapes"] if not SHOWN_BY[shape](facts)] == []


def test_the_corpus_holds_every_variant_the_brief_names():
    """Each shape's particular variants, somewhere among the twelve files."""
    corpus = [load(path) for path in FACTS]
    appeals = [facts["appeal"] for facts in corpus]

    # 1: a series with gaps, a `.01` and odd spacing, all naming one case.
    series = [a for f, a in zip(corpus, appeals, strict=True) if f["case"] == "blr-lawyers"]
    observatory = [a for a in series if a["reference_kind"] == "observatory"]
    assert sorted(a["follow_up"] for a in observatory) == [0, 1, 4]
    assert any(a["reference"].endswith(".01") for a in observatory)
    assert any(not CANONICAL_REFERENCE.match(a["reference"]) for a in observatory)
    # 2: the same case's Urgent Action and its further information, and an unnumbered appeal.
    actions = [a for a in series if a["reference_kind"] == "urgent_action"]
    assert {a["reference"] for a in actions} == {"UA 117/21"}
    assert len({a["index_number"] for a in actions}) == 2
    assert any("follow_up_of" in a for a in actions)
    assert any(a["reference_kind"] == "none" for a in series)
    assert len({a["issuer"] for a in series}) >= 3
    # 3, 4: a charge with no article, a joint charge, two charges replaced by three.
    charges = [c for f in corpus for c in items(f, "charges")]
    assert any("article" not in c for c in charges)
    assert any(c.get("joint") and len(c["defenders"]) == 2 for c in charges)
    for facts in corpus:
        replaced = [c for c in items(facts, "charges") if c["status"] == "replaced"]
        if len(replaced) == 2 and len(replaced[0]["replaced_by"]) == 3:
            assert replaced[0]["replaced_by"] == replaced[1]["replaced_by"]
            break
    else:
        pytest.fail("no file has two charges replaced by three")
    assert any("name" in p for f in corpus for p in items(f, "proceedings")), "a case number"
    # 5: a sentence in parts, the requested sentence, upheld on appeal, reduced in cassation.
    parts = {p["kind"] for f in corpus for p in sentence_parts(f)}
    assert {
        "imprisonment",
        "suspended",
        "probation",
        "fine",
        "ban_leaving_country",
        "ban_practising_law",
    } <= parts
    outcomes = [
        (d["instance"], o) for f in corpus for d in items(f, "decisions") for o in d["outcomes"]
    ]
    assert any(o.get("requested_sentence") for _, o in outcomes)
    assert any(i == "appeal" and o["outcome"] == "upheld" for i, o in outcomes)
    assert any(i == "cassation" and o["outcome"] == "reduced" for i, o in outcomes)
    # 6: uncertain dates.
    every_date = [d for f in corpus for _, d in dates(f)]
    precisions = {d["precision"] for d in every_date}
    assert {"month", "season", "range", "part_of_month"} <= precisions
    assert any(d.get("approximate") and d["precision"] == "year" for d in every_date)
    assert any(d.get("sic") and "value" not in d for d in every_date)
    detained_since_a_month = [
        m
        for f in corpus
        for m in items(f, "measures")
        if m["kind"] == "pre_trial_detention" and m.get("start", {}).get("precision") == "month"
    ]
    assert detained_since_a_month, "a detention whose start is known only to the month"
    # 7: measures besides detention, a term printed as its end, an extension with no length,
    # administrative detention running into pre-trial detention.
    measures = [m for f in corpus for m in items(f, "measures")]
    kinds = {m["kind"] for m in measures}
    assert {"travel_ban", "house_arrest", "judicial_control", "provisional_release"} <= kinds
    extensions = [e for m in measures for e in m.get("extensions", [])]
    assert any("stated_end" in e for e in extensions)
    assert any(e.get("term_stated") is False for e in extensions)
    assert any(
        m.get("custody_continuous")
        and "legal_basis_gap" in m
        and m["kind"] == "pre_trial_detention"
        for m in measures
    )
    # 8, 9: unnamed groups; a name spelled two ways; two organisations and roles.
    assert any(g.get("approximate") for f in corpus for g in items(f, "groups"))
    defenders = [d for f in corpus for d in items(f, "defenders")]
    assert any(d.get("other_spellings") for d in defenders)
    assert any(sum("organisation" in a for a in d.get("affiliations", [])) > 1 for d in defenders)
    # 10: an unnamed court, a hearing with no purpose, a local time.
    hearings = [h for f in corpus for h in items(f, "hearings")]
    assert any(h.get("court_named") is False for h in hearings)
    assert any("purpose" not in h for h in hearings)
    assert any("local_time" in h for h in hearings)
    # 11: fax numbers as printed, oddly.
    printed = {fax for f in corpus for fax in faxes(f)}
    assert {"+ 9 1234 56 78 90", "009 / 1234 / 56 78 90", "+7 3272 00 45 67"} <= printed
    assert {fax for fax in printed if not CANONICAL_FAX.match(fax)} >= {
        "+ 9 1234 56 78 90",
        "009 / 1234 / 56 78 90",
    }
    # 12, 14: an information-only follow-up; a closed case whose defender was released.
    assert any(a.get("information_only") and a.get("follow_up") for a in appeals)
    assert any(
        f["appeal"].get("case_closed")
        and any(d.get("situation") == "released" for d in items(f, "defenders"))
        for f in corpus
    )
    # 13: French, Spanish, and a text in German.
    assert {"fr", "es", "de"} <= {a["language"] for a in appeals}
    assert any(a["intervention_type"] == "Appel urgent" for a in appeals)
    assert any("Nouvelles informations" in a["intervention_type"] for a in appeals)
