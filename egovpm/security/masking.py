"""Personal data (phone numbers, resident ID numbers) masked for those who do not need it (GB/T
22239-2019 8.1.4.11 个人信息保护). Pure Python: the pages (core.templatetags.egov) and the API
(api.present) apply this one rule.

Who sees a person's data in full: the person themself, their own unit and its supervising unit, and the
Office (办公室审核人, 办公室负责人). Finance, Audit, experts and every other unit see it masked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from egovpm.lifecycle.roles import OFFICE_ROLES

MASK = "*"


@dataclass(frozen=True)
class Viewer:
    user_id: int | None
    unit_id: int | None
    roles: frozenset[str]


@dataclass(frozen=True)
class Subject:
    """Whose data it is: a person (a user), or the people named by a unit's record (a declaration's
    project leader) — then only the unit is known."""

    person_id: int | None
    unit_id: int | None
    supervising_unit_id: int | None


def sees_in_full(viewer: Viewer, subject: Subject) -> bool:
    if subject.person_id is not None and viewer.user_id == subject.person_id:
        return True
    if viewer.roles & OFFICE_ROLES:
        return True
    units = {subject.unit_id, subject.supervising_unit_id} - {None}
    return viewer.unit_id is not None and viewer.unit_id in units


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


def viewer_of(user) -> Viewer:
    """The viewer a (Django) user is; read by attribute, so this module needs no Django."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Viewer(None, None, frozenset())
    return Viewer(user.pk, getattr(user, "unit_id", None), frozenset(user.roles))


def subject_of(owner) -> Subject:
    """Whose personal data `owner` holds: a user (their own), else a record of a unit (a declaration, a
    filing) — that unit and its supervising unit."""
    unit = getattr(owner, "unit", None)
    is_person = hasattr(owner, "username") and hasattr(owner, "roles")
    return Subject(
        person_id=owner.pk if is_person else None,
        unit_id=getattr(unit, "pk", None),
        supervising_unit_id=getattr(unit, "parent_id", None),
    )


def phone_for(user, owner, value: str) -> str:
    """`value` (a phone number held by `owner`) as `user` may see it."""
    return value if sees_in_full(viewer_of(user), subject_of(owner)) else mask_phone(value)


def id_number_for(user, owner, value: str) -> str:
    """`value` (an ID number held by `owner`) as `user` may see it."""
    return value if sees_in_full(viewer_of(user), subject_of(owner)) else mask_id_number(value)
