"""Bar charts for the impact dashboard, as geometry for an inline SVG (templates/_chart.html):
no chart library and no script. Each chart is also shown as a table, its text alternative.
Pure code.
"""
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 46


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: float | None     # None: nothing to measure yet (drawn as no bar, shown as "—")
    series: int


@dataclass
class Chart:
    categories: list
    series: list            # names, in the order of each category's bars
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)     # (y, label)
    labels: list = field(default_factory=list)    # (x, label) under each category
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    left: int = LEFT


def _nice_top(top):
    """The smallest of 4 × (1, 2, 5) × 10^n at or above `top`: the four gridlines then fall on
    round numbers (1, 2, 5, 10…)."""
    scale = 1
    while True:
        for step in (1, 2, 5):
            if 4 * step * scale >= top:
                return 4 * step * scale
        scale *= 10


def bar_chart(categories, series, values):
    """`values[i][j]`: category i's value in series j (None counts as 0)."""
    chart = Chart(categories=list(categories), series=list(series))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = _nice_top(max([v or 0 for row in values for v in row] or [0]))
    slot = plot_width / max(1, len(categories))
    bar_width = slot * 0.8 / max(1, len(series))
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            height = plot_height * (value or 0) / top
            chart.bars.append(Bar(x=LEFT + i * slot + slot * 0.1 + j * bar_width,
                                  y=TOP + plot_height - height, width=bar_width, height=height,
                                  value=value, series=j))
        chart.labels.append((LEFT + i * slot + slot / 2, categories[i]))
    for k in range(5):
        value = top * k / 4
        chart.ticks.append((TOP + plot_height - plot_height * k / 4,
                            f"{value:g}" if value == int(value) else f"{value:.1f}"))
    return chart
