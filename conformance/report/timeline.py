"""A fixture's timeline as inline SVG for the HTML report: truth lines above, delivered items below, one bar per
instance on a shared time axis, text in a tooltip. Drawn here so the page fetches nothing from outside."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

WIDTH = 900
ROW = 9
GAP = 2
LEFT = 70
MAX_ROWS = 40


def _lanes(spans: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Spans packed into as few rows as overlap allows (first fit, by start)."""
    lanes: list[list[dict[str, Any]]] = []
    for span in sorted(spans, key=lambda s: (s["start"], s["end"])):
        lane = next((ln for ln in lanes if ln[-1]["end"] <= span["start"]), None)
        if lane is None:
            if len(lanes) == MAX_ROWS:
                continue
            lanes.append(lane := [])
        lane.append(span)
    return lanes


def svg(timeline: dict[str, Any]) -> Markup:
    duration = max(float(timeline.get("duration") or 0), 1e-6)
    scale = (WIDTH - LEFT - 10) / duration
    parts: list[str] = []
    y = 4
    for label, spans, colour in (
        ("truth", timeline["truth"], "#4a7fd4"),
        ("delivered", timeline["delivered"], "#3aa35b"),
    ):
        lanes = _lanes(spans)
        parts.append(f'<text x="4" y="{y + ROW}" font-size="11">{label}</text>')
        for lane in lanes or [[]]:
            for span in lane:
                x = LEFT + span["start"] * scale
                w = max((span["end"] - span["start"]) * scale, 1.5)
                tip = escape(f"{span['start']:.1f}-{span['end']:.1f} s: {span['text']}")
                rect = f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{ROW}" fill="{colour}">'
                parts.append(f"{rect}<title>{tip}</title></rect>")
            y += ROW + GAP
        y += 6
    for second in range(0, int(duration) + 1, max(1, int(duration // 10) or 1)):
        x = LEFT + second * scale
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{y}" stroke="#ccc" stroke-width="0.5"/>')
        parts.append(f'<text x="{x:.1f}" y="{y + 10}" font-size="9" text-anchor="middle">{second}s</text>')
    label = quoteattr(f"timeline: {len(timeline['truth'])} truth spans, {len(timeline['delivered'])} delivered")
    # Inline SVG in HTML needs no xmlns: the page then names no address at all, not even a namespace.
    return Markup(f'<svg width="{WIDTH}" height="{y + 14}" role="img" aria-label={label}>' + "".join(parts) + "</svg>")
