"""A member of staff's own reminder settings (the admin's "My reminders" page)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from appeals_site.languages import country_choices
from appeals_site.models import validate_time_zone
from reminders.models import NotificationSettings


class MyRemindersForm(forms.Form):
    delivery = forms.ChoiceField(label=_("Delivery"), choices=NotificationSettings.Delivery.choices)
    time_zone = forms.CharField(
        label=_("My time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("Reminders give times in the court's zone and in this one, e.g. Europe/Paris."),
    )
    digest_time = forms.TimeField(
        label=_("Digest at"), help_text=_("Local time, in my time zone, e.g. 07:00.")
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries I follow"),
        required=False,
        choices=(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Reminders of the hearings and detention terms of every case in them."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countries"].choices = country_choices()
