"""The SM3 dynamic password (GM/T 0021-2012) beside TOTP (penetration test, issue 11: "offer an OTP based on
SM3 for deployments that must use national algorithms"): the algorithm, and a deployment with
EGOVPM_OTP_ALGORITHM = "sm3" binding, proving and replaying it, on an injected clock."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from egovpm.security.domain import SM3_OTP_STEP, sm3_otp
from egovpm.security.models import SM3Device
from egovpm.security.otp import totp_code
from egovpm.security.selectors_accounts import two_factor_enabled

from .identity import events

ENROL = reverse("accounts:two_factor_enrol")
VERIFY = reverse("accounts:two_factor_verify")
KEY = bytes.fromhex("48656c6c6f21deadbeef48656c6c6f21deadbeef")
NOON = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)


def test_the_password_is_sm3_of_key_and_time_factor_truncated_by_word_sums():
    """S = SM3(K ‖ ID), ID = T as 64 bits big-endian padded to 128 bits; OD = the sum of S's eight 32-bit
    words mod 2^32; P = OD mod 10^6. Computed here step by step from the standard's description."""
    t = int(NOON.timestamp()) // SM3_OTP_STEP
    digest = hashlib.new("sm3", KEY + t.to_bytes(8, "big") + bytes(8)).digest()
    od = sum(int.from_bytes(digest[i : i + 4], "big") for i in range(0, 32, 4)) % 2**32
    assert sm3_otp(KEY, t) == f"{od % 1_000_000:06d}"
    assert sm3_otp(KEY, t, digits=8) == f"{od % 100_000_000:08d}"
    # fixed vectors of this implementation: a change of byte order, padding or truncation breaks them
    assert [sm3_otp(KEY, n) for n in (0, 1, 29_000_000)] == ["803776", "594109", "073223"]
    assert len({sm3_otp(KEY, t + n) for n in range(20)}) > 15  # it changes with each step
    with pytest.raises(ValueError):
        sm3_otp(KEY, t, digits=4)


@pytest.fixture
def sm3(settings, enforce, frozen_clock):
    enforce.EGOVPM_ENFORCE_PASSWORD_CHANGE = False
    settings.EGOVPM_OTP_ALGORITHM = "sm3"
    frozen_clock(NOON)
    return frozen_clock


def test_an_sm3_deployment_binds_proves_and_refuses_a_replayed_code(city, client, sm3):
    head = city.users["office_head"]
    client.force_login(head)
    page = client.get(ENROL).content.decode()
    device = SM3Device.objects.get(user=head, confirmed=False)
    assert "SM3" in page and "GM/T 0021-2012" in page and "algorithm=SM3" in device.config_url
    assert not TOTPDevice.objects.filter(user=head).exists()
    response = client.post(ENROL, {"token": device.code_at(device.time_factor())})
    assert response.url == reverse("accounts:recovery_codes")
    assert events("auth.otp_enrol")[0].after["algorithm"] == "sm3" and two_factor_enabled(head)

    client.logout()
    client.force_login(head)
    assert client.get("/intake/").url.startswith(VERIFY)
    sm3(NOON + dt.timedelta(minutes=5))
    code = totp_code(device)
    assert client.post(VERIFY, {"token": code}).status_code == 302
    assert client.get("/intake/").status_code == 200
    assert events("auth.otp_verify")[-1].after == {"method": "sm3"}

    client.logout()
    client.force_login(head)  # the same code again, within its step: refused
    response = client.post(VERIFY, {"token": code})
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    assert events("auth.otp_failed")


def test_the_server_admits_one_step_of_clock_difference_and_no_more(city, sm3):
    device = SM3Device.objects.create(user=city.users["finance"], name="令牌", confirmed=True, key=KEY.hex())
    now = device.time_factor()
    assert device.verify_token(device.code_at(now - 1))  # the token's clock a minute behind
    assert not device.verify_token(device.code_at(now + 2))
    device.throttle_reset()
    assert not device.verify_token(device.code_at(now - 1))  # accepted once only
    assert not device.verify_is_allowed()[0]  # and each wrong code makes the next wait (throttling)
    device.throttle_reset()
    assert device.verify_token(device.code_at(now + 1))


def test_an_authenticator_bound_before_the_switch_still_logs_in(city, client, sm3):
    """Switching the deployment to SM3 does not lock out a user who bound TOTP before."""
    finance = city.users["finance"]
    device = TOTPDevice.objects.create(user=finance, name="手机", confirmed=True)
    client.force_login(finance)
    assert client.get("/intake/").url.startswith(VERIFY)
    assert client.post(VERIFY, {"token": totp_code(device)}).status_code == 302
    assert events("auth.otp_verify")[-1].after == {"method": "totp"}


def test_the_demo_under_sm3_gives_sm3_authenticators_and_demo_otp_prints_their_code(city, client, sm3):
    import io

    from django.core.management import call_command

    from egovpm.demo.credentials import demo_credentials

    demo_credentials(city.users.values())
    assert SM3Device.objects.filter(name="demo").count() == len(city.users)
    out = io.StringIO()
    call_command("demo_otp", "clerk", stdout=out)
    client.force_login(city.users["clerk"])
    assert client.post(VERIFY, {"token": out.getvalue().strip()}).status_code == 302


def test_an_unknown_algorithm_is_refused_at_start_up(settings):
    from egovpm.security.apps import otp_algorithm_check

    assert otp_algorithm_check() == []
    settings.EGOVPM_OTP_ALGORITHM = "sm4"
    (error,) = otp_algorithm_check()
    assert error.id == "egovpm.E010" and "sm3" in error.msg and "totp" in error.msg
