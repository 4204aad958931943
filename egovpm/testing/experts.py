"""Experts of the library for tests and the demo, enrolled and verified through the services."""

from __future__ import annotations

from egovpm.experts import services
from egovpm.lifecycle.roles import Role
from egovpm.security.services_accounts import user_create
from egovpm.testing.city import PASSWORD


def enrol_expert(
    *,
    office,
    username: str,
    name: str,
    fields: list[str],
    employer: str = "南通大学信息科学技术学院",
    employer_unit=None,
    title: str = "教授",
    region: str = "南通市",
    phone: str = "13951300000",
    verify: bool = True,
    user=None,
):
    """An expert account (unless `user` is given) enrolled into the library, verified unless `verify` is False."""
    if user is None:
        user = user_create(username=username, password=PASSWORD, full_name=name, unit=None, roles=[Role.EXPERT])
    data = {"fields": fields, "title": title, "employer": employer, "employer_unit": employer_unit}
    profile = services.expert_enrol(actor=office, user=user, data={**data, "region": region, "phone": phone})
    if verify:
        profile = services.expert_status_change(
            actor=office, profile=profile, action="verify", reason="身份和专业资格已核实"
        )
    return profile


def library(office, n: int, fields: list[str], prefix: str = "lib") -> list:
    """`n` verified experts of `fields`, named {prefix}1…"""
    return [
        enrol_expert(office=office, username=f"{prefix}{i}", name=f"专家{prefix}{i}", fields=fields)
        for i in range(1, n + 1)
    ]
