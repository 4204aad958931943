"""The audit chain."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

# --- audit --------------------------------------------------------------------------------------


class AuditHeadOut(Schema):
    seq: int = Field(description="最新事件序号（链长） / Sequence number of the newest event (chain length)")
    hash: str = Field(description="最新事件哈希 / Hash of the newest event")
    created_at: dt.datetime | None = Field(description="最新事件时间 / Time of the newest event")


class AuditVerifyOut(Schema):
    ok: bool = Field(description="链是否完整 / Whether the chain verifies")
    count: int = Field(description="已校验的事件数 / Events verified")
    broken_seq: int | None = Field(description="第一处断裂的序号 / First broken link")
    reason: str = Field(description="断裂原因 / Why it is broken")
    head: AuditHeadOut = Field(description="链头 / Head of the chain")
