"""Confidential fields encrypted at rest, so that a stolen database or backup reveals nothing.

Every field declared confidential (appeals_site.confidential), and every secret of ours stored
in the database (EncryptedSecretField: partners' webhook secrets), is stored as a Fernet token
(AES-128-CBC with an HMAC-SHA256, from `cryptography`) under the keys in
settings.FIELD_ENCRYPTION_KEYS: the first key encrypts, every key decrypts (MultiFernet), so
a key can be rotated without a moment when some value cannot be read (see `manage.py
reencrypt_confidential`). The ORM, forms, the admin and the API see plain values; only the
database holds tokens. Empty values are encrypted too, so a dump does not even tell which
defenders have health notes.

A token is random (a fresh IV each time): equal values give different tokens, so these fields
cannot be searched, filtered or ordered on in the database. Every lookup but `isnull` is
refused rather than silently matching nothing.

simple_history copies these fields into the Historical* models with the same class, so the
history of a record is encrypted like the record.
"""

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from phonenumber_field.modelfields import PhoneNumberField


class DecryptionError(Exception):
    """A stored value that none of the keys in FIELD_ENCRYPTION_KEYS can decrypt."""


@functools.cache
def _fernets(keys: tuple[str, ...]) -> tuple[Fernet, MultiFernet]:
    # Cached per key list, so that a test overriding the setting gets its own.
    fernets = [Fernet(key) for key in keys]
    return fernets[0], MultiFernet(fernets)


def _keys() -> tuple[str, ...]:
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        raise DecryptionError("FIELD_ENCRYPTION_KEYS is empty: confidential fields need a key.")
    return keys


def encrypt(text: str) -> str:
    """Return `text` as a Fernet token under the first key."""
    return _fernets(_keys())[1].encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """Return the text in `token`; raise InvalidToken if no key opens it."""
    return _fernets(_keys())[1].decrypt(token.encode("ascii")).decode()


def _under_first_key(token: str) -> bool:
    try:
        _fernets(_keys())[0].decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


if TYPE_CHECKING:
    _FieldBase = models.Field
else:
    _FieldBase = object


class _EncryptedColumn(_FieldBase):
    """Stores the field's database value as a Fernet token in a text column (before a Field
    class in the bases)."""

    def get_internal_type(self) -> str:
        return "TextField"

    def get_lookup(self, lookup_name):
        # A token differs at each encryption: an exact or contains lookup could only ever
        # match nothing, which would hide the mistake. Django then raises FieldError.
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        if value is None or hasattr(value, "resolve_expression"):
            return value
        return encrypt(str(value))

    def from_db_value(self, value, expression, connection):
        if value is not None:
            value = decrypt_value(self, value)
        parent = getattr(super(), "from_db_value", None)
        return parent(value, expression, connection) if parent else value


class EncryptedFieldMixin(_EncryptedColumn):
    """A confidential fact (appeals_site.confidential), encrypted."""


class EncryptedSecretField(_EncryptedColumn, models.TextField):
    """A secret of ours that is no fact about anyone (a partner's webhook signing secret),
    encrypted like the confidential fields and rotated with them (reencrypt_confidential),
    but not one of them: nothing to disclose, never outward."""


def decrypt_value(field: models.Field, token: str) -> str:
    """Return the plain value of `field` stored as `token`; raise DecryptionError naming the
    field (never the value) when no key in FIELD_ENCRYPTION_KEYS opens it."""
    try:
        return decrypt(token)
    except (InvalidToken, UnicodeEncodeError):
        raise DecryptionError(
            f"{field.model._meta.label}.{field.name} cannot be decrypted with the keys in "
            "FIELD_ENCRYPTION_KEYS: the key it was encrypted with is not among them (a wrong "
            "or dropped key), or the column holds something that is not a token."
        ) from None


class EncryptedTextField(EncryptedFieldMixin, models.TextField):
    """A TextField stored encrypted."""


class EncryptedPhoneNumberField(EncryptedFieldMixin, PhoneNumberField):
    """A phone number stored encrypted: validated and normalised to E.164 as by
    PhoneNumberField (forms, full_clean), read back as a PhoneNumber. Its column is text,
    since a token is longer than any max_length of the number."""


def encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    """Return the model's encrypted confidential fields."""
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedFieldMixin)]


def encrypted_columns(model: type[models.Model]) -> list[models.Field]:
    """Return every encrypted concrete field of the model: confidential fields and secrets
    (what a key rotation must rewrite)."""
    return [f for f in model._meta.concrete_fields if isinstance(f, _EncryptedColumn)]


def decrypt_nested(model: type[models.Model], record: dict) -> dict:
    """Decrypt in place the encrypted fields of `model` found in `record`, a row the database
    built as JSON (JSONObject, JSON aggregates), which holds the stored tokens; return it."""
    for field in encrypted_fields(model):
        if record.get(field.name) is not None:
            record[field.name] = decrypt_value(field, record[field.name])
    return record


# --- Rewriting stored values (migrations, reencrypt_confidential) ----------------------------


def reencrypt_table(
    connection: BaseDatabaseWrapper,
    *,
    table: str,
    pk: str,
    columns: Iterable[str],
    batch_size: int = 500,
    encrypt_plaintext: bool = False,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Rewrite every value of `columns` in `table` that is not a token under the first key:
    a token under another key is re-encrypted under the first; plain text is encrypted if
    `encrypt_plaintext` (the migrations that brought encryption in), else an error. Return
    (values seen, values rewritten).

    Raw SQL, in batches of `batch_size` rows by primary key, each in its own transaction, so
    no `updated_at` moves and no history row is written: the plain values do not change. Each
    UPDATE is conditional on the token it read, so a value the application rewrote meanwhile
    (under the first key) is left as it is.
    """
    quote = connection.ops.quote_name
    columns = list(columns)
    select = "SELECT {pk}, {columns} FROM {table} {where} ORDER BY {pk} LIMIT %s"
    seen = rewritten = 0
    last = None
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                select.format(
                    pk=quote(pk),
                    columns=", ".join(quote(c) for c in columns),
                    table=quote(table),
                    where="" if last is None else f"WHERE {quote(pk)} > %s",
                ),
                [batch_size] if last is None else [last, batch_size],
            )
            rows = cursor.fetchall()
            for row in rows:
                for column, stored in zip(columns, row[1:], strict=True):
                    if stored is None:
                        continue
                    seen += 1
                    value = _rewritten(stored, table, column, encrypt_plaintext)
                    if value is None:
                        continue
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s "  # noqa: S608
                        f"WHERE {quote(pk)} = %s AND {quote(column)} = %s",
                        [value, row[0], stored],
                    )
                    rewritten += cursor.rowcount
        if progress:
            progress(len(rows))
        if len(rows) < batch_size:
            return seen, rewritten
        last = rows[-1][0]


def _rewritten(stored: str, table: str, column: str, encrypt_plaintext: bool) -> str | None:
    """Return the new value of a stored value, or None if it is already right."""
    if _under_first_key(stored):
        return None
    multi = _fernets(_keys())[1]
    try:
        return multi.rotate(stored.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError):
        if encrypt_plaintext:
            return encrypt(stored)
    raise DecryptionError(
        f"{table}.{column}: a value cannot be decrypted with the keys in FIELD_ENCRYPTION_KEYS "
        "(a wrong or dropped key?). Put the key back in it and run this again."
    )


def decrypt_table(connection: BaseDatabaseWrapper, *, table: str, pk: str, columns: Iterable[str]):
    """Replace every token in `columns` of `table` by its plain text (reversing the migrations
    that brought encryption in)."""
    quote = connection.ops.quote_name
    columns = list(columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(pk)}, {', '.join(quote(c) for c in columns)} "  # noqa: S608
            f"FROM {quote(table)}"
        )
        rows = cursor.fetchall()
        for row in rows:
            for column, stored in zip(columns, row[1:], strict=True):
                if stored is None:
                    continue
                try:
                    plain = decrypt(stored)
                except (InvalidToken, UnicodeEncodeError):
                    continue  # already plain
                cursor.execute(
                    f"UPDATE {quote(table)} SET {quote(column)} = %s "  # noqa: S608
                    f"WHERE {quote(pk)} = %s",
                    [plain, row[0]],
                )
