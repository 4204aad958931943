from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "egovpm.documents"
    verbose_name = "文件"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system check)
