from django.apps import AppConfig


class CockpitConfig(AppConfig):
    name = "egovpm.cockpit"
    verbose_name = "工作台"
