from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "egovpm.projects"
    label = "projects"
    verbose_name = "项目"

    def ready(self):
        from . import checks  # noqa: F401  (registers egovpm.E003)
