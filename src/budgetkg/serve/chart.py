"""A line chart drawn on the server as plain SVG (no script, no CDN): one line per series over
the years, for the named query pages."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 720, 360
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 70, 200, 20, 40
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
MAX_SERIES = len(COLOURS)


@dataclass(frozen=True)
class Series:
    name: str
    points: list[tuple[int, Decimal]]  # (year, value), sorted by year


def series_of(variables: list[str], rows: list[list[str]], measure: str, x: str = "fiscalYear",
              keys: tuple[str, ...] = ("unitName", "itemName", "name")) -> list[Series]:
    """The rows as series over `x`: one per combination of the key columns the result has, the
    values of `measure`; rows without a number there are left out."""
    if x not in variables or measure not in variables:
        return []
    key_columns = [variables.index(k) for k in keys if k in variables]
    xi, yi = variables.index(x), variables.index(measure)
    grouped: dict[str, dict[int, Decimal]] = {}
    for row in rows:
        try:
            year, value = int(row[xi]), Decimal(row[yi])
        except (ValueError, InvalidOperation):
            continue
        name = " · ".join(row[i] for i in key_columns if row[i]) or measure
        grouped.setdefault(name, {})[year] = value
    return [Series(name, sorted(points.items())) for name, points in grouped.items()][:MAX_SERIES]


def line_chart(series: list[Series], title: str) -> str:
    """The SVG markup; empty when there is nothing to draw."""
    points = [p for s in series for p in s.points]
    if not points:
        return ""
    years = sorted({year for year, _ in points})
    low, high = min(Decimal(0), *(v for _, v in points)), max(Decimal(0), *(v for _, v in points))
    high = high if high != low else low + 1
    plot_w, plot_h = WIDTH - MARGIN_LEFT - MARGIN_RIGHT, HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def px(year: int) -> float:
        return MARGIN_LEFT + (plot_w * years.index(year) / (len(years) - 1) if len(years) > 1 else plot_w / 2)

    def py(value: Decimal) -> float:
        return MARGIN_TOP + plot_h * float((high - value) / (high - low))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}"><title>{escape(title)}</title>',
             f'<line x1="{MARGIN_LEFT}" y1="{py(Decimal(0)):.1f}" x2="{MARGIN_LEFT + plot_w}" y2="{py(Decimal(0)):.1f}" stroke="#999"/>',
             f'<line x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" x2="{MARGIN_LEFT}" y2="{MARGIN_TOP + plot_h}" stroke="#999"/>']
    for tick in (low, (low + high) / 2, high):
        parts.append(f'<text x="{MARGIN_LEFT - 6}" y="{py(tick) + 4:.1f}" text-anchor="end" font-size="11">{_number(tick)}</text>')
    for year in years:
        parts.append(f'<text x="{px(year):.1f}" y="{HEIGHT - MARGIN_BOTTOM + 18}" text-anchor="middle" font-size="11">{year}</text>')
    for index, line in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        coordinates = " ".join(f"{px(y):.1f},{py(v):.1f}" for y, v in line.points)
        parts.append(f'<polyline class="series" fill="none" stroke="{colour}" stroke-width="2" points="{coordinates}">'
                     f'<title>{escape(line.name)}</title></polyline>')
        for year, value in line.points:
            parts.append(f'<circle cx="{px(year):.1f}" cy="{py(value):.1f}" r="3" fill="{colour}">'
                         f'<title>{escape(line.name)} {year}: {value}</title></circle>')
        legend_y = MARGIN_TOP + 16 * index + 8
        parts.append(f'<rect x="{WIDTH - MARGIN_RIGHT + 14}" y="{legend_y - 8}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{WIDTH - MARGIN_RIGHT + 30}" y="{legend_y + 1}" font-size="11">{escape(line.name[:24])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _number(value: Decimal) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
