"""Reads of 第五条's duplicate-construction check: the projects most similar to one (through the index, not a
scan), the Office's judgements and the unit's statements, and the resources other units already provide.

Visibility: a similar project the user may see (intake.selectors.declarations_visible_to) is shown in full
(construction content, catalog items, what overlaps); another unit's project only by its name and unit,
and only once it has reached the Office or is filed (a draft is its unit's own)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, F, FloatField, Q, Sum, Value, When

from egovpm.catalog.models import ResourceCatalogEntry
from egovpm.duplication import domain
from egovpm.duplication.models import DuplicationJudgement, IndexedProject, IndexGram, IndexPosting
from egovpm.intake.models import Declaration
from egovpm.intake.selectors import BEFORE_OFFICE, declarations_visible_to, visible_unit_ids
from egovpm.lifecycle.roles import OFFICE_ROLES
from egovpm.policy.loader import get_policy
from egovpm.projects.engine import is_applicant_of, may
from egovpm.projects.models import Project

POOL = 30  # candidates scored in full


def project_text(project: Project) -> domain.Text:
    """What the project says it builds: its name, the construction content of its latest declaration (or
    its filing's), the information items of its catalog."""
    content = (
        Declaration.objects.filter(project=project)
        .order_by("-plan_year__year", "-pk")
        .values_list("purpose_and_content", flat=True)
        .first()
    )
    if content is None:
        content = project.filings.order_by("-pk").values_list("description", flat=True).first()
    items: list[str] = []
    for entry in ResourceCatalogEntry.objects.filter(project=project).order_by("code", "pk"):
        items.extend(i for i in entry.item_list() if i not in items)
    return domain.Text(project.name, content or "", tuple(items))


def similar_to(text: domain.Text, *, exclude: int | None = None, limit: int = 10) -> list[tuple[int, domain.Match]]:
    """The indexed projects most similar to `text` (project id, match), the best first: the idf-weighted
    count of the query's rarest grams, summed by the database over the index, picks the candidates, domain.compare scores them.
    A fixed number of queries, whatever the number of projects."""
    query = text.index_grams()
    if not query:
        return []
    df = dict(IndexGram.objects.filter(gram__in=list(query), df__gt=0).values_list("gram", "df"))
    n = IndexedProject.objects.count()
    wanted = domain.retrieval_grams(query, df, n)
    weights = [When(gram=g, then=Value(domain.idf(df[g], n))) for g in wanted]
    if not weights:
        return []
    # Σ count × idf per project, summed by the database over the index (domain.retrieval_scores)
    scored = (
        IndexPosting.objects.filter(gram__in=wanted)
        .values("document_id")
        .annotate(score=Sum(F("count") * Case(*weights, default=Value(0.0), output_field=FloatField())))
        .order_by("-score", "document_id")
    )
    if exclude is not None:
        scored = scored.exclude(document_id=exclude)
    candidates = {row["document_id"]: row["score"] for row in scored[:POOL]}
    best = list(candidates)
    texts = {
        d.pk: domain.Text(d.name, d.content, d.item_list())
        for d in IndexedProject.objects.filter(pk__in=best).only("pk", "name", "content", "items")
    }
    grams: set[str] = set()
    for t in texts.values():
        grams.update(domain.grams(t.name + " " + t.content))
    missing = list(grams - df.keys())
    if missing:
        df.update(IndexGram.objects.filter(gram__in=missing).values_list("gram", "df"))
    return domain.rank(text, {k: candidates[k] for k in texts}, texts, df, n, limit=limit, exclude=exclude)


@dataclass
class SimilarProject:
    project: Project
    match: domain.Match
    detail: bool  # the user may see the project: construction content, items and overlaps are shown
    close: bool  # at or above the policy's close_match
    declaration: Declaration | None  # its latest declaration the user may open
    judgement: DuplicationJudgement | None = None
    statement: object | None = None
    content: str = ""
    items: tuple[str, ...] = field(default_factory=tuple)

    @property
    def score_percent(self) -> int:
        return round(self.match.score * 100)


def _published(project_ids) -> set[int]:
    """Projects another unit may know of: a declaration has reached the Office, or the project is filed."""
    reached = Declaration.objects.filter(project_id__in=project_ids).exclude(stage__in=BEFORE_OFFICE)
    filed = Project.objects.filter(pk__in=project_ids, filings__isnull=False)
    return set(reached.values_list("project_id", flat=True)) | set(filed.values_list("pk", flat=True))


def similar_projects(user, declaration: Declaration) -> list[SimilarProject]:
    """The projects of every unit most similar to the declaration's project, with what the user may see of
    each, the Office's judgement of the pair and the unit's statement."""
    policy = get_policy().intake.similarity
    found = similar_to(project_text(declaration.project), exclude=declaration.project_id, limit=policy.shown * 2)
    return _rows(user, declaration, found)[: policy.shown]


def similar_pair(user, declaration: Declaration, other_id: int) -> SimilarProject | None:
    """The project `other_id` compared with the declaration's (for judging or explaining the pair), whether or
    not it is listed: the Office may judge, and the unit explain, any pair it sees — one the list does not
    show too. None when the project is not indexed or not to be shown to the user."""
    document = IndexedProject.objects.filter(pk=other_id).exclude(pk=declaration.project_id).first()
    if document is None:
        return None
    text = project_text(declaration.project)
    other = domain.Text(document.name, document.content, document.item_list())
    grams = list(set(text.index_grams()) | set(other.index_grams()))
    df = dict(IndexGram.objects.filter(gram__in=grams).values_list("gram", "df"))
    match = domain.compare(text, other, df, IndexedProject.objects.count())
    rows = _rows(user, declaration, [(other_id, match)], least=0.0)
    return rows[0] if rows else None


def _rows(
    user, declaration: Declaration, found: list[tuple[int, domain.Match]], *, least: float | None = None
) -> list[SimilarProject]:
    policy = get_policy().intake.similarity
    found = [(pk, m) for pk, m in found if m.score >= (policy.listed if least is None else least)]
    if not found:
        return []
    ids = [pk for pk, _ in found]
    projects = Project.objects.select_related("unit").in_bulk(ids)
    visible = declarations_visible_to(user).filter(project_id__in=ids).order_by("-plan_year__year", "-pk")
    latest: dict[int, Declaration] = {}
    for d in visible.select_related("plan_year"):
        latest.setdefault(d.project_id, d)
    own_units = visible_unit_ids(user)
    published = _published(ids)
    judgements = {
        j.other(declaration.project_id): j
        for j in DuplicationJudgement.objects.filter(
            Q(low_id=declaration.project_id, high_id__in=ids) | Q(high_id=declaration.project_id, low_id__in=ids)
        ).select_related("decided_by")
    }
    statements = {
        s.other_id: s for s in declaration.not_duplicate_statements.filter(other_id__in=ids).select_related("stated_by")
    }
    texts = {d.pk: d for d in IndexedProject.objects.filter(pk__in=ids).only("pk", "content", "items")}
    rows = []
    for pk, match in found:
        project = projects.get(pk)
        if project is None:
            continue
        if pk not in latest and pk not in published and project.unit_id not in own_units:
            continue  # another unit's draft is its unit's own: not even the Office sees it
        detail = pk in latest or (bool(user.roles & OFFICE_ROLES) and pk in published)
        rows.append(
            SimilarProject(
                project=project,
                match=match,
                detail=detail,
                close=match.score >= policy.close_match,
                declaration=latest.get(pk),
                judgement=judgements.get(pk),
                statement=statements.get(pk),
                content=texts[pk].content if detail and pk in texts else "",
                items=match.items if detail else (),
            )
        )
    return rows


def judgements_of(project: Project) -> list[DuplicationJudgement]:
    """The Office's judgements naming the project (shown to its unit)."""
    return list(
        DuplicationJudgement.objects.filter(Q(low=project) | Q(high=project))
        .select_related("low", "low__unit", "high", "high__unit", "decided_by")
        .order_by("-decided_at", "-pk")
    )


@dataclass(frozen=True)
class SharedResource:
    """第五条, 第十六条: an entry of the project's catalog whose information items another unit already
    provides: obtain them through sharing rather than build them."""

    entry: ResourceCatalogEntry
    provider: ResourceCatalogEntry
    items: tuple[str, ...]
    share: float


def shared_resources(project: Project, *, near: float = 0.5) -> list[SharedResource]:
    """For each entry of the project's catalog, the entries of other units' projects that hold the same
    or nearly the same information items (at least `near` of the smaller list), the closest first."""
    own = list(ResourceCatalogEntry.objects.filter(project=project).order_by("code", "pk"))
    if not own:
        return []
    keys = {e.pk: {domain.item_key(i): i for i in e.item_list()} for e in own}
    wanted = set().union(*(k.keys() for k in keys.values()))
    others = (
        ResourceCatalogEntry.objects.exclude(project__unit_id=project.unit_id)
        .filter(project__in=Project.objects.filter(pk__in=_published_all()))
        .select_related("project", "project__unit")
        .order_by("project__code", "code")
    )
    found = []
    for other in others:
        theirs = {domain.item_key(i) for i in other.item_list()}
        if not theirs & wanted:
            continue
        for entry in own:
            mine = keys[entry.pk]
            common = tuple(sorted(mine[k] for k in mine.keys() & theirs))
            if not common:
                continue
            share = len(common) / min(len(mine), len(theirs))
            if share >= near:
                found.append(SharedResource(entry, other, common, round(share, 2)))
    found.sort(key=lambda s: (s.entry.code, -s.share, s.provider.project.code))
    return found


def _published_all():
    """The projects other units may know of (see _published), as a subquery."""
    reached = Declaration.objects.exclude(stage__in=BEFORE_OFFICE).values("project_id")
    return Project.objects.filter(Q(pk__in=reached) | Q(filings__isnull=False)).values("pk")


def duplication_section(user, declaration: Declaration) -> dict:
    """What the declaration page's 第五条 section shows this user: the similar projects (with judgements and
    statements), the close matches, the shared resources, and whether the user may judge or explain now."""
    rows = similar_projects(user, declaration)
    can_judge = bool(rows) and may(user, declaration, "judge_duplication")[0]
    can_explain = (
        bool(rows) and is_applicant_of(user, declaration) and may(user, declaration, "explain_not_duplicate")[0]
    )
    return {
        "rows": rows,
        "close": [r for r in rows if r.close and r.judgement is None],
        "can_judge": can_judge,
        "can_explain": can_explain,
        "shared": shared_resources(declaration.project),
        "threshold": round(get_policy().intake.similarity.close_match * 100),
    }


def catalog_shared(user, project: Project) -> dict | None:
    """The catalog page's section (projects.project_pages): the shared resources, when there are any. The
    catalog page has checked the project is visible to the user."""
    shared = shared_resources(project)
    return {"shared": shared} if shared else None
