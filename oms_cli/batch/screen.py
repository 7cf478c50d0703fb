"""`oms batch` for people: the table (streamed, see docs/batch.md), the summary, the progress."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from rich import progress
from rich.cells import cell_len, set_cell_size
from rich.console import Console, Group, RenderableType
from rich.text import Text

from oms_cli.batch.rows import Item, Outcome, RowError, Summary
from oms_cli.files.textsafe import visible
from oms_cli.rules import CRITERIA, CriterionId, Status, Verdict
from oms_cli.views.render import STATUS_STYLE, VERDICT_STYLE, disclaimer, emit, error_console
from oms_cli.views.result import STATUS_WORDS
from oms_cli.views.wording import batch_summary

VERDICT_WORDS = {verdict: verdict.value.replace("_", " ").upper() for verdict in Verdict}
CRITERION_HEADINGS: dict[CriterionId, str] = {
    CriterionId.NEUROBLASTOMA: "Neuro-\nblastoma",
    CriterionId.OPSOCLONUS: "Opso-\nclonus",
    CriterionId.MYOCLONUS_ATAXIA: "Myoclonus/\nataxia",
    CriterionId.BEHAVIOR_SLEEP: "Behaviour/\nsleep",
}
HEADINGS = [["", "ID"], ["", "Verdict"], ["", "Met"], ["", "Unk."]]
HEADINGS += [CRITERION_HEADINGS[criterion.id].splitlines() for criterion in CRITERIA]
RIGHT = {2, 3}  # the columns of counts, aligned right
GAP = "  "  # between columns (as `oms_cli.views.render.TABLE_GAP`)
# The narrowest id column, and its width when the terminal has room whatever the first ids: ids
# often grow further down a file (line numbers do).
ID_WIDTH = (2, 30)
ID_KEPT = 10  # id width below which the criteria columns give way (verdict and counts stay)
MEASURED_ROWS = 100  # rows read before the id column is sized (wider than 30 only if they need)
WRITE_ROWS = 100  # rows written at once: a table on a terminal appears as it is read
CUT_MARK = "…"


def column_widths(ids: Iterable[str], width: int) -> list[int]:
    """The columns' widths: the id's is what the others leave, up to 30 or the longest first id."""
    widths = [len(VERDICT_WORDS[Verdict.UNDETERMINED]), len("Met"), len("Unk.")]
    for heading in HEADINGS[4:]:
        widths.append(max(len(STATUS_WORDS[Status.NOT_MET]), *map(len, heading)))
    shortest, preferred = ID_WIDTH
    wanted = max([preferred, *(cell_len(visible(ident, None)) for ident in ids)])
    room = width - sum(widths) - len(GAP) * len(widths)
    if room < min(wanted, ID_KEPT):
        widths = widths[:3]  # too narrow for the criteria: verdict and counts only
        room = width - sum(widths) - len(GAP) * len(widths)
    return [max(shortest, min(wanted, room)), *widths]


def fit_id(ident: str, width: int) -> tuple[str, bool]:
    """An id made visible, padded to ``width``; if longer, cut in the middle; and if it was cut."""
    # Both ends stay: ids often differ only in their last characters (patient-0001, -0002).
    shown = visible(ident, None)  # cut here, keeping both ends
    size = cell_len(shown)
    if size <= width:
        return shown + " " * (width - size), False
    end = ""
    for char in reversed(shown):
        if cell_len(char + end) > (width - 1) // 2:
            break
        end = char + end
    return set_cell_size(shown, width - 1 - cell_len(end)) + CUT_MARK + end, True


def _header(widths: list[int], ascii_only: bool) -> Text:
    """The headings, on the line next to the rule when they take one, and the rule."""
    lines = []
    for row in (0, 1):
        cells = [
            parts[row].rjust(width) if index in RIGHT else parts[row].ljust(width)
            for index, (parts, width) in enumerate(zip(HEADINGS, widths, strict=False))
        ]
        lines.append(Text(GAP.join(cells).rstrip(), style="bold"))
    rule = ("-" if ascii_only else "─") * (sum(widths) + len(GAP) * (len(widths) - 1))
    return Text("\n").join([*lines, Text(rule)])


def _tail(out: Console, widths: list[int], outcome: Outcome | None) -> str:
    """Everything after the id of a row with this outcome (None: a bad row)."""
    words = [("ERROR", "bold red")]
    if outcome is not None:
        result = outcome.assessment
        words = [(VERDICT_WORDS[result.verdict], VERDICT_STYLE[result.verdict])]
        words += [(str(result.met_count), ""), (str(result.unknown_count), "")]
        words += [(STATUS_WORDS[c.status], STATUS_STYLE[c.status]) for c in result.criteria]
    line = Text()
    for index, ((word, style), width) in enumerate(zip(words, widths[1:], strict=False), 1):
        room = " " * (width - len(word))
        line.append(GAP + (room if index in RIGHT else ""))
        line.append(word, style)
        line.append("" if index in RIGHT else room)
    line.rstrip()
    with out.capture() as captured:  # as the console writes it, with its styles if any
        out.print(line, end="", soft_wrap=True)
    return captured.get()


def table(items: Iterable[Item], out: Console) -> int:
    """Print the rows as a table as they are read, then the disclaimer; how many ids were cut."""
    rows = itertools.chain.from_iterable(
        [(item.id, None)]
        if isinstance(item, RowError)
        else zip(item.ids, item.outcomes, strict=True)
        for item in items
    )
    first = list(itertools.islice(rows, MEASURED_ROWS))
    widths = column_widths((ident for ident, _ in first), out.width)
    emit(_header(widths, out.options.ascii_only), out)
    tails: dict[Outcome | None, str] = {}
    lines: list[str] = []
    cut = 0
    for ident, outcome in itertools.chain(first, rows):
        shown, was_cut = fit_id(ident, widths[0])
        cut += was_cut
        if outcome not in tails:
            tails[outcome] = _tail(out, widths, outcome)
        lines.append(shown + tails[outcome] + "\n")
        if len(lines) == WRITE_ROWS:
            out.file.write("".join(lines))
            lines.clear()
    out.file.write("".join(lines))
    parts: list[RenderableType] = [Text()]
    if len(widths) < len(HEADINGS):  # the criteria gave way to the verdict and counts
        note = f"The four criteria columns do not fit in {out.width} columns; "
        parts += [Text(note + "--format csv shows them, or a wider terminal."), Text()]
    if cut:
        ids = "1 id was" if cut == 1 else f"{cut:,} ids were"
        note = f"{ids} longer than the ID column and cut in the middle ({CUT_MARK}); "
        parts += [Text(note + "--format csv shows every id whole."), Text()]
    emit(Group(*parts, disclaimer()), out)
    return cut


# --- standard error, on a terminal ---------------------------------------------------------------


def summary_line(summary: Summary, destination: str) -> Text:
    """One line for standard error: how many rows, by verdict, and errors (`wording`'s words)."""
    view = batch_summary(summary.verdicts, summary.errors, destination)
    line = Text(view.rows, style="bold")
    for index, count in enumerate(view.counts):
        if index:
            line.append(", ")
        style = VERDICT_STYLE[count.verdict] if count.verdict is not None else "bold red"
        line.append(count.words, style="" if count.zero else style)
    line.append(view.destination)
    return line


def progress_bar() -> progress.Progress:
    """A progress bar on standard error for the bytes read (`rich.progress.Progress.wrap_file`)."""
    return progress.Progress(
        progress.SpinnerColumn(),
        progress.BarColumn(),
        progress.DownloadColumn(),
        progress.TimeRemainingColumn(),
        console=error_console(),
        transient=True,
    )
