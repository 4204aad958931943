"""docs/security.md maps each level-3 requirement to the test that proves it: every file and test it names
must exist, so the checklist cannot drift from the suite."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "security.md"

# `egovpm/x/tests/test_y.py::test_z`, `::test_z` (same file as the reference before it), `egovpm/x/tests/test_y.py`
REFERENCE = re.compile(r"`((?:egovpm/[\w/]+\.py)?)(?:::(\w+))?`")


def references(text: str) -> list[tuple[str, str | None]]:
    found, current = [], None
    for path, test in REFERENCE.findall(text):
        if path:
            current = path
        elif not test:
            continue
        if current is None:
            raise AssertionError(f"::{test} has no file before it")
        found.append((current, test or None))
    return found


def test_the_reference_parser_follows_the_file_of_a_bare_test_name():
    text = "`egovpm/a/tests/test_b.py::test_one`, `::test_two`, `egovpm/c/tests/test_d.py` and `make test`"
    assert references(text) == [
        ("egovpm/a/tests/test_b.py", "test_one"),
        ("egovpm/a/tests/test_b.py", "test_two"),
        ("egovpm/c/tests/test_d.py", None),
    ]


def test_every_file_and_test_named_in_the_checklist_exists():
    refs = references(DOC.read_text(encoding="utf-8"))
    assert len(refs) > 40
    missing = []
    for path, test in refs:
        file = ROOT / path
        if not file.is_file():
            missing.append(path)
        elif test and not re.search(rf"^def {test}\(", file.read_text(encoding="utf-8"), re.MULTILINE):
            missing.append(f"{path}::{test}")
    assert not missing, "docs/security.md names what does not exist: " + ", ".join(missing)
