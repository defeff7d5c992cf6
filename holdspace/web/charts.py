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
