"""What an uploaded file may be: its type is judged by content, not by its name. Pure Python."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    extension: str
    label: str
    content_type: str


PDF = FileType("pdf", "PDF", "application/pdf")
DOCX = FileType("docx", "Word 文档", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileType("xlsx", "Excel 表格", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DOC = FileType("doc", "Word 97-2003 文档", "application/msword")
XLS = FileType("xls", "Excel 97-2003 表格", "application/vnd.ms-excel")
OFD = FileType("ofd", "OFD 版式文件", "application/ofd")
ACCEPTED = (PDF, DOCX, XLSX, DOC, XLS, OFD)
ACCEPTED_LABEL = "PDF、Word（doc/docx）、Excel（xls/xlsx）、OFD"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


def sniff(head: bytes, zip_names: list[str] | None = None) -> FileType | None:
    """The type of a file from its first bytes (and, for zip containers, its member names)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(_OLE):
        return None  # doc and xls share one container; the extension decides (see accept)
    if head.startswith(_ZIP) and zip_names is not None:
        if any(n.startswith("word/") for n in zip_names):
            return DOCX
        if any(n.startswith("xl/") for n in zip_names):
            return XLSX
        if "OFD.xml" in zip_names:
            return OFD
    return None


def accept(name: str, head: bytes, size: int, zip_names: list[str] | None = None) -> tuple[FileType | None, str]:
    """(type, "") when the file is acceptable, else (None, a Chinese message)."""
    if size <= 0:
        return None, "文件为空，请重新选择。"
    if size > MAX_UPLOAD_BYTES:
        return None, f"文件超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB 上限。"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    found = sniff(head, zip_names)
    if found is None and head.startswith(_OLE) and ext in (DOC.extension, XLS.extension):
        found = DOC if ext == DOC.extension else XLS
    if found is None:
        return None, f"文件类型不受支持，仅接受 {ACCEPTED_LABEL}。"
    if ext != found.extension:
        return None, f"文件内容是{found.label}，但扩展名为 .{ext or '（无）'}，请核对后重新上传。"
    return found, ""


def safe_name(name: str) -> str:
    """A file name without paths, control characters or shell-hostile characters."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*]+', "_", name).strip(" .")
    return name[:150] or "file"
