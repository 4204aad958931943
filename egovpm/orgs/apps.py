from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "egovpm.orgs"
    verbose_name = "单位与人员"
