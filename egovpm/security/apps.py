from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "egovpm.security"
    verbose_name = "安全"
