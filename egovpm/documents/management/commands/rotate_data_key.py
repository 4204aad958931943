"""`manage.py rotate_data_key`: seal every stored file with the current data key (docs/security.md 8.1.4.8).
Run it after adding a new key as the last line of EGOVPM_DATA_KEY_FILE (keep the old line until this has run),
and once after switching encryption on for files stored in the clear. Idempotent: a file already sealed with
the current key is left as it is. Each file is replaced atomically on the disk."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from egovpm.audit.services import audit_record
from egovpm.core.crypto import SealError, data_keyring
from egovpm.documents.models import Document
from egovpm.documents.storage import EncryptedFileSystemStorage


class Command(BaseCommand):
    help = "用当前数据密钥重新加密全部已存储的文件（密钥轮换，或首次开启存储加密）。"

    def handle(self, *args, **options):
        if not isinstance(default_storage, EncryptedFileSystemStorage):
            raise CommandError("文件存储未启用加密（STORAGES['default'] 应为 EncryptedFileSystemStorage）。")
        _, current = data_keyring()
        names = sorted(set(Document.objects.values_list("file", flat=True)))
        changed = missing = 0
        for name in names:
            if not default_storage.exists(name):
                missing += 1
                continue
            try:
                changed += default_storage.reseal(name)
            except SealError as exc:
                raise CommandError(f"{name}: {exc}") from exc
        audit_record(
            actor=None,
            action="data_key.rotate",
            object_type="storage",
            object_id="files",
            object_repr="上传文件",
            after={"key_id": current, "files": len(names), "resealed": changed, "missing": missing},
        )
        self.stdout.write(f"当前数据密钥「{current}」：{len(names)} 个文件，重新加密 {changed} 个，缺失 {missing} 个。")
