#!/usr/bin/env python3
"""Regenerate the access matrix (egovpm/orgs/tests/access_matrix.json): every page and API operation of the
platform × every role × an object of the own and of another unit, as the live platform answers them.

`make matrix` runs this. It runs the matrix test in writing mode (a fresh test database, the test's world),
then shows what changed: review the diff before committing it — every changed line is a changed permission.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST = "egovpm/orgs/tests/test_access_matrix.py"
MATRIX = "egovpm/orgs/tests/access_matrix.json"


def main() -> int:
    env = {**os.environ, "EGOVPM_ACCESS_MATRIX_WRITE": "1"}
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TEST, "-k", "every_role_against"]
    run = subprocess.run(pytest, cwd=ROOT, env=env, check=False)
    if run.returncode not in (0, 1):  # 1: the old file differed from the new one, which is now written
        return run.returncode
    subprocess.run(["git", "--no-pager", "diff", "--stat", "--", MATRIX], cwd=ROOT, check=False)
    print(f"Wrote {MATRIX}. Review the diff (git diff {MATRIX}); each changed line is a changed permission.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
