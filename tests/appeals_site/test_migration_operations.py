"""RenderedOnce (appeals_site/migration_operations.py): a group of operations changes the
migration state and the database exactly as the same operations one after another do, and
refuses a group where that would not hold."""

import pytest
from django.db import connection, migrations, models
from django.db.migrations.state import ProjectState

from appeals_site.migration_operations import RenderedOnce


def _operations(app_label):
    """A model created, another pointing at it, then fields (a relation back, a many-to-many)
    added to the first, one of its fields altered and a constraint added: the shapes the
    project's migrations group."""
    return [
        migrations.CreateModel(
            name="Author",
            fields=[("id", models.BigAutoField(primary_key=True)), ("name", models.TextField())],
        ),
        migrations.CreateModel(
            name="Book",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                ("title", models.TextField()),
                ("author", models.ForeignKey("Author", on_delete=models.CASCADE)),
            ],
        ),
        migrations.RunSQL(migrations.RunSQL.noop, migrations.RunSQL.noop),
        RenderedOnce(
            [
                migrations.AddField(
                    "author",
                    "favourite",
                    models.ForeignKey(
                        "Book", null=True, on_delete=models.SET_NULL, related_name="+"
                    ),
                ),
                migrations.AddField(
                    "author", "read", models.ManyToManyField("Book", related_name="readers")
                ),
                migrations.AlterField("author", "name", models.CharField(max_length=200)),
                migrations.AddConstraint(
                    "author",
                    models.CheckConstraint(condition=~models.Q(name=""), name=f"{app_label}_named"),
                ),
                migrations.AddIndex(
                    "book", models.Index(fields=["title"], name=f"{app_label}_title")
                ),
            ]
        ),
    ]


def _ungrouped(operations):
    flat = []
    for operation in operations:
        flat.extend(operation.operations if isinstance(operation, RenderedOnce) else [operation])
    return flat


def _migrate(app_label, operations):
    migration = migrations.Migration("0001_initial", app_label)
    migration.operations = operations
    state = ProjectState()
    assert state.apps  # rendered, as the executor renders it before the first migration
    with connection.schema_editor() as editor:
        return migration.apply(state, editor)


def _tables(app_label):
    """Return each table of `app_label` with its columns (name, type, null) and constraints
    (columns, kind, referenced table), the app's name taken out of table names."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if not table.startswith(app_label + "_"):
                continue
            columns = sorted(
                (column.name, column.type_code, column.null_ok)
                for column in connection.introspection.get_table_description(cursor, table)
            )
            constraints = sorted(
                (
                    tuple(details["columns"] or ()),
                    details["primary_key"],
                    details["unique"],
                    details["check"],
                    details["index"],
                    (details["foreign_key"] or ("",))[0].removeprefix(app_label),
                )
                for details in connection.introspection.get_constraints(cursor, table).values()
            )
            found[table.removeprefix(app_label)] = (columns, constraints)
    return found


@pytest.mark.django_db
def test_a_group_makes_the_same_tables_and_state_as_its_operations_one_by_one():
    grouped = _migrate("grouped", _operations("grouped"))
    one_by_one = _migrate("onebyone", _ungrouped(_operations("onebyone")))

    assert _tables("grouped") == _tables("onebyone")
    assert set(_tables("grouped")) == {"_author", "_book", "_author_read"}
    for model in ("author", "book"):
        assert grouped.models["grouped", model].fields.keys() == (
            one_by_one.models["onebyone", model].fields.keys()
        )
        # The rendered models are those of the final state.
        assert [field.name for field in grouped.apps.get_model("grouped", model)._meta.fields] == [
            field.name for field in one_by_one.apps.get_model("onebyone", model)._meta.fields
        ]


def test_a_group_refuses_what_it_could_not_apply_as_its_operations_would():
    create = migrations.CreateModel("Author", [("id", models.BigAutoField(primary_key=True))])
    with pytest.raises(ValueError, match="touches a model it creates"):
        RenderedOnce([create, migrations.AddField("author", "name", models.TextField())])
    with pytest.raises(ValueError, match="cannot hold"):
        RenderedOnce([migrations.RunSQL("SELECT 1"), create])
    alter = migrations.AlterField("author", "name", models.TextField())
    with pytest.raises(ValueError, match="touches it twice"):
        RenderedOnce([alter, migrations.AlterField("author", "name", models.CharField())])
    # Altering a field rewrites the relations to its model as they were before the group.
    relation = migrations.AddField(
        "book", "editor", models.ForeignKey("Author", on_delete=models.CASCADE)
    )
    with pytest.raises(ValueError, match="relation to an altered model"):
        RenderedOnce([relation, alter])
    with pytest.raises(ValueError, match="relation to an altered model"):
        RenderedOnce([alter, relation])
    unique = migrations.AlterUniqueTogether("book", {("title", "author")})
    with pytest.raises(ValueError, match="twice"):
        RenderedOnce([unique, migrations.AlterUniqueTogether("book", set())])
