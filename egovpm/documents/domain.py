"""What an uploaded file may be: its type is judged by content, not by its name. Pure Python."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Stored names stay well inside a file system's 255-byte limit, with the storage prefix added.
NAME_MAX_CHARS = 100
NAME_MAX_BYTES = 180


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


def size_problem(size: int, max_bytes: int) -> str:
    """ "" when `size` bytes may be uploaded under the cap (security policy upload_max_mb), else why not."""
    if size <= 0:
        return "文件为空，请重新选择。"
    if size > max_bytes:
        return f"文件超过 {max_bytes // (1024 * 1024)} MB 上限。"
    return ""


def accept(
    name: str, head: bytes, size: int, zip_names: list[str] | None = None, *, max_bytes: int
) -> tuple[FileType | None, str]:
    """(type, "") when the file is acceptable, else (None, a Chinese message)."""
    problem = size_problem(size, max_bytes)
    if problem:
        return None, problem
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
    """A file name safe to store and to show: no directories, no control or invisible characters (incl.
    bidirectional overrides), no characters hostile to shells or Windows, no leading dot (hidden file),
    and short enough (characters and UTF-8 bytes) with its extension kept."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*\'`$;&]+', "_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 10:
        stem, ext = name, ""
    suffix = f".{ext}" if ext else ""
    stem = stem[: NAME_MAX_CHARS - len(suffix)]
    while len((stem + suffix).encode("utf-8")) > NAME_MAX_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip(" .")
    return (stem + suffix) if stem else f"file{suffix}"


def ascii_name(pk: int, content_type: str) -> str:
    """The plain-ASCII download name for clients that cannot read RFC 5987 names."""
    extension = next((t.extension for t in ACCEPTED if t.content_type == content_type), "bin")
    return f"document-{pk}.{extension}"
