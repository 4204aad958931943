from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "egovpm.api"
    label = "api"
    verbose_name = "接口令牌"
