from django.apps import AppConfig


class ConstructionConfig(AppConfig):
    name = "egovpm.construction"
    label = "construction"
    verbose_name = "项目建设"

    def ready(self):
        from egovpm.construction import facts, pages

        facts.register()
        pages.register()
