"""The staff roles of cases 0002 on imported documents: viewers see them and their review;
editors and reviewers also import and confirm (add, change). Nobody deletes one: it is where
the facts it gave came from."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def roles_on_imported_documents(apps, schema_editor):
    app_config = apps.get_app_config("importer")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    document = Permission.objects.filter(
        content_type__app_label="importer", content_type__model="importeddocument"
    )
    for group in Group.objects.filter(name="viewer"):
        group.permissions.add(*document.filter(codename="view_importeddocument"))
    for group in Group.objects.filter(name__in=["editor", "reviewer"]):
        group.permissions.add(
            *document.filter(
                codename__in=[
                    "view_importeddocument",
                    "add_importeddocument",
                    "change_importeddocument",
                ]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("importer", "0001_initial"),
        ("cases", "0002_seed_labels_and_roles"),
    ]

    operations = [migrations.RunPython(roles_on_imported_documents, migrations.RunPython.noop)]
