from django.apps import AppConfig


class FilingsConfig(AppConfig):
    name = "egovpm.filings"
    verbose_name = "备案"

    def ready(self):
        from egovpm.documents.access import register_reader
        from egovpm.filings import workflow
        from egovpm.filings.models import Filing
        from egovpm.filings.selectors import filing_get

        workflow.register()

        # A filing's files (第十条) to whoever may see the filing: its unit, the supervising chain and the Office.
        register_reader(Filing, lambda user, pk: filing_get(user, pk) is not None)
