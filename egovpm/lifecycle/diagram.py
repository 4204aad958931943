"""Draw a workflow table as SVG (shown on the help page). Pure Python."""

from __future__ import annotations

from html import escape

from .table import Workflow

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 150, 40, 110, 70, 20


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
            parts.extend(_edge(pos[source], pos[t.target], t.label, danger=t.style == "danger"))
    for stage in workflow.stages:
        x, y = pos[stage.code]
        fill = "#eef2f7" if not stage.terminal else "#f3f3f3"
        parts.append(f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" stroke="#1f4e79"/>')
        parts.append(
            f'<text x="{x + BOX_W // 2}" y="{y + BOX_H // 2 + 4}" text-anchor="middle">{escape(stage.label)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _edge(source: tuple[int, int], target: tuple[int, int], label: str, *, danger: bool) -> list[str]:
    """An arrow with its label. A forward edge to the next row is straight; one that skips rows bends
    to the left of the boxes it passes; a backward edge bends to the right."""
    (sx, sy), (tx, ty) = source, target
    colour = "#b42318" if danger else "#555"
    if ty > sy:
        x1, y1, x2, y2 = sx + BOX_W // 2, sy + BOX_H, tx + BOX_W // 2, ty
        if ty - sy > BOX_H + GAP_Y:  # skips a row
            bend = min(x1, x2) - BOX_W // 2 - 20
            path = f"M{x1},{y1} C{bend},{y1 + 30} {bend},{y2 - 30} {x2},{y2}"
            lx, ly, anchor = bend + 4, (y1 + y2) // 2, "end"
        else:
            path = f"M{x1},{y1} L{x2},{y2}"
            lx, ly = x1 + (x2 - x1) * 3 // 5, y1 + (y2 - y1) * 3 // 5
            anchor = "end" if x2 < x1 else "start"
            lx += -6 if anchor == "end" else 6
    elif abs(sx - tx) < BOX_W:  # straight back up: bend out to the right
        x1, y1, x2, y2 = sx + BOX_W, sy + BOX_H // 2, tx + BOX_W, ty + BOX_H // 2
        bend = max(x1, x2) + 40
        path = f"M{x1},{y1} C{bend},{y1} {bend},{y2} {x2},{y2}"
        lx, ly, anchor = bend - 8, (y1 + y2) // 2, "start"
    else:  # back up and across: leave from the top, enter the side that faces the source
        x1, y1 = sx + BOX_W // 2, sy
        x2, y2 = (tx, ty + BOX_H // 2) if sx < tx else (tx + BOX_W, ty + BOX_H // 2)
        path = f"M{x1},{y1} C{x1},{y2} {x1},{y2} {x2},{y2}"
        lx, ly, anchor = (x1 - 6, (y1 + y2) // 2, "end") if sx < tx else (x1 + 6, (y1 + y2) // 2, "start")
    return [
        f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1.4" marker-end="url(#arrow)"/>',
        f'<text x="{lx}" y="{ly}" fill="{colour}" font-size="10" text-anchor="{anchor}" '
        f'paint-order="stroke" stroke="#fff" stroke-width="3">{escape(label)}</text>',
    ]
