from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "egovpm.api"
    label = "api"
    verbose_name = "接口令牌"

    def ready(self):
        # The readers of the lifecycle forms' inputs (lifecycle.table.FORMS), before the system check asks.
        from egovpm.security import credentials

        from . import actions  # noqa: F401
        from .services import api_tokens_withdraw

        # A password change or reset, or a disabled account, revokes the user's API tokens.
        credentials.register("api_tokens", api_tokens_withdraw)
