"""第七条(三) feasibility materials; 第七条(四) re-review (the resource catalog: egovpm.catalog.services)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from egovpm.core import clock
from egovpm.experts.services import expert_draw_close
from egovpm.intake.models import ApprovalOpinion, Declaration
from egovpm.intake.official_documents import opinion_title
from egovpm.official.services import number_allocate, official_issue
from egovpm.projects.engine import take


def feasibility_submit(*, actor, declaration: Declaration) -> Declaration:
    """Send the feasibility report, resource catalog and expert opinion to the Office (by 11-30)."""

    def stamp(decl: Declaration) -> dict:
        decl.feasibility_submitted_at = clock.now()
        return {"catalog_entries": decl.project.catalog_entries.count()}

    return take(actor=actor, obj=declaration, action="submit_feasibility", apply=stamp)


def re_review_start(*, actor, declaration: Declaration) -> Declaration:
    """Open the single re-review of this plan year."""

    def count(decl: Declaration) -> dict:
        decl.re_review_count += 1
        return {"re_review_count": decl.re_review_count}

    return take(actor=actor, obj=declaration, action="start_re_review", apply=count)


def approved_amount_check(declaration: Declaration, approved_amount: Decimal | None) -> None:
    """The approved investment of a written opinion: more than zero, at most the declared total."""
    if approved_amount is None or approved_amount <= 0:
        raise ValidationError({"approved_amount": "核定投资须大于零。"})
    if approved_amount > declaration.total_investment:
        raise ValidationError({"approved_amount": "核定投资不能超过申报的预计总投资。"})


def approval_opinion_issue(
    *, actor, declaration: Declaration, opinion: str, approved_amount: Decimal
) -> ApprovalOpinion:
    """Number (the policy's scheme, per calendar year) and store a written opinion, and issue it as an official
    document (egovpm.official), inside the caller's transaction: the re-review's (第七条(四)) and the joint
    review's (第九条(四)) share one sequence."""
    seq, number = number_allocate(kind="approval_opinion", year=clock.today().year)
    op = ApprovalOpinion(
        declaration=declaration,
        seq=seq,
        number=number,
        issued_on=clock.today(),
        text=opinion.strip(),
        approved_amount=approved_amount,
        issued_by=actor,
    )
    op.full_clean(exclude=["declaration"])
    op.save()
    official_issue(
        actor=actor,
        kind="approval_opinion",
        owner=op,
        project=declaration.project,
        title=opinion_title(declaration),
        numbered=(seq, number),
    )
    return op


def approve_with_opinion(
    *, actor, declaration: Declaration, action: str, opinion: str, approved_amount: Decimal
) -> ApprovalOpinion:
    """Take the approving `action` (re-review or joint review) and issue the numbered written opinion."""
    approved_amount_check(declaration, approved_amount)
    issued: dict = {}

    def issue(decl: Declaration) -> dict:
        op = approval_opinion_issue(actor=actor, declaration=decl, opinion=opinion, approved_amount=approved_amount)
        issued["opinion"] = op
        expert_draw_close(actor=actor, owner=decl)  # 第九条(四): the joint review's draw ends with it
        return {"approval_opinion": op.number, "approved_amount": approved_amount}

    take(actor=actor, obj=declaration, action=action, reason=opinion, apply=issue)
    return issued["opinion"]


def re_review_approve(*, actor, declaration: Declaration, opinion: str, approved_amount: Decimal) -> ApprovalOpinion:
    """Pass the re-review and issue the numbered, dated written opinion."""
    return approve_with_opinion(
        actor=actor, declaration=declaration, action="approve", opinion=opinion, approved_amount=approved_amount
    )


def re_review_return(*, actor, declaration: Declaration, reason: str) -> Declaration:
    """Fail the re-review: returned to the unit, and not re-reviewed again this year."""

    def record(decl: Declaration) -> dict:
        decl.return_reason = reason.strip()
        return {}

    return take(actor=actor, obj=declaration, action="return_re_review", reason=reason, apply=record)
