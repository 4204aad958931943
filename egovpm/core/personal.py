"""Personal data (phone numbers, resident ID numbers) masked: the masks themselves, and the masking of
the personal fields of a recorded payload (an audit event's before/after). Pure Python, in core so that
every layer (the audit administrator's pages and exports included) applies the same masks; who may see
what in full is egovpm.security.masking's rule."""

from __future__ import annotations

import re

MASK = "*"

_MOBILE = re.compile(r"(?P<cc>\+?86[- ]?)?(?P<head>1\d{2})(?P<s1>[- ]?)(?P<mid>\d{4})(?P<s2>[- ]?)(?P<tail>\d{4})")
_LANDLINE = re.compile(r"(?P<area>0\d{2,3})(?P<sep>[- ]?)(?P<local>\d{7,8})(?P<ext>(?:-|转)\d{1,6})?")
_NUMBER = re.compile(r"\+?\d[\d -]*\d")
_ID = re.compile(r"\d{17}[\dXx]|\d{15}")


def _keep_last(digits: str, keep: int = 4) -> str:
    return MASK * max(len(digits) - keep, 0) + digits[-keep:] if len(digits) > keep else MASK * len(digits)


def _mask_number(token: str) -> str:
    m = _MOBILE.fullmatch(token)
    if m:
        return f"{m['cc'] or ''}{m['head']}{m['s1']}{MASK * 4}{m['s2']}{m['tail']}"
    m = _LANDLINE.fullmatch(token)
    if m:
        return f"{m['area']}{m['sep']}{_keep_last(m['local'])}{m['ext'] or ''}"
    digits = [i for i, ch in enumerate(token) if ch.isdigit()]
    keep = set(digits[-4:]) if len(digits) > 4 else set()
    return "".join(MASK if ch.isdigit() and i not in keep else ch for i, ch in enumerate(token))


def mask_phone(value: str) -> str:
    """138****5678, 0513-****2345; every number in a field holding several; other digits all but the last
    four masked."""
    if not value:
        return value or ""
    masked = _NUMBER.sub(lambda m: _mask_number(m.group(0)), value)
    if masked == value and any(ch.isdigit() for ch in value):
        return _mask_number(value)
    return masked


def mask_id_number(value: str) -> str:
    """3206**********1234 for an 18-digit resident ID number (15-digit ones alike); anything else all but
    its first and last character."""
    if not value:
        return value or ""
    text = value.strip()
    if _ID.fullmatch(text):
        return text[:4] + MASK * (len(text) - 8) + text[-4:]
    if len(text) <= 2:
        return MASK * len(text)
    return text[0] + MASK * (len(text) - 2) + text[-1]


# Keys of a recorded payload (audit before/after, snapshots) whose values are personal data: leader_phone,
# phone, mobile, id_number, …
_PERSONAL_PHONE_KEYS = ("phone", "mobile", "telephone", "tel", "fax")
_PERSONAL_ID_KEYS = ("id_number", "id_card", "identity_number", "resident_id")


def _kind(key: str) -> str:
    k = str(key).lower()
    if any(k == p or k.endswith("_" + p) or k.startswith(p + "_") for p in _PERSONAL_ID_KEYS):
        return "id"
    if any(k == p or k.endswith("_" + p) or k.startswith(p + "_") for p in _PERSONAL_PHONE_KEYS):
        return "phone"
    return ""


def _mask_value(kind: str, value):
    if isinstance(value, str):
        value = _revealed(value)
        return mask_id_number(value) if kind == "id" else mask_phone(value)
    if isinstance(value, list | tuple):
        return [_mask_value(kind, v) for v in value]
    if isinstance(value, dict):
        return {k: _mask_value(kind, v) for k, v in value.items()}
    return value


def mask_personal(data):
    """A copy of `data` (a dict/list as recorded) with every value under a personal key masked, however
    deep; `data` itself is left as it is (the audit chain hashed it)."""
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            kind = _kind(key)
            out[key] = _mask_value(kind, value) if kind else mask_personal(value)
        return out
    if isinstance(data, list | tuple):
        return [mask_personal(v) for v in data]
    return data


# -- sealed at rest: personal values of recorded payloads (audit before/after) are stored sealed with the data
# key (egovpm.core.sealed), and revealed only for a viewer who sees them in full.


def _revealed(value: str) -> str:
    from .sealed import PREFIX, unseal_text

    return unseal_text(value) if value.startswith(PREFIX) else value


def _map_personal(data, fn):
    if isinstance(data, dict):
        return {k: (_map_value(v, fn) if _kind(k) else _map_personal(v, fn)) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_map_personal(v, fn) for v in data]
    return data


def _map_value(value, fn):
    if isinstance(value, str):
        return fn(value) if value else value
    if isinstance(value, list | tuple):
        return [_map_value(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: _map_value(v, fn) for k, v in value.items()}
    return value


def seal_personal(data):
    """A copy of `data` with every value under a personal key sealed with the data key (what is recorded)."""
    from .sealed import PREFIX, seal_text

    return _map_personal(data, lambda v: v if v.startswith(PREFIX) else seal_text(v))


def reveal_personal(data):
    """A copy of recorded `data` with its sealed personal values in the clear, for a viewer who may see them."""
    return _map_personal(data, _revealed)
