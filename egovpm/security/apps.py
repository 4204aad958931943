from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "egovpm.security"
    verbose_name = "安全"

    def ready(self):
        from . import signals  # noqa: F401  (audit of failed logins and lockouts)
