"""A campaigner's visit, in Debian's Chromium: the list, an appeal, the interface in Russian, the
take-action form, the letter's preview and PDF, the embassy in their country. Screenshots of
each page at phone and desktop width go to test-artifacts/screenshots/."""

import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from tests.browser.data import (
    ACTIONS_RU,
    CAMPAIGNER_NAME,
    EMBASSY_NAME,
    TITLE_EN,
    TITLE_RU,
    published_appeal,
)
from tests.browser.support import SCREENSHOTS, horizontal_overflow, screenshots

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # Every browser test in one xdist worker: one Chromium (a fixture of this package).
    pytest.mark.xdist_group("browser"),
    # The live server answers from another thread: the rows must be committed. Data that the
    # migrations seed (groups, labels) is restored for the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RUSSIAN = re.compile(r"[А-Яа-яЁё]")


def ru(message: str) -> str:
    """Return the Russian interface string for `message`, failing when it has none (the page
    would show English and the check would prove nothing)."""
    with translation.override("ru"):
        translated = translation.gettext(message)
    assert RUSSIAN.search(translated), f"No Russian translation of {message!r} in the catalogue"
    return translated


def pdf_text(path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def fits_a_phone(page, name: str) -> None:
    """The page needs no sideways scrolling on a 360 px wide phone."""
    page.set_viewport_size({"width": 360, "height": 740})
    overflow = horizontal_overflow(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert overflow == 0, f"{name}: {overflow} px wider than a 360 px phone"


def test_campaigner_reads_switches_to_russian_gets_the_letter_and_the_embassy(page, visit):
    appeal = published_appeal()

    # The list: the appeal is there, newest first, and links to its page.
    page.goto("/")
    link = page.get_by_role("link", name=TITLE_EN)
    link.wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    screenshots(page, "01-list")
    fits_a_phone(page, "the list")

    # The appeal page: reference, the detained defender, the hearing, both authorities.
    link.click()
    page.wait_for_url(f"**{appeal.path}")
    assert page.get_by_role("heading", level=1).inner_text() == TITLE_EN
    main = page.locator("main").inner_text()
    assert appeal.case.reference in main
    assert "Aigerim Sydykova" in main
    assert re.search(r"Detained since .+ \(40 days\)", main), main
    assert "Leninsky District Court of Osh" in main
    assert "Nurlan Exampleov" in main and "Elmira Sampleova" in main
    for section in ("#take-action", "#embassy", "#history"):
        assert page.locator(section).count() == 1, f"no {section} on the appeal page"
    history = page.locator("#history").inner_text()
    assert appeal.case.reference in history and "arrested" in history
    screenshots(page, "02-appeal")
    fits_a_phone(page, "the appeal page")

    # The language switcher: a plain form, so no JavaScript is needed.
    switcher = page.locator("form.switcher")
    switcher.locator("select[name=language]").select_option("ru")
    switcher.locator("button[type=submit]").click()
    page.wait_for_function("document.documentElement.lang === 'ru'")
    assert page.url.endswith(appeal.path)
    assert page.get_by_role("heading", level=1).inner_text() == TITLE_RU
    take_action = page.locator("#take-action")
    assert ru("Take action") in take_action.locator("h2").inner_text()
    assert ru("Write to the embassy in your country") in page.locator("#embassy h2").inner_text()
    assert ACTIONS_RU[0] in page.locator("main").inner_text()
    screenshots(page, "03-appeal-ru")

    # Take action: the letter in Russian, to the Prosecutor General, signed by the campaigner.
    form = take_action.locator("form")
    form.locator("select[name=language]").select_option("ru")
    form.locator("select[name=authority]").select_option(str(_option_for(form, "Nurlan Exampleov")))
    form.locator("input[name=name]").fill(CAMPAIGNER_NAME)
    form.locator("input[name=city]").fill("Lyon")
    form.locator("select[name=country]").select_option("FR")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/letters/[0-9a-f-]{36}/$"))

    # The preview: the letter is ready (rendered in-process), its text and its HTML shown.
    download_link = page.locator("#letter a[download]")
    download_link.wait_for()
    text = page.locator("#letter-text").input_value()
    assert CAMPAIGNER_NAME in text and "Nurlan Exampleov" in text
    assert ACTIONS_RU[0] in text
    preview = page.frame_locator("iframe.preview").locator("body")
    assert CAMPAIGNER_NAME in preview.inner_text()
    screenshots(page, "04-letter-preview")
    fits_a_phone(page, "the letter's preview")

    # The PDF: a download, whose text names the campaigner and the authority, Cyrillic intact.
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    saved = SCREENSHOTS.parent / "letter-ru.pdf"
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    letter = pdf_text(saved)
    assert CAMPAIGNER_NAME in letter, letter
    assert "Nurlan Exampleov" in letter, letter
    assert "Elmira Sampleova" not in letter, "a letter to one authority names the other"
    assert " ".join(ACTIONS_RU[0].split()) in letter, letter

    # The embassy in the campaigner's country (France).
    page.goto(appeal.path)
    embassy = page.locator("#embassy")
    embassy.locator("select[name=host_country]").select_option("FR")
    embassy.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"host_country=FR"))
    result = page.locator("#embassy .result")
    result.wait_for()
    found = result.inner_text()
    assert EMBASSY_NAME in found and "62 rue Blanche" in found
    assert "embassy@kyrgyz-paris.example.fr" in found
    screenshots(page, "05-embassy")

    assert visit.external_requests == [], "the pages asked another host for something"
    assert visit.page_errors == [], "JavaScript errors on the pages"


def test_a_country_without_an_embassy_gets_a_clear_message(page, visit):
    appeal = published_appeal()
    page.goto(f"{appeal.path}?host_country=DE#embassy")
    result = page.locator("#embassy .result")
    result.wait_for()
    assert "Our directory has no embassy of" in result.inner_text()
    assert EMBASSY_NAME not in result.inner_text()
    assert visit.external_requests == []


def _option_for(form, name: str) -> str:
    """Return the value of the authority option whose label names `name`."""
    options = form.locator("select[name=authority] option")
    for index in range(options.count()):
        option = options.nth(index)
        if name in option.inner_text():
            return option.get_attribute("value")
    raise AssertionError(f"No authority option names {name}")
