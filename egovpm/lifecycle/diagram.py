"""Draw a workflow table as SVG (shown on the help page). Pure Python."""

from __future__ import annotations

from html import escape

from .table import Workflow

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 150, 40, 40, 70, 20


def layers(workflow: Workflow) -> list[list[str]]:
    """Stages by longest forward distance from the initial stage (back edges ignored)."""
    order = {s.code: i for i, s in enumerate(workflow.stages)}
    depth = {workflow.initial: 0}
    for stage in workflow.stages:  # the table lists stages in procedural order
        for t in workflow.outgoing(stage.code):
            if order[t.target] > order[stage.code]:
                depth[t.target] = max(depth.get(t.target, 0), depth.get(stage.code, 0) + 1)
    rows: dict[int, list[str]] = {}
    for stage in workflow.stages:
        rows.setdefault(depth.get(stage.code, 0), []).append(stage.code)
    return [rows[k] for k in sorted(rows)]


def to_svg(workflow: Workflow) -> str:
    rows = layers(workflow)
    width = max(len(r) for r in rows) * (BOX_W + GAP_X) + 2 * MARGIN
    height = len(rows) * (BOX_H + GAP_Y) + 2 * MARGIN
    pos: dict[str, tuple[int, int]] = {}
    for y, row in enumerate(rows):
        row_w = len(row) * (BOX_W + GAP_X) - GAP_X
        x0 = (width - row_w) // 2
        for i, code in enumerate(row):
            pos[code] = (x0 + i * (BOX_W + GAP_X), MARGIN + y * (BOX_H + GAP_Y))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(workflow.label)}" '
        'font-family="sans-serif" font-size="12">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/>'
        "</marker></defs>",
    ]
    for t in workflow.transitions:
        for source in t.sources:
            (sx, sy), (tx, ty) = pos[source], pos[t.target]
            forward = ty > sy
            x1, y1 = sx + BOX_W // 2, sy + (BOX_H if forward else 0)
            x2, y2 = tx + BOX_W // 2, ty + (0 if forward else BOX_H)
            if not forward:  # a back edge is drawn offset so it does not hide the forward one
                x1, x2 = x1 + 30, x2 + 30
            colour = "#b42318" if t.style == "danger" else "#555"
            parts.append(
                f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" '
                'stroke-width="1.4" marker-end="url(#arrow)"/>'
            )
            parts.append(
                f'<text x="{(x1 + x2) // 2 + 4}" y="{(y1 + y2) // 2}" fill="{colour}" font-size="10">'
                f"{escape(t.label)}</text>"
            )
    for stage in workflow.stages:
        x, y = pos[stage.code]
        fill = "#eef2f7" if not stage.terminal else "#f3f3f3"
        parts.append(f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" stroke="#1f4e79"/>')
        parts.append(
            f'<text x="{x + BOX_W // 2}" y="{y + BOX_H // 2 + 4}" text-anchor="middle">{escape(stage.label)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
