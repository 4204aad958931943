from django.apps import AppConfig


class AcceptanceConfig(AppConfig):
    name = "egovpm.acceptance"
    label = "acceptance"
    verbose_name = "项目验收"

    def ready(self):
        from egovpm.documents.access import register_reader

        from . import facts, pages, report, selectors
        from .models import Acceptance, AcceptanceDocument, AcceptanceExtension

        facts.register()
        pages.register()
        report.register()
        # A record's files to whoever may see the project's acceptance (selectors.acceptances_visible_to).
        for model, get in (
            (Acceptance, selectors.acceptance_get),
            (AcceptanceDocument, selectors.document_get),
            (AcceptanceExtension, selectors.extension_get),
        ):
            register_reader(model, lambda user, pk, get=get: get(user, pk) is not None)
