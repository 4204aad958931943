"""A second-factor code for tests that create API tokens (api.services.api_token_create asks the creator
for a fresh one): a recovery code, valid once, added to the user's recovery-code device. No authenticator
is bound, so the user's login is unchanged."""

from __future__ import annotations

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken


def second_factor_code(user) -> str:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first() or StaticDevice.objects.create(
        user=user, name="恢复码", confirmed=True
    )
    code = StaticToken.random_token()
    StaticToken.objects.create(device=device, token=code)
    return code
