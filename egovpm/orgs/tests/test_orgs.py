"""Units and their supervising departments; deny by default (login everywhere, admin for the sysadmin)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from egovpm.audit.models import AuditEvent
from egovpm.lifecycle.roles import ROLE_LABELS, Role
from egovpm.orgs.models import Unit
from egovpm.security.services_accounts import unit_create, user_create

LOGIN = reverse("accounts:login")
API = "/api/v1/"


@pytest.mark.article("第七条(一)")
def test_units_form_a_tree_of_supervising_departments(city):
    health, hospital = city.units["health"], city.units["hospital"]
    clinic = unit_create(name="市人民医院东院区", code="010201", parent=hospital)
    assert hospital.parent == health
    assert list(health.children.all()) == [hospital]
    assert health.parent is None and city.units["culture"].parent is None
    assert health.descendant_ids() == {health.pk, hospital.pk, clinic.pk}
    assert hospital.descendant_ids() == {hospital.pk, clinic.pk}
    assert clinic.descendant_ids() == {clinic.pk}
    assert city.units["culture"].descendant_ids() == {city.units["culture"].pk}


def test_a_unit_cannot_be_its_own_supervising_department(city):
    unit = city.units["culture"]
    unit.parent = unit
    with pytest.raises(ValidationError):
        unit.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=unit.pk).update(parent=F("id"))
    assert Unit.objects.get(pk=unit.pk).parent_id is None


def test_creating_units_and_users_is_audited(city):
    unit = unit_create(actor=city.users["sysadmin"], name="市教育局", code="0104")
    user = user_create(
        actor=city.users["sysadmin"],
        username="edu",
        password="Egovpm#2026",
        full_name="钱进",
        unit=unit,
        roles=[Role.UNIT_CLERK, Role.UNIT_LEADER],
    )
    assert user.roles == {Role.UNIT_CLERK, Role.UNIT_LEADER}
    assert user.role_labels() == [ROLE_LABELS[Role.UNIT_CLERK], ROLE_LABELS[Role.UNIT_LEADER]]
    events = AuditEvent.objects.filter(actor=city.users["sysadmin"]).order_by("seq")
    assert [e.action for e in events] == ["unit.create", "user.create"]
    assert events[1].after["roles"] == ["unit_clerk", "unit_leader"]


ADMIN_PAGES = ["/admin/", "/admin/orgs/unit/", "/admin/orgs/user/"]


@pytest.mark.article("第四条")
@pytest.mark.parametrize("who", ["clerk", "hospital_leader", "supervisor", "office_reviewer", "office_head",
                                 "finance", "audit", "expert"])  # fmt: skip
def test_admin_is_closed_to_every_role_but_the_sysadmin(client, city, who):
    client.force_login(city.users[who])
    for url in ADMIN_PAGES:
        response = client.get(url)
        if response.status_code == 302:
            assert response.url.startswith(reverse("admin:login")), url
        else:
            assert response.status_code == 403, url


def test_admin_flags_without_the_sysadmin_role_open_nothing(client, city):
    clerk = city.users["clerk"]
    clerk.is_staff = clerk.is_superuser = True
    clerk.save()
    client.force_login(clerk)
    assert client.get("/admin/").status_code == 302


def test_the_sysadmin_manages_units_and_users(client, city):
    # the audit log is the audit administrator's (test_separation_of_duties.py)
    client.force_login(city.users["sysadmin"])
    for url in ADMIN_PAGES:
        assert client.get(url).status_code == 200, url


SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x/y", "uuid": "00000000-0000-0000-0000-000000000000"}


def page_paths() -> list[str]:
    """Every path the URL map can serve (route patterns), with sample values for its parameters."""

    def walk(patterns, prefix):
        for p in patterns:
            if not isinstance(p.pattern, RoutePattern):
                continue
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                yield "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)

    return sorted(set(walk(get_resolver().url_patterns, "")))


def test_anonymous_users_are_sent_to_login_from_every_page(client, db):
    # /api/v1/ answers an anonymous call with 401 JSON itself (egovpm/api/tests/test_tokens.py); the public
    # verification of an issued document (number + hash, no content) is tested in egovpm/official/tests
    paths = [p for p in page_paths() if p not in (LOGIN, "/official/verify/") and not p.startswith(API)]
    assert "/" in paths and "/intake/1/" in paths and "/admin/" in paths and len(paths) > 20
    for path in paths:
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302, (method.__name__, path)
            assert response.url.startswith(f"{LOGIN}?next="), path
    assert client.get(LOGIN).status_code == 200


@pytest.mark.supports("第四条")
def test_the_sysadmins_changes_in_admin_are_audited(city, client):
    from egovpm.audit.models import AuditEvent

    client.force_login(city.users["sysadmin"])
    expert = city.users["expert2"]
    url = reverse("admin:orgs_user_change", args=[expert.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("last_login", "date_joined")}
    data.update(
        {
            "username": expert.username,
            "last_name": "林",
            "first_name": "工程师",
            "unit": "",
            "is_active": "on",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    update = AuditEvent.objects.get(action="user.update", object_id=str(expert.pk))
    assert update.actor == city.users["sysadmin"]
    assert update.after["first_name"] == "工程师"
    # roles are the security administrator's (test_separation_of_duties.py)
