"""What of a defender leaves the system and what stays internal (appeals_site/outward.py)."""

from appeals_site.outward import (
    BOOLEAN,
    CHOICE,
    DATE,
    DATETIME,
    INTEGER,
    RECORDS,
    SLUGS,
    UNCERTAIN_DATE,
    UUID,
    Out,
    Record,
    declare,
    provenance,
)
from cases.dates import Precision
from cases.outward import UNCERTAIN_HELP, uncertain_date
from defenders.models import Affiliation, AreaOfWork, Defender, OtherName

# Not confidential: sources print them, and search needs them in clear. A name that would
# endanger someone if it leaked (a pseudonym they write under) belongs in the internal notes,
# not here (docs/architecture.md, "People as sources name them").
OTHER_NAME = Record(
    OtherName,
    outward=(
        Out("name", help="As printed."),
        Out("kind", CHOICE, choices=OtherName.Kind.choices),
        Out("position", INTEGER),
        *provenance(),
    ),
    internal=("id", "defender"),
)

AFFILIATION = Record(
    Affiliation,
    outward=(
        Out("organisation", blank=True),
        Out("role", blank=True),
        Out("period", blank=True, help='As printed, e.g. "since 2015".'),
        Out("position", INTEGER, help="0 is the primary one (the defender's role, organisation)."),
        *provenance(),
        # The start the period states; its wording is `period` (so no `since_as_printed`).
        Out("since", UNCERTAIN_DATE, nullable=True, help=f"Since when. {UNCERTAIN_HELP}"),
        Out("since_precision", CHOICE, choices=Precision.choices),
        Out("since_earliest", DATE, source="since", nullable=True, help="The earliest day."),
        Out("since_latest", DATE, nullable=True, help="The latest day."),
    ),
    internal=("id", "defender"),
)

DEFENDER = Record(
    Defender,
    outward=(
        Out("id", UUID),
        Out("full_name", letter=True),
        Out("local_name", blank=True, letter=True),
        Out("gender", CHOICE, choices=Defender.Gender.choices),
        Out("role", blank=True, letter=True, help="The primary affiliation's (the first)."),
        Out("organisation", blank=True, letter=True, help="The primary affiliation's."),
        Out("areas_of_work", SLUGS, help="Slugs."),
        Out("country", blank=True, help="ISO 3166-1 alpha-2 code."),
        Out("city", blank=True, letter=True),
        Out("region", blank=True),
        Out(
            "situation",
            CHOICE,
            choices=Defender.Situation.choices,
            blank=True,
            letter=True,
            help="Blank: no source stated it.",
        ),
        Out(
            "detained_since",
            nullable=True,
            computed=True,
            help=(
                "Held without a break since this date, as precise as the source: 2019-03-14, "
                "2019-03, 2019, 2012-autumn, 2019-11-03/2019-11-09, or one of them followed "
                "by ~ (about)."
            ),
        ),
        Out(
            "days_detained",
            INTEGER,
            nullable=True,
            computed=True,
            help=(
                "Days held, counted in the case's time zone, up to today or, for a case closed "
                "with the defender still held, to its closing day."
            ),
        ),
        Out(
            "days_detained_at_least",
            BOOLEAN,
            nullable=True,
            computed=True,
            help="True when the start is not an exact day: days_detained is then a lower bound.",
        ),
        Out(
            "days_detained_as_of",
            DATE,
            nullable=True,
            computed=True,
            help=(
                "The day days_detained is counted to: today in the case's time zone (so the "
                "figure moves every day while updated_at does not), or detained_until. Count "
                "it yourself from detained_since, or read it again."
            ),
        ),
        Out(
            "detained_until",
            DATE,
            nullable=True,
            computed=True,
            help="The closing day of a case closed with the defender still held; else null.",
        ),
        # Confidential: for staff only unless disclosed for this defender.
        Out("health_notes", blank=True, confidential=True),
        Out("family_notes", blank=True, confidential=True),
        Out("home_address", blank=True, confidential=True),
        Out("phone", blank=True, confidential=True, help="E.164; blank when it cannot be read so."),
        Out("internal_notes", blank=True, confidential=True),
        # Added after the fields clients may read by position.
        Out("phone_as_printed", blank=True, confidential=True, help="As the source printed it."),
        Out("other_names", RECORDS, help="Other spellings, transliterations, aliases."),
        Out("affiliations", RECORDS, help="Organisations and roles, the primary first."),
        Out("gender_as_printed", blank=True, help="The words the gender is read from."),
        Out("work", blank=True, help="What they do, as printed: one a line."),
        Out("designation", blank=True, help='As printed: "prisoner of conscience".'),
        *uncertain_date(
            "held_since",
            nullable=True,
            help='Deprived of liberty since, as an appeal states it ("in custody since …").',
        ),
        *uncertain_date("work_since", nullable=True, help="Doing this work since."),
        # /api/v1/defenders/ (defenders.api) gives these too.
        Out("created_at", DATETIME, document=False),
        Out("updated_at", DATETIME, document=False),
    ),
    # Sent as partners' `updated_at` (defenders.api), not under its own name.
    internal=("shared_at",),
)

AREA_OF_WORK = Record(AreaOfWork, outward=(Out("slug"), Out("name")), internal=("id",))

declare(DEFENDER, AREA_OF_WORK, OTHER_NAME, AFFILIATION)
