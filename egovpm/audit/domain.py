"""The hash chain of audit events. Pure Python."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping

GENESIS = "0" * 64

# The fields that the hash covers, in order. Changing this list breaks every chain.
HASHED_FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_name",
    "actor_unit",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "reason",
    "ip",
    "outcome",
    "algorithm",
    "prev_hash",
)

# The chain's hash function: SHA-256 by default; SM3 (GB/T 32905-2016) where national algorithms are
# required (setting EGOVPM_AUDIT_HASH). Each event names its algorithm, so a chain may switch once.
ALGORITHMS = ("sha256", "sm3")

# The outcome of the recorded action.
OUTCOMES = ("success", "failure", "denied")


def canonical(payload: Mapping) -> bytes:
    return json.dumps(
        {k: payload.get(k) for k in HASHED_FIELDS},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    ).encode("utf-8")


def event_hash(payload: Mapping) -> str:
    """The hash of an event with the algorithm it names (OpenSSL's SM3 through hashlib)."""
    algorithm = payload.get("algorithm") or "sha256"
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown audit hash algorithm {algorithm!r}")
    return hashlib.new(algorithm, canonical(payload)).hexdigest()


def first_broken(events: Iterable[Mapping], *, prev: str = GENESIS, start_seq: int = 1) -> tuple[int, str] | None:
    """The first link that does not verify, as (seq, why); None when the chain is whole. A segment of the
    chain starts at `start_seq` after the link whose hash is `prev`."""
    expected_seq = start_seq
    for e in events:
        if e["seq"] != expected_seq:
            return e["seq"], f"序号不连续：应为 {expected_seq}"
        if e["prev_hash"] != prev:
            return e["seq"], "前一环哈希不符（前面的事件被改动或删除）"
        if event_hash(e) != e["hash"]:
            return e["seq"], "事件内容与其哈希不符（事件被改动）"
        prev = e["hash"]
        expected_seq += 1
    return None


# An exported segment of the chain (JSON Lines): a header line, then each event's payload with its hash.
SEGMENT_FORMAT = "egovpm-audit-segment"
SEGMENT_VERSION = 1


def segment_header(
    *, date_from: str, date_to: str, first_seq: int, prev_hash: str, count: int, last_hash: str, algorithm: str
) -> dict:
    """What a segment needs to be verified on its own: where it starts (the seq of its first event and the
    hash of the link before it, GENESIS at the start of the chain), how many events it holds and the hash
    of its last one (a truncated file does not verify), and the algorithm in force when it was exported."""
    return {
        "format": SEGMENT_FORMAT,
        "version": SEGMENT_VERSION,
        "from": date_from,
        "to": date_to,
        "timezone": "Asia/Shanghai",
        "first_seq": first_seq,
        "prev_hash": prev_hash,
        "count": count,
        "last_hash": last_hash,
        "algorithm": algorithm,
    }


def segment_first_broken(header: Mapping, events: Iterable[Mapping]) -> tuple[int, str] | None:
    """The first problem of an exported segment, as (seq, why); seq 0 for a problem of the header or of
    the segment as a whole. None when every link verifies from the header's prev_hash on."""
    if header.get("format") != SEGMENT_FORMAT or header.get("version") != SEGMENT_VERSION:
        return 0, "文件不是审计链导出段（首行格式不符）"
    count = 0
    last = header["prev_hash"]

    def counted():
        nonlocal count, last
        for e in events:
            count += 1
            last = e.get("hash")
            yield e

    broken = first_broken(counted(), prev=header["prev_hash"], start_seq=header["first_seq"])
    if broken:
        return broken
    if count != header["count"]:
        return 0, f"事件个数不符：首行记载 {header['count']} 个，文件中有 {count} 个（文件被截断或增删）"
    if last != header["last_hash"]:
        return 0, "最后一个事件的哈希与首行记载不符"
    return None
