"""API tokens, tested as the attacks of the penetration test (issue 11): a token that outlives its
90 days, a user who piles up tokens, a token minted with a stolen session and no second factor, a token
that survives its owner's password change or disabled account, a flood of refused calls written row by
row into the audit chain, and the Office verifying the chain it is audited by."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from egovpm.api.models import ApiToken
from egovpm.api.refusals import WINDOW, window_of
from egovpm.api.services import api_token_create
from egovpm.audit.models import AuditEvent, RefusalCount
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.security.otp import totp_code
from egovpm.security.policy import security_policy
from egovpm.security.services import password_change, password_set, security_policy_update
from egovpm.security.services_accounts import admin_object_save
from egovpm.security.tests.helpers import verified_login
from egovpm.testing.city import PASSWORD
from egovpm.testing.otp import second_factor_code

from .conftest import BASE, Api

TOKENS = "/api/tokens/"
AT = dt.datetime(2026, 10, 15, 10, 0, tzinfo=clock.TZ)


def policy(city, **values):
    security_policy_update(actor=city.users["secadmin"], policy=replace(security_policy(), **values))


def create(user, name="同步", **kwargs):
    return api_token_create(
        actor=user, user=user, name=name, scope="read", otp_token=second_factor_code(user), **kwargs
    )


def me(client, secret):
    return client.get(f"{BASE}/me", headers={"Authorization": f"Bearer {secret}"})


def test_a_token_expires_after_the_policys_days(client, city, frozen_clock):
    assert security_policy().api_token_days == 90
    frozen_clock(AT)
    token, secret = create(city.users["clerk"])
    assert token.expires_at == AT + dt.timedelta(days=90)
    frozen_clock(AT + dt.timedelta(days=90) - dt.timedelta(seconds=1))
    assert me(client, secret).status_code == 200
    frozen_clock(AT + dt.timedelta(days=90))
    response = me(client, secret)
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    # the page says so, and offers no revocation of a token that no longer works
    verified_login(client, city.users["clerk"])
    page = client.get(TOKENS).content.decode()
    assert "已过期" in page and f"/api/tokens/{token.pk}/revoke/" not in page


def test_the_expiry_is_the_security_administrators_to_set(client, city, frozen_clock):
    frozen_clock(AT)
    policy(city, api_token_days=7)
    token, secret = create(city.users["clerk"])
    frozen_clock(AT + dt.timedelta(days=7))
    assert me(client, secret).status_code == 401
    with pytest.raises(ValidationError) as invalid:
        policy(city, api_token_days=366)
    assert "api_token_days" in invalid.value.message_dict


def test_the_token_over_the_cap_is_refused(client, city, frozen_clock):
    policy(city, api_tokens_per_user=3)
    clerk = city.users["clerk"]
    made = [create(clerk, name=f"令牌{i}")[0] for i in range(3)]
    with pytest.raises(Refused) as refused:
        create(clerk, name="第四个")
    assert "最多同时持有 3 个" in refused.value.message
    assert ApiToken.objects.filter(user=clerk).count() == 3
    # the page shows the refusal, nothing is created, and a revoked token frees its place
    verified_login(client, clerk)
    page = client.post(TOKENS, {"name": "第四个", "scope": "read", "otp_token": second_factor_code(clerk)})
    assert "最多同时持有 3 个" in page.content.decode() and not page.context["secret"]
    client.post(f"/api/tokens/{made[0].pk}/revoke/")
    assert create(clerk, name="第四个")[0].pk
    # an expired token frees its place too
    frozen_clock(clock.now() + dt.timedelta(days=91))
    assert create(clerk, name="过期之后")[0].pk


def test_a_token_is_not_created_without_a_fresh_second_factor_code(client, city, frozen_clock):
    clerk = city.users["clerk"]
    # no second factor bound at all: a stolen session cannot mint a token
    client.force_login(clerk)
    page = client.post(TOKENS, {"name": "窃取", "scope": "write", "otp_token": "123456"})
    assert "须先绑定身份验证器" in page.content.decode()
    assert not ApiToken.objects.filter(user=clerk).exists()
    # an authenticator bound: its current code creates one token; no code, the same code again, a wrong
    # code are refused at the field (a wrong code is recorded, and django-otp then slows the device down)
    device = TOTPDevice.objects.create(user=clerk, name="手机", confirmed=True)
    verified_login(client, clerk)
    missing = client.post(TOKENS, {"name": "同步", "scope": "read"})
    assert missing.context["form"].errors["otp_token"]
    code = totp_code(device)
    made = client.post(TOKENS, {"name": "同步", "scope": "read", "otp_token": code})
    assert made.context["secret"] and ApiToken.objects.filter(user=clerk).count() == 1
    replay = client.post(TOKENS, {"name": "再来", "scope": "read", "otp_token": code})
    assert replay.context["form"].errors["otp_token"] and not replay.context["secret"]
    wrong = client.post(TOKENS, {"name": "再来", "scope": "read", "otp_token": "000000"})
    assert "验证码不正确" in str(wrong.context["form"].errors["otp_token"])
    assert AuditEvent.objects.filter(action="auth.otp_failed", actor=clerk).count() == 2
    assert ApiToken.objects.filter(user=clerk).count() == 1
    with pytest.raises(ValidationError) as invalid:
        api_token_create(actor=clerk, user=clerk, name="x", scope="read", otp_token="")
    assert "otp_token" in invalid.value.message_dict


def test_a_password_change_revokes_the_owners_tokens(client, city, frozen_clock):
    clerk = city.users["clerk"]
    (first, s1), (second, s2) = create(clerk, "甲"), create(clerk, "乙")
    _, other = create(city.users["culture_clerk"])
    password_change(user=clerk, old_password=PASSWORD, new_password="Lantern#Change2026")
    assert me(client, s1).status_code == 401 and me(client, s2).status_code == 401
    assert me(client, other).status_code == 200
    event = AuditEvent.objects.get(action="api_token.revoke_all")
    assert event.after["count"] == 2 and event.after["reason"] == "password_change"
    assert set(event.after["prefixes"]) == {first.prefix, second.prefix}
    assert ApiToken.objects.get(pk=first.pk).revoked_by == clerk


def test_a_password_reset_or_a_disabled_account_revokes_the_tokens(client, city, frozen_clock):
    sysadmin = city.users["sysadmin"]
    _, reset_secret = create(city.users["clerk"])
    password_set(actor=sysadmin, user=city.users["clerk"], password="Lantern#Reset2026")
    assert me(client, reset_secret).status_code == 401
    user = city.users["culture_clerk"]
    token, secret = create(user)
    user.is_active = False
    admin_object_save(actor=sysadmin, obj=user, created=False, changed_fields=["is_active"])
    user.is_active = True  # enabled again: the revoked token stays revoked
    admin_object_save(actor=sysadmin, obj=user, created=False, changed_fields=["is_active"])
    assert me(client, secret).status_code == 401
    assert ApiToken.objects.get(pk=token.pk).revoked_by == sysadmin
    reasons = list(AuditEvent.objects.filter(action="api_token.revoke_all").values_list("after__reason", flat=True))
    assert reasons == ["password_reset", "account_disabled"]


def test_refused_calls_are_audited_per_window_not_one_row_each(client, city, frozen_clock):
    frozen_clock(AT)
    since = AuditEvent.objects.count()
    for _ in range(25):
        assert me(client, "guessed-token").status_code == 401
    first = AuditEvent.objects.filter(seq__gt=since)
    assert [e.action for e in first] == ["api.unauthenticated"]
    assert RefusalCount.objects.get().count == 25
    api = Api(client, city.users["clerk"])
    for _ in range(5):
        assert api.get("/audit/head").status_code == 403
    assert AuditEvent.objects.filter(action="access.denied", actor=city.users["clerk"]).count() == 1
    # the next window: the counts of the last one join the chain, one event each, with the count
    frozen_clock(AT + WINDOW)
    assert me(client, "guessed-token").status_code == 401
    summaries = {e.after["code"]: e for e in AuditEvent.objects.filter(action="api.refusals")}
    assert summaries["unauthenticated"].after["count"] == 25 and summaries["unauthenticated"].actor is None
    assert summaries["unauthenticated"].after["window_start"] == window_of(AT).isoformat()
    assert summaries["forbidden"].after["count"] == 5 and summaries["forbidden"].actor == city.users["clerk"]
    # a quiet window is written out by cron
    frozen_clock(AT + 2 * WINDOW)
    call_command("flush_api_refusals", stdout=io.StringIO())
    assert not RefusalCount.objects.exists()


@pytest.mark.parametrize("who", ["office_head", "office_reviewer", "audit"])
def test_only_the_audit_administrator_verifies_the_chain_through_the_api(client, city, who):
    response = Api(client, city.users[who]).get("/audit/verify")
    assert response.status_code == 403 and "审计管理员" in response.json()["message"]
    auditadmin = Api(client, city.users["auditadmin"])
    verified = auditadmin.get("/audit/verify")
    assert verified.status_code == 200 and verified.json()["ok"] is True
    assert AuditEvent.objects.filter(action="audit.verify", actor=city.users["auditadmin"]).exists()
    # the Office and the Audit bureau still read the head
    assert Api(client, city.users["office_head"]).get("/audit/head").status_code == 200
