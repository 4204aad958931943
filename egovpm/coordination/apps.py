from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "egovpm.coordination"
    verbose_name = "基础性系统统筹"

    def ready(self):
        from egovpm.coordination import workflow
        from egovpm.intake.sections import register_declaration_section

        workflow.register()
        # The 第六条 section of the declaration page: the areas, the Office's decision, its buttons.
        register_declaration_section("coordination/_declaration.html")
