"""Files of the audit chain for off-site archiving and for reading.

JSON Lines: a header line (domain.segment_header: the range, the seq and prev_hash where the segment
starts, its count and last hash, the algorithm), then one line per event with its full payload and hash,
so that the segment can be verified on its own (verify_audit --file): the archive keeps every payload as
the chain hashed it. XLSX (openpyxl) for people to read: every text a text cell (never a formula), and the
personal fields of before/after (phones, ID numbers) masked — the audit administrator sees what happened,
not personal data they do not need (core.personal; the stored events are unchanged)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from egovpm.core import clock
from egovpm.core.personal import mask_personal
from egovpm.core.spreadsheet import as_text

from .domain import segment_header
from .labels import action_label
from .selectors import Segment

JSONL_CONTENT_TYPE = "application/x-ndjson; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OUTCOME_LABELS = {"success": "成功", "failure": "失败", "denied": "拒绝", None: ""}


def _line(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str) + "\n"


def segment_lines(segment: Segment) -> Iterator[str]:
    """The JSON Lines of `segment`: the header, then the events in chain order."""
    events = segment.events()
    payloads = [e.payload() for e in events]
    last_hash = payloads[-1]["hash"] if payloads else segment.prev_hash
    yield _line(
        segment_header(
            date_from=segment.date_from.isoformat(),
            date_to=segment.date_to.isoformat(),
            first_seq=segment.first_seq,
            prev_hash=segment.prev_hash,
            count=len(payloads),
            last_hash=last_hash,
            algorithm=settings.EGOVPM_AUDIT_HASH,
        )
    )
    for payload in payloads:
        yield _line(payload)


def read_segment(lines: Iterable[str]) -> tuple[dict, Iterator[dict]]:
    """The header and the events of an exported segment (raises ValueError when the first line is not JSON)."""
    lines = iter(lines)
    try:
        header = json.loads(next(lines))
    except StopIteration:
        raise ValueError("文件为空") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"首行不是 JSON：{exc}") from None
    return header, (json.loads(line) for line in lines if line.strip())


COLUMNS = (
    ("序号", 8, lambda p: p["seq"]),
    ("时间（北京时间）", 20, lambda p: p["local_time"]),
    ("操作人", 12, lambda p: p["actor_name"]),
    ("单位", 24, lambda p: p["actor_unit"]),
    ("动作", 24, lambda p: action_label(p["action"])),
    ("动作代码", 24, lambda p: p["action"]),
    ("对象类型", 20, lambda p: p["object_type"]),
    ("对象编号", 10, lambda p: p["object_id"]),
    ("对象", 30, lambda p: p["object_repr"]),
    ("变更前", 40, lambda p: _json_cell(mask_personal(p["before"]))),
    ("变更后", 40, lambda p: _json_cell(mask_personal(p["after"]))),
    ("理由/意见", 30, lambda p: p["reason"]),
    ("来源 IP", 16, lambda p: p["ip"] or ""),
    ("结果", 8, lambda p: OUTCOME_LABELS.get(p["outcome"], p["outcome"])),
    ("哈希算法", 10, lambda p: p["algorithm"] or "sha256"),
    ("前一环哈希", 66, lambda p: p["prev_hash"]),
    ("哈希", 66, lambda p: p["hash"]),
)


def _json_cell(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str) if value else ""


def segment_xlsx(segment: Segment) -> bytes:
    """The same events as a workbook for reading: one row per event, newest last."""
    wb = Workbook()
    ws = wb.active
    ws.title = "审计事件"
    ws.append([f"审计日志 {segment.date_from.isoformat()} 至 {segment.date_to.isoformat()}（北京时间）"])
    as_text(ws[1])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"导出时间 {clock.now().astimezone(clock.TZ):%Y-%m-%d %H:%M}；前一环哈希 {segment.prev_hash}"])
    ws.append([label for label, _, _ in COLUMNS])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for event in segment.events():
        payload = event.payload()
        payload["local_time"] = event.created_at.astimezone(clock.TZ).strftime("%Y-%m-%d %H:%M:%S")
        ws.append([value(payload) for _, _, value in COLUMNS])
        as_text(ws[ws.max_row])
    for i, (_, width, _) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(row=3, column=i).column_letter].width = width
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "A4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
