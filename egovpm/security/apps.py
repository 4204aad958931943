from django.apps import AppConfig
from django.core import checks


class SecurityConfig(AppConfig):
    name = "egovpm.security"
    verbose_name = "安全"

    def ready(self):
        from . import signals  # noqa: F401  (audit of failed logins and lockouts)

        checks.register(otp_algorithm_check, checks.Tags.security)


def otp_algorithm_check(app_configs=None, **kwargs):
    """EGOVPM_OTP_ALGORITHM names an authenticator the platform has (a typo would fail every enrolment)."""
    from django.conf import settings

    from .selectors_accounts import AUTHENTICATOR_MODELS

    if settings.EGOVPM_OTP_ALGORITHM in AUTHENTICATOR_MODELS:
        return []
    return [
        checks.Error(
            f"EGOVPM_OTP_ALGORITHM = {settings.EGOVPM_OTP_ALGORITHM!r}: must be one of {sorted(AUTHENTICATOR_MODELS)}.",
            id="egovpm.E010",
        )
    ]
