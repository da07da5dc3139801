"""Reads of the public site, as plain data built from explicit public fields.

Nothing here hands a model instance to a template: every value is picked by name (as
letters.context does), so no confidential field (appeals_site.confidential) can reach a
page by a template walking a relation. The data is also what the page cache stores.
"""

import datetime as dt
import re
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db.models import Count, F, Max, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import translation
from django.utils.translation import gettext, pgettext
from django_countries import countries

from appeals_site.audience import PARTNER
from authorities.models import Embassy
from cases.dates import local_today, uncertain_date
from cases.detention import detention_text
from cases.models import (
    Appeal,
    AppealAuthority,
    AppealText,
    Case,
    Event,
    Footnote,
    ViolationLabel,
    public_case_condition,
)
from cases.references import case_public_path
from cases.selectors import case_list, case_search, defender_detention
from defenders.models import Defender
from letters.context import letter_context
from letters.rendering import letter_html
from letters.selectors import appeal_letter_offers
from letters.text import letter_plain_texts

# Page data is cached per case version and language (see case_page_version); this bounds how
# long a change that does not touch the case's version (the shared authority directory, a
# translation added without saving the appeal) takes to show.
PUBLIC_CACHE_SECONDS = 600
# Part of the page data's cache key: raised when the data's shape changes, so that a page
# cached by the previous release is never read by this one.
PAGE_DATA_SHAPE = 4
LIST_PAGE_SIZE = 20


def page_language() -> str:
    """Return the active language if the site speaks it, else the default."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def public_cases() -> QuerySet[Case]:
    """Return the cases campaigners may see and that have a page (an issued appeal)."""
    return Case.objects.filter(public_case_condition(), reference__isnull=False)


def _latest_issued(field: str) -> Subquery:
    return Subquery(
        Appeal.objects.issued()
        .by_organisation()
        .filter(case=OuterRef("pk"))
        .order_by("-sequence")
        .values(field)[:1]
    )


# --- The appeal page ------------------------------------------------------------------------


def public_case_lookup(*, slug: str) -> Case | None:
    """Return the public case whose page is at /appeals/<slug>/, or None; one query.

    Annotated with what its cached page depends on besides the case row: the latest change of
    its appeals and of its defenders (a defender's situation is edited in the defenders app,
    which does not touch the case).
    """
    return (
        public_cases()
        .filter(public_slug=slug)
        .only(
            "pk",
            "country",
            "time_zone",
            "title",
            "reference",
            "public_slug",
            "status",
            "published_at",
            "updated_at",
        )
        .annotate(
            appeals_changed=Subquery(
                Appeal.objects.filter(case=OuterRef("pk"))
                .order_by("-updated_at")
                .values("updated_at")[:1]
            ),
            defenders_changed=Subquery(
                Defender.objects.filter(cases=OuterRef("pk"))
                .order_by("-updated_at")
                .values("updated_at")[:1]
            ),
        )
        .first()
    )


def case_page_version(*, case: Case, language: str) -> str:
    """Return the cache key of the case's page data: it changes whenever the case, one of its
    appeals or defenders changes, with the language, and with the day in the case's time zone
    (days detained)."""
    parts = (
        case.updated_at,
        getattr(case, "appeals_changed", None),
        getattr(case, "defenders_changed", None),
    )
    stamps = "-".join(str(p.timestamp()) if p else "0" for p in parts)
    today = local_today(case.time_zone).isoformat()
    return f"public:case:{case.pk}:v{PAGE_DATA_SHAPE}:{stamps}:{today}:{language}"


def mailto_link(*, address: str, subject: str, body: str) -> str:
    """Return a mailto: URL with subject and body, percent-encoded (RFC 6068: %20, CRLF)."""
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return "mailto:{}?subject={}&body={}".format(
        quote(address, safe="@"), quote(subject, safe=""), quote(body, safe="")
    )


# Some mail programs cut longer mailto: links; the body gives the letter's opening and a link
# to the full text.
MAILTO_MAX_LENGTH = 2000


def letter_opening(text: str) -> list[str]:
    """Return the paragraphs of a letter's plain text from its salutation on (the date, the
    address and the subject above it are not what a campaigner's e-mail needs)."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    subject = pgettext("letter", "Subject:")
    for index, paragraph in enumerate(paragraphs):
        if paragraph.startswith(subject):
            return paragraphs[index + 1 :]
    return paragraphs


def mailto_short(*, address: str, subject: str, paragraphs: list[str], full_text_url: str) -> str:
    """Return a mailto: link under MAILTO_MAX_LENGTH characters: as many of the letter's
    paragraphs as fit, then a link to the full text."""
    link = gettext("The full letter, to print or to copy: %(url)s") % {"url": full_text_url}
    body: list[str] = []
    for paragraph in paragraphs:
        candidate = "\n\n".join([*body, paragraph, "[…]", link])
        if len(mailto_link(address=address, subject=subject, body=candidate)) >= MAILTO_MAX_LENGTH:
            break
        body.append(paragraph)
    if len(body) < len(paragraphs):
        body.append("[…]")
    return mailto_link(address=address, subject=subject, body="\n\n".join([*body, link]))


# A note's marker in a text as printed: "[4]".
_NOTE_MARKER = re.compile(r"\[(\d{1,3})\]")


def text_with_notes(text: str, numbers: set[int], seen: set[int]) -> list[list[list[dict]]]:
    """Return `text` as paragraphs of lines of parts, each part some text or the marker of a
    note the appeal has ("[4]" with note 4), so that the page links each marker to its note.
    The first marker of a note carries the anchor the note links back to (`seen` records
    which have one)."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = []
        for line in paragraph.splitlines():
            parts: list[dict] = []
            position = 0
            for match in _NOTE_MARKER.finditer(line):
                number = int(match.group(1))
                if number not in numbers:
                    continue
                parts.append({"text": line[position : match.start()]})
                parts.append({"note": number, "anchor": number not in seen})
                seen.add(number)
                position = match.end()
            parts.append({"text": line[position:]})
            lines.append([p for p in parts if p.get("note") or p.get("text")])
        if any(lines):
            paragraphs.append(lines)
    return paragraphs


def _text_pick(texts: list[AppealText], language: str) -> AppealText | None:
    by_language = {t.language: t for t in texts}
    original = next((t for t in texts if t.is_original), texts[0] if texts else None)
    return by_language.get(language, original)


def _history(appeals: list[Appeal], events: list[Event], language: str) -> list[dict[str, Any]]:
    entries = []
    for appeal in appeals:
        text = _text_pick(list(appeal.texts.all()), language)
        own = appeal.issuer.is_own
        entries.append(
            {
                "type": "appeal",
                # The organisation's appeals by their follow-up number (the feeds link there);
                # other issuers' by their id.
                "anchor": f"appeal-{appeal.sequence}" if own else f"appeal-{appeal.pk}",
                "date": appeal.issue_date,
                "order": 1,
                "reference": appeal.reference or "",
                "label": appeal.intervention_type_name,
                # Another issuer is named: the page is the organisation's.
                "issuer": "" if own else appeal.issuer_name,
                "url": appeal.url,
                "title": text.title if text else "",
            }
        )
    for event in events:
        entries.append(
            {
                "type": "event",
                "anchor": f"event-{event.pk}",
                "date": event.date,
                # "in March 2019" when the source gives no day (cases.dates).
                "date_text": uncertain_date(event, "date").text(),
                # On one day, what happened comes before the appeal that reports it.
                "order": 0,
                "label": event.get_kind_display(),
                "description": event.description,
                # Where, as printed; never the words of a threat (confidential).
                "place": event.place,
                "citation": event.citation,
            }
        )
    return sorted(entries, key=lambda e: (e["date"] or dt.date.min, e["order"]))


def case_page_data(*, case: Case, language: str) -> dict[str, Any]:
    """Return everything the case's page shows, in `language`: the latest issued appeal (its
    texts in `language` when staff wrote one, else the original), the defenders, their charges
    and the courts' decisions (with sentences), the next hearing, the actions, the authorities
    with their mailto: links, and the history.

    Plain data; a constant number of queries, whatever the number of defenders, authorities,
    appeals or events.
    """
    appeals = list(
        Appeal.objects.issued()
        .filter(case=case)
        .select_related("issuer")
        .only(
            "id",
            "case_id",
            "sequence",
            "reference",
            "issue_date",
            "intervention_type",
            "intervention_type_as_printed",
            "issuer_as_printed",
            "url",
            "action_deadline",
            "case_closed_as_printed",
            "issuer__name",
            "issuer__is_own",
        )
        .prefetch_related(
            Prefetch("texts", queryset=AppealText.objects.all()),
            Prefetch(
                "footnotes",
                queryset=Footnote.objects.only(
                    "id", "appeal_id", "number", "position", "text"
                ).order_by("position", "number"),
            ),
        )
        .order_by("sequence", "issue_date")
    )
    # The page is the organisation's latest appeal; other issuers' are in its history.
    latest = [a for a in appeals if a.issuer.is_own][-1]
    latest.case = case
    with translation.override(language):
        letter = letter_context(appeal=latest, authorities=None, language=language, campaigner=None)
        text = _text_pick(list(latest.texts.all()), language)
        offers = appeal_letter_offers(appeal=latest)
        # One render of every authority's letter: the mailto: bodies are their plain texts.
        letters = letter_plain_texts(letter_html(appeal=latest, language=language))
        authority_ids = list(
            AppealAuthority.objects.filter(appeal=latest)
            .order_by("position", "id")
            .values_list("authority_id", flat=True)
        )
        subject = f"{letter['title']} ({latest.reference})"
        authorities = []
        for index, authority in enumerate(letter["authorities"]):
            body = letters[index] if index < len(letters) else ""
            authorities.append(
                {
                    **authority,
                    "id": str(authority_ids[index]) if index < len(authority_ids) else "",
                    "faxes": [c["value"] for c in authority["contacts"] if c["kind"] == "fax"],
                    "phones": [c["value"] for c in authority["contacts"] if c["kind"] == "phone"],
                    # The view makes the mailto: links (mailto_short): they link to the page.
                    "emails": [
                        {"address": c["value"], "subject": subject}
                        for c in authority["contacts"]
                        if c["kind"] == "email"
                    ],
                    "letter_opening": letter_opening(body),
                }
            )
        events = list(
            Event.objects.filter(case=case)
            .only(
                "id",
                "case_id",
                "date",
                "date_latest",
                "date_precision",
                "kind",
                "description",
                "place",
                "citation",
            )
            .order_by("date", "created_at")
        )
        # Each label in the page's language where it has a version, else in English.
        violations = [
            label.name_in(language) or label.name
            for label in ViolationLabel.objects.filter(cases=case).order_by("name")
        ]
        footnotes = list(latest.footnotes.all())
        numbers = {f.number for f in footnotes}
        seen: set[int] = set()
        description = text.description if text else ""
        background = text.background if text else ""
        notes = text.notes if text else ""
        # In the order the page shows them, so that the first marker of a note is the anchor.
        description_parts = text_with_notes(description, numbers, seen)
        background_parts = text_with_notes(background, numbers, seen)
        notes_parts = text_with_notes(notes, numbers, seen) if not footnotes else []
        return {
            "slug": case.public_slug,
            "path": case_public_path(reference=case.reference),
            "reference": latest.reference,
            "case_reference": case.reference,
            "country": case.country.name,
            "country_code": case.country.code,
            "closed": case.status == Case.Status.CLOSED,
            "title": letter["title"],
            "text_language": text.language if text else language,
            "intervention_type": letter["intervention_type"],
            "issue_date": latest.issue_date,
            "issuer": letter["issuer"],
            "description": description,
            "background": background,
            "notes": notes,
            # The texts with their notes' markers ("[4]") linked to the notes.
            "description_parts": description_parts,
            "background_parts": background_parts,
            "notes_parts": notes_parts,
            # The notes as records, as printed (the text's notes when there are none); a note
            # whose marker is in the texts links back to it.
            "footnotes": [
                {"number": f.number, "text": f.text, "linked": f.number in seen} for f in footnotes
            ],
            "action_deadline": latest.action_deadline,
            "closing": latest.case_closed_as_printed,
            "violations": violations,
            "defenders": letter["defenders"],
            "unnamed_groups": letter["unnamed_groups"],
            "next_hearing": letter["next_hearing"],
            # Charges and the courts' decisions with their sentences, as the letter gives them.
            "charges": letter["charges"],
            "past_convictions": letter["past_convictions"],
            "decisions": letter["decisions"],
            "actions": letter["actions"],
            "authorities": authorities,
            "history": _history(appeals, events, language),
            "appeal_id": str(latest.pk),
            # Letters only in the interface languages the appeal has a text in, and of those
            # with gaps only the ones staff chose to offer, with a note (letters.selectors).
            "letter_languages": [offer.language for offer in offers],
            "letters_partly_english": [
                {"language": offer.language, "name": offer.name}
                for offer in offers
                if offer.partly_english
            ],
        }


def embassy_data(*, country: str, host_country: str) -> dict[str, Any] | None:
    """Return the embassy of `country` in `host_country` from the directory, or None."""
    embassy = (
        Embassy.objects.filter(country=country, host_country=host_country)
        .only(
            "name", "city", "address", "phone", "phone_as_printed", "fax", "fax_as_printed",
            "email", "website",
        )
        .first()
    )  # fmt: skip
    if embassy is None:
        return None

    def number(e164: str, printed: str) -> str:
        # What can be dialled (the page groups it), else as the source printed it.
        return e164 or printed

    return {
        "name": embassy.name,
        "city": embassy.city,
        "address": embassy.address,
        "phone": number(embassy.phone, embassy.phone_as_printed),
        "fax": number(embassy.fax, embassy.fax_as_printed),
        "email": embassy.email,
        "website": embassy.website,
    }


# --- The list -------------------------------------------------------------------------------


def list_version() -> str:
    """Return what the list's cached data depends on: the latest change of any case, appeal or
    defender, and the number of cases (a deletion changes no update time). Three small
    queries on indexed columns."""
    row = Case.objects.aggregate(changed=Max("updated_at"), count=Count("pk"))
    appeals = Appeal.objects.aggregate(changed=Max("updated_at"))["changed"]
    defenders = Defender.objects.aggregate(changed=Max("updated_at"))["changed"]
    stamps = [row["changed"], appeals, defenders]
    return "-".join(str(s.timestamp()) if s else "0" for s in stamps) + f"-{row['count']}"


def public_case_list(
    *, country: str = "", violation: str = "", state: str = "", q: str = ""
) -> QuerySet[Case]:
    """Return the public cases matching the filters, shaped for the list: defenders with their
    detention periods, violations, and the latest appeal's date.

    Newest first by when the latest appeal was issued here (its issue time), as the feeds
    order appeals: an appeal dated last week but issued today is at the top of both."""
    cases = case_list().filter(public_case_condition(), reference__isnull=False)
    if country:
        cases = cases.filter(country=country)
    if violation:
        cases = cases.filter(pk__in=Case.objects.filter(violations__slug=violation).values("pk"))
    if state == "open":
        cases = cases.filter(status=Case.Status.PUBLISHED)
    elif state == "closed":
        cases = cases.filter(status=Case.Status.CLOSED)
    if q:
        # Campaigners read what partners read: published fields and issued appeals only.
        cases = case_search(cases, q, audience=PARTNER)
    return (
        cases.annotate(
            latest_issue_date=_latest_issued("issue_date"),
            latest_issued_at=_latest_issued("issued_at"),
        )
        .prefetch_related(Prefetch("violations", queryset=ViolationLabel.objects.order_by("name")))
        .order_by(F("latest_issued_at").desc(nulls_last=True), "-published_at", "pk")
    )


def case_list_item(case: Case) -> dict[str, Any]:
    """Return what the list shows of one case (from public_case_list's shaping)."""
    today = local_today(case.time_zone)
    defenders = []
    for defender in case.defenders.all():
        detention = defender_detention(defender=defender, today=today)
        defenders.append(
            {
                "full_name": defender.full_name,
                "situation_label": defender.get_situation_display() if defender.situation else "",
                "detained_since": detention.since if detention else None,
                "detained_days": detention.days if detention else None,
                "detention_text": detention_text(detention) if detention else "",
            }
        )
    return {
        "title": case.title,
        "reference": case.reference,
        "path": case_public_path(reference=case.reference),
        "country": case.country.name,
        "latest_issue_date": case.latest_issue_date,
        "closed": case.status == Case.Status.CLOSED,
        "violations": [v.name_in(page_language()) or v.name for v in case.violations.all()],
        "defenders": defenders,
    }


def list_filter_choices() -> dict[str, list[tuple[str, str]]]:
    """Return the countries and violations that public cases have, for the filter form."""
    public = public_cases()
    codes = public.order_by().values_list("country", flat=True).distinct()
    names = dict(countries)
    country_choices = sorted(((c, names.get(c, c)) for c in set(codes)), key=lambda x: x[1])
    language = page_language()
    violations = [
        (label.slug, label.name_in(language) or label.name)
        for label in ViolationLabel.objects.filter(cases__in=public.values("pk"))
        .distinct()
        .order_by("name")
    ]
    return {"countries": country_choices, "violations": violations}
