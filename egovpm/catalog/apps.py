from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "egovpm.catalog"
    verbose_name = "政务信息资源目录"

    def ready(self):
        from . import workflow

        workflow.register()
