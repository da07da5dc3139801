"""Operations of the project's own for its migrations."""

from django.db import migrations
from django.db.migrations.operations.base import Operation

# What RenderedOnce may hold: operations whose effect on the database depends only on the
# state before the whole group and the state after it (see RenderedOnce.__init__).
GROUPABLE = (
    migrations.CreateModel,
    migrations.AddField,
    migrations.AddConstraint,
    migrations.AddIndex,
    migrations.AlterUniqueTogether,
)


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
    it, which is what it would do alone: fields are added, never altered; a model created here is
    created with every field it has at the end of the group, so nothing else of the group may
    touch it; a model's unique_together changes once."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, operations):
        created, altered = set(), set()
        for operation in operations:
            if not isinstance(operation, GROUPABLE):
                raise ValueError(f"RenderedOnce cannot hold {operation.describe()}")
            model = _target(operation)
            if model in created:
                raise ValueError(f"RenderedOnce: {operation.describe()} touches a model it creates")
            if isinstance(operation, migrations.CreateModel):
                created.add(model)
            elif isinstance(operation, migrations.AlterUniqueTogether):
                if model in altered:
                    raise ValueError(f"RenderedOnce: {operation.describe()} alters it twice")
                altered.add(model)
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
