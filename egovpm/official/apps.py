from django.apps import AppConfig


class OfficialConfig(AppConfig):
    name = "egovpm.official"
    verbose_name = "公文"

    def ready(self):
        from egovpm.documents.orphans import register_file_source

        from .models import IssuedDocument

        # the archived PDFs are files of this app's rows: the orphan sweep keeps them, backups copy them
        register_file_source(lambda: IssuedDocument.objects.exclude(pdf="").values_list("pdf", flat=True))
