"""Appeal letters: what they say, in which language, and that nothing in a case can make the
renderer fetch a URL, read a file or show a confidential fact."""

import base64
import datetime as dt
import http.server
import io
import re
import threading
from html import unescape
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader

from cases.models import Appeal, Charge, Decision, Issuer, Ruling, UnnamedGroup
from letters.context import Campaigner, letter_context
from letters.fetcher import MAX_DATA_URL_BYTES, FetchRefused, LetterURLFetcher
from letters.rendering import TEMPLATE_VERSION, letter_html, letter_pdf
from tests.factories import (
    ActionFactory,
    AppealAuthorityFactory,
    AppealFactory,
    AppealTextFactory,
    AuthorityContactFactory,
    AuthorityFactory,
    CaseFactory,
    ChargeFactory,
    DefenderFactory,
    DetentionPeriodFactory,
    EventFactory,
    HearingFactory,
)
from tests.new_facts import NOW, SECRET, new_facts_case

TODAY = dt.date(2025, 4, 18)
CANARY = "CANARY-7f3a"
ACTIONS_EN = [
    "Immediately and unconditionally release Ms. Aigerim Dzhaksybekova;",
    "Guarantee the physical and psychological integrity of both defenders;",
    "Return the equipment seized from the foundation;",
]
ACTIONS_RU = [
    "Немедленно и безоговорочно освободить г-жу Айгерим Джаксыбекову;",
    "Гарантировать физическую и психологическую неприкосновенность обоих правозащитников;",
    "Вернуть изъятое у фонда оборудование;",
]
CAMPAIGNER = Campaigner(name="Jane Campaigner", organisation="Friends of Osh", city="Lyon")


def _text(pdf: bytes) -> list[str]:
    """Return each page's text, whitespace collapsed (lines wrap anywhere)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _has(text: str, phrase: str) -> bool:
    return " ".join(phrase.split()) in text


def kgz_appeal(hostile: str = "") -> Appeal:
    """Return an issued appeal on a Kyrgyz case: two defenders (one Cyrillic, one detained),
    charges (one replaced), a hearing in Asia/Bishkek, actions in English with a Russian
    version, two addressed authorities, and a canary in every confidential field."""
    case = CaseFactory(internal_notes=f"{CANARY} case notes", summary=hostile or "Summary.")
    detained = DefenderFactory(
        full_name="Aigerim Dzhaksybekova" + hostile,
        local_name="Айгерим Джаксыбекова",
        role="director of the public foundation Taza Suu",
        health_notes=f"{CANARY} health",
        family_notes=f"{CANARY} family",
        home_address=f"{CANARY} home",
        phone="+996555123456",
        internal_notes=f"{CANARY} internal",
    )
    free = DefenderFactory(full_name="Тилек Омурзаков", role="lawyer", situation="at_liberty")
    case.defenders.add(detained, free)
    DetentionPeriodFactory(case=case, defender=detained, start_date=dt.date(2025, 3, 28))
    old = ChargeFactory(
        case=case, defender=detained, article="212.2", offence="calls for mass unrest"
    )
    new = ChargeFactory(
        case=case,
        defender=detained,
        article="199",
        offence="organisation of an unlawful gathering",
        maximum_penalty="up to five years' imprisonment",
    )
    old.status = Charge.Status.REPLACED
    old.save()
    old.replaced_by.set([new])
    decided = ChargeFactory(case=case, defender=free, article="341", status=Charge.Status.DECIDED)
    decision = Decision.objects.create(
        proceeding=decided.proceeding,
        date=dt.date(2025, 7, 1),
        court="Osh City Court",
        level=Decision.Instance.FIRST,
    )
    decision.charges.set([decided])
    ruling = Ruling.objects.create(
        decision=decision, defender=free, outcome="convicted", as_printed="AS-PRINTED"
    )
    for requested, kind, fields in (
        (False, "imprisonment", {"years": 3, "suspension": "suspended", "suspension_years": 2}),
        (False, "fine", {"amount": 50000, "currency": "KGS"}),
        (False, "travel_ban", {"years": 5}),
        (True, "imprisonment", {"years": 7}),
    ):
        ruling.sentence_parts.create(requested=requested, kind=kind, **fields)
    HearingFactory(
        case=case,
        court="Leninsky District Court of Osh",
        local_date=dt.date(2025, 4, 22),
        local_time=dt.time(14, 0),
        time_zone="Asia/Bishkek",
    )
    EventFactory(case=case, source_identity=f"{CANARY} source")
    appeal = AppealFactory(
        case=case,
        reference="KGZ 003 / 0425 / OBS 041",
        sequence=0,
        issue_date=dt.date(2025, 4, 14),
        issued_at=dt.datetime(2025, 4, 14, 9, tzinfo=dt.UTC),
    )
    AppealTextFactory(appeal=appeal, language="en", title="Kyrgyzstan: Arbitrary detention")
    AppealTextFactory(
        appeal=appeal, language="ru", is_original=False, title="Кыргызстан: произвольное задержание"
    )
    for position, (en, ru) in enumerate(zip(ACTIONS_EN, ACTIONS_RU, strict=True), start=1):
        ActionFactory(appeal=appeal, language="en", position=position, text=en + hostile)
        ActionFactory(appeal=appeal, language="ru", position=position, text=ru)
    president = AuthorityFactory(
        person_name="Bolot Esenaliev",
        post="President of the Kyrgyz Republic",
        salutation="Your Excellency",
        postal_address="Chuy Avenue 205\nBishkek 720003",
    )
    prosecutor = AuthorityFactory(
        person_name="Nurgul Asanova",
        post="Prosecutor General",
        salutation="Dear Prosecutor General",
    )
    AuthorityContactFactory(authority=president, kind="email", value="office@president.example.kg")
    AuthorityContactFactory(authority=prosecutor)
    AppealAuthorityFactory(appeal=appeal, authority=president, position=0)
    AppealAuthorityFactory(appeal=appeal, authority=prosecutor, position=1)
    return appeal


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """Render once for the module: English for one authority with a campaigner, Russian and
    all authorities without. The database rows are rolled back at once."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        appeal = kgz_appeal()
        president = appeal.authorities.get(person_name="Bolot Esenaliev")
        html_en = letter_html(
            appeal=appeal, authority=president, language="en", campaigner=CAMPAIGNER, today=TODAY
        )
        html_ru = letter_html(appeal=appeal, language="ru", today=TODAY)
        transaction.set_rollback(True)
    return {
        "html_en": html_en,
        "pdf_en": letter_pdf(html=html_en),
        "html_ru": html_ru,
        "pdf_ru": letter_pdf(html=html_ru),
    }


# --- What the letter says -------------------------------------------------------------------


def test_letter_names_the_authority_and_opens_with_their_salutation(rendered):
    page = " ".join(_text(rendered["pdf_en"]))
    assert _has(page, "Bolot Esenaliev")
    assert _has(page, "President of the Kyrgyz Republic")
    assert _has(page, "Chuy Avenue 205")
    assert _has(page, "office@president.example.kg")
    assert _has(page, "Your Excellency,")
    assert "Nurgul Asanova" not in page


def test_letter_names_each_defender_with_cyrillic_intact(rendered):
    text = " ".join(_text(rendered["pdf_en"]))
    assert _has(text, "Aigerim Dzhaksybekova (Айгерим Джаксыбекова)")
    assert _has(text, "Тилек Омурзаков")


def test_letter_says_nothing_of_a_situation_no_source_stated(db):
    appeal = kgz_appeal()
    # Тилек Омурзаков is not detained: his situation is said only when a source stated it.
    stated = letter_html(appeal=appeal, language="en", today=TODAY)
    appeal.case.defenders.filter(full_name="Тилек Омурзаков").update(situation="")
    unknown = letter_html(appeal=appeal, language="en", today=TODAY)
    assert "Current situation: At liberty." in stated
    assert "Current situation" not in unknown
    assert "Unknown" not in unknown


def test_letter_gives_detention_charges_and_hearing_in_court_time(rendered):
    text = " ".join(_text(rendered["pdf_en"]))
    assert _has(text, "Detained since March 28, 2025 (21 days).")
    assert _has(text, "“organisation of an unlawful gathering” (Article 199 of the Criminal Code)")
    assert _has(text, "in place of the charge under Article 212.2 of the Criminal Code")
    assert not _has(text, "calls for mass unrest")  # replaced: named only by its article
    assert _has(text, "April 22, 2025 at 2 p.m. (Bishkek time, UTC+6)")
    # The decision, its sentence read from its parts (never the source's free text).
    assert _has(text, "July 1, 2025, Osh City Court (first instance): Тилек Омурзаков, convicted:")
    assert _has(text, "Imprisonment, 3 years, suspended for 2 years; Fine, 50000 KGS;")
    assert _has(text, "Ban on leaving the country, 5 years (the prosecution had requested")
    assert _has(text, "Imprisonment, 7 years).")
    assert "AS-PRINTED" not in text


def test_letter_lists_actions_in_order_as_roman_numerals(rendered):
    text = " ".join(_text(rendered["pdf_en"]))
    positions = [text.find(" ".join(a.split())) for a in ACTIONS_EN]
    assert -1 not in positions and positions == sorted(positions)
    assert '<ol class="actions">' in rendered["html_en"]
    assert re.search(r"\bi\..*\bii\..*\biii\.", text)  # list-style-type: lower-roman


def test_letter_is_signed_with_the_campaigner_fields(rendered):
    text = " ".join(_text(rendered["pdf_en"]))
    for line in ("Yours faithfully,", "Jane Campaigner", "Friends of Osh", "Lyon"):
        assert _has(text, line)
    assert 'class="blank">Name<' not in rendered["html_en"]
    assert 'class="blank">Signature<' in rendered["html_en"]


def test_letter_without_campaigner_leaves_lines_to_sign(rendered):
    assert 'class="blank">Имя и фамилия<' in rendered["html_ru"]


def test_russian_letter_has_russian_wording_and_russian_actions(rendered):
    pages = _text(rendered["pdf_ru"])
    text = " ".join(pages)
    assert _has(text, "В связи с этим я настоятельно призываю Вас:")
    assert _has(text, "Под стражей с 28 марта 2025 г. (21 день).")
    assert _has(text, "С уважением,")
    assert "I am writing" not in text
    positions = [text.find(" ".join(a.split())) for a in ACTIONS_RU]
    assert -1 not in positions and positions == sorted(positions)


def test_all_authorities_gives_one_letter_per_authority_each_on_its_own_page(rendered):
    pages = _text(rendered["pdf_ru"])
    assert len(pages) >= 2
    president = [i for i, p in enumerate(pages) if "Bolot Esenaliev" in p]
    prosecutor = [i for i, p in enumerate(pages) if "Nurgul Asanova" in p]
    assert len(president) == 1 and len(prosecutor) == 1
    assert president[0] < prosecutor[0]
    # Each salutation in the letter's language (tests.factories.TRANSLATIONS).
    assert "Ваше Превосходительство," in pages[president[0]]
    assert "Уважаемый Генеральный прокурор," in pages[prosecutor[0]]


def test_pdf_metadata_has_title_author_and_language(rendered):
    reader = PdfReader(io.BytesIO(rendered["pdf_ru"]))
    assert reader.metadata.title == "Письмо: Кыргызстан: произвольное задержание"
    assert reader.metadata.author == "The Observatory for the Protection of Human Rights Defenders"
    assert reader.trailer["/Root"]["/Lang"] == "ru"
    assert '<html lang="en">' in rendered["html_en"]
    assert f"appeals letters {TEMPLATE_VERSION}" in rendered["html_en"]


def test_no_confidential_field_reaches_the_letter(rendered):
    for key in ("html_en", "html_ru"):
        assert CANARY not in rendered[key]
        assert "555123456" not in rendered[key]
    for key in ("pdf_en", "pdf_ru"):
        text = " ".join(_text(rendered[key]))
        assert CANARY not in text
        assert "555123456" not in text


def test_letter_context_takes_a_constant_number_of_queries(db, django_assert_num_queries):
    appeal = kgz_appeal()
    with django_assert_num_queries(18):
        letter_context(appeal=appeal, authorities=None, language="en", campaigner=None)
    # More defenders, charges, decisions, actions and authorities: the same number of queries.
    extra = DefenderFactory()
    appeal.case.defenders.add(extra)
    DetentionPeriodFactory(case=appeal.case, defender=extra)
    charge = ChargeFactory(case=appeal.case, defender=extra, instrument_kind="administrative")
    decision = Decision.objects.create(proceeding=charge.proceeding)
    ruling = Ruling.objects.create(decision=decision, defender=extra, outcome="convicted")
    ruling.sentence_parts.create(kind="fine", amount=10, charge=charge)
    ActionFactory(appeal=appeal, language="en", position=9)
    AppealAuthorityFactory(appeal=appeal, position=5)
    DetentionPeriodFactory(case=appeal.case, defender=extra, kind="travel_ban")
    UnnamedGroup.objects.create(case=appeal.case, description="a dozen others", count=12)
    with django_assert_num_queries(18):
        context = letter_context(appeal=appeal, authorities=None, language="en", campaigner=None)
    assert len(context["authorities"]) == 3
    assert len(context["defenders"]) == 3


def test_letter_template_never_marks_case_data_safe():
    for path in Path("templates/letters").glob("*.html"):
        assert "|safe" not in path.read_text() and "autoescape off" not in path.read_text()


# --- Hostile input --------------------------------------------------------------------------


class _Server:
    """A tiny HTTP server on 127.0.0.1 that counts the requests it gets."""

    def __init__(self) -> None:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
                self.end_headers()
                self.wfile.write(b"body { color: red }")

            def log_message(self, *args):
                pass

        self.requests: list[str] = []
        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.timeout = 1
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def server():
    with _Server() as running:
        yield running


def _hostile(port: int) -> str:
    return (
        f'<img src="http://127.0.0.1:{port}/x.png">'
        f'<link rel=stylesheet href="http://127.0.0.1:{port}/s.css">'
        '<img src="file:///etc/passwd">'
    )


def test_hostile_case_text_is_escaped_and_fetches_nothing(db, server):
    appeal = kgz_appeal(hostile=_hostile(server.port))
    html = letter_html(appeal=appeal, language="en", today=TODAY)
    fetcher = LetterURLFetcher()
    pdf = letter_pdf(html=html, url_fetcher=fetcher)
    assert "<img" not in html.split("<body>", 1)[1]
    assert "&lt;img src=&quot;http://127.0.0.1" in html
    assert server.requests == []
    assert fetcher.refused == [] and fetcher.served == []  # nothing was even asked for
    text = " ".join(_text(pdf))
    assert "root:x:0:0" not in text
    assert _has(text, f'<img src="http://127.0.0.1:{server.port}/x.png">')  # as plain text


def test_hostile_raw_html_makes_no_request_and_embeds_no_attachment(server):
    one_megabyte = base64.b64encode(b"\0" * 1024 * 1024).decode()
    html = f"""<!DOCTYPE html><html lang="en"><head>
<style>@import url(http://127.0.0.1:{server.port}/imported.css);
body {{ background: url(http://127.0.0.1:{server.port}/bg.png) }}</style>
<link rel=stylesheet href="http://127.0.0.1:{server.port}/s.css">
<link rel=stylesheet href="file:///etc/passwd">
<link rel=attachment href="file:///etc/passwd">
<link rel=attachment href="letter.css">
</head><body>
<p>Hostile</p>
<img src="http://127.0.0.1:{server.port}/x.png">
<img src="https://127.0.0.1:{server.port}/y.png">
<img src="ftp://127.0.0.1:{server.port}/z.png">
<img src="file:///etc/passwd">
<img src="../../../../etc/passwd">
<img src="data:image/png;base64,{one_megabyte}">
<a rel=attachment href="file:///etc/hostname">attached</a>
</body></html>"""
    fetcher = LetterURLFetcher()
    pdf = letter_pdf(html=html, url_fetcher=fetcher)
    assert server.requests == []
    refused = " ".join(fetcher.refused)
    for url in ("/imported.css", "/bg.png", "/s.css", "/x.png", "https://", "ftp://"):
        assert url in refused
    assert "file:///etc/passwd" in refused
    assert any(u.startswith("data:image/png") for u in fetcher.refused)
    assert not any("etc/passwd" in u or "etc/hostname" in u for u in fetcher.served)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            assert annotation.get_object().get("/Subtype") != "/FileAttachment"
    assert "Hostile" in " ".join(_text(pdf))


def test_fetcher_serves_static_files_and_small_data_urls_only():
    fetcher = LetterURLFetcher()
    css = Path("static/letters/letter.css").resolve()
    assert b"@page" in fetcher.fetch(css.as_uri()).read()
    small = "data:text/plain;base64," + base64.b64encode(b"ok").decode()
    assert fetcher.fetch(small).read() == b"ok"
    too_big = "data:text/plain," + "a" * (MAX_DATA_URL_BYTES + 1)
    for url in (
        too_big,
        "http://127.0.0.1:9/",
        "https://example.org/",
        "file:///etc/passwd",
        css.as_uri() + "/../../../appeals_site/settings/base.py",
        "file://otherhost" + str(css),
        "javascript:alert(1)",
    ):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)


# --- The new facts: issuer, reference as printed, charges, sentences, measures, unnamed people


@pytest.fixture
def new_facts(editor, time_machine):
    time_machine.move_to(NOW, tick=False)
    return new_facts_case(editor)


def test_letter_context_gives_the_new_facts(new_facts):
    appeal = Appeal.objects.get(pk=new_facts.own_appeal)

    context = letter_context(appeal=appeal, authorities=None, language="en", campaigner=None)

    assert (context["issuer"], context["reference"]) == (
        Issuer.objects.own().name,
        "KGZ 001 /0317 / OBS 012.1",
    )
    # The replaced charge is named by the one that replaced it; the joint one names both.
    assert [
        (c["defender"], c["article"], c["offence"], c["replaces"]) for c in context["charges"]
    ] == [
        ("Aigerim Dzhaksybekova and Bolot Bekov", "", "membership of an illegal group", []),
        (
            "Aigerim Dzhaksybekova",
            "341",
            "dissemination of false information",
            [{"instrument": "Criminal Code", "article": "212.2", "offence": "mass riots"}],
        ),
    ]
    [decision] = context["decisions"]
    assert decision["rulings"] == [
        {
            "defender": "Aigerim Dzhaksybekova",
            "outcome_label": "Convicted",
            "charges": "",
            "sentence": "Imprisonment, 5 years, suspended for 2 years; Fine, 50000 KGS; "
            "Ban on an activity (social activities), 3 years",
            "requested": "Imprisonment, 7 years",
        }
    ]
    aigerim, bolot = context["defenders"]
    days = (dt.date(2025, 4, 15) - dt.date(2019, 3, 31)).days
    assert aigerim["detention_text"] == f"Detained since March 2019 (at least {days} days)"
    assert (aigerim["restrictions"], bolot["restrictions"]) == ([], ["Travel ban since July 2017"])
    assert bolot["detention_text"] == ""
    assert context["unnamed_groups"] == [
        {
            "description": "a dozen other lawyers",
            "count": 12,
            "count_approximate": True,
            "count_qualifier": "",
            "city": "",
        }
    ]


def test_letter_html_shows_the_new_facts_and_no_secret(new_facts):
    appeal = Appeal.objects.get(pk=new_facts.own_appeal)

    html = letter_html(appeal=appeal, language="en")

    text = " ".join(html.split())
    assert (
        f"The facts below were reported by {Issuer.objects.own().name} in its appeal "
        "KGZ 001 /0317 / OBS 012.1 of March 20, 2017." in text
    )
    assert "Aigerim Dzhaksybekova and Bolot Bekov: “membership of an illegal group”." in text
    assert (
        "Aigerim Dzhaksybekova: “dissemination of false information” (Article 341 of the "
        "Criminal Code); in place of the charge under Article 212.2 of the Criminal Code." in text
    )
    assert "Imprisonment, 5 years, suspended for 2 years; Fine, 50000 KGS" in text
    # Bolot Bekov's situation no source states: nothing said of it, his travel ban is.
    assert "Bolot Bekov</strong>. Travel ban since July 2017." in text
    assert "Current situation" not in text
    assert "Detained since March 2019 (at least" in text
    assert "a dozen other lawyers (about 12)." in text
    assert SECRET not in html


def test_letter_measure_with_a_term_says_until_when_in_the_letters_language(db):
    appeal = kgz_appeal()
    defender = appeal.case.defenders.order_by("full_name").first()
    DetentionPeriodFactory(
        case=appeal.case,
        defender=defender,
        kind="judicial_control",
        start_date=dt.date(2025, 3, 3),
        term_until=dt.date(2025, 6, 3),
        term_ends_on=dt.date(2025, 6, 3),
        term_months=None,
    )

    texts = {
        language: letter_context(
            appeal=appeal, authorities=None, language=language, campaigner=None, today=TODAY
        )["defenders"]
        for language in ("en", "fr")
    }

    def restrictions(defenders):
        return next(d["restrictions"] for d in defenders if d["full_name"] == defender.full_name)

    assert restrictions(texts["en"]) == ["Judicial control since March 3, 2025, until June 3, 2025"]
    assert restrictions(texts["fr"]) == [
        "Contrôle judiciaire depuis 3 mars 2025, jusqu’au 3 juin 2025"
    ]


@pytest.mark.parametrize(
    ("charge", "words"),
    [
        # What the source gives, and never an empty "Article  of the".
        ({"offence": "membership of an illegal group"}, "A: “membership of an illegal group”"),
        ({"article": "7"}, "A: Article 7"),
        ({"article": "7", "offence": "hooliganism"}, "A: “hooliganism” (Article 7)"),
        ({"article": "7", "instrument": "Penal Code"}, "A: Article 7 of the Penal Code"),
        (
            {"article": "7", "replaces": [{"article": "", "instrument": "", "offence": "riots"}]},
            "A: Article 7; in place of the charge of “riots”",
        ),
        (
            {"article": "7", "replaces": [{"article": "12", "instrument": "", "offence": ""}]},
            "A: Article 7; in place of the charge under Article 12",
        ),
    ],
)
def test_a_charge_reads_well_with_whatever_the_source_gives(charge, words):
    blank = {"defender": "A", "article": "", "offence": "", "instrument": "", "replaces": []}

    rendered = render_to_string("letters/charge.html", {"charge": {**blank, **charge}})

    assert unescape(rendered).strip() == words


def test_a_charge_reads_well_in_french():
    charge = {"defender": "A", "article": "7", "offence": "", "instrument": "", "replaces": []}
    charge["replaces"] = [{"article": "", "instrument": "", "offence": "émeutes"}]

    with translation.override("fr"):
        rendered = render_to_string("letters/charge.html", {"charge": charge})

    assert unescape(rendered).strip() == (
        "A : article 7; en remplacement de l’accusation de « émeutes »"
    )
