from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "egovpm.evaluation"
    label = "evaluation"
    verbose_name = "效果评估"

    def ready(self):
        from . import facts

        facts.register()
