"""The public site's forms: the list's filters, the take-action form, the embassy lookup.

Field names are stable (browser tests and campaigners' bookmarks use them): q, country,
violation, state; language, authority, name, organisation, city, country; host_country.
"""

from functools import partial

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from letters.services import ALL_AUTHORITIES


def _country_choices(blank_label):
    # A callable: Django takes it as is, where a list of ~250 pairs is normalised on every
    # form built; it is read when the field validates or its select renders (once per
    # language: CountrySelect).
    return partial(_country_choices_now, blank_label)


def _country_choices_now(blank_label):
    return [("", blank_label), *list(countries)]


class CountrySelect(forms.Select):
    """A select of the ~250 countries, rendered once per language (and field, value and
    attributes) in each process, not on every page: its options are most of a page's
    rendering. The choices of a field of that name are the same for a language until the next
    release."""

    # Bounded: a posted country that is no choice is rendered, not kept.
    MAX_KEPT = 256
    _rendered: dict[tuple, str] = {}

    def render(self, name, value, attrs=None, renderer=None):
        language = translation.get_language()
        key = (
            language,
            name,
            str(value or ""),
            # A field's name stands for its choices: each form's select of countries has its
            # own name (country, host_country) and blank label.
            tuple(sorted({**self.attrs, **(attrs or {})}.items())),
        )
        html = self._rendered.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            if len(self._rendered) < self.MAX_KEPT and (not value or value in countries):
                self._rendered[key] = html
        return html


class CountryChoiceField(forms.ChoiceField):
    """A choice of a country by its code: checked by looking the code up, not by walking the
    ~250 choices, which Django normalises again at each validation (a third of the time a
    repeated take-action POST spent in Python)."""

    def valid_value(self, value) -> bool:
        # Called for a value given only; the choices are "" (none) and the countries.
        return str(value) in countries


class AppealFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False)
    violation = forms.ChoiceField(label=_("Violation"), required=False)
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Open and closed")), ("open", _("Open")), ("closed", _("Closed"))],
    )

    def __init__(self, *args, countries_used=(), violations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries_used]
        self.fields["violation"].choices = [("", _("All violations")), *violations]


class TakeActionForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the letter"))
    authority = forms.ChoiceField(label=_("Address the letter to"))
    name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    organisation = forms.CharField(label=_("Your organisation"), required=False, max_length=200)
    city = forms.CharField(label=_("Your city"), required=False, max_length=200)
    country = CountryChoiceField(label=_("Your country"), required=False, widget=CountrySelect)

    def __init__(self, *args, authorities=(), languages=(), partly_english=(), **kwargs):
        """`languages`: those the appeal's letters are offered in
        (letters.selectors.appeal_letter_offers); `partly_english`: those of them whose
        letter has parts in English, which the choice says."""
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        self.fields["language"].choices = [
            (
                code,
                _("%(language)s (parts of this letter are in English)") % {"language": names[code]}
                if code in partly_english
                else names[code],
            )
            for code in languages
        ]
        self.fields["authority"].choices = [
            (ALL_AUTHORITIES, _("All the authorities listed (one letter each)")),
            *[(a["id"], a["label"]) for a in authorities],
        ]
        self.fields["country"].choices = _country_choices(_("Not given"))

    def full_clean(self):
        super().full_clean()
        # Screen readers read a field's error when the field gets focus only if the field
        # points at it (the template gives each error the id "<field id>-error").
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].id_for_label}-error"}
                )


class EmbassyForm(forms.Form):
    host_country = CountryChoiceField(label=_("The country you live in"), widget=CountrySelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_country"].choices = _country_choices(_("Choose your country"))
