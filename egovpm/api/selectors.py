"""Reads that only the API needs, each built on the visibility of intake.selectors (a project, a
document is visible exactly when one of its declarations is; the catalog's: egovpm.catalog.selectors)."""

from __future__ import annotations

import functools
import operator

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from egovpm.audit.models import AuditEvent
from egovpm.audit.selectors import audit_events_for
from egovpm.documents.models import Document
from egovpm.intake.models import Declaration
from egovpm.intake.selectors import declaration_get, declaration_list, declarations_visible_to
from egovpm.lifecycle.roles import Role
from egovpm.projects.models import Project

from .models import ApiToken


def api_tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("created_by", "revoked_by").order_by("-created_at", "-id")


def api_token_get(actor, pk: int) -> ApiToken | None:
    """A token the actor may manage (own, or anyone's for the system administrator), or None."""
    qs = ApiToken.objects.select_related("user")
    if not actor.has_role(Role.SYSADMIN):
        qs = qs.filter(user=actor)
    return qs.filter(pk=pk).first()


def projects_visible_to(user, **filters) -> QuerySet[Project]:
    """Projects with at least one declaration in `declaration_list(user, **filters)` (the UI's filters),
    each with its visible declarations prefetched, ordered by project code then id."""
    matching = declaration_list(user, **filters)
    visible = declarations_visible_to(user).select_related("plan_year").order_by("plan_year__year", "id")
    return (
        Project.objects.filter(pk__in=matching.values("project_id"))
        .select_related("unit")
        .prefetch_related(Prefetch("declarations", queryset=visible, to_attr="visible_declarations"))
        .order_by("code", "id")
    )


def project_get(user, pk: int) -> Project | None:
    """The project if the user sees one of its declarations, else None."""
    return projects_visible_to(user).filter(pk=pk).first()


def project_history(project) -> QuerySet[AuditEvent]:
    """The audit events of the project's visible declarations (`visible_declarations`), in chain order."""
    declarations = project.visible_declarations
    if not declarations:
        return AuditEvent.objects.none()
    return functools.reduce(operator.or_, (audit_events_for(d) for d in declarations)).order_by("seq")


def documents_of(declaration) -> QuerySet[Document]:
    """Every version of every material of a declaration the caller already may see."""
    return declaration.documents.select_related("uploaded_by", "outline_check", "outline_check__accepted_by").order_by(
        "kind", "-version"
    )


def document_get(user, pk: int) -> Document | None:
    """A document of a declaration the user may see, or None."""
    declarations = ContentType.objects.get_for_model(Declaration)
    doc = Document.objects.select_related("uploaded_by").filter(pk=pk, owner_type=declarations).first()
    if doc is None or declaration_get(user, doc.owner_id) is None:
        return None
    return doc


def audit_head() -> AuditEvent | None:
    """The newest link of the audit chain."""
    return AuditEvent.objects.order_by("-seq").first()
