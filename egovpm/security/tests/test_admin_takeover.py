"""The penetration test's takeover (issue 11): the system administrator resets a clerk's password and moves
the clerk to another unit, then logs in as the clerk. Now: the unit and the roles are the security
administrator's alone; a password an administrator set is changed by its owner only after the owner's own
second factor (the authenticator they kept, or a new one bound first); every such change is on the audit
chain and shown to the user."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from egovpm.audit.models import AuditEvent
from egovpm.audit.selectors import audit_chain_verify
from egovpm.core.errors import Refused
from egovpm.lifecycle.roles import Role
from egovpm.security import services
from egovpm.security.otp import totp_code
from egovpm.security.selectors_accounts import password_state
from egovpm.security.services_accounts import user_roles_set, user_unit_set

from .helpers import verified_login
from .test_two_factor import enrol

RESET = "Chongshe#2026x"
OWN = "Benren#Xin2027"
LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two_factor_verify")
ENROL = reverse("accounts:two_factor_enrol")
CHANGE = reverse("accounts:password_change")
ACCOUNT = reverse("accounts:account")


def admin_reset(client, city, user, password=RESET):
    sysadmin = city.users["sysadmin"]
    if password_state(sysadmin).change_reason:
        services.password_record_add(user=sysadmin, set_by_self=True)  # past the sysadmin's own first login
    verified_login(client, sysadmin)  # with the administrator's own second factor
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = client.post(url, {"password1": password, "password2": password})
    assert response.status_code == 302 and response.url == reverse("admin:orgs_user_change", args=[user.pk])
    client.logout()


def with_authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)


def test_the_sysadmin_cannot_move_a_user_to_another_unit_in_admin(client, city):
    clerk = city.users["clerk"]
    client.force_login(city.users["sysadmin"])
    url = reverse("admin:orgs_user_change", args=[clerk.pk])
    page = client.get(url)
    assert "unit" not in page.context["adminform"].form.fields
    assert "市人民医院" in page.content.decode() and "由安全管理员调整" in page.content.decode()
    data = {
        "username": clerk.username,
        "last_name": clerk.last_name,
        "first_name": clerk.first_name,
        "unit": str(city.units["culture"].pk),  # posted by hand: ignored
        "is_active": "on",
    }
    assert client.post(url, data).status_code == 302
    clerk.refresh_from_db()
    assert clerk.unit == city.units["hospital"]
    assert not AuditEvent.objects.filter(action="user.unit_change").exists()
    with pytest.raises(Refused):
        user_unit_set(actor=city.users["sysadmin"], user=clerk, unit=city.units["culture"])
    with pytest.raises(Refused):
        user_roles_set(actor=city.users["sysadmin"], user=clerk, roles=[Role.UNIT_CLERK, Role.OFFICE_HEAD])
    roles_page = reverse("security:user_roles", args=[clerk.pk])
    assert client.post(roles_page, {"change": "unit", "unit": city.units["culture"].pk}).status_code == 403
    clerk.refresh_from_db()
    assert clerk.unit == city.units["hospital"]


def test_the_sysadmin_has_no_page_for_the_owners_authenticator(client, city):
    device = with_authenticator(city.users["clerk"])
    client.force_login(city.users["sysadmin"])
    for url in ("/admin/otp_totp/totpdevice/", f"/admin/otp_totp/totpdevice/{device.pk}/delete/",
                "/admin/otp_static/staticdevice/"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    admin_reset(client, city, city.users["clerk"])
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()  # the reset leaves the device


def test_after_an_admin_reset_the_password_is_changed_only_with_the_owners_authenticator(client, city, enforce):
    clerk = city.users["clerk"]
    device = with_authenticator(clerk)
    admin_reset(client, city, clerk)
    assert password_state(clerk).reset_by_admin

    # whoever knows only the reset password gets the second-factor page and nothing else
    client.post(LOGIN, {"username": "clerk", "password": RESET})
    for url in ("/", "/intake/", ACCOUNT, CHANGE):
        assert client.get(url).url.startswith(VERIFY), url
    response = client.post(CHANGE, {"old_password": RESET, "new_password": OWN, "new_password_confirm": OWN})
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    with pytest.raises(Refused, match="双因素认证"):
        services.password_change(user=clerk, old_password=RESET, new_password=OWN)
    clerk.refresh_from_db()
    assert clerk.check_password(RESET)

    # the owner: their code, then the change they must make, then their pages
    assert client.post(VERIFY, {"token": totp_code(device)}).status_code == 302
    assert client.get("/intake/").url.startswith(CHANGE)
    response = client.post(CHANGE, {"old_password": RESET, "new_password": OWN, "new_password_confirm": OWN})
    assert response.status_code == 302
    assert client.get("/intake/").status_code == 200
    assert not password_state(clerk).reset_by_admin


def test_after_an_admin_reset_a_user_without_an_authenticator_binds_one_before_the_change(client, city, enforce):
    clerk = city.users["clerk"]
    admin_reset(client, city, clerk)
    client.post(LOGIN, {"username": "clerk", "password": RESET})
    for url in ("/", CHANGE, ACCOUNT):
        assert client.get(url).url.startswith(ENROL), url
    enrol(client)
    assert client.get("/").url.startswith(CHANGE)
    client.post(CHANGE, {"old_password": RESET, "new_password": OWN, "new_password_confirm": OWN})
    assert client.get("/intake/").status_code == 200


def test_the_security_admin_moves_a_user_between_units_on_the_security_pages(client, city):
    clerk, secadmin = city.users["clerk"], city.users["secadmin"]
    client.force_login(secadmin)
    url = reverse("security:user_roles", args=[clerk.pk])
    assert 'data-testid="unit-form"' in client.get(url).content.decode()
    response = client.post(url, {"change": "unit", "unit": str(city.units["culture"].pk)})
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.unit == city.units["culture"]
    event = AuditEvent.objects.get(action="user.unit_change")
    assert event.actor == secadmin and event.object_id == str(clerk.pk)
    assert (event.before["unit_name"], event.after["unit_name"]) == ("市人民医院", city.units["culture"].name)
    assert "市人民医院" in client.get(url).content.decode()  # the unit history
    bad = client.post(url, {"change": "unit", "unit": "999999"})
    assert bad.status_code == 200 and bad.context["unit_form"].errors["unit"]
    with pytest.raises(Refused):
        user_unit_set(actor=secadmin, user=secadmin, unit=city.units["culture"])


def test_every_administrators_change_is_on_the_chain_and_shown_to_the_user(client, city, enforce):
    clerk = city.users["clerk"]
    device = with_authenticator(clerk)
    admin_reset(client, city, clerk)
    user_unit_set(actor=city.users["secadmin"], user=clerk, unit=city.units["culture"])
    user_roles_set(actor=city.users["secadmin"], user=clerk, roles=[Role.UNIT_CLERK, Role.UNIT_LEADER])
    actions = {"user.password_reset", "user.unit_change", "user.roles_change"}
    recorded = AuditEvent.objects.filter(object_type="orgs.user", object_id=str(clerk.pk), action__in=actions)
    assert {e.action for e in recorded} == actions
    assert audit_chain_verify()[1] is None

    # the next login says so on the first page, and the account page lists each change
    client.post(LOGIN, {"username": "clerk", "password": RESET})
    notice = client.get(VERIFY).content.decode()
    assert "管理员对您的账户做了 3 项更改" in notice
    client.post(VERIFY, {"token": totp_code(device)})
    client.post(CHANGE, {"old_password": RESET, "new_password": OWN, "new_password_confirm": OWN})
    page = client.get(ACCOUNT).content.decode()
    assert "管理员对您账户的更改" in page
    for text in ("设置或重设了您的口令", "调整了您的单位", "调整了您的角色", "何管理", "许安全", "市人民医院 → "):
        assert text in page, text
    assert "本人" not in page.split('data-testid="admin-changes"')[1]  # the owner's own change is not listed
