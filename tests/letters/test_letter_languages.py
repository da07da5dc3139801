"""A letter in each language the site speaks shows the translated wording of every app that
contributes to it: the letters' own sentences (letters/locale), a defender's situation
(defenders/locale) and a hearing's purpose (cases/locale). Each app keeps its own catalogue;
Django serves them merged, and a catalogue missing or not compiled shows up here as English."""

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import escape

from letters.rendering import letter_html
from tests.letters.test_letter_rendering import TODAY, kgz_appeal

# (the app whose catalogue holds it, message context, message) that the letter shows.
SHOWN = [
    ("letters", "letter", "Key facts"),
    ("letters", "letter", "Charges"),
    ("letters", "letter", "Next hearing"),
    ("defenders", None, "At liberty"),
    ("cases", None, "Extension of detention"),
]
LANGUAGES = [code for code, _ in settings.LANGUAGES if code != "en"]
# The letters are rendered once for the module (below); the mark has the test database made
# when this module runs alone.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def letters(django_db_setup, django_db_blocker):
    """The kgz_appeal letter to every authority in each language; rows rolled back at once."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        appeal = kgz_appeal()
        rendered = {
            language: letter_html(appeal=appeal, language=language, today=TODAY)
            for language in LANGUAGES
        }
        transaction.set_rollback(True)
    return rendered


def test_every_language_but_english_has_a_letter():
    assert LANGUAGES == ["fr", "es", "ru"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("app", "context", "message"), SHOWN, ids=lambda value: str(value))
def test_the_letter_shows_each_apps_translation(letters, language, app, context, message):
    with translation.override(language):
        translated = (
            translation.pgettext(context, message) if context else translation.gettext(message)
        )
    assert translated != message, f"no {language} translation of {message!r} ({app}/locale)"
    # Labels may be lower-cased inside a sentence ("… (prolongation de la détention)").
    assert escape(translated).lower() in letters[language].lower()
    assert message not in letters[language]
