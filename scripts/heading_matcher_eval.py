#!/usr/bin/env python3
"""Precision and recall of the outline check's heading matcher (egovpm/documents/completeness.py) on a
generated corpus of proposals (附件2) and feasibility study reports (附件3): DOCX with Heading styles, DOCX
with numbered plain paragraphs, and PDFs (WeasyPrint), in four numbering styles, with chapters and sections
left out, headings only in the table of contents, other words for headings, odd spacing and punctuation,
look-alike headings that are none of the outline's, and annexes left out. Seeded: every run prints the
same figures.

    .venv/bin/python scripts/heading_matcher_eval.py [--documents 300] [--pdf-every 8] [--seed 2019]

Figures: per heading (is each outline heading found exactly when the document has it), per finding (is
each reported missing section really missing, is each missing one reported), per annex. When pdfminer.six
is installed, the PDFs are read a second time with it, for the comparison of the two extractors.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from egovpm.documents import completeness, reading  # noqa: E402
from egovpm.documents.domain import DOCX, PDF  # noqa: E402
from egovpm.documents.outlines import FEASIBILITY, PROPOSAL, Outline  # noqa: E402
from egovpm.testing.outline_corpus import STYLES, Spec, docx_bytes, pdf_bytes  # noqa: E402


class Score:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, truth: set, predicted: set) -> None:
        self.tp += len(truth & predicted)
        self.fp += len(predicted - truth)
        self.fn += len(truth - predicted)

    def line(self, name: str) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return (
            f"{name:<34} precision {precision:6.1%}  recall {recall:6.1%}  (tp {self.tp}, fp {self.fp}, fn {self.fn})"
        )


def random_spec(rng: random.Random, seed: int) -> Spec:
    outline: Outline = rng.choice((PROPOSAL, FEASIBILITY))
    chapters = [h.code for h in outline.chapters()]
    sections = [h.code for h in outline.headings if h.level == 2]
    omit: set[str] = set()
    for chapter in rng.sample(chapters, rng.randint(0, 3)):
        omit |= {chapter, *(s.code for s in outline.sections_of(chapter))}
    omit |= set(rng.sample(sections, rng.randint(0, 3)))
    rest = [h.code for h in outline.headings if h.code not in omit and h.level == 2]
    toc_only = set(rng.sample(rest, min(len(rest), rng.randint(0, 2))))
    annexes = tuple(a.title for a in outline.annexes if rng.random() < 0.75)
    return Spec(
        outline,
        style=rng.choice(STYLES),
        omit=omit,
        toc_only=toc_only,
        with_toc=rng.random() < 0.5,
        annexes=annexes,
        synonyms=rng.random() < 0.5,
        messy=rng.random() < 0.5,
        distractors=rng.random() < 0.5,
        reworded=rng.random() < 0.5,
        tables=rng.random() < 0.3,
        seed=seed,
    )


def expected_missing(outline: Outline, present: set[str]) -> set[str]:
    """The findings the rule of completeness.check gives for a document that has exactly `present`."""
    missing = set()
    for chapter in outline.chapters():
        sections = outline.sections_of(chapter.code)
        if chapter.code not in present and not any(s.code in present for s in sections):
            if not chapter.optional:
                missing.add(chapter.code)
            continue
        missing |= {s.code for s in sections if s.code not in present and not s.optional}
    return missing


def pdfminer_reading(data: bytes):
    from pdfminer.high_level import extract_pages

    pages = []
    for layout in extract_pages(io.BytesIO(data)):
        pages.append("\n".join(el.get_text() for el in layout if hasattr(el, "get_text")))
    return completeness.lines_of_pages(pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=240)
    parser.add_argument("--pdf-every", type=int, default=10, help="every n-th document is a PDF (slower to make)")
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()
    try:
        import pdfminer  # noqa: F401

        compare = True
    except ImportError:
        compare = False
    rng = random.Random(args.seed)
    scores = {k: Score() for k in ("headings", "findings", "annexes", "headings_pdf", "headings_pdf_pdfminer")}
    formats = {"docx_styled": 0, "docx_plain": 0, "pdf": 0}
    started = time.perf_counter()
    read_seconds = 0.0
    for i in range(args.documents):
        spec = random_spec(rng, i)
        if i % args.pdf_every == 0:
            fmt, data, content_type = "pdf", pdf_bytes(spec), PDF.content_type
        elif i % 2:
            fmt, data, content_type = "docx_styled", docx_bytes(spec, styled=True), DOCX.content_type
        else:
            fmt, data, content_type = "docx_plain", docx_bytes(spec, styled=False), DOCX.content_type
        formats[fmt] += 1
        t = time.perf_counter()
        lines = reading.read(data, content_type).lines
        read_seconds += time.perf_counter() - t
        findings = completeness.check(spec.outline, lines)
        present = spec.present
        scores["headings"].add(present, set(findings.matched))
        scores["findings"].add(expected_missing(spec.outline, present), {h.code for h in findings.missing_sections})
        required = {a.title for a in spec.outline.annexes if not a.optional}
        scores["annexes"].add(required - set(spec.annexes or ()), {a.title for a in findings.missing_annexes})
        if fmt == "pdf":
            scores["headings_pdf"].add(present, set(findings.matched))
            if compare:
                other = completeness.match_headings(spec.outline, pdfminer_reading(data))
                scores["headings_pdf_pdfminer"].add(present, set(other))
    elapsed = time.perf_counter() - started
    print(
        f"corpus: {args.documents} documents (seed {args.seed}): " + ", ".join(f"{k} {v}" for k, v in formats.items())
    )
    print(scores["headings"].line("headings found (all formats)"))
    print(scores["findings"].line("missing sections reported"))
    print(scores["annexes"].line("missing annexes reported"))
    print(scores["headings_pdf"].line("headings found, PDF with pypdf"))
    if compare:
        print(scores["headings_pdf_pdfminer"].line("headings found, PDF with pdfminer"))
    print(f"time: {elapsed:.1f} s in all (making the files included), reading {read_seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
