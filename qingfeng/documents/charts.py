"""Charts drawn by matplotlib (Agg, no display) with CJK labels, as PNG bytes.

The same PNG goes into a PDF and onto a staff page (an <img> served by the page's
chart view: the Content-Security-Policy allows no inline SVG styles). Each function
takes labels and numbers and knows nothing of clues.
"""

import io
import threading

from qingfeng.documents import fonts

PALETTE = ("#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#546e7a")
DPI = 144
_lock = threading.Lock()  # pyplot's state is global; one chart at a time per process
_ready = False


def _pyplot():
    global _ready
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot

    if not _ready:
        font_manager.fontManager.addfont(str(fonts.face_file(fonts.SANS)))
        pyplot.rcParams.update({
            "font.family": fonts.SANS.family, "axes.unicode_minus": False, "svg.fonttype": "path",
            "axes.spines.top": False, "axes.spines.right": False, "figure.dpi": DPI,
        })
        _ready = True
    return pyplot


def _png(figure, pyplot) -> bytes:
    out = io.BytesIO()
    figure.tight_layout()
    figure.savefig(out, format="png", dpi=DPI)
    pyplot.close(figure)
    return out.getvalue()


def _whole_numbers(axis) -> None:
    """Counts have no halves: ticks at whole numbers (amounts still get theirs)."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def line(title: str, labels: list[str], series: dict[str, list[float]], size=(7, 3)) -> bytes:
    """A trend: one line per series over `labels` (e.g. months)."""
    with _lock:
        pyplot = _pyplot()
        figure, axes = pyplot.subplots(figsize=size)
        for (name, values), colour in zip(series.items(), PALETTE * 4):
            axes.plot(labels, values, marker="o", label=name, color=colour)
        axes.set_title(title)
        _whole_numbers(axes.yaxis)
        axes.grid(axis="y", alpha=0.3)
        if len(series) > 1:
            axes.legend(frameon=False, fontsize=8)
        axes.tick_params(axis="x", labelsize=8, rotation=30 if len(labels) > 8 else 0)
        return _png(figure, pyplot)


def bars(title: str, labels: list[str], series: dict[str, list[float]], size=(7, 3.2), horizontal=None) -> bytes:
    """Grouped bars: one group per label, one bar per series (e.g. this quarter, the one before).
    More than eight labels (a county's townships) lie horizontally, the chart as tall as they need."""
    if horizontal is None:
        horizontal = len(labels) > 8
    if horizontal:
        size = (size[0], max(size[1], 0.12 * len(labels) * (len(series) + 1) + 0.8))
    with _lock:
        pyplot = _pyplot()
        figure, axes = pyplot.subplots(figsize=size)
        count = max(len(series), 1)
        width = 0.8 / count
        positions = range(len(labels))
        for index, ((name, values), colour) in enumerate(zip(series.items(), PALETTE * 4)):
            offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
            draw = axes.barh if horizontal else axes.bar
            draw(offsets, values, width, label=name, color=colour)
        ticks = axes.set_yticks if horizontal else axes.set_xticks
        ticks(list(positions), labels, fontsize=8, rotation=0 if horizontal or len(labels) <= 6 else 30)
        if horizontal:
            axes.set_ylim(len(labels) - 0.5, -0.5)  # first label on top, no empty band around
        _whole_numbers(axes.xaxis if horizontal else axes.yaxis)
        axes.set_title(title)
        axes.grid(axis="x" if horizontal else "y", alpha=0.3)
        if count > 1:
            axes.legend(frameon=False, fontsize=8)
        return _png(figure, pyplot)


def composition(title: str, parts: dict[str, float], size=(4.5, 3.2)) -> bytes:
    """A ring of shares (e.g. the 四种形态 split); an all-zero split says so instead."""
    with _lock:
        pyplot = _pyplot()
        figure, axes = pyplot.subplots(figsize=size)
        shown = {name: value for name, value in parts.items() if value}
        if shown:
            axes.pie(list(shown.values()), labels=list(shown), colors=PALETTE[:len(shown)],
                     autopct=lambda pct: f"{pct:.0f}%", startangle=90, counterclock=False,
                     wedgeprops={"width": 0.45}, textprops={"fontsize": 8})
        else:
            axes.text(0.5, 0.5, "—", ha="center", va="center", fontsize=20, transform=axes.transAxes)
        axes.set_title(title)
        axes.axis("equal")
        return _png(figure, pyplot)
