"""The results chart, drawn on the server as SVG shapes so it shows without JavaScript.

One row per dimension, the mean from 1 to 5 as a bar, and under it the
previous round's bar when there is one to compare with. A part with no mean
(nobody scored it, or too few people to show one) gets no bar, only words.
The page also shows the same figures in a table.
"""
from dataclasses import dataclass
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from holdspace.assessments.questionnaire import DIMENSIONS, HIGHEST

WIDTH = 640
LABEL_ROOM = 190
VALUE_ROOM = 80
LEGEND_ROOM = 34
AXIS_ROOM = 28
BAR = 18
BAR_GAP = 4
ROW_GAP = 16


@dataclass(frozen=True)
class Bar:
    css: str
    x: float
    y: float
    width: float
    height: float
    text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Row:
    label: str
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class LegendItem:
    css: str
    x: float
    label: str

    @property
    def text_x(self) -> float:
        return self.x + 20


@dataclass(frozen=True)
class ScoreChart:
    width: int
    height: int
    plot_left: float
    plot_top: float
    plot_bottom: float
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    legend: tuple[LegendItem, ...]
    legend_y: float = 10
    legend_text_y: float = 22

    @property
    def label_x(self) -> float:
        return self.plot_left - 8

    @property
    def tick_label_y(self) -> float:
        return self.plot_bottom + 18


def mean_text(figures: dict) -> str:
    """A mean as written on its bar; a mean left out because too few people scored says so (no bar then)."""
    mean = figures.get("mean")
    if mean is not None:
        return _mean_written(get_language(), mean)
    return _("not shown") if figures.get("scored") else _("no score")


@lru_cache(maxsize=4096)
def _mean_written(language: str | None, mean: float) -> str:
    """A mean in a language, worked out once per process: means are kept to two decimals between 1 and 5, so
    there are few of them, and a results page writes about fifty."""
    return number_format(mean, 1)


@receiver(setting_changed)
def _formats_changed(**_kwargs) -> None:
    _mean_written.cache_clear()


def dimension_chart(current: dict, *, previous: dict | None, current_label: str,
                    previous_label: str = "") -> ScoreChart:
    """`current` and `previous` are results as stored on a round; `previous` may be None."""
    series = [("chart-bar", current)] + ([("chart-bar-previous", previous)] if previous else [])
    plot_left, plot_right = LABEL_ROOM, WIDTH - VALUE_ROOM
    scale = (plot_right - plot_left) / HIGHEST
    row_height = len(series) * BAR + (len(series) - 1) * BAR_GAP
    top = LEGEND_ROOM
    rows = []
    for index, dimension in enumerate(DIMENSIONS):
        y = top + ROW_GAP / 2 + index * (row_height + ROW_GAP)
        bars = []
        for place, (css, results) in enumerate(series):
            figures = results["dimensions"].get(dimension.key, {})
            bar_y = y + place * (BAR + BAR_GAP)
            width = (figures.get("mean") or 0) * scale
            bars.append(Bar(css, plot_left, bar_y, width, BAR, mean_text(figures), plot_left + width + 6,
                            bar_y + BAR * 0.75))
        rows.append(Row(str(dimension.short), y + row_height / 2 + 5, tuple(bars)))
    plot_bottom = top + len(DIMENSIONS) * (row_height + ROW_GAP)
    ticks = tuple(Tick(plot_left + value * scale, number_format(value, 0)) for value in range(0, HIGHEST + 1))
    legend = [LegendItem("chart-bar", plot_left, current_label)]
    if previous:
        legend.append(LegendItem("chart-bar-previous", plot_left + (plot_right - plot_left) / 2, previous_label))
    return ScoreChart(WIDTH, int(plot_bottom + AXIS_ROOM), plot_left, top, plot_bottom, tuple(rows), ticks,
                      tuple(legend))
