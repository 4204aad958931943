"""The storage of uploaded files: Django's file system storage, with every file sealed at rest
(egovpm.core.crypto: AES-256-GCM or SM4-GCM with the data key, which is never in the database). What is on
the disk — and so in a backup's files/ — is ciphertext; the platform opens it through the storage. A file
stored before encryption was switched on opens as it is, until `manage.py rotate_data_key` seals it."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from egovpm.core.crypto import is_sealed, seal, sealed_key_id, unseal


class EncryptedFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        content.seek(0)
        return super()._save(name, ContentFile(seal(content.read())))

    def _open(self, name, mode="rb"):
        with super()._open(name, "rb") as stored:
            data = stored.read()
        opened = ContentFile(unseal(data), name=name)
        opened.mode = mode
        return opened

    def raw(self, name) -> bytes:
        """The bytes on the disk (ciphertext), for checks and the key rotation."""
        with super()._open(name, "rb") as stored:
            return stored.read()

    def sealed_with(self, name) -> str:
        """The id of the data key the stored file is sealed with; "" when it is stored in the clear."""
        return sealed_key_id(self.raw(name))

    def reseal(self, name) -> bool:
        """Seal the stored file again with the current key (a rotation, or a file stored in the clear), in
        place; returns whether it changed."""
        from egovpm.core.crypto import data_keyring

        data = self.raw(name)
        _, current = data_keyring()
        if is_sealed(data) and sealed_key_id(data) == current:
            return False
        sealed = seal(unseal(data))
        path = self.path(name)
        temporary = f"{path}.reseal"
        with open(temporary, "wb") as out:
            out.write(sealed)
        import os

        os.replace(temporary, path)
        return True
