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


# -- structure: a file is what it parses as, not what its first bytes say (penetration test, issue 11) -------

# Zip containers (docx, xlsx, ofd) are judged from their central directory before anything is expanded: a zip
# bomb (a few KB that inflate to gigabytes) or an archive of thousands of entries is refused unread.
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 512 * 1024 * 1024  # bytes, all entries together
ZIP_MAX_RATIO = 100  # uncompressed / compressed, for an entry of more than ZIP_RATIO_FLOOR bytes
ZIP_RATIO_FLOOR = 1024 * 1024


@dataclass(frozen=True)
class ZipEntry:
    name: str
    compressed: int
    size: int


def zip_problem(entries: list[ZipEntry]) -> str:
    """ "" when the archive's directory is sane, else why it is refused."""
    if len(entries) > ZIP_MAX_ENTRIES:
        return f"压缩包内文件过多（{len(entries)} 个，上限 {ZIP_MAX_ENTRIES} 个），不予接收。"
    if sum(e.size for e in entries) > ZIP_MAX_UNCOMPRESSED:
        return "文件解压后体积异常（可能是“压缩炸弹”），不予接收。"
    for e in entries:
        if e.size > ZIP_RATIO_FLOOR and e.size > ZIP_MAX_RATIO * max(e.compressed, 1):
            return "文件解压后体积异常（可能是“压缩炸弹”），不予接收。"
        if e.name.startswith("/") or "\\" in e.name or ".." in e.name.split("/"):
            return "文件内含有非法路径，不予接收。"
    return ""


# An Office Open XML package: [Content_Types].xml declares the main part of its kind, and it has no parts a
# document of that kind does not have (a macro project, an embedded executable outside the package's tree).
OOXML_MAIN = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
OOXML_COMMON_PREFIXES = ("[Content_Types].xml", "_rels/", "docProps/", "customXml/")
OOXML_TREE = {"docx": "word/", "xlsx": "xl/"}
CONTENT_TYPES_MAX_BYTES = 256 * 1024


def ooxml_problem(extension: str, names: list[str], content_types: bytes) -> str:
    """ "" when `names` and the bytes of [Content_Types].xml make a package of `extension` (docx, xlsx)."""
    label = DOCX.label if extension == "docx" else XLSX.label
    broken = f"文件不是完整的{label}（内部结构不符合 Office Open XML），请用 Word/WPS 重新保存后上传。"
    main_part, main_type = OOXML_MAIN[extension]
    if "[Content_Types].xml" not in names or main_part not in names:
        return broken
    text = content_types.decode("utf-8", "replace")
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        return broken
    declared = set(re.findall(r'ContentType="([^"]+)"', text))
    if main_type not in declared:
        return broken
    if any("macroEnabled" in t or "vbaProject" in t for t in declared) or any(
        n.lower().endswith("vbaproject.bin") for n in names
    ):
        return f"文件含有宏（VBA 代码），不予接收；请另存为不含宏的.{extension} 后上传。"
    stray = [n for n in names if not n.startswith(OOXML_COMMON_PREFIXES) and not n.startswith(OOXML_TREE[extension])]
    if stray:
        return f"文件含有{label}不应有的内容（{stray[0][:60]}），不予接收。"
    return ""


PDF_TAIL_BYTES = 1024
PDF_TRAILER_WINDOW = 64 * 1024


def pdf_problem(data: bytes) -> str:
    """ "" when `data` has a PDF's frame: the header, the end-of-file marker in its last kilobyte, and a
    document catalog named by a trailer or a cross-reference stream (/Root) at its start or end."""
    broken = "文件不是完整的 PDF（缺少文件尾或文档目录），可能已损坏或只是改了扩展名，请重新导出后上传。"
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-PDF_TAIL_BYTES:]:
        return broken
    if b"/Root" not in data[:PDF_TRAILER_WINDOW] and b"/Root" not in data[-PDF_TRAILER_WINDOW:]:
        return broken
    return ""


def ole_problem(head: bytes) -> str:
    """ "" when `head` (the first 512 bytes) is a Compound File header (doc, xls): the signature, the
    little-endian byte-order mark and a sector size of 512 or 4096 bytes."""
    if (
        len(head) < 32
        or not head.startswith(_OLE)
        or head[28:30] != b"\xfe\xff"
        or head[30:32]
        not in (
            b"\x09\x00",
            b"\x0c\x00",
        )
    ):
        return "文件不是完整的 Word/Excel 97-2003 文档，请重新保存后上传。"
    return ""
