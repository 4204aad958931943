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


def first_broken(events: Iterable[Mapping]) -> tuple[int, str] | None:
    """The first link that does not verify, as (seq, why); None when the chain is whole."""
    prev = GENESIS
    expected_seq = 1
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
