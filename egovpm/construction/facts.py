"""The construction workflow's part in the one engine: the facts of a Construction and the guards they
answer. Registered by ConstructionConfig.ready()."""

from __future__ import annotations

from egovpm.documents.access import register_reader
from egovpm.lifecycle.engine import Facts, register_guards
from egovpm.lifecycle.table import register_workflow
from egovpm.projects.engine import contributed_guard_values, register_facts
from egovpm.projects.selectors import project_facts

from .models import Adjustment, Construction, Estimate, ProgressReport, SharingConnection
from .workflow import CONSTRUCTION, GUARDS


def register() -> None:
    register_workflow(CONSTRUCTION)
    register_guards(*GUARDS)
    # supervision_firm_qualified and no_open_rectification, which CONSTRUCTION names, are the supervision
    # app's: it registers them and contributes their values to the project.
    register_facts(Construction, construction_facts)
    from .selectors import construction_get

    # A construction record's files to whoever may see the project's construction.
    register_reader(Construction, lambda user, pk: construction_get(user, pk) is not None)
    for model in (Estimate, ProgressReport, Adjustment, SharingConnection):
        register_reader(model, _reader_of(model, construction_get))


def _reader_of(model, construction_get):
    def may_see(user, pk: int) -> bool:
        construction_id = model.objects.filter(pk=pk).values_list("construction_id", flat=True).first()
        return construction_id is not None and construction_get(user, construction_id) is not None

    return may_see


def construction_facts(construction: Construction) -> Facts:
    """What the guards of the construction workflow need to know: the project's parties and restrictions
    (第十八条), what other apps contribute to the project (the supervision firm's qualification, open
    rectifications) and the construction's own records."""
    project = construction.project
    party_units, guards = project_facts(project)
    estimates = set(construction.estimates.values_list("status", flat=True))
    guards.update(
        responsibility_recorded=construction.responsibilities.exists(),
        estimate_approved="approved" in estimates,
        no_estimate_pending="submitted" not in estimates,
        no_adjustment_pending=not construction.adjustments.filter(status="submitted").exists(),
        # 第十六条: connected, or the Office recorded why it does not apply
        sharing_connected=bool(construction.sharing_exemption) or construction.sharing_connections.exists(),
        # 第十一条, 第三十一条
        no_classified_content=not construction.involves_secrets,
    )
    guards.update(contributed_guard_values(project))
    return Facts(
        stage=construction.stage,
        unit_id=construction.unit_id,
        supervisor_id=construction.unit.parent_id,
        stage_label=construction.get_stage_display(),
        party_units=party_units,
        guards=guards,
    )
