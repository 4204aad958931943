from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "egovpm.evaluation"
    label = "evaluation"
    verbose_name = "效果评估"

    def ready(self):
        from egovpm.intake.sections import register_declaration_section
        from egovpm.projects.unit_records import register_unit_record_source

        from . import facts, report, selectors

        facts.register()
        report.register()
        register_declaration_section("evaluation/_declaration.html")
        register_unit_record_source(selectors.result_records)
        register_unit_record_source(selectors.criticism_records)
