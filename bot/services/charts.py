"""PNG charts of the group ranking (matplotlib's Agg renderer, no display needed).

Chinese labels need a CJK font, and a fresh machine has none: the project depends on the
`noto-cjk-sans-otc` package, which ships Noto Sans CJK (SIL Open Font License) as a font
collection; its Simplified Chinese face is used. A system font (Noto Sans CJK, WenQuanYi,
Source Han Sans, SimHei, Microsoft YaHei) is the fallback when that package is missing.
"""

from __future__ import annotations

import io
import threading
from functools import cache
from typing import Any

from bot.locales import Translator
from bot.services.rankings import GroupBoard, period_label

# Groups shown at most; the title says how many there are in all.
MAX_BARS = 30
CJK_FAMILY = "Noto Sans CJK SC"
FALLBACK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Source Han Sans SC",
    "SimHei",
    "Microsoft YaHei",
)
# Matplotlib's font cache and text layout are shared state: one chart at a time.
_LOCK = threading.Lock()


class NoCJKFont(RuntimeError):
    """No font that can draw Chinese: the chart would show empty boxes instead."""


@cache
def cjk_font_family() -> str:
    """The family name of a CJK font matplotlib can use, registering the packaged one."""
    from matplotlib import font_manager

    try:
        import noto_cjk_sans_otc  # type: ignore[import-untyped]

        font_manager.fontManager.addfont(str(noto_cjk_sans_otc.FONT_PATH))
    except (ImportError, OSError, RuntimeError):
        pass
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in FALLBACK_FAMILIES:
        if family in known:
            return family
    raise NoCJKFont("no CJK font: install the noto-cjk-sans-otc package")


def group_chart_png(board: GroupBoard, t: Translator) -> bytes:
    """Horizontal bars of the groups' scores (points per member x participation), best on
    top, each labelled with its points per member and participation."""
    with _LOCK:
        return _render(board, t)


def _render(board: GroupBoard, t: Translator) -> bytes:
    from matplotlib.figure import Figure

    family = cjk_font_family()
    rows = board.rows[:MAX_BARS]
    height = 1.6 + 0.42 * max(len(rows), 1)
    figure = Figure(figsize=(9, height), dpi=110)
    axes: Any = figure.add_subplot()
    title = t("chart-title", period=period_label(t, board.period))
    if len(board.rows) > MAX_BARS:
        title += "\n" + t("chart-top-of", shown=len(rows), total=len(board.rows))
    axes.set_title(title, fontfamily=family, fontsize=13)
    if not rows:
        axes.text(0.5, 0.5, t("chart-empty"), ha="center", va="center", fontfamily=family)
        axes.set_axis_off()
    else:
        labels = [f"{row.rank}. {row.name}" for row in rows]
        scores = [float(row.score) for row in rows]
        positions = list(range(len(rows)))
        axes.barh(positions, scores, color="#c0392b")
        axes.set_yticks(positions, labels, fontfamily=family, fontsize=10)
        axes.invert_yaxis()
        axes.set_xlabel(t("chart-axis"), fontfamily=family)
        widest = max(scores) if max(scores) > 0 else 1.0
        axes.set_xlim(0, widest * 1.45)
        for position, row, score in zip(positions, rows, scores, strict=True):
            note = t(
                "chart-bar-note",
                per_member=f"{float(row.per_member):.1f}",
                participation=f"{float(row.participation) * 100:.0f}",
            )
            if row.members == 0:
                note = t("chart-bar-empty")
            axes.text(
                score + widest * 0.01,
                position,
                note,
                va="center",
                fontfamily=family,
                fontsize=9,
            )
        axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
