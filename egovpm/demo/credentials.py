"""The demo accounts' credentials, so that a person can use `make run` at once: every password counts as
chosen by its user (no forced change), and each account whose role requires a second factor has an
authenticator named "demo" with one fixed, published key. `manage.py demo_otp <username>` prints its code.
Never load the demo in production."""

from __future__ import annotations

from django.db import transaction

from egovpm.core import clock
from egovpm.security.models import PasswordRecord
from egovpm.security.policy import security_policy
from egovpm.security.selectors_accounts import authenticator_model, two_factor_is_required

DEMO_DEVICE_NAME = "demo"
# Base32 JBSWY3DPEHPK3PXP… as hex: the same for every demo account, so it can be typed into any
# authenticator app once (secret "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").
DEMO_TOTP_KEY = "48656c6c6f21deadbeef48656c6c6f21deadbeef"


def demo_credentials(users) -> int:
    """Mark the demo users' passwords as their own (dated now, not in the demo's 2026 story, so that the
    maximum age runs from the day the demo was loaded) and give authenticators to those who need one.
    Returns the number of authenticators."""
    policy = security_policy()
    model = authenticator_model()  # TOTP, or SM3 where the deployment uses the national algorithm
    devices = 0
    with transaction.atomic():
        for user in users:
            PasswordRecord.objects.filter(user=user).update(set_by_self=True, created_at=clock.now())
            if two_factor_is_required(user, policy):
                model.objects.create(user=user, name=DEMO_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True)
                devices += 1
    return devices
