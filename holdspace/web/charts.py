"""Bar and column charts drawn on the server as SVG shapes, so they show without JavaScript (circles use them).
Templates draw the shapes; each chart also comes with a table of its figures."""
from dataclasses import dataclass

WIDTH = 640


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    baseline_y: float = 0


def horizontal_bars(rows: list[tuple[str, int]], *, label_width: int = 320, bar_height: int = 20,
                    gap: int = 10) -> Chart:
    """One bar a row, its label on the left and its value after it."""
    top = max((value for _, value in rows), default=0) or 1
    room = WIDTH - label_width - 50
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * (bar_height + gap) + gap
        width = room * value / top
        bars.append(Bar(label, value, label_width, y, width, bar_height,
                        label_width - 8, y + bar_height * 0.72, label_width + width + 6, y + bar_height * 0.72))
    return Chart(bars, WIDTH, len(rows) * (bar_height + gap) + gap)


def columns(rows: list[tuple[str, int]], *, height: int = 220, label_room: int = 40) -> Chart:
    """One column a row (e.g. a session), its label below and its value on top."""
    top = max((value for _, value in rows), default=0) or 1
    count = max(len(rows), 1)
    slot = (WIDTH - 20) / count
    column_width = min(48.0, slot * 0.7)
    plot = height - label_room - 24
    bars = []
    for index, (label, value) in enumerate(rows):
        column_height = plot * value / top
        x = 10 + index * slot + (slot - column_width) / 2
        y = 24 + plot - column_height
        bars.append(Bar(label, value, x, y, column_width, column_height,
                        x + column_width / 2, height - label_room + 16, x + column_width / 2, y - 6))
    return Chart(bars, WIDTH, height, baseline_y=24 + plot)


@dataclass(frozen=True)
class Segment:
    part: int  # which of the row's values, for its colour
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Stack:
    label: str
    total: int
    segments: list[Segment]
    label_x: float
    label_y: float
    total_y: float


@dataclass(frozen=True)
class StackedChart:
    stacks: list[Stack]
    width: int
    height: int
    baseline_y: float


def stacked_columns(rows: list[tuple[str, list[int]]], *, height: int = 200, label_room: int = 36) -> StackedChart:
    """One column a row (e.g. a week), its values stacked from the bottom, its label below and its total on top."""
    top = max((sum(values) for _, values in rows), default=0) or 1
    slot = (WIDTH - 20) / max(len(rows), 1)
    column_width = min(36.0, slot * 0.7)
    plot = height - label_room - 20
    baseline = 20 + plot
    stacks = []
    for index, (label, values) in enumerate(rows):
        x = 10 + index * slot + (slot - column_width) / 2
        y, segments = baseline, []
        for part, value in enumerate(values):
            if value:
                piece = plot * value / top
                y -= piece
                segments.append(Segment(part, value, x, y, column_width, piece))
        stacks.append(Stack(label, sum(values), segments, x + column_width / 2, height - label_room + 16, y - 5))
    return StackedChart(stacks, WIDTH, height, baseline)
