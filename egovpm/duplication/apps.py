from django.apps import AppConfig


class DuplicationConfig(AppConfig):
    name = "egovpm.duplication"
    verbose_name = "避免重复建设"

    def ready(self):
        from egovpm.duplication.selectors import catalog_shared
        from egovpm.duplication.services import on_project_described
        from egovpm.intake.sections import register_declaration_section
        from egovpm.projects.hooks import PROJECT_DESCRIBED, register_hook
        from egovpm.projects.project_pages import register_project_section

        # 第五条: the index follows every service that describes a project (no signal)
        register_hook(PROJECT_DESCRIBED, on_project_described)
        # the similar projects, the Office's judgements and the shared resources on the declaration page
        register_declaration_section("duplication/_declaration.html")
        # 第五条, 第十六条: the resources other units already provide, on the project's catalog page
        register_project_section("catalog", "shared_resources", 10, "duplication/_catalog_shared.html", catalog_shared)
