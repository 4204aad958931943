from django.apps import AppConfig


class OfficialConfig(AppConfig):
    name = "egovpm.official"
    verbose_name = "公文"
