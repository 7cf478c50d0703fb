"""The whole `oms batch`: `run`, reader to writer, and `execute`, which reports on it."""

from __future__ import annotations

import codecs
import contextlib
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO, cast

from oms_cli.batch import INPUT_SUFFIXES, InputFormat, OutputFormat, writing
from oms_cli.batch.reading import Input, input_size, open_input, read_rows, xlsx_rows
from oms_cli.batch.rows import (
    NAMES,
    STDIN,
    STDIN_NAME,
    BatchError,
    Item,
    Outcome,
    RowError,
    Settings,
    Spellings,
    Summary,
    check_mappings,
    count,
    folded,
)
from oms_cli.errors import UserError, message_line, notice
from oms_cli.files.outfile import OutputFile
from oms_cli.files.textsafe import ASCII_ERRORS, quoted, visible
from oms_cli.rules import FINDINGS

if TYPE_CHECKING:
    from rich.progress import Progress

TALLY_SHOWN = 10  # lines of the tally of bad values, most frequent first
PROGRESS_MIN_BYTES = 1 << 20  # smaller files finish before a progress bar is worth drawing


def run(
    source: Input,
    input_format: InputFormat,
    writer: writing.Writer,
    *,
    on_error: Callable[[RowError], None],
    keep_going: bool = False,
    settings: Settings | None = None,
) -> Summary:
    """Evaluate every row of the input, write each result, and count them (see `checked`)."""
    summary = Summary()
    items = read_rows(source, input_format, settings or Settings(), summary)
    writer.write(checked(items, summary, on_error, keep_going=keep_going))
    return summary


def checked(
    items: Iterable[Item],
    summary: Summary,
    on_error: Callable[[RowError], None],
    *,
    keep_going: bool,
) -> Iterator[Item]:
    """The items, counted; a bad one raises `BatchError` unless keep_going, else to on_error."""
    outcomes = Counter[Outcome]()  # rows by outcome: a cheap key (identity), added up at the end
    for item in items:
        if isinstance(item, RowError):
            if not keep_going:
                raise BatchError(item.message)
            summary.count_error(item)
            on_error(item)
        else:
            outcomes.update(item.outcomes)
        yield item
    for outcome, rows in outcomes.items():
        summary.verdicts[outcome.assessment.verdict] += rows


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """What `oms batch` was asked to do."""

    file: str
    input_format: InputFormat | None = None
    output_format: OutputFormat | None = None
    output: str | None = None
    force: bool = False
    keep_going: bool = False
    errors: str | None = None
    id_column: str | None = None
    columns: tuple[str, ...] = ()
    yes_values: str | None = None
    no_values: str | None = None
    unknown_values: str | None = None
    delimiter: str | None = None
    sheet: str | None = None

    def settings(self) -> Settings:
        """How to read the input; `BatchError` for options that cannot be meant."""
        if self.sheet is not None and self.input_kind() is not InputFormat.XLSX:
            raise BatchError("--sheet: only for .xlsx input")
        columns = []
        for text in self.columns:
            finding, _, name = text.partition("=")
            if folded(finding) not in NAMES or not name.strip():
                raise BatchError(
                    f"--column: expected FINDING=NAME with a finding ({', '.join(FINDINGS)}), "
                    f"got {quoted(text)}"
                )
            columns.append((NAMES[folded(finding)], name))
        check_mappings(columns, self.id_column)
        tab = self.delimiter is not None and self.delimiter.lower() in ("tab", "\\t")
        delimiter = "\t" if tab else self.delimiter
        if delimiter is not None and len(delimiter) != 1:
            raise BatchError(f"--delimiter: expected one character or tab, got {quoted(delimiter)}")
        values = [self.yes_values, self.no_values, self.unknown_values]
        spellings = Spellings(
            *([w.strip() for w in (v or "").split(",") if w.strip()] for v in values)
        )
        return Settings(spellings, self.id_column, tuple(columns), delimiter, self.sheet)

    def input_kind(self) -> InputFormat | None:
        """The input format: given, else the file's extension; None to find from the content."""
        if self.input_format is not None or self.file == STDIN:
            return self.input_format
        return INPUT_SUFFIXES.get(Path(self.file).suffix.lower())

    def files(self) -> dict[str, OutputFile]:
        """The files to write, by option: refused if one exists (without --force) or is an input."""
        if self.errors is not None and not self.keep_going:
            raise BatchError("--errors goes with --keep-going (without it, a bad row ends the run)")
        if self.errors is not None and Path(self.errors).suffix.lower() not in ("", ".csv"):
            raise BatchError("--errors: the errors file is CSV; give it a .csv name")
        if self.errors is not None and self.errors == self.output:
            raise BatchError("--errors: the errors file cannot be the --output file")
        files: dict[str, OutputFile] = {}
        output = None if self.output == STDIN else self.output
        for option, name in (("--output", output), ("--errors", self.errors)):
            if name is not None:
                inputs = [self.file, *(file.name for file in files.values())]
                files[option] = OutputFile(name, option=option, force=self.force, inputs=inputs)
        return files


class _Reporter:
    """Bad rows on standard error (on a terminal a screenful, then a tally) and in --errors."""

    def __init__(self, errors: BinaryIO | None) -> None:
        self.terminal = sys.stderr.isatty()
        # Error lines shown before the tally: a screenful on a terminal, else every one.
        self.limit = max(5, shutil.get_terminal_size().lines - 4) if self.terminal else None
        self.shown = 0
        self.errors = errors
        self.progress: Progress | None = None  # shown while a file of 1 MiB or more is read
        if errors is not None:
            errors.write(b"line,column,value,problem\n")

    def error(self, error: RowError) -> None:
        """One bad row (with --keep-going): a line on standard error, its cells in the file."""
        if self.errors is not None:
            cells = ((str(error.line), p.column, p.value, p.problem) for p in error.cells)
            lines = (",".join(map(writing.csv_field, row)) + "\n" for row in cells)
            self.errors.write("".join(lines).encode(errors="backslashreplace"))
        if self.shown == self.limit:
            self.say("error: more bad rows follow; a tally of them ends the run")
        elif self.limit is None or self.shown < self.limit:
            self.say(f"error: {error.message}")
        self.shown += 1

    def say(self, text: str) -> None:
        """A line on standard error, above the progress bar if one shows."""
        if self.progress is not None:
            self.progress.console.print(message_line(text))  # not markup: see error_console
        else:
            sys.stderr.write(message_line(text) + "\n")

    def finish(self, summary: Summary, destination: str, errors: str | None) -> None:
        """The ignored columns, the summary (on a terminal), the tally; `BatchError` if bad rows."""
        if summary.ignored:
            names = ", ".join(visible(name) for name in summary.ignored)
            notice(f"ignored {count(len(summary.ignored), 'column')}: {names}")
        if self.terminal:
            from oms_cli.batch import screen  # noqa: PLC0415  (rich only on a terminal)
            from oms_cli.views.render import error_console  # noqa: PLC0415

            error_console().print(screen.summary_line(summary, destination))
        if not summary.errors:
            return
        see = f"see {visible(errors)}" if errors else "see above"
        if self.limit is not None and self.shown > self.limit:
            self.say("bad rows by column and value, most frequent first:")
            for (column, value), times in summary.tally.most_common(TALLY_SHOWN):
                shown = f"{visible(column)}: {value}" if column else visible(value, 80)
                self.say(f"  {times:,} × {shown}")
            if len(summary.tally) > TALLY_SHOWN:
                self.say(f"  and {len(summary.tally) - TALLY_SHOWN:,} other kinds of error")
            see = see if errors else "--errors FILE writes every one"
        bad = count(summary.errors, "row")
        raise BatchError(f"{bad} of {summary.rows} could not be evaluated ({see})")


def execute(options: BatchOptions) -> None:
    """Run `oms batch`: `BatchError` for bad input or rows, `OutputError` for a file not written."""
    # Whatever ends the run before the files are in place leaves none (`OutputFile.failure`).
    files = options.files()
    terminal = sys.stdout.isatty()
    output_format = options.output_format or writing.guess_output_format(options.output, terminal)
    input_format, settings = options.input_kind(), options.settings()
    stream = open_input(options.file)
    name = STDIN_NAME if options.file == STDIN else options.file
    summary = Summary()
    try:
        reporter = _Reporter(files["--errors"].open() if "--errors" in files else None)
        if input_format is InputFormat.XLSX:
            items = xlsx_rows(stream, name, settings, summary)
        else:
            total = input_size(stream)
            small = total is not None and total < PROGRESS_MIN_BYTES  # done before a bar shows
            # Not with standard output: its reader may be at this terminal.
            if reporter.terminal and "--output" in files and not small:
                from oms_cli.batch import screen  # noqa: PLC0415  (rich only on a terminal)

                reporter.progress = screen.progress_bar()
                stream = reporter.progress.wrap_file(stream, total, description="")
            source = Input(stream, name)
            head = source.head.lstrip()
            found = InputFormat.JSONL if head.startswith(b"{") else InputFormat.CSV
            if input_format is None and head.startswith(b"["):
                raise BatchError(
                    f"{visible(name)}: a JSON array, not JSON Lines; give one object a line "
                    "(jq -c '.[]' writes them so)"
                )
            items = read_rows(source, input_format or found, settings, summary)
        sink = files["--output"].open() if "--output" in files else sys.stdout.buffer
        items = checked(items, summary, reporter.error, keep_going=options.keep_going)
        with reporter.progress or contextlib.nullcontext():
            if output_format is OutputFormat.TABLE:
                _table(items, sink)
            else:
                on_terminal = terminal and "--output" not in files
                kind = writing.WRITERS[output_format]
                kind(sink, keep_going=options.keep_going, screen=on_terminal).write(items)
        sink.flush()
        for file in files.values():
            file.commit()
    except BaseException as error:
        pending = [file for file in files.values() if not file.committed]
        if not pending:
            raise
        raise pending[0].failure(error) from None
    finally:
        for file in files.values():
            file.discard()
        if stream is not sys.stdin.buffer:
            stream.close()
    where = visible(files["--output"].name) if "--output" in files else "standard output"
    reporter.finish(summary, where, options.errors)


def _table(items: Iterable[Item], sink: BinaryIO) -> None:
    """The table for people, on ``sink``: through rich, loaded only here."""
    # Short of memory, a library loading for the table can log a traceback through the root
    # logger; that ending is oms's to tell, in one line (`oms_cli.cli.process`).
    import logging  # noqa: PLC0415  (about 2 ms, for the table only: output for people)

    logging.getLogger().addHandler(logging.NullHandler())
    from oms_cli.batch import screen  # noqa: PLC0415  (rich only for the table)
    from oms_cli.views import render  # noqa: PLC0415

    encoding, errors = "utf-8", "backslashreplace"
    if sink is sys.stdout.buffer and getattr(sys.stdout, "errors", None) == ASCII_ERRORS:
        encoding, errors = sys.stdout.encoding, ASCII_ERRORS  # not UTF-8: ASCII
    # A StreamWriter encodes each write and passes it on; not a TextIOWrapper, which, failing to
    # let go of its sink short of memory, would close it (standard output, too) when collected.
    text = codecs.getwriter(encoding)(sink, errors)
    screen.table(items, render.console(cast(TextIO, text)))


def command(options: BatchOptions) -> None:
    """`oms batch` as the CLI runs it: `execute`, with its errors as one line and exit 2."""
    if options.file == STDIN and sys.stdin is not None and sys.stdin.isatty():
        # Otherwise it would wait in silence, and look as if it hung.
        kind, example = "CSV or JSON Lines", "cases.csv"
        if options.input_format is InputFormat.PHENOPACKETS:
            kind, example = (
                "phenopackets (JSON, one a line)",
                "packets.jsonl --input-format phenopackets",
            )
        notice(
            f"reading {kind} from the terminal: type or paste the rows, then Ctrl-D; "
            f"or give a file (oms batch {example})"
        )
    try:
        execute(options)
    except UserError as error:  # the message alone: batch commits its files one by one, and a
        raise UserError(str(error)) from None  # note "no output file was written" could be wrong
