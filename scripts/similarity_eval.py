#!/usr/bin/env python3
"""第五条: precision and recall of the duplicate-construction check over the labelled set of the tests
(egovpm/duplication/tests/labelled.py), at the policy's close_match and at a few thresholds around it.
Pure Python (the same retrieval and score as the database's index, in memory).

    .venv/bin/python scripts/similarity_eval.py [--pairs]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from egovpm.duplication.tests.labelled import PAIRS, evaluate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", action="store_true", help="print every pair with its score")
    args = parser.parse_args()
    policy = json.loads((ROOT / "egovpm/policy/data/qidong-2019.json").read_text(encoding="utf-8"))
    close = policy["intake"]["similarity"]["close_match"]
    duplicates = sum(1 for p in PAIRS if p[2])
    print(f"labelled pairs: {len(PAIRS)} ({duplicates} duplicates, {len(PAIRS) - duplicates} not)")
    for threshold in sorted({round(close - 0.1, 2), close, round(close + 0.1, 2)}):
        precision, recall, rows = evaluate(threshold)
        mark = "  ← policy close_match" if threshold == close else ""
        print(f"threshold {threshold:.2f}: precision {precision:.3f}  recall {recall:.3f}{mark}")
    if args.pairs:
        _, _, rows = evaluate(close)
        for a, b, duplicate, kind, match in sorted(rows, key=lambda r: (r[2], r[4].score if r[4] else 0)):
            score = match.score if match else 0.0
            flag = "重复" if duplicate else "不重复"
            print(f"{score:.3f}  {flag:4} {kind:8} {a.name} / {b.name}")


if __name__ == "__main__":
    main()
