from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "egovpm.accountability"
    label = "accountability"
    verbose_name = "责任追究"

    def ready(self):
        from egovpm.documents.access import register_reader, register_upload_check

        from . import facts, pages, selectors
        from .models import Violation

        facts.register()
        pages.register()
        # 第三十一条: no file of a classified project is stored, whatever its record.
        register_upload_check(selectors.upload_refusal)
        register_reader(Violation, lambda user, pk: selectors.violation_get(user, pk) is not None)
