"""The languages appeals, actions and letters are written in."""

from django.db import models


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    FRENCH = "fr", "Français"
    SPANISH = "es", "Español"
    RUSSIAN = "ru", "Русский"
