"""What every request body the API reads has in common.

A key the serializer does not know is refused (400, named by its path), never dropped: a typo
(`refrence`, `organization`) would otherwise lose what the client meant to record while the
answer said all was well. Fields the serializer knows but only shows (`id`, `created_at` …)
are accepted and ignored, so that a client may send back what it read.
"""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

UNKNOWN_FIELD = _("Unknown field: nothing was saved. Check its spelling against the schema.")


class RefuseUnknownFieldsMixin:
    """Put before the serializer class in the bases: its `to_internal_value` refuses keys it
    has no field for. Nested serializers (records in a list) need it too; their errors are
    named by their path like any other ("charges[1].artcle")."""

    def to_internal_value(self, data):
        unknown = {}
        if isinstance(data, Mapping):
            known = set(self.fields)  # type: ignore[attr-defined]
            unknown = {str(key): [UNKNOWN_FIELD] for key in data if key not in known}
        try:
            value = super().to_internal_value(data)  # type: ignore[misc]
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown}) from exc
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class StrictSerializer(RefuseUnknownFieldsMixin, serializers.Serializer):
    """A request body that refuses unknown keys."""


class StrictModelSerializer(RefuseUnknownFieldsMixin, serializers.ModelSerializer):
    """A model's request body (and answer) that refuses unknown keys."""
