"""Operations of the project's own for its migrations."""

from django.db import migrations
from django.db.migrations.operations.base import Operation

# What RenderedOnce may hold: operations whose effect on the database depends only on the
# state before the whole group and the state after it (see RenderedOnce.__init__).
GROUPABLE = (
    migrations.CreateModel,
    migrations.AddField,
    migrations.AlterField,
    migrations.AddConstraint,
    migrations.AddIndex,
    migrations.AlterUniqueTogether,
)


def _pointed_at(operation) -> set[str]:
    """Return the lower-case names of the models the relations `operation` adds point at."""
    if isinstance(operation, migrations.CreateModel):
        fields = [field for _, field in operation.fields]
    elif isinstance(operation, migrations.AddField):
        fields = [operation.field]
    else:
        return set()
    return {
        str(field.remote_field.model).rsplit(".", 1)[-1].lower()
        for field in fields
        if field.is_relation
    }


def _target(operation) -> str:
    """Return the lower-case name of the model `operation` changes."""
    if isinstance(operation, migrations.CreateModel | migrations.AlterUniqueTogether):
        return operation.name_lower
    return operation.model_name_lower


class RenderedOnce(Operation):
    """Apply `operations` one after another to the database, as Django would, but render the
    migration state's models once for all of them instead of once an operation.

    Django re-renders a model, and every model related to it recursively, after each operation
    that changes it. Around Case and Appeal nearly every model is related, so a migration of a
    hundred added fields re-rendered ten thousand models: most of the time `migrate` took on an
    empty database (and so of each test run, `make run` and CI).

    Each operation then changes the database from the state before the group to the state after
    it, which is what it would do alone: a model created here is created with every field it has
    at the end of the group, so nothing else of the group may touch it; a field is added or
    altered once; no relation added points at a model whose fields are altered; a model's
    unique_together changes once."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, operations):
        created, touched, unique_changed = set(), set(), set()
        altered, pointed_at = set(), set()  # models whose fields are altered; relations' targets
        for operation in operations:
            if not isinstance(operation, GROUPABLE):
                raise ValueError(f"RenderedOnce cannot hold {operation.describe()}")
            model, targets = _target(operation), _pointed_at(operation)
            if model in created:
                raise ValueError(f"RenderedOnce: {operation.describe()} touches a model it creates")
            if isinstance(operation, migrations.AddField | migrations.AlterField):
                if (model, operation.name_lower) in touched:
                    raise ValueError(f"RenderedOnce: {operation.describe()} touches it twice")
                touched.add((model, operation.name_lower))
            if isinstance(operation, migrations.AlterUniqueTogether):
                if model in unique_changed:
                    raise ValueError(f"RenderedOnce: {operation.describe()} alters it twice")
                unique_changed.add(model)
            # Altering a field rewrites the relations that point at its model as the state
            # before the group has them: the group may add none.
            if isinstance(operation, migrations.AlterField):
                altered.add(model)
            if altered & (pointed_at | targets):
                raise ValueError(
                    f"RenderedOnce: {operation.describe()} and a relation to an altered model"
                )
            pointed_at |= targets
            if isinstance(operation, migrations.CreateModel):
                created.add(model)
        self.operations = operations

    def deconstruct(self):
        return self.__class__.__qualname__, [self.operations], {}

    def state_forwards(self, app_label, state):
        # Unrendered, the state records each change without rendering anything; then the
        # models that changed, and those related to them, are rendered once.
        rendered = state.__dict__.pop("apps", None)
        for operation in self.operations:
            operation.state_forwards(app_label, state)
        if rendered is not None:
            state.apps = rendered
            state.reload_models(
                {(app_label, _target(operation)) for operation in self.operations}, delay=False
            )

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for operation in self.operations:
            operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for operation in reversed(self.operations):
            operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "; ".join(operation.describe() for operation in self.operations)

    @property
    def migration_name_fragment(self):
        return self.operations[0].migration_name_fragment
