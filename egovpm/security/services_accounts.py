from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from egovpm.audit.services import audit_record
from egovpm.core.errors import Refused
from egovpm.lifecycle.roles import Role, role_problems
from egovpm.orgs.models import RoleGrant, Unit, User
from egovpm.security.credentials import credentials_withdraw
from egovpm.security.services import password_record_add


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
    problems = role_problems(roles)
    if problems:
        raise ValidationError({"roles": problems})
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
        # an initial password: the user must change it at the first login (GB/T 22239-2019 8.1.4.1)
        password_record_add(user=user, set_by_self=False)
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
        if isinstance(obj, User) and "is_active" in changed_fields and not obj.is_active:
            credentials_withdraw(actor=actor, user=obj, reason="account_disabled")


def user_roles_set(*, actor, user: User, roles) -> User:
    """The security administrator grants and revokes roles (三员分立: only they do, never for themselves,
    and never a set that role_problems refuses)."""
    if not actor.has_role(Role.SECADMIN):
        raise Refused("只有安全管理员可以授予或收回角色。", code="forbidden")
    if actor.pk == user.pk:
        raise Refused("安全管理员不能修改自己的角色。", code="forbidden")
    try:
        after = {Role(r) for r in roles}
    except ValueError:
        raise ValidationError({"roles": "角色不存在。"}) from None
    problems = role_problems(after)
    if problems:
        raise ValidationError({"roles": problems})
    with transaction.atomic():
        before = set(User.objects.select_for_update().get(pk=user.pk).role_grants.values_list("role", flat=True))
        if before != after:
            user.role_grants.exclude(role__in=after).delete()
            RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in sorted(after - before)])
            audit_record(
                actor=actor,
                action="user.roles_change",
                obj=user,
                before={"roles": sorted(before)},
                after={"roles": sorted(after)},
            )
    user._roles_cache = frozenset(after)
    return user


def user_unit_set(*, actor, user: User, unit: Unit | None) -> User:
    """The security administrator moves a user to another unit (or out of any): the unit decides whose
    projects the user's roles reach, so, like granting roles, it is never the system administrator's
    (三员分立), never for oneself, and always audited and shown to the user (account page)."""
    if not actor.has_role(Role.SECADMIN):
        raise Refused("只有安全管理员可以调整用户的单位。", code="forbidden")
    if actor.pk == user.pk:
        raise Refused("安全管理员不能调整自己的单位。", code="forbidden")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = locked.unit
        if (before.pk if before else None) != (unit.pk if unit else None):
            User.objects.filter(pk=user.pk).update(unit=unit)
            audit_record(
                actor=actor,
                action="user.unit_change",
                obj=user,
                before={"unit": before.pk if before else None, "unit_name": before.name if before else ""},
                after={"unit": unit.pk if unit else None, "unit_name": unit.name if unit else ""},
            )
    user.unit = unit
    return user
