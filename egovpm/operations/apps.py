from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "egovpm.operations"
    label = "operations"
    verbose_name = "运维管理"

    def ready(self):
        from egovpm.documents.access import register_reader

        from . import facts, pages, selectors
        from .models import AuditFinding, FinalAudit, Operation

        facts.register()
        pages.register()
        # A record's files to whoever may see the project's operations (selectors.projects_visible_to).
        for model, get in (
            (Operation, selectors.operation_get),
            (FinalAudit, selectors.final_audit_get),
            (AuditFinding, selectors.audit_finding_get),
        ):
            register_reader(model, lambda user, pk, get=get: get(user, pk) is not None)
