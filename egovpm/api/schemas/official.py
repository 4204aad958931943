"""Official documents (公文, GB/T 9704-2012) the platform issued."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class OfficialDocumentOut(Schema):
    id: int = Field(description="公文 ID / Official document id")
    kind: str = Field(description="公文种类代码 / Kind code")
    kind_label: str = Field(description="公文种类 / Kind")
    number: str = Field(description="文号 / Document number")
    title: str = Field(description="标题 / Title")
    status: str = Field(description="issued 有效 / superseded 已被替代")
    superseded_by: str = Field(description="替代它的公文文号，未被替代为空 / Number of its successor, or empty")
    issued_at: dt.datetime = Field(description="印发时间 / Issued at")
    sha256: str = Field(
        description="存档 PDF 的 SHA-256，首次下载 PDF 前为空 / SHA-256 of the archived PDF, empty until first printed"
    )
    pdf_url: str = Field(description="PDF 下载地址（存档文件） / URL of the archived PDF")
    docx_url: str = Field(description="Word 下载地址 / URL of the DOCX")
