"""The filing's (第十条) part in the one engine: its facts. Registered by FilingsConfig.ready()."""

from __future__ import annotations

from egovpm.filings.models import Filing
from egovpm.lifecycle.engine import Facts
from egovpm.projects.engine import register_facts


def register() -> None:
    register_facts(Filing, filing_facts)


def filing_facts(filing: Filing) -> Facts:
    return Facts(stage=filing.stage, unit_id=filing.unit_id, stage_label=filing.stage_info.label)
