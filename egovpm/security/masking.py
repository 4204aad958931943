"""Personal data (phone numbers, resident ID numbers) masked for those who do not need it (GB/T
22239-2019 8.1.4.11 个人信息保护). Pure Python: the pages (core.templatetags.egov) and the API
(api.present) apply this one rule.

Who sees a person's data in full: the person themself, their own unit and its supervising unit, and the
Office (办公室审核人, 办公室负责人). Finance, Audit, experts and every other unit see it masked."""

from __future__ import annotations

from dataclasses import dataclass

from egovpm.core.personal import MASK as MASK  # re-exported: the masks are core.personal's
from egovpm.core.personal import mask_id_number, mask_personal, mask_phone, reveal_personal
from egovpm.lifecycle.roles import OFFICE_ROLES


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


def personal_for(user, owner, data):
    """A recorded payload (an audit event's before/after) about `owner`, with its personal fields masked
    unless `user` may see `owner`'s personal data in full."""
    return reveal_personal(data) if sees_in_full(viewer_of(user), subject_of(owner)) else mask_personal(data)
