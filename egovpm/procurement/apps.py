from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "egovpm.procurement"
    verbose_name = "采购、合同与资金拨付"

    def ready(self):
        from egovpm.documents.access import register_reader
        from egovpm.experts.ties import register_supplier_source
        from egovpm.lifecycle.table import register_workflow
        from egovpm.procurement import pages
        from egovpm.procurement.facts import contract_facts
        from egovpm.procurement.models import Contract, SoftwareLicence
        from egovpm.procurement.selectors import contract_get, licence_get, project_suppliers
        from egovpm.procurement.workflow import CONTRACT
        from egovpm.projects.engine import register_facts

        register_workflow(CONTRACT)
        # 第七条(二), 第九条(三): an expert tied to a project's supplier recuses themselves from its reviews
        register_supplier_source(project_suppliers)
        pages.register()
        register_facts(Contract, contract_facts)
        # A contract's and a licence's evidence to whoever may see the project's procurement.
        register_reader(Contract, lambda user, pk: contract_get(user, pk) is not None)
        register_reader(SoftwareLicence, lambda user, pk: licence_get(user, pk) is not None)
