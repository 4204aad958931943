"""Personal data sealed at rest (GB/T 22239-2019 8.1.4.8; penetration test, issue 11): a model field whose value
is stored sealed with the data key (egovpm.core.crypto: AES-256-GCM or SM4-GCM, the key outside the database),
as `enc1:` and the sealed bytes in base64, and read back in the clear. Pages, forms and the API see the plain
value (and mask it where the viewer does not need it: egovpm.core.personal); the database, its dumps and the
backups hold ciphertext only. Such a value cannot be searched or ordered by in SQL: only personal data that is
never looked up by its value (phone numbers) is sealed."""

from __future__ import annotations

import base64

from django.db import models

from .crypto import seal, unseal

PREFIX = "enc1:"


def seal_text(value: str) -> str:
    return PREFIX + base64.b64encode(seal(value.encode("utf-8"))).decode("ascii")


def unseal_text(value: str) -> str:
    """The plain text of a stored value; a value stored before sealing was on is plain already."""
    if not value.startswith(PREFIX):
        return value
    return unseal(base64.b64decode(value[len(PREFIX) :])).decode("utf-8")


class SealedCharField(models.CharField):
    """A CharField (its max_length the plain value's, checked by forms and full_clean) stored sealed in a text
    column. The empty string is stored as it is, so that "not given" stays visible to constraints."""

    def db_type(self, connection):
        return models.TextField().db_type(connection)

    def cast_db_type(self, connection):
        return models.TextField().cast_db_type(connection)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, "") or value.startswith(PREFIX):
            return value
        return seal_text(value)

    def from_db_value(self, value, expression, connection):
        return value if value in (None, "") else unseal_text(value)

    def to_python(self, value):
        value = super().to_python(value)
        return value if value in (None, "") else unseal_text(value)

    def value_to_string(self, obj):
        """Serialized (dumpdata, the backups) sealed: a database dump holds no plain personal data."""
        value = self.value_from_object(obj)
        return value if value in (None, "") else seal_text(value)
