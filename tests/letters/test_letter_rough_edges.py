"""The rough edges a first user met in letters (issue 16): addresses of bodies seated abroad,
dates and hearing times in the letter's language, page numbers per letter, key facts grouped,
the signature's country, and the plain text campaigners copy."""

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from cases.models import Charge
from letters.context import Campaigner
from letters.rendering import letter_html, letter_pdf
from letters.text import letter_plain_texts
from tests.factories import (
    AppealAuthorityFactory,
    AuthorityFactory,
    ChargeFactory,
    HearingFactory,
)
from tests.letters.test_letter_rendering import TODAY, kgz_appeal

pytestmark = pytest.mark.django_db


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _mission(appeal):
    mission = AuthorityFactory(
        person_name="",
        post="Permanent Mission of the Kyrgyz Republic to the United Nations Office in Geneva",
        seat="Geneva",
        country="KG",
        salutation="Excellency",
        postal_address="Rue du Valais 21 bis\n1202 Geneva\nSwitzerland",
    )
    AppealAuthorityFactory(appeal=appeal, authority=mission, position=5)
    return mission


def test_a_body_seated_abroad_gets_its_address_as_posted_with_no_country_tacked_on():
    appeal = kgz_appeal()
    mission = _mission(appeal)
    text = letter_plain_texts(letter_html(appeal=appeal, authority=mission, language="en"))[0]
    assert "Rue du Valais 21 bis\n1202 Geneva\nSwitzerland\n" in text
    assert "Switzerland\nKyrgyzstan" not in text
    assert "Geneva\nKyrgyzstan" not in text


def test_a_body_seated_abroad_with_only_a_seat_gets_the_seats_country_not_the_one_it_acts_for():
    """The demo's KGZ 003 letter to the mission in Geneva printed "Geneva / Kyrgyzstan"."""
    appeal = kgz_appeal()
    mission = _mission(appeal)
    mission.postal_address, mission.seat_country = "", "CH"
    mission.save()
    text = letter_plain_texts(letter_html(appeal=appeal, authority=mission, language="en"))[0]
    assert "Geneva\nSwitzerland\n" in text
    assert "Kyrgyzstan\n" not in text


def test_a_body_seated_abroad_gets_the_seats_country_after_a_postal_address_without_one():
    appeal = kgz_appeal()
    mission = _mission(appeal)
    mission.postal_address, mission.seat_country = "Rue du Valais 21 bis\n1202 Geneva", "CH"
    mission.save()
    text = letter_plain_texts(letter_html(appeal=appeal, authority=mission, language="fr"))[0]
    assert "Rue du Valais 21 bis\n1202 Geneva\nSuisse\n" in text
    assert "Kirghizistan\n" not in text


def test_an_authority_with_only_a_seat_gets_the_seat_and_country():
    appeal = kgz_appeal()
    prosecutor = appeal.authorities.get(person_name="Nurgul Asanova")
    text = letter_plain_texts(letter_html(appeal=appeal, authority=prosecutor, language="en"))[0]
    assert "Bishkek\nKyrgyzstan" in text


@pytest.mark.parametrize(
    ("language", "date"),
    [
        ("en", "April 18, 2025"),
        ("fr", "18 avril 2025"),
        ("es", "18 de abril de 2025"),
        ("ru", "18 апреля 2025"),
    ],
)
def test_the_letter_is_dated_in_its_languages_format(language, date):
    appeal = kgz_appeal()
    html = letter_html(appeal=appeal, language=language, today=TODAY)
    first = letter_plain_texts(html)[0].splitlines()[0]
    assert date in first


def test_a_hearing_time_names_the_zones_city_and_its_utc_offset_on_that_date():
    appeal = kgz_appeal()
    text = "\n".join(letter_plain_texts(letter_html(appeal=appeal, language="en", today=TODAY)))
    assert "April 22, 2025 at 2 p.m. (Bishkek time, UTC+6)" in " ".join(text.split())
    assert "local time (Asia/Bishkek)" not in text
    ru = "\n".join(letter_plain_texts(letter_html(appeal=appeal, language="ru", today=TODAY)))
    assert "(по времени г. Бишкек, UTC+6)" in ru


def test_a_hearing_in_a_zone_with_summer_time_gives_that_dates_offset():
    appeal = kgz_appeal()
    appeal.case.hearings.all().delete()
    HearingFactory(
        case=appeal.case,
        local_date=dt.date(2025, 7, 2),
        local_time=dt.time(10, 30),
        time_zone="Europe/Paris",
        city="Paris",
    )
    text = " ".join(
        " ".join(letter_plain_texts(letter_html(appeal=appeal, language="en", today=TODAY))).split()
    )
    assert "at 10:30 a.m. (Paris time, UTC+2)" in text


def test_a_hearing_earlier_today_is_said_in_the_past_tense(time_machine):
    appeal = kgz_appeal()
    # 14:00 in Bishkek on April 22 is 08:00 UTC; by 10:00 UTC it is over.
    time_machine.move_to(dt.datetime(2025, 4, 22, 10, tzinfo=dt.UTC))
    text = " ".join(" ".join(letter_plain_texts(letter_html(appeal=appeal, language="en"))).split())
    assert "A hearing was scheduled for April 22, 2025 at 2 p.m." in text
    assert "Next hearing" not in letter_html(appeal=appeal, language="en")


def test_all_authorities_number_the_pages_of_each_letter_from_one():
    appeal = kgz_appeal()
    _mission(appeal)
    pdf = letter_pdf(html=letter_html(appeal=appeal, language="en", today=TODAY))
    pages = _pages(pdf)
    numbers = [int(re.findall(r"\b(\d+)$", p)[0]) for p in pages]
    firsts = [
        i
        for i, p in enumerate(pages)
        if re.search(r"\b(Dear Prosecutor General|Your Excellency|Excellency),", p)
    ]
    assert len(firsts) == 3 and len(pages) > 3  # one letter runs onto a second page
    # Each letter's pages are numbered 1, 2, … from its first page.
    expected = [i - max(f for f in firsts if f <= i) + 1 for i in range(len(pages))]
    assert numbers == expected


def test_charges_shared_by_defenders_are_one_line_and_past_convictions_apart():
    appeal = kgz_appeal()
    case = appeal.case
    first, second = case.defenders.order_by("full_name")
    for defender in (first, second):
        ChargeFactory(
            case=case,
            defender=defender,
            article="330",
            offence="hooliganism",
            maximum_penalty="Up to ten years' imprisonment",
        )
    ChargeFactory(
        case=case,
        defender=first,
        instrument_kind=Charge.InstrumentKind.ADMINISTRATIVE,
        instrument="Code of Offences",
        article="66",
        offence="unauthorised picket",
        maximum_penalty="",
        status=Charge.Status.CONVICTED,
        date_brought=dt.date(2019, 5, 1),
    )
    president = appeal.authorities.get(person_name="Bolot Esenaliev")
    html = letter_html(appeal=appeal, authority=president, language="en", today=TODAY)
    text = " ".join(letter_plain_texts(html)[0].split())
    assert text.count("hooliganism") == 1
    assert f"{first.full_name} and {second.full_name}: “hooliganism”" in text or (
        f"{second.full_name} and {first.full_name}: “hooliganism”" in text
    )
    assert "punishable by up to ten years' imprisonment" in text
    assert "Up to ten" not in text
    past = text.index("Past convictions")
    assert text.index("unauthorised picket") > past
    assert text.index("hooliganism") < past


def test_the_signature_names_the_campaigners_country():
    appeal = kgz_appeal()
    campaigner = Campaigner(name="Jane", city="Zürich", country="CH")
    en = letter_plain_texts(letter_html(appeal=appeal, language="en", campaigner=campaigner))[0]
    assert "Zürich, Switzerland" in en and "Zürich, CH" not in en
    fr = letter_plain_texts(letter_html(appeal=appeal, language="fr", campaigner=campaigner))[0]
    assert "Zürich, Suisse" in fr


def test_the_plain_text_has_no_blank_line_between_address_lines():
    appeal = kgz_appeal()
    president = appeal.authorities.get(person_name="Bolot Esenaliev")
    text = letter_plain_texts(letter_html(appeal=appeal, authority=president, language="en"))[0]
    assert (
        "Bolot Esenaliev\nPresident of the Kyrgyz Republic\nChuy Avenue 205\nBishkek 720003\n"
        in text
    )
