"""The whole `oms batch` command: `run`, reader to writer, and `execute`, which reports on it.

`execute` adds the output file, the errors file, the progress bar, the error lines (a screenful
on a terminal, then a tally) and the summary.
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from oms_cli.batch.formats import InputFormat, OutputFormat
from oms_cli.batch.reading import NAMES, Settings, count, folded, read_cases
from oms_cli.batch.rows import (
    STDIN,
    STDIN_NAME,
    BatchError,
    Item,
    RowError,
    RowResult,
    Spellings,
    Summary,
    split_values,
)
from oms_cli.batch.source import InputSource, guess_input_format, input_size, open_input
from oms_cli.batch.writing import (
    FLUSH_ROWS,
    CsvWriter,
    FhirNdjsonWriter,
    JsonlWriter,
    Writer,
    guess_output_format,
    on_screen,
)
from oms_cli.cli.process import fail, message_line, notice, resume_garbage_collection
from oms_cli.files.outfile import OutputError, OutputFile
from oms_cli.files.textsafe import quoted, visible
from oms_cli.rules import FINDINGS

TALLY_SHOWN = 10
"""Lines of the tally of bad cells shown at the end, most frequent first."""


def run(
    source: InputSource,
    input_format: InputFormat,
    writer: Writer,
    *,
    on_error: Callable[[RowError], None],
    keep_going: bool = False,
    settings: Settings | None = None,
) -> Summary:
    """Evaluate every row of the input and write each result; return what happened.

    A bad row raises `BatchError` unless ``keep_going``; then it is passed to ``on_error``, written
    as an error row, and counted.
    """
    summary = Summary()
    items = read_cases(source, input_format, settings or Settings(), summary)
    write_items(items, writer, summary, on_error, keep_going=keep_going)
    return summary


def write_items(
    items: Iterable[Item],
    writer: Writer,
    summary: Summary,
    on_error: Callable[[RowError], None],
    *,
    keep_going: bool,
) -> None:
    """Write each item, counting verdicts; a bad one stops the run unless keep_going."""
    writer.start()
    lines: list[bytes] = []
    case, error = writer.case, writer.error
    for item in _checked(items, summary, on_error, keep_going=keep_going):
        lines.append(case(item) if isinstance(item, RowResult) else error(item))
        if len(lines) >= FLUSH_ROWS:
            writer.sink.write(b"".join(lines))
            lines.clear()
    writer.sink.write(b"".join(lines))
    writer.finish()


def _checked(
    items: Iterable[Item],
    summary: Summary,
    on_error: Callable[[RowError], None],
    *,
    keep_going: bool,
) -> Iterator[Item]:
    """The items, counted; a bad one stops the run unless keep_going."""
    verdicts = summary.verdicts
    for item in items:
        if isinstance(item, RowResult):
            verdicts[item.outcome.assessment.verdict] += 1
        else:
            if not keep_going:
                raise BatchError(item.message)
            summary.count_error(item)
            on_error(item)
        yield item


# --- the whole command ---------------------------------------------------------------------------


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
        """How to read the input, from the options; `BatchError` for a bad one."""
        columns = []
        for text in self.columns:
            finding, _, name = text.partition("=")
            if folded(finding) not in NAMES or not name.strip():
                raise BatchError(
                    f"--column: expected FINDING=NAME with a finding ({', '.join(FINDINGS)}), "
                    f"got {quoted(text)}"
                )
            columns.append((NAMES[folded(finding)], name))
        delimiter = {"tab": "\t", "\\t": "\t"}.get(self.delimiter or "", self.delimiter)
        if delimiter is not None and len(delimiter) != 1:
            raise BatchError(f"--delimiter: expected one character or tab, got {quoted(delimiter)}")
        spellings = Spellings(
            *map(split_values, (self.yes_values, self.no_values, self.unknown_values))
        )
        return Settings(spellings, self.id_column, tuple(columns), delimiter, self.sheet)


_PROGRESS_MIN_BYTES = 1 << 20
"""Smaller files finish before a progress bar would be worth drawing."""


class _Reporter:
    """Messages, the progress bar, the errors file and the summary on standard error.

    On a terminal at most a screenful of error lines is shown, and a tally closes the run; rich is
    loaded only on a terminal.
    """

    def __init__(self, *, show_progress: bool, total: int | None, errors: BinaryIO | None) -> None:
        self.terminal = sys.stderr.isatty()
        self.shown = 0
        self.limit = max(5, shutil.get_terminal_size().lines - 4) if self.terminal else -1
        self._progress = None
        if self.terminal and show_progress and (total is None or total >= _PROGRESS_MIN_BYTES):
            from oms_cli.batch import screen  # noqa: PLC0415  (rich only on a terminal)

            self._progress = screen.Progress(total)
        self._text = None if errors is None else io.TextIOWrapper(errors, "utf-8", newline="")
        self._errors = None if self._text is None else csv.writer(self._text, lineterminator="\n")
        if self._errors is not None:
            self._errors.writerow(("line", "column", "value", "problem"))

    def __enter__(self) -> _Reporter:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
        if self._text is not None:
            self._text.flush()
            self._text.detach()  # the errors file stays open for its OutputFile

    def advance(self, size: int) -> None:
        """Count bytes read."""
        if self._progress is not None:
            self._progress.advance(size)

    def error(self, error: RowError) -> None:
        """Report one bad row (with --keep-going): a line on standard error, rows in the file."""
        if self._errors is not None:
            where = error.message.split(": ", 1)[-1]
            rows = [(p.column, p.value, p.problem) for p in error.problems] or [("", "", where)]
            self._errors.writerows((error.line, *row) for row in rows)
        if self.shown == self.limit:
            self.shown += 1
            self._print("error: more bad rows follow; a tally of them ends the run")
        if self.shown < self.limit or self.limit < 0:
            self.shown += 1
            self._print(f"error: {error.message}")

    def _print(self, text: str) -> None:
        line = message_line(text)
        if self._progress is not None:
            self._progress.print(line)
        else:
            sys.stderr.write(line + "\n")

    def finish(self, summary: Summary, destination: str | None, errors: str | None) -> None:
        """The ignored columns, the summary (a terminal only), and the tally of bad rows."""
        if summary.ignored:
            names = ", ".join(visible(name) for name in summary.ignored)
            notice(f"ignored {count(len(summary.ignored), 'column')}: {names}")
        if self.terminal and destination is not None:
            from oms_cli.batch import screen  # noqa: PLC0415  (rich only on a terminal)

            screen.show_summary(summary, destination)
        if not summary.errors:
            return
        hidden = self.shown > self.limit >= 0
        if hidden:
            self._print("bad rows by column and value, most frequent first:")
            for (column, value), times in summary.tally.most_common(TALLY_SHOWN):
                shown = f"{visible(column)}: {value}" if column else visible(value, 80)
                self._print(f"  {times:,} × {shown}")
            if len(summary.tally) > TALLY_SHOWN:
                self._print(f"  and {len(summary.tally) - TALLY_SHOWN:,} other kinds of error")
        see = f"see {visible(errors)}" if errors else "see above"
        if hidden and not errors:
            see = "--errors FILE writes every one"
        raise BatchError(
            f"{count(summary.errors, 'row')} of {summary.rows} could not be evaluated ({see})"
        )


def execute(options: BatchOptions) -> None:
    """Run `oms batch`: read, evaluate and write every row; report on standard error.

    Raises `BatchError` for bad input or options and `OutputError` for an output file that cannot
    be written (after removing any temporary file), and at the end when --keep-going met bad rows.
    Whatever ends the run before the output file is in place is told as `OutputFile.failure` says.
    """
    to_stdout = options.output in (None, STDIN)
    stdout_is_terminal = sys.stdout.isatty()
    input_format = options.input_format or guess_input_format(options.file)
    targets = []
    if not to_stdout:
        assert options.output is not None  # noqa: S101  (to_stdout says so; for mypy)
        targets.append(
            OutputFile(
                options.output, option="--output", force=options.force, inputs=[options.file]
            )
        )
    if options.errors is not None:
        if options.errors == options.output:
            raise BatchError("--errors: the errors file cannot be the --output file")
        inputs = [options.file, *(target.name for target in targets)]
        targets.append(
            OutputFile(options.errors, option="--errors", force=options.force, inputs=inputs)
        )
    output_format = options.output_format or guess_output_format(options.output, stdout_is_terminal)
    settings = options.settings()
    stream = None if input_format is InputFormat.XLSX else open_input(options.file)
    try:
        errors = targets[-1].open() if options.errors is not None else None
        reporter = _Reporter(
            # Only with --output: a reader of standard output may be printing to this terminal.
            show_progress=not to_stdout,
            total=None if stream is None else input_size(stream),
            errors=errors,
        )
        summary = Summary()
        items = _items(
            options.file,
            stream=stream,
            input_format=input_format,
            settings=settings,
            summary=summary,
            progress=reporter.advance,
        )
        sink = sys.stdout.buffer if to_stdout else targets[0].open()
        if to_stdout and stdout_is_terminal and output_format is not OutputFormat.TABLE:
            sink = on_screen(sink, output_format)  # once per run: no cost a row elsewhere
        with reporter:
            _write(items, output_format, sink, reporter, summary, keep_going=options.keep_going)
        for target in targets:
            target.commit()
        if to_stdout:
            sink.flush()
    except BaseException as error:
        pending = [target for target in targets if not target.committed]
        if not pending:
            raise
        raise pending[0].failure(error) from None
    finally:
        for target in targets:
            target.discard()
        if stream is not None and stream is not sys.stdin.buffer:
            stream.close()
    destination = "standard output" if to_stdout else visible(targets[0].name)
    reporter.finish(summary, destination, options.errors)


def _items(
    file: str,
    *,
    stream: BinaryIO | None,
    input_format: InputFormat | None,
    settings: Settings,
    summary: Summary,
    progress: Callable[[int], None],
) -> Iterable[Item]:
    """The rows of the input, its header already checked."""
    if stream is None:
        from oms_cli.batch.xlsx import xlsx_cases  # noqa: PLC0415  (openpyxl: an extra)

        return xlsx_cases(file, settings, summary)
    source = InputSource(stream, STDIN_NAME if file == STDIN else file, progress=progress)
    return read_cases(source, input_format or source.sniff(), settings, summary)


def _no_logged_tracebacks() -> None:
    """Let no library print a traceback through the root logger while the table's rich loads.

    Short of memory, a shared library can fail to load inside an import that falls back and logs
    it; that ending is oms's to tell, in one line (`oms_cli.cli.process`).
    """
    import logging  # noqa: PLC0415  (about 2 ms, for the table only: output for people)

    logging.getLogger().addHandler(logging.NullHandler())


def _write(
    items: Iterable[Item],
    output_format: OutputFormat,
    sink: BinaryIO,
    reporter: _Reporter,
    summary: Summary,
    *,
    keep_going: bool,
) -> None:
    if output_format is not OutputFormat.TABLE:
        writer: Writer = (
            CsvWriter(sink, keep_going=keep_going)
            if output_format is OutputFormat.CSV
            else FhirNdjsonWriter(sink, keep_going=keep_going)
            if output_format is OutputFormat.FHIR_NDJSON
            else JsonlWriter(sink, keep_going=keep_going)
        )
        write_items(items, writer, summary, reporter.error, keep_going=keep_going)
        return
    _no_logged_tracebacks()
    from oms_cli.batch import screen  # noqa: PLC0415  (as above)
    from oms_cli.cli import process  # noqa: PLC0415  (as above)
    from oms_cli.views import render  # noqa: PLC0415  (rich only for the table)

    checked = _checked(items, summary, reporter.error, keep_going=keep_going)
    encoding, errors = "utf-8", "backslashreplace"
    if sink is sys.stdout.buffer and getattr(sys.stdout, "errors", None) == process.ASCII_ERRORS:
        encoding, errors = sys.stdout.encoding, process.ASCII_ERRORS  # not UTF-8: ASCII
    text = io.TextIOWrapper(sink, encoding=encoding, errors=errors, newline="")
    try:
        screen.table(checked, render.console(text))
    finally:
        text.detach()  # the sink stays open for the caller


def command(options: BatchOptions) -> None:
    """`oms batch` as the CLI runs it: `execute`, with its errors as one line and exit 2."""
    if options.file == STDIN and sys.stdin is not None and sys.stdin.isatty():
        # Otherwise it would wait in silence, and look as if it hung.
        notice(
            "reading CSV or JSON Lines from the terminal: type or paste the rows, then "
            "Ctrl-D; or give a file (oms batch cases.csv)"
        )
    resume_garbage_collection()  # rows without end: let the collector run, as in any program
    try:
        execute(options)
    except (BatchError, OutputError) as error:
        fail(str(error))
