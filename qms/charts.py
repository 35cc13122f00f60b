"""Inline SVG charts for dashboards and reports: no JavaScript, so they print.

Plain SVG strings work the same in the browser, in the public page and in the
WeasyPrint PDF export. Labels are escaped; numbers come from the callers.
"""

import math
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

RED = "#a4161a"
GOLD = "#d4a017"
BLUE = "#1f5fa8"
GREY = "#6b7280"


def _int(number: int) -> str:
    """An integer grouped as the active language writes it: 21.526, 21,526."""
    return number_format(number, use_l10n=True, force_grouping=True)


def _percent(value: float) -> str:
    """A share with two decimals in the active language: 97,03 or 97.03."""
    return number_format(Decimal(f"{value:.2f}"), 2, use_l10n=True, force_grouping=True)


def _svg(width: int, height: int, body: list[str], title: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every label below goes through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" '
        f'font-family="Be Vietnam Pro, sans-serif" style="max-width:{width}px">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


#: Width of the phone variants: drawn at the size a 375 px phone shows them
#: (343 px of content), so their 11-unit labels stay 11 px instead of 6.
PHONE_WIDTH = 340


def monthly_trend_svg(
    months: list[dict], *, title: str, labels: tuple, width: int = 640
) -> SafeString:
    """Grouped bars per month: received and resolved; ``labels`` name the two."""
    height, left, bottom, top = 240, 48, 36, 28
    peak = max([m["received"] for m in months] + [m["resolved"] for m in months] + [1])
    plot_h = height - bottom - top
    slot = (width - left - 8) / max(len(months), 1)
    bar = max(min(slot / 2 - 2, 18), 2)
    # Month labels are ~30 units wide: past a year of months, label every
    # other (or third) month so they do not run into each other.
    label_every = max(1, math.ceil(30 / slot))
    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 4}" '
        f'y2="{top + plot_h}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{top + 4}" font-size="10" text-anchor="end">'
        f"{_int(peak)}</text>",
        f'<text x="{left - 6}" y="{top + plot_h}" font-size="10" '
        f'text-anchor="end">0</text>',
    ]
    for i, month in enumerate(months):
        x = left + i * slot + slot / 2 - bar
        for j, (key, colour) in enumerate((("received", BLUE), ("resolved", RED))):
            h = plot_h * month[key] / peak
            body.append(
                f'<rect x="{x + j * bar:.1f}" y="{top + plot_h - h:.1f}" '
                f'width="{bar - 1:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(labels[j])}: {month[key]}</title></rect>"
            )
        if i % label_every == 0:
            body.append(
                f'<text x="{left + i * slot + slot / 2:.1f}" '
                f'y="{height - bottom + 14}" font-size="10" '
                f'text-anchor="middle">{month["month"]:%m/%y}</text>'
            )
    legend_step = min(140, (width - left) // 2)
    for j, (label, colour) in enumerate(zip(labels, (BLUE, RED), strict=True)):
        x = left + j * legend_step
        body.append(f'<rect x="{x}" y="6" width="10" height="10" fill="{colour}"/>')
        body.append(f'<text x="{x + 14}" y="15" font-size="11">{escape(label)}</text>')
    return _svg(width, height, body, title)


def channel_mix_svg(
    parts: list[tuple[str, int]], *, title: str, width: int = 640
) -> SafeString:
    """One stacked bar of the channels with shares; ``parts`` = (label, count).

    The legend runs in one line when ``width`` leaves 210 units per channel,
    otherwise one channel per line (the phone variant).
    """
    one_line = width >= 210 * len(parts)
    height = 70 if one_line else 44 + 18 * len(parts)
    total = sum(n for _, n in parts) or 1
    colours = (BLUE, GOLD, GREY)
    body, x = [], 0.0
    for (label, count), colour in zip(parts, colours, strict=False):
        w = (width - 2) * count / total
        body.append(
            f'<rect x="{x:.1f}" y="4" width="{w:.1f}" height="26" fill="{colour}">'
            f"<title>{escape(label)}: {count}</title></rect>"
        )
        x += w
    for i, ((label, count), colour) in enumerate(zip(parts, colours, strict=False)):
        lx, ly = (i * 210, 44) if one_line else (0, 44 + 18 * i)
        share = _percent(100 * count / total)
        body.append(f'<rect x="{lx}" y="{ly}" width="10" height="10" fill="{colour}"/>')
        body.append(
            f'<text x="{lx + 14}" y="{ly + 9}" font-size="11">{escape(label)}: '
            f"{_int(count)} ({share}%)</text>"
        )
    return _svg(width, height, body, title)


def ranking_svg(
    rows: list[tuple[str, float | None]], *, title: str, width: int = 640
) -> SafeString:
    """Horizontal bars of on-time rates (0–100 %), one per commune.

    Wide: the name left of its bar. Narrower than 480 units (the phone
    variant): the name on its own line above the bar, so it is never cut.
    """
    stacked = width < 480
    line, left = (34, 4) if stacked else (20, 190)
    height = line * len(rows) + 8
    body = []
    for i, (label, rate) in enumerate(rows):
        y = 4 + i * line
        bar_y = y + 16 if stacked else y + 2
        w = (width - left - 60) * float(rate or 0) / 100
        if stacked:
            body.append(
                f'<text x="{left}" y="{y + 11}" font-size="11">{escape(label)}</text>'
            )
        else:
            body.append(
                f'<text x="{left - 6}" y="{y + 13}" font-size="11" '
                f'text-anchor="end">{escape(label)}</text>'
            )
        body.append(
            f'<rect x="{left}" y="{bar_y}" width="{w:.1f}" height="14" fill="{RED}"/>'
        )
        shown = "–" if rate is None else _percent(float(rate))
        body.append(
            f'<text x="{left + w + 4:.1f}" y="{bar_y + 11}" font-size="11">'
            f"{shown}%</text>"
        )
    return _svg(width, max(height, 20), body, title)


def count_bars_svg(
    rows: list[tuple[str, int]], *, title: str, colour: str = BLUE
) -> SafeString:
    """Horizontal bars of counts, one per label, scaled to the largest.

    Used by the management-review pack for nonconformities and actions by
    status, where the labels are short and the counts small.
    """
    line = 20
    width, left = 640, 190
    peak = max([count for _, count in rows] + [1])
    body = []
    for i, (label, count) in enumerate(rows):
        y = 4 + i * line
        w = (width - left - 60) * count / peak
        body.append(
            f'<text x="{left - 6}" y="{y + 13}" font-size="11" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        body.append(
            f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{line - 6}" '
            f'fill="{colour}"/>'
        )
        body.append(
            f'<text x="{left + w + 4:.1f}" y="{y + 13}" font-size="11">'
            f"{_int(count)}</text>"
        )
    return _svg(width, max(line * len(rows) + 8, 20), body, title)
