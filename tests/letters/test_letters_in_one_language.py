"""A letter is wholly in its reader's language: every text it shows has a version per letter
language (posts, salutations, offences, legal instruments, penalties, actions), defenders are
named in the letter's script, staff see what a language lacks, and a campaigner is never given
a mixed letter unless staff chose to offer it with a note."""

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from cases.models import Case, Charge
from cases.references import case_public_path
from cases.selectors import appeal_language_gaps
from cases.services import appeal_issue
from letters.rendering import letter_html, letter_pdf
from letters.selectors import appeal_letter_gaps, appeal_letter_languages, appeal_letter_offers
from letters.services import letter_request
from tests.factories import (
    ActionFactory,
    AppealAuthorityFactory,
    AppealTextFactory,
    AuthorityFactory,
    CaseFactory,
    ChargeFactory,
    DefenderFactory,
    DetentionPeriodFactory,
    ViolationLabelFactory,
    issuable_appeal,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 4, 18)
TITLES = {
    "en": "Kyrgyzstan: Arbitrary detention of Ms. Aigerim Dzhaksybekova",
    "fr": "Kirghizistan : détention arbitraire de Mme Aigerim Dzhaksybekova",
    "es": "Kirguistán: detención arbitraria de la Sra. Aigerim Dzhaksybekova",
    "ru": "Кыргызстан: произвольное задержание г-жи Айгерим Джаксыбековой",
}
INTEGRITY = {
    "en": "Guarantee in all circumstances her physical and psychological integrity;",
    "fr": "Garantir en toutes circonstances son intégrité physique et psychologique ;",
    "es": "Garantizar en todas circunstancias su integridad física y psicológica;",
    "ru": "Гарантировать при любых обстоятельствах её физическую и психологическую "
    "неприкосновенность;",
}
# Common English words, function words first: none may appear in a French, Spanish or Russian
# letter outside names and quoted titles. Words that are also French or Spanish ("on", "a",
# "general", "article", "code", "criminal", "charges", "signature") are left out.
# fmt: off
ENGLISH_WORDS = frozenset((
    "the", "of", "and", "to", "for", "with", "has", "have", "was", "were", "his", "her",
    "their", "its", "is", "are", "be", "this", "that", "which", "who", "by", "from", "up",
    "since", "dear", "your", "excellency", "sir", "madam", "release", "immediately",
    "unconditionally", "guarantee", "charged", "imprisonment", "years", "days",
    "detained", "detention", "concern", "writing", "faithfully", "facts", "hearing",
    "punishable", "prosecutor", "president", "key", "subject",
    # Dates in English ("Oct. 11, 2016", "March 28, 2025"): each date is in the letter's format.
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
))
# fmt: on
REFERENCE = "KGZ 003 / 0425 / OBS 041"


def _pdf_text(pdf: bytes) -> str:
    """Return the PDF's text, whitespace collapsed and words hyphenated at a line's end
    joined again ("De‐ fenders")."""
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    return text.replace("\u2010 ", "")


def _english_words(text: str, names: list[str]) -> set[str]:
    """Return the English words of `text` outside `names` (people, bodies, references)."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    # Quoted titles (“…”, «…», "…") are names too.
    text = re.sub(r"“[^”]*”|«[^»]*»|\"[^\"]*\"", " ", text)
    return {w for w in re.findall(r"[A-Za-z']+", text.lower()) if w in ENGLISH_WORDS}


def whole_appeal(*, languages=("en", "fr", "es", "ru")):
    """Return an appeal whose every letter text exists in `languages`: titles, a defender with
    a Cyrillic name, a pending charge, an authority's post and salutation, a standard action
    and one of its own."""
    case = CaseFactory()
    defender = DefenderFactory(
        full_name="Aigerim Dzhaksybekova",
        local_name="Айгерим Джаксыбекова",
        role="director of the public foundation Taza Suu",
        situation="pre_trial_detention",
    )
    case.defenders.add(defender)
    DetentionPeriodFactory(case=case, defender=defender, start_date=dt.date(2025, 3, 28))
    ChargeFactory(case=case, defender=defender)  # Criminal Code, art. 341, in every language.
    label = ViolationLabelFactory(name="Arbitrary detention")
    case.violations.add(label)
    appeal = issuable_appeal(case=case)  # Action 1 picked from a standard action.
    appeal.texts.update(title=TITLES["en"])
    appeal.reference, appeal.sequence, appeal.issue_date = REFERENCE, 0, dt.date(2025, 4, 14)
    appeal.save()
    for language in languages:
        if language != "en":
            AppealTextFactory(
                appeal=appeal, language=language, is_original=False, title=TITLES[language]
            )
        ActionFactory(appeal=appeal, language=language, position=2, text=INTEGRITY[language])
    president = AuthorityFactory(
        person_name="Bolot Esenaliev",
        post="President of the Kyrgyz Republic",
        salutation="Your Excellency",
    )
    AppealAuthorityFactory(appeal=appeal, authority=president, position=0)
    return appeal


def _names(appeal) -> list[str]:
    return [
        "Aigerim Dzhaksybekova",
        "Айгерим Джаксыбекова",
        "Bolot Esenaliev",
        "Taza Suu",
        appeal.issuer_name,
        settings.ORGANISATION_NAME,
        REFERENCE,
    ]


# --- Wholly in one language -----------------------------------------------------------------


def test_the_english_letter_is_caught_by_the_word_list():
    """The heuristic works: the English letter is full of the words it looks for."""
    appeal = whole_appeal()
    text = _pdf_text(letter_pdf(html=letter_html(appeal=appeal, language="en", today=TODAY)))
    assert len(_english_words(text, _names(appeal))) >= 15


@pytest.mark.parametrize("language", ["fr", "es", "ru"])
def test_a_letter_of_a_case_whose_texts_exist_in_its_language_has_no_english_sentence(language):
    appeal = whole_appeal()
    assert appeal_letter_gaps(appeal=appeal)[language] == []
    html = letter_html(appeal=appeal, language=language, today=TODAY)
    text = _pdf_text(letter_pdf(html=html))

    assert _english_words(text, _names(appeal)) == set(), text
    assert INTEGRITY[language].split()[0] in text


def test_the_russian_letter_uses_the_russian_versions_and_the_cyrillic_name():
    appeal = whole_appeal()
    text = _pdf_text(letter_pdf(html=letter_html(appeal=appeal, language="ru", today=TODAY)))
    for expected in (
        "Президент Кыргызской Республики",
        "Ваше Превосходительство,",
        "«распространение ложной информации» (статья 341",
        "Уголовный кодекс",
        "до восьми лет лишения свободы",
        # The standard action's Russian text, the defender named in Cyrillic.
        "Немедленно и безоговорочно освободить Айгерим Джаксыбекова",
        "Айгерим Джаксыбекова (Aigerim Dzhaksybekova)",
    ):
        assert expected in text, expected
    # The role is free text in the appeal's language (English): left out, not mixed in.
    assert "director" not in text


def test_the_english_letter_keeps_the_latin_name_and_the_role():
    appeal = whole_appeal()
    html = letter_html(appeal=appeal, language="en", today=TODAY)
    assert "Aigerim Dzhaksybekova</strong> (Айгерим Джаксыбекова), director of" in html


# --- What staff see is missing --------------------------------------------------------------


def test_the_gaps_name_each_text_without_a_version_in_the_language():
    appeal = whole_appeal(languages=("en", "ru"))
    authority = appeal.authorities.get()
    authority.post_ru = ""
    authority.save()
    Charge.objects.filter(case=appeal.case).update(offence_ru="")
    appeal.actions.filter(language="ru", position=2).delete()
    # A label staff added, with no version in Russian (the seeded ones have one).
    appeal.violations.add(
        ViolationLabelFactory(name="Surveillance"), through_defaults={"position": 0}
    )

    gaps = appeal_letter_gaps(appeal=appeal)

    assert gaps["en"] == []
    assert gaps["ru"] == [
        "The post of Bolot Esenaliev, President of the Kyrgyz Republic has no Russian version.",
        "The offence of the charge Criminal Code, art. 341 (dissemination of false information) "
        "has no Russian version.",
        "The violation label Surveillance has no Russian version.",
        "Action 2 has no Russian version.",
    ]
    assert gaps["fr"][0] == "The appeal has no text in French."


def test_the_gaps_are_read_in_a_constant_number_of_queries(django_assert_num_queries):
    appeal = whole_appeal()
    with django_assert_num_queries(6):
        appeal_language_gaps(appeal=appeal, languages=["fr", "es", "ru"])


# --- Offered whole, with a note, or not at all ----------------------------------------------


def _with_gap(appeal):
    """Take the Russian version of action 2 away: the Russian letter would be partly English."""
    appeal.actions.filter(language="ru", position=2).delete()
    return appeal


def test_a_language_with_gaps_is_not_offered_by_default():
    appeal = _with_gap(whole_appeal())
    assert appeal.incomplete_letters_offered is False
    assert appeal_letter_languages(appeal=appeal) == ["en", "fr", "es"]


def test_staff_may_offer_a_language_with_gaps_and_it_says_so():
    appeal = _with_gap(whole_appeal())
    appeal.incomplete_letters_offered = True
    appeal.save()
    offers = {o.language: o.partly_english for o in appeal_letter_offers(appeal=appeal)}
    assert offers == {"en": False, "fr": False, "es": False, "ru": True}


def _published(appeal):
    appeal = appeal_issue(appeal=appeal, acting_user=None, issue_date=TODAY)
    Case.objects.filter(pk=appeal.case_id).update(
        status=Case.Status.PUBLISHED, published_at=timezone.now()
    )
    appeal.case.refresh_from_db()
    return appeal


def test_a_refused_language_is_a_validation_error_naming_language():
    appeal = _published(_with_gap(whole_appeal()))
    with pytest.raises(ValidationError) as refused:
        letter_request(appeal=appeal, authority_id_or_all="all", language="ru", enqueue=False)
    assert refused.value.message_dict == {
        "language": [
            "This appeal's letter in ru is not offered: parts of it are not translated. Its "
            "letters are in en, fr, es."
        ]
    }


def test_the_letter_api_refuses_a_language_with_gaps_with_a_400(client):
    appeal = _published(_with_gap(whole_appeal()))
    response = client.post(
        f"/api/v1/appeals/{appeal.pk}/letters/",
        {"authority": "all", "language": "ru"},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["language"]
    assert "is not offered: parts of it are not translated" in response.content.decode()


def test_the_letter_api_tells_a_letter_offered_with_gaps_is_partly_english(client):
    appeal = _with_gap(whole_appeal())
    appeal.incomplete_letters_offered = True
    appeal.save()
    appeal = _published(appeal)
    response = client.post(
        f"/api/v1/appeals/{appeal.pk}/letters/",
        {"authority": "all", "language": "ru"},
        content_type="application/json",
    )
    assert response.status_code in (200, 202), response.content
    body = response.json()
    assert body["partly_english"] is True
    # (In a test the render's message is never sent: no commit. The note then also says the
    # letter waits for the workers, as it would with the broker down.)
    assert body["note"].startswith("Parts of this letter are in English.")


# --- The public page ------------------------------------------------------------------------


def _page(client, appeal, language):
    client.cookies["django_language"] = language
    return client.get(case_public_path(reference=appeal.case.reference)).content.decode()


def test_the_russian_page_names_each_language_in_its_own_tongue(client):
    page = _page(client, _published(whole_appeal()), "ru")
    options = re.findall(r'<option value="(\w\w)" lang="\w\w"[^>]*>([^<]+)</option>', page)
    assert options[:4] == [
        ("en", "English"),
        ("fr", "Français"),
        ("es", "Español"),
        ("ru", "Русский"),
    ]


def test_the_russian_page_shows_violation_labels_in_russian(client):
    page = _page(client, _published(whole_appeal()), "ru")
    assert "Произвольное задержание" in page
    assert "Arbitrary detention" not in page


def test_the_page_offers_a_language_with_gaps_only_when_staff_chose_to_with_a_note(client):
    appeal = _published(_with_gap(whole_appeal()))
    refused = _page(client, appeal, "en")
    assert '<option value="ru"' not in refused.split('name="language"', 2)[-1]
    assert "are in English" not in refused

    appeal.incomplete_letters_offered = True
    appeal.save()
    offered = _page(client, appeal, "en")
    assert "Parts of the letter in Русский are in English" in offered
    assert "Русский (parts of this letter are in English)" in offered
