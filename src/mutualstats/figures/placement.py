"""Labels placed clear of the lines and text of their axes, once a chart is laid out.

A value label drawn over a line (a series, a reference line, a break) is hard to read and hides
the line. :func:`crossed_lines` measures which lines of its axes a label touches, as drawn;
:func:`place_clear` tries a label at each of several offsets from its point, nearest first, and
:func:`slide_clear` moves a bar's label along the bar until it is clear. Both run after
:func:`mutualstats.figures.layout.frame_chart`, when the axes have their final size, so what is
measured is what is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

#: Where a point's label may sit, nearest first: below, above, then the diagonals and the sides,
#: as (dx, dy, horizontal alignment, vertical alignment) with dx, dy in units of the distance.
DIRECTIONS = (
    (0, -1, "center", "top"),
    (0, 1, "center", "bottom"),
    (-1, -0.8, "right", "top"),
    (1, -0.8, "left", "top"),
    (-1, 0.8, "right", "bottom"),
    (1, 0.8, "left", "bottom"),
    (-1, 0, "right", "center"),
    (1, 0, "left", "center"),
)
#: Distances from the point tried, in points: every direction near, then every one further off.
DISTANCES_PT = (9.0, 18.0)
#: Offsets at which a point's label may sit: (dx, dy) in points, and its alignment there.
AROUND_A_POINT = tuple(
    (dx * distance, dy * distance, ha, va)
    for distance in DISTANCES_PT
    for dx, dy, ha, va in DIRECTIONS
)

#: Least space kept between a label and a line, in points, so the two do not touch.
CLEARANCE_PT = 2.0

#: Furthest a bar's label slides along its bar to clear a line, in points.
SLIDE_LIMIT_PT = 72.0


def crossed_lines(text: Text) -> list[Line2D]:
    """The visible lines of ``text``'s axes that its drawn box touches, markers included."""
    ax = text.axes
    renderer = ax.figure.canvas.get_renderer()
    box = text.get_window_extent(renderer)
    crossed = []
    for line in ax.lines:
        if not line.get_visible():
            continue
        # Half the line's width, or its marker's, around the path, and the clearance kept.
        marked = line.get_marker() not in (None, "None", "none", "", " ")
        reach_pt = max(line.get_linewidth(), line.get_markersize() if marked else 0) / 2
        reach_pt += CLEARANCE_PT
        reach = reach_pt * ax.figure.dpi / 72
        padded = Bbox.from_extents(box.x0 - reach, box.y0 - reach, box.x1 + reach, box.y1 + reach)
        points = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
        if any(path.intersects_bbox(padded, filled=False) for path in _drawn_runs(points)):
            crossed.append(line)
    return crossed


def is_clear(text: Text, others: Sequence[Text] = ()) -> bool:
    """Whether ``text`` lies inside its axes, touches none of its lines and none of ``others``."""
    renderer = text.axes.figure.canvas.get_renderer()
    box = text.get_window_extent(renderer)
    if not text.axes.bbox.contains(box.x0, box.y0) or not text.axes.bbox.contains(box.x1, box.y1):
        return False
    if any(box.overlaps(other.get_window_extent(renderer)) for other in others):
        return False
    return not crossed_lines(text)


def place_clear(label: Annotation, others: Sequence[Text] = (), offsets=AROUND_A_POINT) -> bool:
    """Put ``label`` at the first of ``offsets`` where it is clear (:func:`is_clear`).

    Returns False, leaving it at the first offset, where none is.
    """
    for dx, dy, ha, va in (*offsets, offsets[0]):
        label.xyann = (dx, dy)
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        if is_clear(label, others):
            return True
    return False


def slide_clear(label: Annotation, step_pt: float = 1.0) -> bool:
    """Move a bar's label (offset in points from the bar's end) away from the bar until it
    touches no line, at most :data:`SLIDE_LIMIT_PT`; where it cannot, it stays where it was."""
    start_x, start_y = label.xyann
    direction = 1.0 if start_x >= 0 else -1.0
    moved = 0.0
    while crossed_lines(label):
        moved += step_pt
        if moved > SLIDE_LIMIT_PT:
            label.xyann = (start_x, start_y)
            return False
        label.xyann = (start_x + direction * moved, start_y)
    return True


def labels_on_lines(ax: Axes) -> list[str]:
    """The texts drawn inside ``ax`` (values, highlights) that touch one of its lines."""
    return [text.get_text() for text in ax.texts if text.get_visible() and crossed_lines(text)]


def _drawn_runs(points: np.ndarray) -> list[Path]:
    """The runs of consecutive finite points of a line, each as a path (a gap breaks a line)."""
    finite = np.isfinite(points).all(axis=1)
    runs, current = [], []
    for point, ok in zip(points, finite, strict=True):
        if ok:
            current.append(point)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    # A lone point is drawn as its marker: a path of one point to itself.
    return [Path(np.asarray(run if len(run) > 1 else run * 2)) for run in runs]
