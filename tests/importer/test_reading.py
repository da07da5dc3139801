"""appeal_read on the fictional appeals (tests/data/appeals): what the reader proposes, and the
span each field was read from. The answers are derived from the appeals' facts
(tools/importer_answers.py); bench/importer.py measures the rest."""

import json
import time
from pathlib import Path

import pytest

from cases.dates import Precision, UncertainDate
from importer.reading import appeal_read
from importer.reading.dates import dates_find
from tools import importer_answers

APPEALS = Path(__file__).resolve().parent.parent / "data" / "appeals"
NAMES = sorted(path.stem for path in APPEALS.glob("*.txt"))


def _read(name: str):
    text = (APPEALS / f"{name}.txt").read_text()
    answer = json.loads((APPEALS / f"{name}.answer.json").read_text())
    return text, answer, appeal_read(text=text)


def test_the_answer_files_are_those_the_facts_give():
    for facts_path in APPEALS.glob("*.facts.toml"):
        answer_path = facts_path.with_name(facts_path.name.replace(".facts.toml", ".answer.json"))
        assert answer_path.read_text() == importer_answers.render(facts_path), answer_path.name


@pytest.mark.parametrize("name", NAMES)
def test_the_header_is_read_as_printed(name):
    text, answer, proposal = _read(name)
    for kind in ("reference", "issuer", "intervention_type"):
        read = getattr(proposal, kind)
        assert (read.value if read else None) == answer[kind], kind
        if read:
            assert text[read.start : read.end] == read.value
    assert proposal.issue_date.value.iso() == answer["issue_date"]
    assert text[proposal.issue_date.start : proposal.issue_date.end] == (
        proposal.issue_date.as_printed
    )


@pytest.mark.parametrize("name", NAMES)
def test_actions_and_addressees_are_read_in_order_as_printed(name):
    text, answer, proposal = _read(name)
    assert [{"number": a.number, "text": a.text} for a in proposal.actions] == answer["actions"]
    for action in proposal.actions:
        assert text[action.start : action.end] == action.text
    assert [
        {"name": a.name, "post": a.post, "fax": a.fax, "email": a.email}
        for a in proposal.addressees
    ] == answer["authorities"]


@pytest.mark.parametrize("name", NAMES)
def test_defenders_are_the_people_the_appeal_is_about(name):
    text, answer, proposal = _read(name)
    assert [d.name for d in proposal.defenders] == [d["name"] for d in answer["defenders"]]
    for defender in proposal.defenders:
        assert text[defender.start : defender.end] == defender.name


def test_another_spelling_is_kept_with_the_defender_not_as_a_second_person():
    _text, _answer, proposal = _read("12_kaz_new_information_closed")
    [defender] = proposal.defenders
    assert (defender.name, defender.other_spellings) == ("Yerlan Sadykov", ["Erlan Sadykov"])
    assert defender.honorific == "Mr."


def test_charges_keep_article_instrument_and_maximum_penalty_as_printed():
    _text, _answer, proposal = _read("10_kaz_urgent_appeal")
    [charge] = proposal.charges
    assert (charge.offence, charge.article, charge.instrument, charge.max_penalty) == (
        "inciting social discord",
        "164",
        "Criminal Code",
        "up to twelve years' imprisonment",
    )


def test_a_charge_printed_without_an_article_has_none():
    _text, _answer, proposal = _read("11_aze_urgent_appeal")
    assert [(c.offence, c.article) for c in proposal.charges] == [
        ("illegal entrepreneurship", "192"),
        ("smuggling", None),
    ]


def test_loose_dates_keep_their_precision():
    text, _answer, proposal = _read("09_hnd_llamamiento_urgente")
    printed = {event.date.as_printed: event.date.value for event in proposal.events}
    assert printed["a principios de junio de 2021"] == UncertainDate.normalised(
        UncertainDate.parse("2021-06").earliest, Precision.MONTH
    )
    assert printed["alrededor de 2015"].iso() == "2015~"


def test_a_date_that_does_not_exist_is_kept_as_printed_without_a_value():
    _text, _answer, proposal = _read("11_aze_urgent_appeal")
    sic = [e.date for e in proposal.events if "[sic]" in e.date.as_printed]
    assert [(date.value, date.as_printed) for date in sic] == [(None, "31 June 2022 [sic]")]


def test_a_hearing_keeps_its_local_time_and_court():
    _text, _answer, proposal = _read("05_blr_defenders_at_risk_urgent_appeal")
    [hearing] = proposal.hearings
    assert (hearing.date.value.iso(), hearing.court) == (
        "2021-10-28",
        "Nemiga District Court of Minsk",
    )
    _text, _answer, proposal = _read("09_hnd_llamamiento_urgente")
    [hearing] = proposal.hearings
    assert (hearing.date.value.iso(), hearing.local_time, hearing.time_as_printed) == (
        "2021-06-22",
        "09:00",
        "a las 9:00 horas (hora local)",
    )


def test_measures_are_read_with_their_kind():
    _text, _answer, proposal = _read("07_dza_appel_urgent")
    assert [m.kind for m in proposal.measures] == [
        "police_custody",
        "judicial_control",
        "provisional_release",
        "travel_ban",
    ]


def test_an_appeal_without_actions_lists_them_as_unread():
    _text, _answer, proposal = _read("12_kaz_new_information_closed")
    assert proposal.actions == []
    assert proposal.unread == ["actions", "addressees"]
    [note] = proposal.notes
    assert note.number == 1
    assert note.text.startswith("See the Observatory's Urgent Appeal KAZ 001 / 0213 / OBS 014")
    assert note.reference.value == "KAZ 001 / 0213 / OBS 014"
    assert (note.date.value.iso(), note.date.as_printed) == ("2013-02-11", "February 11, 2013")


def test_the_country_is_kept_as_the_title_prints_it():
    _text, _answer, proposal = _read("07_dza_appel_urgent")
    assert proposal.country_as_printed.value == "Algérie"
    assert proposal.embassy_clause.value == (
        "Merci d'écrire également aux représentations diplomatiques de l'Algérie dans vos pays "
        "respectifs."
    )


def test_text_that_is_no_appeal_proposes_nothing_and_says_so():
    proposal = appeal_read(text="Hello,\n\nplease find the minutes of Tuesday's meeting attached.")
    assert proposal.reference is None and proposal.defenders == [] and proposal.actions == []
    assert proposal.unread == [
        "reference",
        "issue_date",
        "issuer",
        "defenders",
        "actions",
        "addressees",
    ]


def test_the_language_is_guessed_unless_given():
    text = (APPEALS / "07_dza_appel_urgent.txt").read_text()
    assert appeal_read(text=text).language == "fr"
    assert appeal_read(text=text, language="en").language == "en"


def test_roles_and_organisations_are_read_from_the_apposition_after_a_name():
    _text, _answer, proposal = _read("10_kaz_urgent_appeal")
    [defender] = proposal.defenders
    assert [(a.role, a.organisation) for a in defender.affiliations] == [
        ("chairman", "Kaspiy Enbek"),
        ("legal adviser", "Atyrau Labour Watch"),
    ]


def test_a_role_printed_before_the_name_is_read_when_no_apposition_follows_it():
    _text, _answer, proposal = _read("05_blr_defenders_at_risk_urgent_appeal")
    colleague = next(d for d in proposal.defenders if d.name == "Aliaksandr Karpenka")
    assert [(a.role, a.organisation) for a in colleague.affiliations] == [("colleague", None)]


def test_a_hearing_in_the_afternoon_is_read_on_the_24_hour_clock():
    text = (
        (APPEALS / "01_blr_urgent_appeal.txt")
        .read_text()
        .replace(
            "On March 12, 2021, police officers",
            "A hearing will take place before the Nemiga District Court of Minsk at 2.00 pm on "
            "April 2, 2021. On March 12, 2021, police officers",
        )
    )
    [hearing] = appeal_read(text=text).hearings
    assert (hearing.date.value.iso(), hearing.court, hearing.local_time) == (
        "2021-04-02",
        "Nemiga District Court of Minsk",
        "14:00",
    )
    assert hearing.time_as_printed == "at 2.00 pm"


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("on the night of September 3 to 4, 2025", "2025-09-03/2025-09-04"),
        ("entre el 3 y el 9 de noviembre de 2020", "2020-11-03/2020-11-09"),
        ("20. September 2021", "2021-09-20"),
        ("29 марта 2021 г.", "2021-03-29"),
        ("in autumn 2012", "2012-autumn"),
        ("since about 2015", "2015~"),
    ],
)
def test_dates_are_read_in_each_language_with_their_precision(printed, iso):
    [date] = dates_find(printed)
    assert date.value.iso() == iso


def test_a_long_text_without_line_breaks_is_read_in_linear_time():
    # A file of one 200 KB line once took minutes: each sentence mark split the whole line,
    # and each sentence scanned every date of the text.
    words = (APPEALS / "01_blr_urgent_appeal.txt").read_text().split()
    text = " ".join(words[index % len(words)] for index in range(30_000))
    started = time.perf_counter()
    appeal_read(text=text)
    assert time.perf_counter() - started < 10


def test_the_title_is_the_line_naming_a_country_before_the_type_not_a_menu_above_it():
    text = (
        "Home News Contact\n\nBelarus: Arbitrary detention of Mr. Ivan Petrou\n\n"
        "Urgent Appeal\n\nBLR 001 / 0121 / OBS 001\n\nJanuary 5, 2021\n"
    )

    proposal = appeal_read(text=text)

    assert proposal.title.value == "Belarus: Arbitrary detention of Mr. Ivan Petrou"
    assert proposal.country_as_printed.value == "Belarus"
    assert text[proposal.title.start : proposal.title.end] == proposal.title.value
