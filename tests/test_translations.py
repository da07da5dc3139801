"""Each app keeps its own translations (<app>/locale/<language>/LC_MESSAGES/django.po, and the
.mo compiled from it, committed): the strings its own code and templates mark. A string marked
in several apps is translated once, in the app the others build on. Django merges the
catalogues of the installed apps, so a letter or a page shows them all (tests/letters)."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parents[1]
# "." is the project's own catalogue (locale/, LOCALE_PATHS): appeals_site's apps and the admin
# site's names of third-party apps.
APPS = [
    "authorities",
    "defenders",
    "cases",
    "letters",
    "public",
    "importer",
    "workspace",
    "reminders",
    "partners",
    ".",
]
LANGUAGES = [code for code, _ in settings.LANGUAGES if code != "en"]


def _catalogue(app: str, language: str) -> dict:
    mo = ROOT / app / "locale" / language / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)._catalog
    # Keys: "context\x04message" or the message; plural forms as (message, n). Not the header.
    return {key if isinstance(key, str) else key[0]: value for key, value in catalogue.items()}


def _messages(app: str, language: str) -> set[str]:
    return set(_catalogue(app, language)) - {""}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", APPS)
def test_each_app_has_its_catalogue_in_each_language(app, language):
    assert (ROOT / app / "locale" / language / "LC_MESSAGES" / "django.po").is_file()
    assert _messages(app, language)


def test_only_the_apps_with_strings_to_translate_have_a_catalogue():
    folders = [*ROOT.glob("*/locale"), *ROOT.glob("locale")]
    assert sorted(str(path.parent.relative_to(ROOT)) for path in folders) == sorted(APPS)


@pytest.mark.parametrize("app", APPS)
def test_every_language_of_an_app_translates_the_same_messages(app):
    french = _messages(app, "fr")
    for language in LANGUAGES:
        assert _messages(app, language) == french, language


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_translated_by_two_apps(language):
    seen: dict[str, str] = {}
    for app in APPS:
        for message in _messages(app, language):
            assert message not in seen, f"{message!r} in {seen[message]} and {app}"
            seen[message] = app


def test_each_string_is_in_the_catalogue_of_the_app_that_marks_it():
    assert "Dear Sir or Madam," in _messages("letters", "fr")
    assert "letter\x04Key facts" in _messages("letters", "fr")
    assert "Urgent appeals: %(country)s" in _messages("public", "fr")
    assert "At liberty" in _messages("defenders", "fr")
    assert "Urgent Appeal" in _messages("cases", "fr")
    assert "Fax" in _messages("authorities", "fr")
    assert not _messages("cases", "fr") & (_messages("letters", "fr") | _messages("public", "fr"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", APPS)
def test_the_committed_mo_is_compiled_from_the_po(app, language, tmp_path):
    """compilemessages (msgfmt) of today's .po gives the committed .mo, byte for byte."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        message = "msgfmt (Debian's gettext) is needed to compile the catalogues"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    folder = ROOT / app / "locale" / language / "LC_MESSAGES"
    compiled = tmp_path / "django.mo"
    subprocess.run(
        [msgfmt, "--check-format", "-o", str(compiled), str(folder / "django.po")], check=True
    )
    assert compiled.read_bytes() == (folder / "django.mo").read_bytes()
