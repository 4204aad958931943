from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "egovpm.supervision"
    label = "supervision"
    verbose_name = "监督管理"

    def ready(self):
        from egovpm.documents.access import register_reader

        from . import facts, orders, pages, selectors
        from .models import Finding, InformationRequest, Inspection, Rectification, Supervision, SupervisionReport

        facts.register()
        pages.register()
        orders.register()
        # A record's files to whoever may see the project's supervision (selectors.projects_visible_to).
        for model, get in (
            (Supervision, selectors.supervision_get),
            (SupervisionReport, selectors.report_get),
            (InformationRequest, selectors.information_request_get),
            (Inspection, selectors.inspection_get),
            (Finding, selectors.finding_get),
            (Rectification, selectors.rectification_get),
        ):
            register_reader(model, lambda user, pk, get=get: get(user, pk) is not None)
