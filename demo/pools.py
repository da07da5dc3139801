"""What the benchmark generator draws from, read from demo/data/generator/: the countries (with
a Faker locale for names, the script names are written in, cities and their real IANA time
zones), the posts of the authorities it creates per country, offences, sentences, and sentence
templates for events (pools.toml); and the tables that write Cyrillic and Georgian names in
Latin letters (transliteration.toml).

Place names and laws are realistic so that the data looks like the real thing; every person,
organisation, number and address the generator makes from them is invented.
"""

from dataclasses import dataclass
from pathlib import Path

from demo.datafiles import DATA_DIR, file_load

POOLS_FILE = DATA_DIR / "generator" / "pools.toml"
TRANSLITERATION_FILE = DATA_DIR / "generator" / "transliteration.toml"


@dataclass(frozen=True)
class City:
    name: str
    region: str
    time_zone: str


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str
    locale: str  # Faker locale for names
    script: str  # "latin", "cyrillic" or "georgian": the script Faker writes names in
    weight: int  # how often the generator picks the country
    cities: tuple[City, ...]
    tld: str
    language: str = "en"  # the language its authorities read
    family_name_first: bool = False


@dataclass(frozen=True)
class Pools:
    """pools.toml."""

    countries: tuple[Country, ...]
    # (post, salutation, whether the post has a named person)
    authority_posts: tuple[tuple[str, str, bool], ...]
    # (offence, maximum penalty)
    criminal_offences: tuple[tuple[str, str], ...]
    administrative_offences: tuple[tuple[str, str], ...]
    prison_sentences: tuple[str, ...]
    administrative_sentences: tuple[str, ...]
    roles: tuple[str, ...]
    organisations: tuple[str, ...]
    forces: tuple[str, ...]
    media: tuple[str, ...]
    seized: tuple[str, ...]
    activities: tuple[str, ...]
    courts: tuple[str, ...]
    hearing_outcomes: dict[str, str]
    event_templates: dict[str, str]


@dataclass(frozen=True)
class Transliteration:
    """transliteration.toml: a lower-case letter to its Latin letters ("" drops it)."""

    cyrillic: dict[str, str]
    georgian: dict[str, str]


def pools_load(path: Path = POOLS_FILE) -> Pools:
    """Return the generator's pools, checked (demo.datafiles)."""
    return file_load(path, Pools)


def transliteration_load(path: Path = TRANSLITERATION_FILE) -> Transliteration:
    """Return the transliteration tables, checked (demo.datafiles)."""
    return file_load(path, Transliteration)


_POOLS = pools_load()
COUNTRIES = _POOLS.countries
AUTHORITY_POSTS = _POOLS.authority_posts
CRIMINAL_OFFENCES = _POOLS.criminal_offences
ADMINISTRATIVE_OFFENCES = _POOLS.administrative_offences
PRISON_SENTENCES = _POOLS.prison_sentences
ADMINISTRATIVE_SENTENCES = _POOLS.administrative_sentences
ROLES = _POOLS.roles
ORGANISATIONS = _POOLS.organisations
FORCES = _POOLS.forces
MEDIA = _POOLS.media
SEIZED = _POOLS.seized
ACTIVITIES = _POOLS.activities
HEARING_OUTCOMES = _POOLS.hearing_outcomes
COURTS = _POOLS.courts
EVENT_TEMPLATES = _POOLS.event_templates
TRANSLITERATION = transliteration_load()
