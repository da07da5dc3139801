"""What of an authority (with its contacts) and an embassy leaves the system, and what stays
internal (appeals_site/outward.py). Nothing in the directory is confidential."""

from appeals_site.languages import Language
from appeals_site.outward import (
    CHOICE,
    DATE,
    DATETIME,
    INTEGER,
    RECORDS,
    UUID,
    Out,
    Record,
    declare,
)
from authorities.models import Authority, AuthorityContact, Embassy

AUTHORITY_CONTACT = Record(
    AuthorityContact,
    outward=(
        Out("kind", CHOICE, choices=AuthorityContact.Kind.choices, letter=True),
        Out(
            "value",
            blank=True,
            letter=True,
            help="E.164 or an e-mail address; blank for a number that cannot be read.",
        ),
        Out("as_printed", letter=True, help="As the source printed it."),
        Out("position", INTEGER),
    ),
    internal=("id", "authority"),
)

AUTHORITY = Record(
    Authority,
    outward=(
        Out("id", UUID),
        Out("person_name", blank=True, letter=True),
        Out("post", letter=True),
        Out(
            "country",
            blank=True,
            help="ISO 3166-1 alpha-2 code of the country the authority acts for.",
            letter=True,
        ),
        Out("seat", blank=True, letter=True),
        Out(
            "seat_country",
            blank=True,
            help="ISO 3166-1 alpha-2 code of the country the seat is in, when it sits abroad "
            "(a mission in Geneva: CH); blank: the country acted for.",
            letter=True,
        ),
        Out("postal_address", blank=True, letter=True),
        Out("salutation", blank=True, letter=True),
        Out("language", CHOICE, choices=Language.choices, blank=True),
        Out("office_start", DATE, nullable=True),
        Out("office_end", DATE, nullable=True),
        Out("contacts", RECORDS),
        Out(
            "office",
            blank=True,
            help="The body they head or sit in, as printed: Office of the Prosecutor-General.",
            letter=True,
        ),
        # /api/v1/authorities/ (authorities.api) gives these too.
        Out("created_at", DATETIME, document=False),
        Out("updated_at", DATETIME, document=False),
        # The post and salutation above are in English; their versions for letters.
        *(
            Out(f"{name}_{language}", blank=True, letter=True, help=f"The {name} in {label}.")
            for name in ("post", "salutation")
            for language, label in (("fr", "French"), ("es", "Spanish"), ("ru", "Russian"))
        ),
    ),
)

# Embassies leave through /api/v1/embassies/ only (authorities.api), never in a case document.
EMBASSY = Record(
    Embassy,
    outward=(
        Out("id", UUID),
        Out("country"),
        Out("host_country"),
        Out("name"),
        Out("city", blank=True),
        Out("address", blank=True),
        Out("phone", blank=True, help="E.164; blank when the number cannot be read so."),
        Out("phone_as_printed", blank=True, help="As the source printed it."),
        Out("fax", blank=True, help="E.164; blank when the number cannot be read so."),
        Out("fax_as_printed", blank=True, help="As the source printed it."),
        Out("email", blank=True),
        Out("website", blank=True),
        Out("created_at", DATETIME, document=False),
        Out("updated_at", DATETIME, document=False),
    ),
)

declare(AUTHORITY_CONTACT, AUTHORITY, EMBASSY)
