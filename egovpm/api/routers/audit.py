"""The audit chain for the Audit bureau: its head, and a full verification."""

from ninja import Router

from egovpm.audit.services_admin import audit_verify
from egovpm.lifecycle.roles import OFFICE_ROLES, Role

from .. import present
from ..access import answers, require_roles
from ..schemas.audit import AuditHeadOut, AuditVerifyOut
from ..selectors import audit_head

router = Router(tags=["审计链 / Audit chain"])

# 市审计局 checks the chain; the Office, which runs the platform, may too.
AUDIT_READERS = (Role.AUDIT_REVIEWER, *OFFICE_ROLES)
AUDIT_ONLY = "只有市审计局和办公室可以查看审计链。"
# Verifying the chain is the audit administrator's (三员分立; the Office runs the platform and is itself
# audited, so it does not pronounce on the chain), as on the 验证审计链 page.
VERIFIERS = (Role.AUDITADMIN,)
VERIFY_ONLY = "只有审计管理员可以校验审计链。"


@router.get(
    "/audit/head",
    **answers(AuditHeadOut, 401, 403),
    operation_id="audit_head",
    summary="审计链头 / Head of the audit chain",
    description=(
        "最新审计事件的序号、哈希与时间；保存它，日后可核对链未被改写。角色：市审计局、办公室。"
        " / The newest event's sequence number, hash and time; keep it to check later that the chain was not"
        " rewritten. Roles: Audit, the Office."
    ),
)
def head(request):
    require_roles(request.user, AUDIT_READERS, AUDIT_ONLY)
    return present.audit_head(audit_head())


@router.get(
    "/audit/verify",
    **answers(AuditVerifyOut, 401, 403),
    operation_id="audit_verify",
    summary="校验审计链 / Verify the audit chain",
    description=(
        "逐条重算带密钥的哈希，校验序号连续、前后相连、内容未改，并与库外锚点核对（发现截断）；返回第一处问题。角色：审计管理员。"
        " / Recomputes every keyed hash and checks sequence, links and content, and the chain against the anchors kept"
        " outside the database (a truncation); returns the first problem."
        " Roles: the audit administrator."
    ),
)
def verify(request):
    require_roles(request.user, VERIFIERS, VERIFY_ONLY)
    verified_head = audit_head()  # the head that is verified; the verification itself is recorded after it
    report = audit_verify(actor=request.user)
    broken = report.broken
    return {
        "ok": broken is None,
        "count": report.count,
        "broken_seq": broken[0] if broken else None,
        "reason": broken[1] if broken else "",
        "head": present.audit_head(verified_head),
    }
