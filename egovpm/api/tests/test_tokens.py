"""Per-user API tokens: hashed at rest, shown once, scoped, revocable, audited; the token page and admin."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from egovpm.api.api import api
from egovpm.api.models import ApiToken
from egovpm.api.services import api_token_create, api_token_revoke
from egovpm.audit.models import AuditEvent
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.testing.otp import second_factor_code

from .conftest import BASE, Api

TOKENS = "/api/tokens/"


def test_a_token_is_stored_only_as_its_hash(city):
    clerk = city.users["clerk"]
    token, secret = api_token_create(
        actor=clerk, user=clerk, name="共享平台同步", scope="read", otp_token=second_factor_code(clerk)
    )
    token.refresh_from_db()
    assert len(secret) >= 40
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:8]
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in {str(v) for v in stored.values()}
    event = AuditEvent.objects.get(action="api_token.create", object_id=str(token.pk))
    assert secret not in str(event.payload())
    assert event.after == {
        "user": clerk.pk,
        "name": "共享平台同步",
        "prefix": token.prefix,
        "scope": "read",
        "expires_at": token.expires_at.isoformat(),
    }


def test_the_user_creates_own_tokens_and_the_sysadmin_revokes_anyones(city):
    """Nobody mints a token for someone else, the system administrator included: a token of the clerk's
    is the clerk's account, and its second factor is the clerk's (issue 11, taking over an account)."""
    u = city.users
    for actor in ("culture_clerk", "sysadmin"):
        with pytest.raises(Refused) as refused:
            api_token_create(
                actor=u[actor], user=u["clerk"], name="x", scope="write", otp_token=second_factor_code(u[actor])
            )
        assert refused.value.code == "forbidden" and "本人" in refused.value.message
    assert not ApiToken.objects.filter(user=u["clerk"]).exists()
    token, _ = api_token_create(
        actor=u["clerk"], user=u["clerk"], name="本人创建", scope="write", otp_token=second_factor_code(u["clerk"])
    )
    with pytest.raises(Refused):
        api_token_revoke(actor=u["culture_clerk"], token=token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    api_token_revoke(actor=u["sysadmin"], token=token)
    with pytest.raises(Refused, match="已吊销"):
        api_token_revoke(actor=u["clerk"], token=token)
    assert AuditEvent.objects.filter(action="api_token.revoke", object_id=str(token.pk)).count() == 1


def test_every_call_runs_as_the_tokens_user_and_stamps_last_use(client, city, frozen_clock):
    caller = Api(client, city.users["finance"], "read")
    assert caller.token.last_used_at is None
    frozen_clock(dt.date(2026, 11, 2))
    me = caller.get("/me")
    assert me.status_code == 200
    assert me.json()["username"] == "finance"
    assert me.json()["roles"] == [{"code": "finance_reviewer", "label": "财政局审核人"}]
    assert me.json()["token"] == {"name": caller.token.name, "prefix": caller.token.prefix, "scope": "read"}
    caller.token.refresh_from_db()
    assert caller.token.last_used_at == clock.now()


def test_the_last_use_is_stamped_once_a_minute_not_at_every_call(client, city, frozen_clock):
    caller = Api(client, city.users["finance"], "read")
    first = dt.datetime(2026, 11, 2, 9, 0, tzinfo=clock.TZ)
    for at, stamped in (
        (first, first),
        (first + dt.timedelta(seconds=59), first),
        (first + dt.timedelta(minutes=2), None),
    ):
        frozen_clock(at)
        assert caller.get("/me").status_code == 200
        caller.token.refresh_from_db()
        assert caller.token.last_used_at == (stamped or at)


def test_a_read_token_refuses_every_change(client, city, plan_year):
    reader = Api(client, city.users["office_reviewer"], "read")
    response = reader.post("/review-rounds", {"plan_year": 2027, "name": "第一批初审"})
    assert response.status_code == 403
    assert response.json()["code"] == "scope"
    assert "只读" in response.json()["message"]
    assert not plan_year.review_rounds.exists()
    assert reader.get("/review-rounds").status_code == 200


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer nonsense", "Token abc", "Basic Y2xlcms6eA=="],
)
def test_a_missing_or_unknown_token_is_401_json(client, db, header):
    headers = {"Authorization": header} if header else {}
    response = client.get(f"{BASE}/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert "令牌" in response.json()["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_and_an_inactive_user_are_401(client, city):
    caller = Api(client, city.users["clerk"])
    assert caller.get("/me").status_code == 200
    api_token_revoke(actor=city.users["clerk"], token=caller.token)
    assert caller.get("/me").status_code == 401
    other = Api(client, city.users["culture_clerk"])
    user = city.users["culture_clerk"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert other.get("/me").status_code == 401


def test_a_session_login_does_not_open_the_api(client, city):
    client.force_login(city.users["office_head"])
    assert client.get(f"{BASE}/me").status_code == 401


def test_every_operation_answers_401_to_an_anonymous_call(client, db):
    schema = api.get_openapi_schema(path_prefix=f"{BASE}/")
    calls = 0
    for path, operations in schema["paths"].items():
        concrete = path.replace("{year}", "2027").replace("{action}", "submit")
        for key in ("declaration_id", "project_id", "unit_id", "document_id", "entry_id", "round_id"):
            concrete = concrete.replace("{" + key + "}", "1")
        concrete = concrete.replace("{invitation_id}", "1")
        for method in operations:
            response = getattr(client, method)(concrete)
            assert response.status_code == 401, (method, concrete)
            assert response.json()["code"] == "unauthenticated"
            calls += 1
    assert calls >= 35


def test_the_token_page_shows_the_secret_once_and_revokes(client, city):
    clerk = city.users["clerk"]
    client.force_login(clerk)
    page = client.get(TOKENS)
    assert page.status_code == 200
    assert "您还没有 API 令牌" in page.content.decode()
    created = client.post(TOKENS, {"name": "共享平台同步", "scope": "read", "otp_token": second_factor_code(clerk)})
    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    secret = created.context["secret"]
    token = ApiToken.objects.get(user=clerk)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret in created.content.decode()
    # shown once: neither the list page nor the session holds it afterwards
    again = client.get(TOKENS).content.decode()
    assert secret not in again and token.prefix in again
    assert secret not in str(dict(client.session))
    assert client.get(f"{BASE}/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    revoked = client.post(reverse("api:token_revoke", args=[token.pk]), follow=True)
    assert "已吊销令牌" in revoked.content.decode()
    assert client.get(f"{BASE}/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_the_token_page_refuses_bad_input_and_others_tokens(client, city):
    clerk, other = city.users["clerk"], city.users["culture_clerk"]
    foreign, _ = api_token_create(
        actor=other, user=other, name="他人令牌", scope="write", otp_token=second_factor_code(other)
    )
    client.force_login(clerk)
    page = client.post(TOKENS, {"name": "", "scope": "admin"})
    assert page.status_code == 200
    assert "请填写令牌名称。" in page.content.decode()
    assert not ApiToken.objects.filter(user=clerk).exists()
    assert client.post(reverse("api:token_revoke", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("api:token_revoke", args=[foreign.pk])).status_code == 405
    assert ApiToken.objects.get(pk=foreign.pk).revoked_at is None


def test_the_token_page_needs_a_login(client, db):
    response = client.get(TOKENS)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_sysadmin_sees_and_revokes_tokens_in_admin(client, city):
    clerk = city.users["clerk"]
    token, secret = api_token_create(
        actor=clerk, user=clerk, name="共享平台同步", scope="write", otp_token=second_factor_code(clerk)
    )
    client.force_login(city.users["sysadmin"])
    changelist = client.get(reverse("admin:api_apitoken_changelist"))
    assert changelist.status_code == 200
    assert token.prefix in changelist.content.decode() and secret not in changelist.content.decode()
    client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_by == city.users["sysadmin"]
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=city.users["sysadmin"]).exists()
    client.force_login(clerk)
    assert client.get(reverse("admin:api_apitoken_changelist")).status_code == 302
