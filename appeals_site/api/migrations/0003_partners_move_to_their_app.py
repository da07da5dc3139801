# Partners and API keys moved to the partners app (partners/0001 renamed their tables, and
# cases/0010 pointed the reminders at them there): the API app's state lets them go.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("api", "0002_reminders"),
        ("cases", "0010_reminders_point_at_partners"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel("ApiKey"),
                migrations.DeleteModel("Partner"),
            ],
        ),
    ]
