from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "egovpm.coordination"
    verbose_name = "基础性系统统筹"

    def ready(self):
        from egovpm.coordination import workflow

        workflow.register()
