from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "egovpm.api"
    label = "api"
    verbose_name = "接口令牌"

    def ready(self):
        # The readers of the lifecycle forms' inputs (lifecycle.table.FORMS), before the system check asks.
        from . import actions  # noqa: F401
