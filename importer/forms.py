"""The staff area's forms of the importer: bringing an appeal in, and reviewing what was read
from it (issue 15). They only check the form of what is posted; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from importer.review import ACCEPT, CORRECT, DROP, Decision, ReviewField

LANGUAGE_CHOICES = [
    ("", _("Tell from the text")),
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]

DECISION_CHOICES = [(ACCEPT, _("Accept")), (CORRECT, _("Correct")), (DROP, _("Drop"))]

# The value of a match choice that records a new case, defender or authority.
NEW = "new"


class DocumentImportForm(forms.Form):
    document = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A .txt, .html, .docx or .pdf file with a text layer."),
    )
    text = forms.CharField(
        label=_("Or paste the appeal's text"), required=False, widget=forms.Textarea
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("document")) == bool((data.get("text") or "").strip()):
            raise forms.ValidationError(
                _("Upload a file or paste the text, one of the two."), code="one_of"
            )
        return data


class ProposalReviewForm(forms.Form):
    """A decision (accept, correct, drop) and a correction per proposed field, named
    "decision-<key>" and "value-<key>"; and a choice per match, named "case",
    "defender-<index>" and "authority-<index>" (`matches`: name -> [(value, label)], "new"
    offered first and chosen when staff choose nothing else)."""

    history_note = forms.CharField(
        label=_("Note for the history"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, review_fields: list[ReviewField], matches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.review_fields = review_fields
        for field in review_fields:
            self.fields[f"decision-{field.key}"] = forms.ChoiceField(
                label=field.label,
                choices=DECISION_CHOICES,
                initial=ACCEPT,
                widget=forms.RadioSelect,
            )
            self.fields[f"value-{field.key}"] = forms.CharField(
                label=_("Correction"), required=False, initial=field.value
            )
        for name, (label, choices) in (matches or {}).items():
            self.fields[name] = forms.ChoiceField(
                label=label, choices=choices, initial=NEW, widget=forms.RadioSelect
            )

    def decisions(self) -> dict[str, Decision]:
        """Return staff's decision on each field, from a valid form."""
        return {
            field.key: Decision(
                self.cleaned_data[f"decision-{field.key}"],
                self.cleaned_data[f"value-{field.key}"] or "",
            )
            for field in self.review_fields
        }

    def add_field_error(self, key: str, messages: list[str]) -> None:
        """Show `messages` beside the field `key`, or above the form for a key it has not."""
        name = f"value-{key}" if f"value-{key}" in self.fields else key
        if name not in self.fields:
            self.add_error(None, [f"{key}: {message}" for message in messages])
        else:
            self.add_error(name, messages)
