"""Sections other apps add to the declaration page (coordination's 第六条 section), so that intake names none
of them: each a template rendered with the page's context, in the order registered (from the adding app's
AppConfig.ready), between the actions and the page's own sections."""

from __future__ import annotations

_sections: list[str] = []


def register_declaration_section(template: str) -> None:
    if template not in _sections:
        _sections.append(template)


def declaration_sections() -> tuple[str, ...]:
    return tuple(_sections)
