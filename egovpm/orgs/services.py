from __future__ import annotations

from django.db import transaction

from egovpm.audit.services import audit_record

from .models import RoleGrant, Unit, User
from .roles import Role


def unit_create(
    *, actor=None, name: str, code: str, kind: str = "department", parent: Unit | None = None, short_name: str = ""
) -> Unit:
    with transaction.atomic():
        unit = Unit(name=name, code=code, kind=kind, parent=parent, short_name=short_name)
        unit.full_clean()
        unit.save()
        audit_record(
            actor=actor,
            action="unit.create",
            obj=unit,
            after={"name": name, "code": code, "kind": kind, "parent": parent.pk if parent else None},
        )
    return unit


def user_create(
    *,
    actor=None,
    username: str,
    password: str,
    full_name: str,
    unit: Unit | None,
    roles: list[Role],
    phone: str = "",
    title: str = "",
    expertise: str = "",
) -> User:
    with transaction.atomic():
        user = User(
            username=username,
            last_name=full_name[:1],
            first_name=full_name[1:],
            unit=unit,
            phone=phone,
            title=title,
            expertise=expertise,
        )
        user.set_password(password)
        user.full_clean()
        user.save()
        for role in roles:
            RoleGrant.objects.create(user=user, role=Role(role))
        audit_record(
            actor=actor,
            action="user.create",
            obj=user,
            after={"username": username, "unit": unit.pk if unit else None, "roles": sorted(roles)},
        )
    return user


def _printable(value):
    return value.pk if hasattr(value, "pk") else value


def admin_object_save(*, actor, obj, created: bool, changed_fields: list[str]) -> None:
    """A unit or user saved by the system administrator in Django admin, with its audit event."""
    with transaction.atomic():
        obj.save()
        fields = [f for f in changed_fields if f not in ("password", "password1", "password2")]
        audit_record(
            actor=actor,
            action=f"{obj._meta.model_name}.{'create' if created else 'update'}",
            obj=obj,
            after={f: _printable(getattr(obj, f, None)) for f in fields},
        )


def user_roles_replace(*, actor, user: User, before: set[str]) -> None:
    """Record a change of a user's roles (the admin inline has just saved them)."""
    after = set(user.role_grants.values_list("role", flat=True))
    if after != before:
        audit_record(
            actor=actor,
            action="user.roles_change",
            obj=user,
            before={"roles": sorted(before)},
            after={"roles": sorted(after)},
        )
