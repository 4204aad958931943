"""The expert library's use cases (第七条(二), 第九条(三)): enrolment and the library's verification,
suspension and removal (audited with reasons), the expert's own profile, ties and windows; the draw by lot with
recusal and its replacements, manual picks, the drawn expert's answer, the lapse of unanswered invitations,
the scoring sheets, and the Audit bureau's re-run of a draw. Each one transaction with its audit event."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q

from egovpm.audit.services import audit_record
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.core.text import has_visible_text
from egovpm.lifecycle.roles import Role
from egovpm.policy.loader import get_policy
from egovpm.projects import hooks
from egovpm.projects.engine import is_office, lock, require
from egovpm.projects.models import Participant

from . import domain, ties
from .models import (
    Assignment,
    AssignmentStatus,
    DrawRound,
    ExpertDraw,
    ExpertProfile,
    ExpertStatus,
    ExpertTie,
    ScoreSheet,
    Unavailability,
)

PROFILE_FIELDS = ("fields", "title", "employer", "employer_unit", "region", "phone")


def _reason(reason: str, field: str = "reason", what: str = "理由") -> str:
    if not has_visible_text(reason):
        raise ValidationError({field: f"请填写{what}。"})
    return reason.strip()


def _check_fields(fields) -> list[str]:
    fields = [f for f in dict.fromkeys(fields or ()) if f]
    if not fields:
        raise ValidationError({"fields": "请至少选择一个专业领域。"})
    unknown = [f for f in fields if f not in domain.FIELD_LABELS]
    if unknown:
        raise ValidationError({"fields": "专业领域不在专家库的领域之列。"})
    return fields


def _profile_snapshot(p: ExpertProfile) -> dict:
    return {
        "fields": list(p.fields),
        "title": p.title,
        "employer": p.employer,
        "employer_unit": p.employer_unit_id,
        "region": p.region,
        "phone": p.phone,
        "status": p.status,
    }


def expert_enrol(*, actor, user, data: dict) -> ExpertProfile:
    """The Office enrols an expert account into the library; the profile waits for verification."""
    require(is_office(actor), "只有办公室可以将专家纳入专家库。")
    if not user.has_role(Role.EXPERT):
        raise ValidationError({"user": "只有具有专家角色的账号可以纳入专家库。"})
    with transaction.atomic():
        if ExpertProfile.objects.filter(user=user).exists():
            raise ValidationError({"user": "该专家已在专家库中。"})
        now = clock.now()
        data = {k: v for k, v in data.items() if k in PROFILE_FIELDS}
        data["fields"] = _check_fields(data.get("fields"))
        p = ExpertProfile(user=user, enrolled_at=now, updated_at=now, **data)
        p.full_clean()
        p.save()
        audit_record(actor=actor, action="expert.enrol", obj=p, after=_profile_snapshot(p))
    return p


def expert_profile_update(*, actor, profile: ExpertProfile, data: dict) -> ExpertProfile:
    """The expert keeps their own profile (the Office may correct it); an expert's change waits for the
    Office's verification again."""
    own = profile.user_id == actor.pk
    require(own or is_office(actor), "只有专家本人或办公室可以修改专家信息。")
    with transaction.atomic():
        p = lock(ExpertProfile, profile.pk)
        if p.status == ExpertStatus.REMOVED:
            raise Refused("该专家已移出专家库。")
        before = _profile_snapshot(p)
        data = {k: v for k, v in data.items() if k in PROFILE_FIELDS}
        if "fields" in data:
            data["fields"] = _check_fields(data["fields"])
        for k, v in data.items():
            setattr(p, k, v)
        if own and not is_office(actor) and p.status == ExpertStatus.VERIFIED:
            p.status, p.verified_at = ExpertStatus.ENROLLED, None
        p.updated_at = clock.now()
        p.full_clean()
        p.save()
        audit_record(actor=actor, action="expert.profile_update", obj=p, before=before, after=_profile_snapshot(p))
    return p


STATUS_MOVES = {
    # action: (from, to, label)
    "verify": ((ExpertStatus.ENROLLED,), ExpertStatus.VERIFIED, "核实"),
    "suspend": ((ExpertStatus.ENROLLED, ExpertStatus.VERIFIED), ExpertStatus.SUSPENDED, "暂停"),
    "reinstate": ((ExpertStatus.SUSPENDED,), ExpertStatus.ENROLLED, "恢复"),
    "remove": ((ExpertStatus.ENROLLED, ExpertStatus.VERIFIED, ExpertStatus.SUSPENDED), ExpertStatus.REMOVED, "移出"),
}


def expert_status_change(*, actor, profile: ExpertProfile, action: str, reason: str) -> ExpertProfile:
    """The Office verifies, suspends, reinstates (to be verified again) or removes an expert, with a reason."""
    require(is_office(actor), "只有办公室可以核实、暂停或移出专家。")
    if action not in STATUS_MOVES:
        raise ValidationError({"action": "未知的操作。"})
    sources, target, label = STATUS_MOVES[action]
    reason = _reason(reason, what=f"{label}的理由")
    with transaction.atomic():
        p = lock(ExpertProfile, profile.pk)
        if p.status not in sources:
            raise Refused(f"该专家当前为“{p.get_status_display()}”，不能{label}。", code="stale")
        before = p.status
        p.status, p.status_reason, p.updated_at = target, reason, clock.now()
        if target == ExpertStatus.VERIFIED:
            p.verified_at = p.updated_at
        p.save()
        audit_record(
            actor=actor,
            action=f"expert.{action}",
            obj=p,
            before={"status": before},
            after={"status": p.status},
            reason=reason,
        )
    return p


def _own_or_office(actor, profile: ExpertProfile) -> None:
    require(profile.user_id == actor.pk or is_office(actor), "只有专家本人或办公室可以登记。")


def expert_tie_add(*, actor, profile: ExpertProfile, kind: str, unit=None, name: str = "", ended_on=None) -> ExpertTie:
    """Record a relation that requires recusal (a unit worked for, a supplier, a supervision firm)."""
    _own_or_office(actor, profile)
    if unit is None and not has_visible_text(name):
        raise ValidationError({"name": "请选择本市单位或填写单位名称。"})
    with transaction.atomic():
        tie = ExpertTie(
            expert=profile, kind=kind, unit=unit, name=(name or "").strip(), ended_on=ended_on, recorded_at=clock.now()
        )
        tie.full_clean()
        tie.save()
        audit_record(
            actor=actor,
            action="expert.tie_add",
            obj=profile,
            after={"kind": kind, "unit": getattr(unit, "pk", None), "name": tie.name, "ended_on": ended_on},
        )
    return tie


def expert_unavailability_add(
    *, actor, profile: ExpertProfile, start: dt.date, end: dt.date, note: str = ""
) -> Unavailability:
    """Record a window in which the expert cannot sit a review."""
    _own_or_office(actor, profile)
    if end < start:
        raise ValidationError({"end": "结束日期不能早于起始日期。"})
    with transaction.atomic():
        w = Unavailability(expert=profile, start=start, end=end, note=note.strip())
        w.full_clean()
        w.save()
        audit_record(actor=actor, action="expert.unavailability_add", obj=profile, after={"start": start, "end": end})
    return w


# The draw by lot --------------------------------------------------------------------------------------------


def _review_facts(draw: ExpertDraw) -> domain.ReviewFacts:
    policy = get_policy().experts
    project = draw.project
    firms = Participant.objects.filter(project=project, role=Participant.Role.SUPERVISION_FIRM).select_related("unit")
    return domain.ReviewFacts(
        kind=draw.kind,
        unit_id=draw.unit_id,
        supervisor_id=draw.unit.parent_id,
        supplier_names=frozenset(domain.tie_key(n) for n in ties.supplier_names(project)),
        firm_unit_ids=frozenset(f.unit_id for f in firms),
        firm_names=frozenset(domain.tie_key(f.unit.name) for f in firms),
        period=(draw.period_start, draw.period_end),
        former_employer_years=policy.former_employer_years,
        yearly_cap=policy.yearly_cap,
        recuse_earlier=frozenset(policy.recuse_earlier.get(draw.kind, ())),
    )


def _expert_facts(draw: ExpertDraw) -> list[domain.ExpertFacts]:
    """Every expert of the library, with what the recusal rules need, in a fixed number of queries."""
    year = draw.period_start.year
    counted = (
        Q(assignments__status__in=(AssignmentStatus.ACCEPTED, AssignmentStatus.INVITED))
        & Q(assignments__draw__period_start__year=year)
        & ~Q(assignments__draw=draw)
    )
    profiles = (
        ExpertProfile.objects.exclude(status=ExpertStatus.REMOVED)
        .annotate(reviews=Count("assignments", filter=counted))
        .prefetch_related("ties", "unavailability")
        .order_by("id")
    )
    earlier = {}
    for expert_id, kind in (
        Assignment.objects.filter(draw__project=draw.project, status=AssignmentStatus.ACCEPTED)
        .exclude(draw=draw)
        .values_list("expert_id", "draw__kind")
    ):
        earlier.setdefault(expert_id, set()).add(kind)
    in_draw = set(draw.assignments.values_list("expert_id", flat=True))
    facts = []
    for p in profiles:
        former = tuple(
            (t.unit_id, t.ended_on) for t in p.ties.all() if t.kind == ExpertTie.Kind.FORMER_EMPLOYER and t.unit_id
        )
        tied = [t for t in p.ties.all() if t.kind != ExpertTie.Kind.FORMER_EMPLOYER]
        facts.append(
            domain.ExpertFacts(
                expert_id=p.pk,
                active=p.status == ExpertStatus.VERIFIED,
                fields=frozenset(p.fields),
                employer_unit_id=p.employer_unit_id,
                former_units=former,
                tied_names=frozenset(domain.tie_key(t.name) for t in tied if t.name),
                tied_unit_ids=frozenset(t.unit_id for t in tied if t.unit_id),
                unavailable=tuple((w.start, w.end) for w in p.unavailability.all()),
                reviews_this_year=p.reviews,
                earlier_kinds=frozenset(earlier.get(p.pk, ())),
                in_this_draw=p.pk in in_draw,
            )
        )
    return facts


def _run_round(draw: ExpertDraw, *, field: str, count: int, replaces: Assignment | None = None) -> DrawRound:
    """Exclude, with the reason for each, then draw `count` experts of `field` from the rest."""
    review = _review_facts(draw)
    pool, excluded = [], []
    for e in _expert_facts(draw):
        if field not in e.fields:
            continue
        why = domain.exclusion(e, review)
        if why is None:
            pool.append(e.expert_id)
        elif why[0] != "already_drawn":
            excluded.append({"expert": e.expert_id, "code": why[0], "reason": why[1]})
    number = (draw.rounds.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    picked = domain.draw(pool, seed=draw.seed, round_number=number, field_code=field, count=count)
    now = clock.now()
    rnd = DrawRound.objects.create(
        draw=draw,
        number=number,
        field=field,
        count=count,
        pool=pool,
        excluded=excluded,
        picked=picked,
        replaces=replaces,
        made_at=now,
    )
    respond_by = clock.today() + dt.timedelta(days=get_policy().experts.accept_days)
    for expert_id in picked:
        Assignment.objects.create(
            draw=draw, expert_id=expert_id, round=rnd, field=field, respond_by=respond_by, invited_at=now
        )
    return rnd


def _round_record(rnd: DrawRound) -> dict:
    return {
        "round": rnd.number,
        "field": rnd.field,
        "count": rnd.count,
        "seed": rnd.draw.seed,
        "pool": rnd.pool,
        "picked": rnd.picked,
        "excluded": rnd.excluded,
        "replaces": rnd.replaces_id,
    }


def _check_requirements(requirements) -> list[dict]:
    rows = []
    for r in requirements or ():
        field, count = r.get("field"), r.get("count")
        if field not in domain.FIELD_LABELS:
            raise ValidationError({"requirements": "专业领域不在专家库的领域之列。"})
        if not isinstance(count, int) or isinstance(count, bool) or count < 0 or count > 15:
            raise ValidationError({"requirements": "每个领域的抽取人数应为 0 至 15 的整数。"})
        if count:
            rows.append({"field": field, "count": count})
    if not rows:
        raise ValidationError({"requirements": "请至少在一个专业领域填写抽取人数。"})
    if len({r["field"] for r in rows}) != len(rows):
        raise ValidationError({"requirements": "每个专业领域只填写一次。"})
    return rows


def expert_draw_make(
    *, actor, owner, project, unit, kind: str, requirements: list[dict], period_end: dt.date, seed: str = ""
) -> ExpertDraw:
    """Draw experts by lot for a review. Call inside the owning app's transaction, after it checked that its
    record is in review; the Office states how many experts of which fields. The seed is recorded in the draw
    and in the audit event (a fresh random one unless given: the demo's and tests' fixed seeds)."""
    require(is_office(actor), "只有办公室可以抽取专家。")
    if kind not in dict(domain.KINDS):
        raise ValidationError({"kind": "未知的评审类别。"})
    rows = _check_requirements(requirements)
    owner_type = ContentType.objects.get_for_model(owner)
    with transaction.atomic():
        if ExpertDraw.objects.filter(owner_type=owner_type, owner_id=owner.pk, closed_at__isnull=True).exists():
            raise Refused("该项目的本次评审已抽取专家；如需增补，请在抽取记录页人工指定专家。", code="stale")
        draw = ExpertDraw.objects.create(
            project=project,
            unit=unit,
            owner_type=owner_type,
            owner_id=owner.pk,
            kind=kind,
            requirements=rows,
            seed=seed or secrets.token_hex(16),
            period_start=clock.today(),
            period_end=period_end,
            made_by=actor,
            made_at=clock.now(),
        )
        rounds = [_run_round(draw, field=r["field"], count=r["count"]) for r in rows]
        short = [r for r in rounds if len(r.picked) < r.count]
        audit_record(
            actor=actor,
            action="expert_draw.make",
            obj=draw,
            after={"kind": kind, "requirements": rows, "seed": draw.seed, "rounds": [_round_record(r) for r in rounds]},
        )
        if short:
            labels = "、".join(domain.FIELD_LABELS[r.field] for r in short)
            audit_record(
                actor=actor,
                action="expert_draw.short",
                obj=draw,
                after={"fields": [r.field for r in short]},
                reason=f"{labels}可抽取的专家不足",
            )
    return draw


def _replace(actor, assignment: Assignment) -> DrawRound | None:
    """Draw a replacement of the same field the same way (a new round of the same seed)."""
    draw = assignment.draw
    if draw.closed_at:
        return None
    rnd = _run_round(draw, field=assignment.field, count=1, replaces=assignment)
    audit_record(actor=actor, action="expert_draw.replace", obj=draw, after=_round_record(rnd))
    return rnd


def _open_assignment(actor, assignment: Assignment) -> Assignment:
    require(assignment.expert.user_id == actor.pk, "只有被抽中的专家本人可以确认。")
    a = lock(Assignment, assignment.pk)
    draw = a.draw
    if draw.closed_at:
        raise Refused("该评审已结束。")
    if a.status != AssignmentStatus.INVITED:
        raise Refused(f"您已确认过（{a.get_status_display()}）。", code="stale")
    if clock.today() > a.respond_by:
        raise Refused(f"确认期限 {a.respond_by:%Y年%m月%d日} 已过。")
    return a


def assignment_accept(*, actor, assignment: Assignment, no_conflict: bool) -> Assignment:
    """The drawn expert accepts, declaring first that they have no conflict with the project (before they see
    its materials); the accepted expert becomes an invited reviewer of the owning record (projects.hooks)."""
    if not no_conflict:
        raise ValidationError({"no_conflict": "请先声明与本项目不存在应当回避的关系；存在的，请选择申报回避。"})
    with transaction.atomic():
        a = _open_assignment(actor, assignment)
        a.status, a.responded_at = AssignmentStatus.ACCEPTED, clock.now()
        a.save()
        audit_record(
            actor=actor,
            action="expert_assignment.accept",
            obj=a.draw,
            after={"assignment": a.pk, "expert": a.expert_id, "no_conflict": True},
        )
        hooks.announce(hooks.EXPERT_ACCEPTED, assignment=a)
    return a


def assignment_decline(*, actor, assignment: Assignment, reason: str, conflict: bool = False) -> Assignment:
    """The drawn expert declines, or declares a conflict, with the reason; a replacement is drawn."""
    reason = _reason(reason, what="回避的情况" if conflict else "谢绝的理由")
    with transaction.atomic():
        a = _open_assignment(actor, assignment)
        a.status = AssignmentStatus.CONFLICT if conflict else AssignmentStatus.DECLINED
        a.responded_at, a.response_reason = clock.now(), reason
        a.save()
        audit_record(
            actor=actor,
            action="expert_assignment.conflict" if conflict else "expert_assignment.decline",
            obj=a.draw,
            after={"assignment": a.pk, "expert": a.expert_id, "status": a.status},
            reason=reason,
        )
        _replace(actor, a)
    return a


def assignments_lapse(*, today: dt.date | None = None) -> int:
    """Invitations not answered by their deadline lapse, and a replacement is drawn for each (the daily
    command expert_draws_lapse; the system is the actor)."""
    today = today or clock.today()
    lapsed = 0
    for pk in Assignment.objects.filter(
        status=AssignmentStatus.INVITED, respond_by__lt=today, draw__closed_at__isnull=True
    ).values_list("pk", flat=True):
        with transaction.atomic():
            a = lock(Assignment, pk)
            if a.status != AssignmentStatus.INVITED:
                continue
            a.status, a.responded_at = AssignmentStatus.LAPSED, clock.now()
            a.save()
            audit_record(
                actor=None,
                action="expert_assignment.lapse",
                obj=a.draw,
                after={"assignment": a.pk, "expert": a.expert_id},
                reason=f"确认期限 {a.respond_by:%Y-%m-%d} 已过",
            )
            _replace(None, a)
            lapsed += 1
    return lapsed


def assignment_pick(*, actor, draw: ExpertDraw, profile: ExpertProfile, field: str, reason: str) -> Assignment:
    """A manual pick by the Office, only with a reason, marked as such; recusal still applies."""
    require(is_office(actor), "只有办公室可以人工指定专家。")
    reason = _reason(reason, what="人工指定的理由")
    if field not in profile.fields:
        raise ValidationError({"field": "该专家不在所选专业领域。"})
    with transaction.atomic():
        draw = lock(ExpertDraw, draw.pk)
        if draw.closed_at:
            raise Refused("该评审已结束。")
        facts = next((e for e in _expert_facts(draw) if e.expert_id == profile.pk), None)
        why = domain.exclusion(facts, _review_facts(draw)) if facts else ("inactive", "不在专家库中")
        if why:
            raise ValidationError({"expert": f"不能指定该专家：{why[1]}。"})
        a = Assignment.objects.create(
            draw=draw,
            expert=profile,
            field=field,
            manual=True,
            manual_reason=reason,
            respond_by=clock.today() + dt.timedelta(days=get_policy().experts.accept_days),
            invited_at=clock.now(),
        )
        audit_record(
            actor=actor,
            action="expert_draw.manual_pick",
            obj=draw,
            after={"assignment": a.pk, "expert": profile.pk, "field": field, "manual": True},
            reason=reason,
        )
    return a


def expert_draw_close(*, actor, owner) -> None:
    """The owning record's review concluded: its draw closes (no more answers, replacements or scores).
    Called inside the conclusion's transaction."""
    owner_type = ContentType.objects.get_for_model(owner)
    for draw in ExpertDraw.objects.select_for_update().filter(
        owner_type=owner_type, owner_id=owner.pk, closed_at__isnull=True
    ):
        draw.closed_at = clock.now()
        draw.save(update_fields=["closed_at"])
        audit_record(actor=actor, action="expert_draw.close", obj=draw)


def expert_draw_verify(*, actor, draw: ExpertDraw) -> list[dict]:
    """The Audit bureau (or the Office) re-runs every round of a draw from its recorded seed and pool and
    compares the result with the experts drawn; the check itself is recorded."""
    require(actor.has_role(Role.AUDIT_REVIEWER) or is_office(actor), "只有市审计局或办公室可以复核抽取。")
    results = []
    for rnd in draw.rounds.order_by("number"):
        again = domain.draw(rnd.pool, seed=draw.seed, round_number=rnd.number, field_code=rnd.field, count=rnd.count)
        results.append(
            {
                "round": rnd.number,
                "field": rnd.field,
                "recorded": rnd.picked,
                "recomputed": again,
                "ok": again == rnd.picked,
            }
        )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="expert_draw.verify",
            obj=draw,
            after={"rounds": results, "ok": all(r["ok"] for r in results)},
        )
    return results


# Scoring sheets ---------------------------------------------------------------------------------------------


def sheet_of(kind: str) -> domain.Sheet:
    return domain.Sheet.of(kind, get_policy().experts.sheets[kind])


def score_sheet_submit(*, actor, assignment: Assignment, scores: dict, comment: str) -> ScoreSheet:
    """The accepted expert scores each criterion of the policy's sheet and comments; once, for the record."""
    require(assignment.expert.user_id == actor.pk, "只有评审专家本人可以打分。")
    sheet = sheet_of(assignment.draw.kind)
    values, errors = domain.sheet_scores(sheet, scores)
    if not has_visible_text(comment):
        errors["comment"] = "请填写评审意见。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        a = lock(Assignment, assignment.pk)
        if a.status != AssignmentStatus.ACCEPTED:
            raise Refused("只有已接受邀请的专家可以打分。")
        if a.draw.closed_at:
            raise Refused("该评审已结束，不能再打分。")
        if ScoreSheet.objects.filter(assignment=a).exists():
            raise Refused("您已提交过打分表。", code="stale")
        s = ScoreSheet(
            assignment=a,
            version=sheet.version,
            scores={k: str(v) for k, v in values.items()},
            total=domain.sheet_total(values),
            comment=comment.strip(),
            submitted_at=clock.now(),
        )
        s.full_clean()
        s.save()
        audit_record(
            actor=actor,
            action="score_sheet.submit",
            obj=a.draw,
            after={"assignment": a.pk, "version": s.version, "scores": s.scores, "total": s.total},
            reason=s.comment,
        )
    return s
