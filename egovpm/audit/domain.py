"""The hash chain of audit events and its anchors. Pure Python.

The chain is keyed: each event written with a key carries the key's id (`key_id`) and its hash is
HMAC(key, canonical payload) with the event's algorithm (HMAC-SHA256, or HMAC-SM3 with SM3 from OpenSSL
through hashlib), so that somebody who can write the database but does not hold the key cannot rewrite an
event and recompute the links after it. Events written before the key existed (`key_id` empty: a deployed
instance's unkeyed history) keep their plain hash and still verify; once a keyed event appears, every later
event must be keyed (a rewrite back to a plain hash is a break), and the verification names the seq where
the keyed chain starts.

Anchors are signed heads (seq, hash) kept outside the database (an append-only file the audit administrator
keeps): the verification checks the chain against them, so that deleting the last events (which leaves a
shorter chain that is whole) or rewriting the chain with the key shows."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from egovpm.core.keyfile import parse_key_file as _parse_key_file

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


# Keys by id (the key ring: the current key and the retired ones that older events name).
Keys = Mapping[str, bytes]


class MissingKey(LookupError):
    """An event or anchor names a key that the key ring does not hold."""

    def __init__(self, key_id: str):
        super().__init__(key_id)
        self.key_id = key_id


def canonical(payload: Mapping) -> bytes:
    """The bytes that are hashed: the HASHED_FIELDS, and `key_id` for a keyed event (an unkeyed event's
    bytes are what they were before keys existed, so its hash is unchanged)."""
    fields = {k: payload.get(k) for k in HASHED_FIELDS}
    if payload.get("key_id"):
        fields["key_id"] = payload["key_id"]
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def _algorithm(payload: Mapping) -> str:
    algorithm = payload.get("algorithm") or "sha256"
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown audit hash algorithm {algorithm!r}")
    return algorithm


def event_hash(payload: Mapping, keys: Keys | None = None) -> str:
    """The hash of an event with the algorithm it names (OpenSSL's SM3 through hashlib): HMAC with the key
    it names (`key_id`, looked up in `keys`), or the plain hash of an unkeyed (older) event."""
    algorithm = _algorithm(payload)
    key_id = payload.get("key_id")
    if not key_id:
        return hashlib.new(algorithm, canonical(payload)).hexdigest()
    if not keys or key_id not in keys:
        raise MissingKey(key_id)
    return hmac.new(keys[key_id], canonical(payload), algorithm).hexdigest()


def parse_key_file(text: str) -> tuple[dict[str, bytes], str | None]:
    """The key ring of an audit key file: one key a line, `<key id> <secret>`; the last line is the current
    key (egovpm.core.crypto.parse_key_file, the one format of the platform's key files)."""
    return _parse_key_file(text, "审计密钥文件")


# Why a link does not verify.
WHY_SEQ = "序号不连续：应为 {expected}"
WHY_PREV = "前一环哈希不符（前面的事件被改动或删除）"
WHY_PLAIN = "事件内容与其哈希不符（事件被改动）"
WHY_KEYED = "事件内容与其带密钥的哈希不符（HMAC：事件被改动，或验证所用的审计密钥不对）"
WHY_DOWNGRADE = "带密钥的链从第 {keyed_from} 号起，此事件却没有密钥（事件被改写为可公开重算的哈希）"
WHY_REQUIRED = "设置 EGOVPM_AUDIT_KEYED_FROM 记载带密钥的链从第 {required} 号起，此事件却没有密钥（事件被改写）"
WHY_NO_KEY = "缺少此事件所用的审计密钥「{key_id}」（设置 EGOVPM_AUDIT_KEY 或 EGOVPM_AUDIT_KEY_FILE）"


def first_broken(
    events: Iterable[Mapping], *, prev: str = GENESIS, start_seq: int = 1, keys: Keys | None = None
) -> tuple[int, str] | None:
    """The first link that does not verify, as (seq, why); None when the chain is whole. A segment of the
    chain starts at `start_seq` after the link whose hash is `prev`."""
    return check_chain(events, prev=prev, start_seq=start_seq, keys=keys).broken


@dataclass(frozen=True)
class Anchor:
    """A signed head of the chain kept outside the database: the chain had `seq` events, the last one's
    hash `hash`, keyed from `keyed_from` (None: not yet keyed), at `at`, anchored because of `reason`."""

    seq: int
    hash: str
    keyed_from: int | None
    at: str
    reason: str
    line: int = 0


@dataclass(frozen=True)
class ChainReport:
    """What a verification found: the number of events, the first problem (seq, why; seq 0 for a problem of
    the anchors as a whole) or None, where the keyed chain starts (None: no keyed event), how many anchors
    were checked and the last one (the highest seq)."""

    count: int
    broken: tuple[int, str] | None
    keyed_from: int | None
    anchors: int = 0
    last_anchor: Anchor | None = None


def check_chain(
    events: Iterable[Mapping],
    *,
    prev: str = GENESIS,
    start_seq: int = 1,
    keys: Keys | None = None,
    anchors: Iterable[Anchor] = (),
    keyed_from_required: int | None = None,
) -> ChainReport:
    """Verify every link (sequence, link to the previous hash, the event's own hash with its key), that no
    unkeyed event follows a keyed one, and the chain against the anchors: each anchored seq must hold the
    anchored hash (else the chain was rewritten), and the chain must reach the last anchor (else its end
    was cut off). `keyed_from_required`: the seq from which the deployment knows every event is keyed
    (setting EGOVPM_AUDIT_KEYED_FROM, outside the database)."""
    anchors = list(anchors)
    by_seq: dict[int, Anchor] = {}
    for anchor in anchors:
        by_seq.setdefault(anchor.seq, anchor)
        if by_seq[anchor.seq].hash != anchor.hash:
            other = by_seq[anchor.seq]
            why = f"锚点文件第 {other.line} 行与第 {anchor.line} 行对第 {anchor.seq} 号事件记载了不同的哈希"
            return ChainReport(0, (anchor.seq, why), None, len(anchors), None)
    last_anchor = max(anchors, key=lambda a: (a.seq, a.line), default=None)
    expected_seq, count, keyed_from = start_seq, 0, None

    def report(broken):
        return ChainReport(count, broken, keyed_from, len(anchors), last_anchor)

    for e in events:
        count += 1
        seq = e["seq"]
        if seq != expected_seq:
            return report((seq, WHY_SEQ.format(expected=expected_seq)))
        if e["prev_hash"] != prev:
            return report((seq, WHY_PREV))
        if e.get("key_id"):
            keyed_from = keyed_from or seq
        elif keyed_from is not None:
            return report((seq, WHY_DOWNGRADE.format(keyed_from=keyed_from)))
        elif keyed_from_required is not None and seq >= keyed_from_required:
            return report((seq, WHY_REQUIRED.format(required=keyed_from_required)))
        try:
            if event_hash(e, keys) != e["hash"]:
                return report((seq, WHY_KEYED if e.get("key_id") else WHY_PLAIN))
        except MissingKey as exc:
            return report((seq, WHY_NO_KEY.format(key_id=exc.key_id)))
        anchor = by_seq.get(seq)
        if anchor is not None and anchor.hash != e["hash"]:
            why = f"与 {anchor.at} 的锚点（锚点文件第 {anchor.line} 行）记载的哈希不符（此事件或其之前的链被改写）"
            return report((seq, why))
        if anchor is not None and anchor.keyed_from is not None and keyed_from != anchor.keyed_from:
            why = f"{anchor.at} 的锚点记载带密钥的链从第 {anchor.keyed_from} 号起，数据库中却不是（链被改写）"
            return report((seq, why))
        prev = e["hash"]
        expected_seq += 1
    last_seq = expected_seq - 1
    if last_anchor is not None and last_anchor.seq > last_seq:
        why = (
            f"最后一个锚点（{last_anchor.at}）记录到第 {last_anchor.seq} 条，数据库只有 {last_seq} 条"
            f"（第 {last_seq + 1}–{last_anchor.seq} 号事件被删除，审计链被截短）"
        )
        return report((last_anchor.seq, why))
    return report(None)


ANCHOR_FORMAT = "egovpm-audit-anchor"
ANCHOR_VERSION = 1
ANCHOR_SIGNED = ("format", "version", "seq", "hash", "keyed_from", "at", "reason", "key_id", "algorithm")


def _anchor_bytes(record: Mapping) -> bytes:
    return json.dumps(
        {k: record.get(k) for k in ANCHOR_SIGNED}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")


def anchor_record(
    *, seq: int, hash: str, keyed_from: int | None, at: str, reason: str, key_id: str, key: bytes, algorithm: str
) -> dict:
    """One line of the anchor file: the head, signed with the audit key (HMAC with the chain's algorithm)."""
    record = {
        "format": ANCHOR_FORMAT,
        "version": ANCHOR_VERSION,
        "seq": seq,
        "hash": hash,
        "keyed_from": keyed_from,
        "at": at,
        "reason": reason,
        "key_id": key_id,
        "algorithm": _algorithm({"algorithm": algorithm}),
    }
    record["mac"] = hmac.new(key, _anchor_bytes(record), record["algorithm"]).hexdigest()
    return record


def read_anchors(lines: Iterable[str], keys: Keys | None) -> tuple[list[Anchor], tuple[int, str] | None]:
    """The anchors of an anchor file's lines, each signature checked; the problem found (0, why) or None.
    An unreadable or unsigned line is a problem: the file is append-only and only this code writes it."""
    anchors: list[Anchor] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if record.get("format") != ANCHOR_FORMAT or record.get("version") != ANCHOR_VERSION:
                raise ValueError("format")
            key_id = record["key_id"]
            if not keys or key_id not in keys:
                return anchors, (0, f"锚点文件第 {number} 行使用的审计密钥「{key_id}」未配置")
            algorithm = _algorithm(record)
            expected = hmac.new(keys[key_id], _anchor_bytes(record), algorithm).hexdigest()
            anchor = Anchor(
                seq=int(record["seq"]),
                hash=str(record["hash"]),
                keyed_from=record["keyed_from"],
                at=str(record["at"]),
                reason=str(record["reason"]),
                line=number,
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return anchors, (0, f"锚点文件第 {number} 行无法解析（锚点文件被改动）")
        if not hmac.compare_digest(expected, str(record.get("mac", ""))):
            return anchors, (0, f"锚点文件第 {number} 行的签名不符（锚点被改动，或验证所用的密钥不对）")
        anchors.append(anchor)
    return anchors, None


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


def segment_first_broken(
    header: Mapping, events: Iterable[Mapping], keys: Keys | None = None
) -> tuple[int, str] | None:
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

    broken = first_broken(counted(), prev=header["prev_hash"], start_seq=header["first_seq"], keys=keys)
    if broken:
        return broken
    if count != header["count"]:
        return 0, f"事件个数不符：首行记载 {header['count']} 个，文件中有 {count} 个（文件被截断或增删）"
    if last != header["last_hash"]:
        return 0, "最后一个事件的哈希与首行记载不符"
    return None
