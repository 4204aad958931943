"""The use cases of the construction phase (第十一条 to 第十六条), one function each: the permission through
the one engine (the CONSTRUCTION workflow's transitions and activities), the rule of domain.py, the records,
the audit event, one transaction. Refusals are core.errors.Refused, bad input ValidationError({field: …}).

A package: baseline (responsibility, estimate, adjustment), progress (progress, design change, incident),
completion (open, start, sharing, completion, documents); every public name is re-exported here, so that
`from egovpm.construction.services import X` and the lifecycle table's dotted `service=` paths keep working."""

from ._common import LABELS
from .baseline import (
    adjustment_approve,
    adjustment_refuse,
    adjustment_request,
    estimate_approve,
    estimate_return,
    estimate_submit,
    responsibility_record,
)
from .completion import (
    NOT_FUNDED,
    construction_declare_completion,
    construction_document_upload,
    construction_open,
    construction_start,
    funded_declaration,
    sharing_exempt,
    sharing_record,
)
from .progress import PROGRESS_OPTIONAL, PROGRESS_TEXT, design_change_report, incident_report, progress_report_submit

__all__ = [
    "LABELS",
    "NOT_FUNDED",
    "PROGRESS_OPTIONAL",
    "PROGRESS_TEXT",
    "adjustment_approve",
    "adjustment_refuse",
    "adjustment_request",
    "construction_declare_completion",
    "construction_document_upload",
    "construction_open",
    "construction_start",
    "design_change_report",
    "estimate_approve",
    "estimate_return",
    "estimate_submit",
    "funded_declaration",
    "incident_report",
    "progress_report_submit",
    "responsibility_record",
    "sharing_exempt",
    "sharing_record",
]
