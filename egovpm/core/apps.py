from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "egovpm.core"
    verbose_name = "核心"
