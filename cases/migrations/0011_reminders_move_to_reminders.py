# Reminders become an app of their own (reminders): their tables are renamed, the rows stay.
# The models leave this app's state here and enter the reminders app's in
# reminders/0001_initial, which also carries their content types (and so the permissions
# given on them) and beat's periodic tasks over to the new names.

from django.db import migrations

# Reminders first: they point at the rules and the digests.
MOVED = ["reminder", "subscription", "digest", "notificationsettings", "reminderrule"]


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0010_reminders_point_at_partners"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(model, f"reminders_{model}") for model in MOVED
            ],
            state_operations=[migrations.DeleteModel(model) for model in MOVED],
        ),
    ]
