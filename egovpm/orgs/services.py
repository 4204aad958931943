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
