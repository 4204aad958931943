"""三员分立 (GB/T 22239-2019 8.1.4.2, 8.1.4.4): the system, security and audit administrators are three
people, none holds a business role; only the security administrator grants roles, never to themselves;
each administrator sees only their own tools."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from egovpm.audit.models import AuditEvent
from egovpm.conftest import PASSWORD
from egovpm.core.errors import Refused
from egovpm.lifecycle.roles import ADMIN_ROLES, BUSINESS_ROLES, Role
from egovpm.orgs.models import RoleGrant, User
from egovpm.security.services_accounts import user_create, user_roles_set

ADMINS = ("sysadmin", "secadmin", "auditadmin")


def roles_of(user) -> set[str]:
    return set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))


@pytest.mark.parametrize(
    "roles",
    [
        [Role.SYSADMIN, Role.SECADMIN],
        [Role.SECADMIN, Role.AUDITADMIN],
        [Role.SYSADMIN, Role.AUDITADMIN],
        [Role.SYSADMIN, Role.UNIT_CLERK],
        [Role.AUDITADMIN, Role.AUDIT_REVIEWER],
        [Role.SECADMIN, Role.OFFICE_HEAD],
    ],
)
def test_user_create_refuses_an_administrator_with_a_second_role(city, roles):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        user_create(username="two_hats", password=PASSWORD, full_name="钱多", unit=city.units["office"], roles=roles)
    assert "三员分立" in " ".join(exc.value.message_dict["roles"])
    assert not RoleGrant.objects.filter(user__username="two_hats").exists()
    assert AuditEvent.objects.count() == before


def test_the_security_admin_grants_and_revokes_roles_with_an_audit_event(city):
    secadmin, expert = city.users["secadmin"], city.users["expert2"]
    user_roles_set(actor=secadmin, user=expert, roles=[Role.EXPERT, Role.AUDIT_REVIEWER])
    assert roles_of(expert) == {"expert", "audit_reviewer"}
    event = AuditEvent.objects.get(action="user.roles_change", object_id=str(expert.pk))
    assert event.actor == secadmin and event.object_type == "orgs.user"
    assert event.before == {"roles": ["expert"]}
    assert event.after == {"roles": ["audit_reviewer", "expert"]}

    user_roles_set(actor=secadmin, user=expert, roles=[Role.AUDIT_REVIEWER])
    assert roles_of(expert) == {"audit_reviewer"}
    last = AuditEvent.objects.filter(action="user.roles_change").order_by("-seq").first()
    assert last.before == {"roles": ["audit_reviewer", "expert"]} and last.after == {"roles": ["audit_reviewer"]}

    # saving the same roles again changes nothing and records nothing
    user_roles_set(actor=secadmin, user=expert, roles=[Role.AUDIT_REVIEWER])
    assert AuditEvent.objects.filter(action="user.roles_change").count() == 2


@pytest.mark.parametrize("who", ["sysadmin", "auditadmin", "office_head", "clerk", "supervisor"])
def test_only_the_security_admin_grants_roles(city, who):
    target = city.users["expert2"]
    with pytest.raises(Refused) as exc:
        user_roles_set(actor=city.users[who], user=target, roles=[Role.OFFICE_HEAD])
    assert exc.value.code == "forbidden"
    assert roles_of(target) == {"expert"}
    assert not AuditEvent.objects.filter(action="user.roles_change").exists()


def test_a_security_admin_cannot_change_their_own_roles(city):
    secadmin = city.users["secadmin"]
    for roles in ([Role.SECADMIN, Role.OFFICE_HEAD], [], [Role.SYSADMIN]):
        with pytest.raises(Refused, match="自己的角色"):
            user_roles_set(actor=secadmin, user=secadmin, roles=roles)
    assert roles_of(secadmin) == {"secadmin"}


@pytest.mark.parametrize(
    ("who", "roles"),
    [
        ("clerk", [Role.UNIT_CLERK, Role.SYSADMIN]),
        ("sysadmin", [Role.SYSADMIN, Role.AUDITADMIN]),
        ("auditadmin", [Role.AUDITADMIN, Role.AUDIT_REVIEWER]),
        ("office_head", [Role.OFFICE_HEAD, Role.SECADMIN]),
    ],
)
def test_the_security_admin_cannot_grant_a_set_that_breaks_separation(city, who, roles):
    target = city.users[who]
    before = roles_of(target)
    with pytest.raises(ValidationError) as exc:
        user_roles_set(actor=city.users["secadmin"], user=target, roles=roles)
    assert "三员分立" in " ".join(exc.value.message_dict["roles"])
    assert roles_of(target) == before


def test_an_unknown_role_is_refused(city):
    with pytest.raises(ValidationError) as exc:
        user_roles_set(actor=city.users["secadmin"], user=city.users["expert2"], roles=["superuser"])
    assert "roles" in exc.value.message_dict


def test_the_city_admins_hold_exactly_one_admin_role_and_no_business_role(city):
    for who in ADMINS:
        roles = city.users[who].roles
        assert len(roles & ADMIN_ROLES) == 1 and not roles & BUSINESS_ROLES, who


# --- the system administrator's Django admin -------------------------------------------------------------


def test_the_sysadmin_sees_roles_read_only_and_cannot_change_them_in_admin(client, city):
    client.force_login(city.users["sysadmin"])
    expert = city.users["expert2"]
    url = reverse("admin:orgs_user_change", args=[expert.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "专家" in body and "由安全管理员授予" in body
    assert "role_grants-TOTAL_FORMS" not in body
    form = page.context["adminform"].form
    assert "role_list" not in form.fields
    data = {
        "username": expert.username,
        "last_name": "林",
        "first_name": "工程师",
        "unit": "",
        "is_active": "on",
        # a role inline posted by hand is ignored: there is none
        "role_grants-TOTAL_FORMS": "1",
        "role_grants-INITIAL_FORMS": "0",
        "role_grants-0-user": str(expert.pk),
        "role_grants-0-role": "sysadmin",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    expert.refresh_from_db()
    assert expert.first_name == "工程师"
    assert roles_of(expert) == {"expert"}
    update = AuditEvent.objects.get(action="user.update", object_id=str(expert.pk))
    assert update.actor == city.users["sysadmin"] and update.after["first_name"] == "工程师"
    assert not AuditEvent.objects.filter(action="user.roles_change").exists()


def test_the_user_list_in_admin_shows_roles_without_a_query_per_user(client, city, django_assert_max_num_queries):
    client.force_login(city.users["sysadmin"])
    for i in range(20):
        user_create(username=f"extra{i}", password=PASSWORD, full_name="路人", unit=None, roles=[Role.EXPERT])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("admin:orgs_user_changelist"))
    assert page.status_code == 200
    assert "安全管理员" in page.content.decode()


def test_the_sysadmins_password_form_goes_through_password_set(client, city):
    client.force_login(city.users["sysadmin"])
    clerk = city.users["clerk"]
    url = reverse("admin:auth_user_password_change", args=[clerk.pk])
    assert url == f"/admin/orgs/user/{clerk.pk}/password/"
    assert client.get(url).status_code == 200

    weak = client.post(url, {"password1": "abc", "password2": "abc"})
    assert weak.status_code == 200
    assert weak.context["form"].errors["password1"]
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)

    mismatch = client.post(url, {"password1": "Neu#Pass2026x", "password2": "Other#Pass2026"})
    assert mismatch.context["form"].errors["password2"]

    response = client.post(url, {"password1": "Neu#Pass2026x", "password2": "Neu#Pass2026x"})
    assert response.status_code == 302
    assert response.url == reverse("admin:orgs_user_change", args=[clerk.pk])
    clerk.refresh_from_db()
    assert clerk.check_password("Neu#Pass2026x")
    event = AuditEvent.objects.get(action="user.password_reset", object_id=str(clerk.pk))
    assert event.actor == city.users["sysadmin"]


@pytest.mark.parametrize("who", ["secadmin", "auditadmin"])
def test_the_other_administrators_do_not_open_django_admin(client, city, who):
    client.force_login(city.users[who])
    for url in ("/admin/", "/admin/orgs/user/", "/admin/orgs/unit/", f"/admin/orgs/user/{city.users['clerk'].pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login")), url


def test_the_audit_log_is_not_in_django_admin(client, city):
    """The audit log is the audit administrator's to read (audit pages), not the system administrator's."""
    client.force_login(city.users["sysadmin"])
    assert client.get("/admin/audit/auditevent/").status_code == 404


# --- menus and landing pages ---------------------------------------------------------------------------------

MENUS = {
    "sysadmin": ["admin:index"],
    "secadmin": ["security:user_list", "security:policy"],
    "auditadmin": ["audit:event_list"],
}
ADMIN_ENTRIES = {name for names in MENUS.values() for name in names}


@pytest.mark.parametrize("who", ADMINS)
def test_each_administrator_sees_only_their_own_tools(client, city, who):
    client.force_login(city.users[who])
    response = client.get(reverse("cockpit:todo"))
    assert response.status_code == 200
    names = [name for _, _, name in response.context["nav"]]
    assert names == ["cockpit:todo", *MENUS[who]]
    assert "年度申报" not in response.content.decode()
    # the landing lists the same tools, and no business to-dos
    assert [t[0] for _, tools in response.context["admin_roles"] for t in tools] == MENUS[who]
    assert "groups" not in response.context
    body = response.content.decode()
    for name in MENUS[who]:
        assert f'href="{reverse(name)}"' in body


@pytest.mark.parametrize("who", ["clerk", "supervisor", "office_head", "finance", "audit", "expert"])
def test_business_users_see_no_administrator_entry(client, city, who):
    client.force_login(city.users[who])
    response = client.get(reverse("cockpit:todo"))
    names = {name for _, _, name in response.context["nav"]}
    assert "intake:declaration_list" in names
    assert not names & ADMIN_ENTRIES


def test_a_user_added_in_admin_gets_an_initial_password_through_password_set(client, city):
    client.force_login(city.users["sysadmin"])
    response = client.post(
        reverse("admin:orgs_user_add"),
        {"username": "newbie", "password1": "Init#Pass2026x", "password2": "Init#Pass2026x", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    newbie = User.objects.get(username="newbie")
    assert newbie.check_password("Init#Pass2026x") and not newbie.roles
    actions = list(AuditEvent.objects.filter(object_id=str(newbie.pk)).order_by("seq").values_list("action", flat=True))
    assert actions == ["user.create", "user.password_reset"]
