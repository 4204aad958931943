from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "egovpm.intake"
    verbose_name = "项目申报与审批"
