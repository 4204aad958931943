from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "egovpm.projects"
    label = "projects"
    verbose_name = "项目"

    def ready(self):
        from egovpm.lifecycle.engine import register_guards, register_party

        from . import checks  # noqa: F401  (registers egovpm.E003)
        from .domain import PARTIES, RESTRICTION_GUARDS

        register_guards(*RESTRICTION_GUARDS.values())
        for party in PARTIES:
            register_party(party)
