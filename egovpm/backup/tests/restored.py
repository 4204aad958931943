"""Run by test_backup in the restored database's own process (`python -m egovpm.backup.tests.restored YEAR`):
print the annual plan export's cells as the Office sees them, and the audit chain's verdict (JSON)."""

import io
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egovpm.testing.process_settings")

import django  # noqa: E402

django.setup()

from openpyxl import load_workbook  # noqa: E402

from egovpm.audit.selectors import audit_chain_verify  # noqa: E402
from egovpm.documents.models import Document  # noqa: E402
from egovpm.intake import exports, selectors_plan  # noqa: E402
from egovpm.intake.models import PlanYear  # noqa: E402
from egovpm.orgs.models import User  # noqa: E402


def _opened_sha256(document) -> str:
    import hashlib

    with document.file.open("rb") as opened:
        return hashlib.sha256(opened.read()).hexdigest()


def annual_plan_cells(year: int) -> list:
    office = User.objects.get(username="office_reviewer")
    plan_year = PlanYear.objects.get(year=year)
    content = exports.annual_plan_xlsx(
        year=year, declarations=list(selectors_plan.plan_declarations(office, plan_year))
    )
    rows = load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
    return json.loads(json.dumps([list(r) for r in rows], default=str))


if __name__ == "__main__":
    count, broken = audit_chain_verify()
    print(
        json.dumps(
            {
                "annual_plan": annual_plan_cells(int(sys.argv[1])),
                "audit_events": count,
                "audit_broken": broken,
                # opened through the platform: on the disk the files are sealed with the data key
                "files": {d.file.name: _opened_sha256(d) for d in Document.objects.all()},
            },
            ensure_ascii=False,
        )
    )
