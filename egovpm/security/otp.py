"""The code an authenticator would show for a device (TOTP or SM3): for the demo accounts (manage.py demo_otp)
and for tests. Never shown for a real user's device."""

from __future__ import annotations

from django_otp.oath import TOTP

from .models import SM3Device


def totp_code(device) -> str:
    """The code the device accepts next: the current time step, or the one after the step it last accepted
    (a code is accepted once; the device's tolerance admits the next step). TOTP and SM3 devices alike."""
    device.refresh_from_db()
    if isinstance(device, SM3Device):
        return device.code_at(max(device.time_factor(), device.last_t + 1))
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    ahead = max(0, device.last_t + 1 - totp.t())
    totp.drift += ahead
    return f"{totp.token():0{device.digits}d}"
