"""Inline SVG charts drawn at render time: no charting library, no script, no network.

Every label that could come from the data is escaped with ``markupsafe.escape`` before it is
placed in the markup; numbers are formatted by us. The result is ``Markup`` so the template
inserts it as is.
"""

from __future__ import annotations

import math

import pandas as pd
from markupsafe import Markup, escape

# Okabe-Ito: distinguishable with the common colour-vision deficiencies, dark enough on white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
           "#8C6D31")
SEVERITY_COLORS = {"critical": "#8b0000", "high": "#b23a00", "medium": "#8a6100",
                   "low": "#2f5d8a", "info": "#4d4d4d", "": "#9a9aa0"}
MAX_X_LABELS = 12


def category_colors(categories) -> dict[str, str]:
    """A stable colour per category (sorted order), shared by the chart and its legend."""
    return {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(sorted(set(categories)))}


def _months(timestamps: pd.Series) -> pd.Series:
    """'YYYY-MM' of UTC timestamps, without pandas' tz-dropping warning on to_period."""
    ts = pd.to_datetime(timestamps, utc=True).dt.tz_convert(None)
    return ts.dt.to_period("M")


def _nice_max(value: int) -> int:
    """The axis top: 1, 2 or 5 times a power of ten at or above ``value``."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def monthly_counts(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings per month (rows, every month in range) by category (columns)."""
    dated = findings[findings["timestamp"].notna()] if len(findings) else findings
    if dated.empty:
        return pd.DataFrame()
    months = _months(dated["timestamp"])
    table = pd.crosstab(months, dated["category"].astype("string").fillna("other"))
    full = pd.period_range(table.index.min(), table.index.max(), freq="M")
    return table.reindex(full, fill_value=0)


def monthly_chart(findings: pd.DataFrame, title: str, width: int = 880,
                  height: int = 240, names: dict[str, str] | None = None) -> Markup:
    """A stacked bar chart of findings per month by category, as one <svg> element;
    ``names`` gives each category's name in the report language."""
    table = monthly_counts(findings)
    if table.empty:
        return Markup("")
    colors = category_colors(table.columns)
    named = {c: (names or {}).get(c, c) for c in table.columns}
    legend, rows = _legend({named[c]: color for c, color in colors.items()}, width)
    left, right, top, bottom = 44, 12, 12 + 18 * rows, 34
    height += 18 * (rows - 1)
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(table)
    slot = plot_w / n
    bar = max(1.0, slot * 0.8)
    ymax = _nice_max(int(table.sum(axis=1).max()))
    scale = plot_h / ymax
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="100%" preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for frac in (0, 0.5, 1):  # y grid and labels
        y = top + plot_h - frac * plot_h
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#d8d8dc" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                     f'font-size="11" fill="#3a3a40">{round(ymax * frac):,}</text>')
    every = max(1, math.ceil(n / min(MAX_X_LABELS, max(3, width // 70))))
    for i, (month, row) in enumerate(table.iterrows()):
        x = left + i * slot + (slot - bar) / 2
        base = top + plot_h
        for category, value in row.items():
            if not value:
                continue
            h = value * scale
            base -= h
            parts.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                         f'fill="{colors[category]}"><title>{escape(str(month))} '
                         f'{escape(named[category])}: {int(value):,}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - bottom + 16}" '
                         f'text-anchor="middle" font-size="11" fill="#3a3a40">'
                         f'{escape(str(month))}</text>')
    parts.extend(legend)
    parts.append("</svg>")
    return Markup("".join(parts))


def _legend(colors: dict[str, str], width: int) -> tuple[list[str], int]:
    """The legend above the plot, wrapped onto as many lines as ``width`` needs."""
    parts, x, y, rows = [], 44, 8, 1
    for category, color in colors.items():
        w = 24 + 7 * len(category)
        if x + w > width and x > 44:
            x, y, rows = 44, y + 18, rows + 1
        parts.append(f'<rect x="{x}" y="{y}" width="10" height="10" fill="{color}"/>'
                     f'<text x="{x + 14}" y="{y + 9}" font-size="12" fill="#1d1d1f">'
                     f'{escape(category)}</text>')
        x += w
    return parts, rows


def case_timeline(events: pd.DataFrame, start, end, lanes: list[str], lane_names: dict,
                  title: str, now=None, width: int = 880) -> Markup:
    """Interactions with a case's participants on a time axis against its open window.

    ``events`` has ``timestamp`` (UTC), ``lane`` (one of ``lanes``) and ``severity`` ("" when
    no finding flagged it). Events are binned per day and lane; a dot's area grows with the
    count. ``start``/``end`` bound the open window (None = unbounded).
    """
    dated = events[events["timestamp"].notna()]
    if dated.empty and start is None:
        return Markup("")
    lane_h, top, left, right, bottom = 26, 10, 110, 14, 26
    height = top + lane_h * len(lanes) + bottom
    points = [t for t in (start, end, now) if t is not None and not pd.isna(t)]
    times = list(dated["timestamp"]) + points
    lo, hi = min(times), max(times)
    if hi <= lo:
        hi = lo + pd.Timedelta(days=1)
    pad = (hi - lo) * 0.03
    lo, hi = lo - pad, hi + pad
    span = (hi - lo).total_seconds()
    plot_w = width - left - right

    def x_of(t) -> float:
        return left + (t - lo).total_seconds() / span * plot_w

    parts = [f'<svg class="timeline" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    w0 = x_of(start) if start is not None else left
    w1 = x_of(end) if end is not None and not pd.isna(end) else width - right
    parts.append(f'<rect x="{w0:.1f}" y="{top - 4}" width="{max(w1 - w0, 1):.1f}" '
                 f'height="{lane_h * len(lanes) + 4}" fill="#e8f0f8" stroke="#2f5d8a" '
                 f'stroke-dasharray="3 2"/>')
    for i, lane in enumerate(lanes):
        y = top + lane_h * i + lane_h / 2
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
                     f'fill="#1d1d1f">{escape(lane_names.get(lane, lane))}</text>'
                     f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#d8d8dc"/>')
    if len(dated):
        days = dated.assign(day=pd.to_datetime(dated["timestamp"], utc=True).dt.floor("D"),
                            sev=dated["severity"].fillna(""))
        rank = {s: i for i, s in enumerate(SEVERITY_COLORS)}
        days["rank"] = days["sev"].map(rank).fillna(len(rank))
        binned = (days.sort_values("rank").groupby(["lane", "day"], observed=True)
                  .agg(n=("rank", "size"), sev=("sev", "first")).reset_index())
        for lane, day, n, sev in binned.itertuples(index=False):
            if lane not in lanes:
                continue
            y = top + lane_h * lanes.index(lane) + lane_h / 2
            r = min(10.0, 3.5 + 1.5 * math.sqrt(n - 1))
            color = SEVERITY_COLORS.get(sev, SEVERITY_COLORS[""])
            parts.append(f'<circle cx="{x_of(day + pd.Timedelta(hours=12)):.1f}" cy="{y:.1f}" '
                         f'r="{r:.1f}" fill="{color}" fill-opacity="0.85"><title>'
                         f'{escape(day.strftime("%Y-%m-%d"))} '
                         f'{escape(lane_names.get(lane, lane))}: {int(n)}</title></circle>')
    for t, anchor in ((lo, "start"), (lo + (hi - lo) / 2, "middle"), (hi, "end")):
        parts.append(f'<text x="{x_of(t):.1f}" y="{height - 8}" text-anchor="{anchor}" '
                     f'font-size="11" fill="#3a3a40">{escape(t.strftime("%Y-%m-%d"))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
