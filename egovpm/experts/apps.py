from django.apps import AppConfig


class ExpertsConfig(AppConfig):
    name = "egovpm.experts"
    label = "experts"
    verbose_name = "专家库"
