"""The phenopacket features that made no finding yes or no, as `oms check` shows them.

Only with ``--from-phenopacket``: a feature whose HPO term is not in this tool's counted sets
(docs/phenopackets.md) is neither yes nor no, and is listed so that the reader sees it was not
used. Labels come from the file and are shown through `textsafe.visible`.
"""

from __future__ import annotations

from collections.abc import Sequence

from oms_cli.files.textsafe import visible
from oms_cli.interop.hpo_sets import reviewed
from oms_cli.interop.phenopacket import NotCountedFeature

HEADING = "Not counted from the phenopacket"
INTRO = (
    "These features made no finding yes or no: their terms are not among the terms this tool "
    "counts (see docs/phenopackets.md)."
)


def _line(entry: NotCountedFeature) -> str:
    review = reviewed(entry.id)
    if review is not None:
        name = review.name
    elif entry.label:
        name = visible(entry.label)
    else:
        name = "(no label)"
    state = "excluded " if entry.excluded else ""
    reason = f": {entry.reason}" if entry.reason else ""
    return f"{state}{visible(entry.id)} {name}, at {entry.path}{reason}"


def lines(entries: Sequence[NotCountedFeature]) -> tuple[str, ...]:
    """One line per feature not counted: the lines of the result's section (`wording.Section`)."""
    return tuple(_line(entry) for entry in entries)


def note(entries: Sequence[NotCountedFeature]) -> str:
    """The notice for standard error, beside outputs that have no place for the list."""
    shown = ", ".join(visible(entry.id) for entry in entries)
    return f"note: not counted from the phenopacket: {shown} (see docs/phenopackets.md)"
