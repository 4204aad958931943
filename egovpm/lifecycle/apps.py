from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "egovpm.lifecycle"
    verbose_name = "生命周期"

    def ready(self):
        from . import checks, workflows  # noqa: F401  (the system check; the table's workflows)
