# Letters become an app of their own (letters): the table is renamed, the rows stay. The model
# leaves this app's state here and enters the letters app's in letters/0001_initial.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0008_encrypt_confidential"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable("letter", "letters_letter")],
            state_operations=[migrations.DeleteModel("letter")],
        ),
    ]
