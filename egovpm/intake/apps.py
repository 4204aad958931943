from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "egovpm.intake"
    verbose_name = "项目申报与审批"

    def ready(self):
        from egovpm.documents.access import register_reader
        from egovpm.intake import official_documents, workflow
        from egovpm.intake.models import Declaration
        from egovpm.intake.selectors import declaration_get

        workflow.register()
        official_documents.register()
        # 第七条(二), 第九条(三): an accepted drawn expert becomes an invited reviewer
        from egovpm.intake.services.review import invite_accepted_expert
        from egovpm.projects.hooks import EXPERT_ACCEPTED, register_hook

        register_hook(EXPERT_ACCEPTED, invite_accepted_expert)

        # A declaration's files to whoever may see the declaration.
        register_reader(Declaration, lambda user, pk: declaration_get(user, pk) is not None)
