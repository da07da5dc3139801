"""The languages appeals, actions and letters are written in."""

from django.db import models
from django_countries import countries


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    FRENCH = "fr", "Français"
    SPANISH = "es", "Español"
    RUSSIAN = "ru", "Русский"


def country_choices() -> list[tuple[str, str]]:
    """Return the ISO 3166-1 countries as (alpha-2 code, name) choices, for schemas and forms."""
    return list(countries)
