from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "egovpm.policy"
    verbose_name = "管理办法（政策数据）"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system check)
