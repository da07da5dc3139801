"""The dates of existing measures and events are exact days, and closed cases get their
closing day (cases 0013 added the columns; 0015 adds the constraints that read them, in a
transaction of its own: PostgreSQL alters no table with updates pending in the same one)."""

import zoneinfo

from django.db import migrations
from django.db.models import F


def fill_new_fields(apps, schema_editor):
    """Existing dates are exact days: their latest day is the day itself (the precision
    defaults to "day"). A closed case's closing day is the day its history shows it closed
    (in its own time zone), or the day it was last changed when its history does not say."""
    for label in ("DetentionPeriod", "HistoricalDetentionPeriod"):
        model = apps.get_model("cases", label)
        model.objects.update(start_date_latest=F("start_date"))
        model.objects.filter(actual_end__isnull=False).update(actual_end_latest=F("actual_end"))
    for label in ("Event", "HistoricalEvent"):
        apps.get_model("cases", label).objects.update(date_latest=F("date"))
    Case = apps.get_model("cases", "Case")
    HistoricalCase = apps.get_model("cases", "HistoricalCase")
    for case in Case.objects.filter(status="closed").only("id", "time_zone", "updated_at"):
        closed_at = case.updated_at
        rows = HistoricalCase.objects.filter(id=case.pk).order_by("-history_date", "-history_id")
        for row in rows.only("status", "history_date"):
            if row.status != "closed":
                break
            closed_at = row.history_date
        zone = zoneinfo.ZoneInfo(case.time_zone or "UTC")
        Case.objects.filter(pk=case.pk).update(closed_on=closed_at.astimezone(zone).date())


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_measures_uncertain_dates_closing")]

    operations = [migrations.RunPython(fill_new_fields, migrations.RunPython.noop)]
