"""Passwords (GB/T 22239-2019 8.1.4.1 a): complexity, history, maximum age and change at first login,
all read from the security policy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from egovpm.conftest import PASSWORD
from egovpm.core.errors import Refused
from egovpm.lifecycle.roles import Role
from egovpm.security.domain import character_classes, password_change_reason, password_problems
from egovpm.security.models import PasswordRecord
from egovpm.security.policy import default_policy, security_policy
from egovpm.security.selectors_accounts import password_state
from egovpm.security.services import password_change, password_set
from egovpm.security.services_accounts import user_create

from .identity import events

NEW = "Xinkouling#2026"


@pytest.fixture
def password_only(enforce):
    """The password rules of the login, without the second factor (every account needs one by default; its
    own tests are test_two_factor.py)."""
    enforce.EGOVPM_ENFORCE_TWO_FACTOR = False
    return enforce


def messages_of(exc_info) -> str:
    return " ".join(exc_info.value.messages)


# -- the pure rules ----------------------------------------------------------------------------------


def test_character_classes_are_upper_lower_digit_and_anything_else():
    assert character_classes("Ab1#") == {"upper", "lower", "digit", "symbol"}
    assert character_classes("abc") == {"lower"}
    assert character_classes("密码 1") == {"symbol", "digit"}


def test_password_problems_follow_the_policy_length_and_classes():
    policy = default_policy()
    assert password_problems("Abcdefg1", policy) == []  # 8 characters, 3 classes
    assert password_problems("abcdefg1", policy) == ["口令须至少包含大写字母、小写字母、数字、符号中的 3 类。"]
    assert password_problems("Abc#1", policy) == ["口令至少需要 8 个字符。"]
    stricter = default_policy().__class__(**{**default_policy().__dict__, "password_min_classes": 4})
    assert password_problems("Abcdefg1", stricter)


def test_change_is_due_at_first_login_and_after_the_maximum_age():
    policy = default_policy()
    set_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    due = {"set_at": set_at, "policy": policy}
    assert password_change_reason(set_by_self=False, now=set_at, **due) == "initial"
    assert password_change_reason(set_by_self=True, now=set_at + dt.timedelta(days=89), **due) == ""
    assert password_change_reason(set_by_self=True, now=set_at + dt.timedelta(days=90), **due) == "expired"


# -- the validator and the settings ------------------------------------------------------------------


def test_the_policy_validator_replaces_minimum_length_and_django_hashes_by_default():
    names = [v["NAME"] for v in django_settings.AUTH_PASSWORD_VALIDATORS]
    assert "egovpm.security.passwords.PolicyPasswordValidator" in names
    assert "django.contrib.auth.password_validation.MinimumLengthValidator" not in names
    assert "egovpm.security.passwords.GuessablePasswordValidator" in names  # reuses Django's common list
    from egovpm.config.settings import base

    assert not hasattr(base, "PASSWORD_HASHERS")  # Django's default (PBKDF2) in every real deployment


@pytest.mark.django_db
def test_validate_password_refuses_weak_passwords_in_chinese():
    with pytest.raises(ValidationError) as exc:
        validate_password("abcdefgh1")
    assert "口令须至少包含大写字母、小写字母、数字、符号中的 3 类。" in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        validate_password("Ab#1")
    assert "口令至少需要 8 个字符。" in exc.value.messages
    validate_password("Zhengwu#2026")


def test_the_minimum_length_comes_from_the_policy(city, set_policy):
    validate_password("Hqwmzt#123")
    set_policy(password_min_length=12)
    with pytest.raises(ValidationError) as exc:
        validate_password("Hqwmzt#123")
    assert "口令至少需要 12 个字符。" in exc.value.messages


# -- self-service change and history -----------------------------------------------------------------


def _days(n: int) -> dt.datetime:
    """n days after a fixed start (each self-service change waits out the minimum age of 1 day)."""
    return dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC) + dt.timedelta(days=n)


def test_the_last_five_passwords_may_not_be_reused(city, frozen_clock):
    user = city.users["clerk"]
    passwords = [f"Kouling#{n}{n}{n}x" for n in range(1, 6)]
    for day, (old, new) in enumerate(zip([PASSWORD, *passwords], passwords, strict=False)):
        frozen_clock(_days(day))
        password_change(user=user, old_password=old, new_password=new)
    frozen_clock(_days(5))
    with pytest.raises(ValidationError) as exc:
        password_change(user=user, old_password=passwords[-1], new_password=passwords[0])
    assert "不得与最近 5 次使用过的口令相同。" in messages_of(exc)
    # a sixth: the first is now the sixth most recent, allowed again (a day later: the minimum age)
    password_change(user=user, old_password=passwords[-1], new_password="Kouling#666x")
    frozen_clock(_days(6))
    password_change(user=user, old_password="Kouling#666x", new_password=passwords[0])
    assert user.check_password(passwords[0])


def test_the_history_length_comes_from_the_policy(city, set_policy, frozen_clock):
    set_policy(password_history=6)
    user = city.users["clerk"]
    old = PASSWORD
    for n in range(1, 6):
        frozen_clock(_days(n))
        new = f"Kouling#{n}{n}{n}x"
        password_change(user=user, old_password=old, new_password=new)
        old = new
    frozen_clock(_days(6))
    with pytest.raises(ValidationError):
        password_change(user=user, old_password=old, new_password=PASSWORD)


def test_password_change_checks_the_old_password_and_is_audited(city):
    user = city.users["clerk"]
    with pytest.raises(ValidationError) as exc:
        password_change(user=user, old_password="wrong", new_password=NEW)
    assert exc.value.message_dict == {"old_password": ["原口令不正确。连续多次错误，账户将被锁定。"]}
    with pytest.raises(ValidationError) as exc:
        password_change(user=user, old_password=PASSWORD, new_password="weakpassword")
    assert "new_password" in exc.value.message_dict
    password_change(user=user, old_password=PASSWORD, new_password=NEW)
    user.refresh_from_db()
    assert user.check_password(NEW)
    record = PasswordRecord.objects.filter(user=user).first()
    assert record.set_by_self and record.password == user.password
    (event,) = events("user.password_change")
    assert event.actor == user and event.outcome == "success" and event.object_id == str(user.pk)


# -- the administrator's password ---------------------------------------------------------------------


def test_user_create_records_an_initial_password_that_must_be_changed(city):
    user = city.users["clerk"]
    record = PasswordRecord.objects.get(user=user)
    assert not record.set_by_self and record.password == user.password
    assert password_state(user).change_reason == "initial"


def test_only_the_system_administrator_sets_passwords_and_the_user_must_change_it(city):
    user = city.users["clerk"]
    password_change(user=user, old_password=PASSWORD, new_password=NEW)
    assert password_state(user).change_reason == ""
    for who in ("secadmin", "auditadmin", "office_head"):
        with pytest.raises(Refused):
            password_set(actor=city.users[who], user=user, password="Chongzhi#2026")
    with pytest.raises(ValidationError) as exc:
        password_set(actor=city.users["sysadmin"], user=user, password="short")
    assert "password" in exc.value.message_dict
    password_set(actor=city.users["sysadmin"], user=user, password="Chongzhi#2026")
    user.refresh_from_db()
    assert user.check_password("Chongzhi#2026")
    assert password_state(user).change_reason == "initial"
    (event,) = events("user.password_reset")
    assert event.actor == city.users["sysadmin"] and event.object_id == str(user.pk)


# -- forced change (middleware) ------------------------------------------------------------------------


def test_a_new_user_is_sent_to_change_the_password_first(city, client, password_only):
    client.force_login(city.users["clerk"])
    response = client.get("/intake/")
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change") + "?next=%2Fintake%2F"
    page = client.get(response.url)
    assert "您的口令由管理员设置，须先修改" in page.content.decode()
    # the way out stays open, and so do static files and the token API
    assert client.get("/static/css/app.css").status_code != 302
    assert client.get("/api/v1/declarations").status_code != 302
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password": NEW, "new_password_confirm": NEW, "next": "/intake/"},
    )
    assert response.status_code == 302 and response.url == "/intake/"
    assert client.get("/intake/").status_code == 200  # still logged in: the session follows the new hash
    (event,) = events("user.password_change")
    assert event.ip == "127.0.0.1" and event.outcome == "success"


def test_the_change_form_reports_mismatch_and_policy_in_chinese(city, client, enforce):
    client.force_login(city.users["clerk"])
    url = reverse("accounts:password_change")
    page = client.post(url, {"old_password": PASSWORD, "new_password": NEW, "new_password_confirm": NEW + "x"})
    assert "两次输入的新口令不一致。" in page.content.decode()
    page = client.post(
        url, {"old_password": PASSWORD, "new_password": "abcdefgh9", "new_password_confirm": "abcdefgh9"}
    )
    assert "口令须至少包含" in page.content.decode()
    page = client.post(url, {"old_password": "nope", "new_password": NEW, "new_password_confirm": NEW})
    assert "原口令不正确。" in page.content.decode()
    assert not events("user.password_change")


def test_a_password_older_than_the_maximum_age_must_be_changed(city, client, password_only, frozen_clock, set_policy):
    password_only.EGOVPM_ENFORCE_SESSION_IDLE = False  # the clock jumps by days between requests
    user = city.users["clerk"]
    start = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
    frozen_clock(start)
    password_change(user=user, old_password=PASSWORD, new_password=NEW)
    client.force_login(user)
    frozen_clock(start + dt.timedelta(days=89, hours=23))
    assert client.get("/intake/").status_code == 200
    frozen_clock(start + dt.timedelta(days=90))
    response = client.get("/intake/")
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:password_change"))
    assert "您的口令已于 2027-05-30 到期" in client.get(response.url).content.decode()
    # the maximum age is the policy's
    set_policy(password_max_age_days=30)
    frozen_clock(start + dt.timedelta(days=29))
    assert client.get("/intake/").status_code == 200
    frozen_clock(start + dt.timedelta(days=31))
    assert client.get("/intake/").status_code == 302


def test_an_account_without_history_counts_from_the_day_it_joined(city, client, password_only, frozen_clock):
    password_only.EGOVPM_ENFORCE_SESSION_IDLE = False  # the clock jumps by days between requests
    user = city.users["clerk"]
    PasswordRecord.objects.filter(user=user).delete()
    type(user).objects.filter(pk=user.pk).update(date_joined=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    client.force_login(user)
    frozen_clock(dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    assert client.get("/intake/").status_code == 200
    frozen_clock(dt.datetime(2026, 4, 2, tzinfo=dt.UTC))
    assert client.get("/intake/").status_code == 302


def test_no_forced_change_when_the_policy_does_not_ask_for_it_at_first_login(city, client, password_only, set_policy):
    set_policy(password_change_at_first_login=False)
    client.force_login(city.users["clerk"])
    assert client.get("/intake/").status_code == 200


def test_the_initial_password_of_a_created_user_validates_against_the_policy(city):
    user = user_create(username="newbie", password=PASSWORD, full_name="新人员", unit=None, roles=[Role.EXPERT])
    assert PasswordRecord.objects.filter(user=user, set_by_self=False).count() == 1
    assert security_policy().password_change_at_first_login
