"""第一条, 第五条: keeping the similar-projects index, the Office's judgement of a similar pair and the unit's
statement why its project is not a duplicate. The index follows the services that describe a project
(projects.hooks.PROJECT_DESCRIBED, inside their transaction); the judgement and the statement are
activities of the declaration's workflow (the one engine: permission, stage, audit event, transaction)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F

from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.duplication.models import (
    REMEDIES,
    DuplicationJudgement,
    IndexedProject,
    IndexGram,
    IndexPosting,
    NotDuplicateStatement,
    Remedy,
    Verdict,
)
from egovpm.duplication.selectors import project_text
from egovpm.intake.models import Declaration
from egovpm.projects.engine import perform
from egovpm.projects.models import Project


def project_index(*, project: Project) -> IndexedProject:
    """Bring the project's row of the index up to date (its postings and the grams' document frequencies).
    Runs inside the transaction of the service that changed the project."""
    text = project_text(project)
    counts = text.index_grams()
    now = clock.now()
    document, created = IndexedProject.objects.select_for_update().get_or_create(
        project=project,
        defaults={"name": text.name, "content": text.content, "items": "\n".join(text.items), "indexed_at": now},
    )
    if not created:
        document.name, document.content, document.items = text.name, text.content, "\n".join(text.items)
        document.indexed_at = now
        document.save()
    old = dict(document.postings.values_list("gram", "count"))
    added = [g for g in counts if g not in old]
    removed = [g for g in old if g not in counts]
    changed = [g for g in counts if g in old and old[g] != counts[g]]
    if removed:
        IndexPosting.objects.filter(document=document, gram__in=removed).delete()
        IndexGram.objects.filter(gram__in=removed).update(df=F("df") - 1)
    for g in changed:
        IndexPosting.objects.filter(document=document, gram=g).update(count=counts[g])
    if added:
        IndexPosting.objects.bulk_create(IndexPosting(document=document, gram=g, count=counts[g]) for g in added)
        IndexGram.objects.bulk_create((IndexGram(gram=g, df=0) for g in added), ignore_conflicts=True)
        IndexGram.objects.filter(gram__in=added).update(df=F("df") + 1)
    return document


def on_project_described(*, project: Project, **_) -> None:
    project_index(project=project)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def judgement_record(
    *,
    actor,
    declaration: Declaration,
    other: Project,
    verdict: str,
    remedy: str,
    reason: str,
    score: Decimal | float | str = 0,
) -> DuplicationJudgement:
    """第五条: the Office judges whether `other` duplicates the project of `declaration`: a duplicate (merge
    the projects, or reuse the existing system), overlapping (share through the exchange platform) or
    distinct. Once per pair: asked again, refused."""
    problems = {}
    if verdict not in Verdict.values:
        problems["verdict"] = "请选择判定结果。"
    elif remedy not in [str(r) for r in REMEDIES[Verdict(verdict)]]:
        allowed = "、".join(Remedy(r).label for r in REMEDIES[Verdict(verdict)])
        problems["remedy"] = f"“{Verdict(verdict).label}”的处理方式应为：{allowed}。"
    if not reason.strip():
        problems["reason"] = "请填写判定理由。"
    if other.pk == declaration.project_id:
        problems["other"] = "不能与项目本身比较。"
    if problems:
        raise ValidationError(problems)
    low, high = _pair(declaration.project_id, other.pk)

    def apply(locked):
        if DuplicationJudgement.objects.filter(low_id=low, high_id=high).exists():
            raise Refused("办公室已对这两个项目作出重复建设判定，不再重复判定。", code="judged")
        judgement = DuplicationJudgement(
            low_id=low,
            high_id=high,
            verdict=verdict,
            remedy=remedy,
            reason=reason.strip(),
            score=Decimal(str(score)).quantize(Decimal("0.0001")),
            declaration=locked,
            decided_by=actor,
            decided_at=clock.now(),
        )
        judgement.full_clean()
        judgement.save()
        after = {"other": other.pk, "other_name": other.name, "verdict": verdict, "remedy": remedy}
        return judgement, {}, {**after, "score": str(judgement.score)}

    return perform(actor=actor, obj=declaration, activity="judge_duplication", reason=reason, apply=apply)


def statement_record(*, actor, declaration: Declaration, other: Project, reason: str) -> NotDuplicateStatement:
    """第五条: the unit states why its project is not a duplicate of `other` (once per pair; a second
    statement replaces the first, the audit chain keeps both)."""
    if not reason.strip():
        raise ValidationError({"reason": "请说明与该项目不重复的理由。"})
    if other.pk == declaration.project_id:
        raise ValidationError({"other": "不能与项目本身比较。"})

    def apply(locked):
        statement = NotDuplicateStatement.objects.filter(declaration=locked, other=other).first()
        before = {"reason": statement.reason} if statement else {}
        if statement is None:
            statement = NotDuplicateStatement(declaration=locked, other=other)
        statement.reason, statement.stated_by, statement.stated_at = reason.strip(), actor, clock.now()
        statement.full_clean()
        statement.save()
        return statement, before, {"other": other.pk, "other_name": other.name, "reason": statement.reason}

    return perform(actor=actor, obj=declaration, activity="explain_not_duplicate", reason=reason, apply=apply)
