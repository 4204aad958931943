"""The catalog's part in the one engine: the guard catalog_open of the declaration's edit_catalog
activity (第十六条, 第二十条). Registered by CatalogConfig.ready()."""

from __future__ import annotations

from egovpm.intake.models import Declaration
from egovpm.lifecycle.engine import register_guards
from egovpm.projects.engine import contributed_guard_values, register_guard_values

from . import domain


def register() -> None:
    register_guards(*domain.GUARDS)
    register_guard_values(Declaration, declaration_catalog_open)


def declaration_catalog_open(declaration: Declaration) -> dict[str, bool]:
    """The catalog of the declaration's project stays open until a later stage (completion acceptance)
    contributes catalog_open=False to the project."""
    return {domain.CATALOG_OPEN: domain.catalog_open(contributed_guard_values(declaration.project))}
