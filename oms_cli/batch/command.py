"""The whole `oms batch` command: `run`, reader to writer, and `execute`, which reports on it.

`execute` adds the output file, the progress bar and the summary.
"""

from __future__ import annotations

import io
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from oms_cli.batch.fastpath import CsvFastPath
from oms_cli.batch.formats import InputFormat, OutputFormat
from oms_cli.batch.reading import CsvCases, count, read_cases
from oms_cli.batch.rows import (
    STDIN,
    STDIN_NAME,
    BatchError,
    Item,
    RowError,
    RowResult,
    Summary,
    reject,
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
from oms_cli.cli.process import fail, message_line, notice
from oms_cli.files.outfile import OutputError, OutputFile
from oms_cli.files.textsafe import visible
from oms_cli.rules import Verdict


def run(
    source: InputSource,
    input_format: InputFormat,
    writer: Writer,
    *,
    on_error: Callable[[RowError], None],
    keep_going: bool = False,
) -> Summary:
    """Evaluate every row of the input and write each result; return what happened.

    A bad row raises `BatchError` unless ``keep_going``; then it is passed to ``on_error``, written
    as an error row, and counted.
    """
    summary = Summary()
    if input_format is InputFormat.CSV and isinstance(writer, CsvWriter):
        cases = CsvCases(source)  # reads the header: a bad one stops before any output
        writer.start()
        CsvFastPath(cases, writer, summary, on_error, keep_going=keep_going).run()
        writer.finish()
        return summary
    items = read_cases(source, input_format)
    writer.start()
    _write_items(items, writer, summary, on_error, keep_going=keep_going)
    writer.finish()
    return summary


def _write_items(
    items: Iterator[Item],
    writer: Writer,
    summary: Summary,
    on_error: Callable[[RowError], None],
    *,
    keep_going: bool,
) -> None:
    """Write each item, counting verdicts; a bad one stops the run unless keep_going."""
    lines: list[bytes] = []
    verdicts: Counter[Verdict] = Counter()
    for item in items:
        if isinstance(item, RowResult):
            verdicts[item.outcome.verdict] += 1
            lines.append(writer.case(item))
        else:
            reject(item, summary, on_error, keep_going=keep_going)
            lines.append(writer.error(item))
        if len(lines) >= FLUSH_ROWS:
            writer.sink.write(b"".join(lines))
            lines.clear()
    writer.sink.write(b"".join(lines))
    summary.verdicts.update(verdicts)


def _checked(
    items: Iterator[Item],
    summary: Summary,
    on_error: Callable[[RowError], None],
    *,
    keep_going: bool,
) -> Iterator[Item]:
    """The items, counted; a bad one stops the run unless keep_going."""
    for item in items:
        if isinstance(item, RowResult):
            summary.verdicts[item.outcome.verdict] += 1
        else:
            reject(item, summary, on_error, keep_going=keep_going)
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


_PROGRESS_MIN_BYTES = 1 << 20
"""Smaller files finish before a progress bar would be worth drawing."""


class _Reporter:
    """Messages, the progress bar and the summary on standard error (rich only on a terminal)."""

    def __init__(self, *, terminal: bool, show_progress: bool, total: int | None) -> None:
        self.terminal = terminal
        self._stderr = sys.stderr
        self._progress = None
        if terminal and show_progress and (total is None or total >= _PROGRESS_MIN_BYTES):
            from oms_cli.batch import screen  # noqa: PLC0415  (rich only on a terminal)

            self._progress = screen.Progress(total)

    def __enter__(self) -> _Reporter:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, size: int) -> None:
        """Count bytes read."""
        if self._progress is not None:
            self._progress.advance(size)

    def error(self, error: RowError) -> None:
        """Report one bad row (with --keep-going)."""
        line = message_line(f"error: {error.message}")
        if self._progress is not None:
            self._progress.print(line)
        else:
            self._stderr.write(line + "\n")

    def summary(self, summary: Summary, destination: str) -> None:
        """The counts, on a terminal only."""
        if self.terminal:
            from oms_cli.batch import screen  # noqa: PLC0415  (rich only on a terminal)

            screen.show_summary(summary, destination)


def execute(options: BatchOptions) -> None:
    """Run `oms batch`: read, evaluate and write every row; report on standard error.

    Raises `BatchError` for bad input or options and `OutputError` for an output file that cannot
    be written (after removing any temporary file), and at the end when --keep-going met bad rows.
    Whatever ends the run before the output file is in place is told as `OutputFile.failure` says:
    a full disk as an `OutputError` naming the file, Ctrl-C or a signal noted that no output file
    was written.
    """
    to_stdout = options.output in (None, STDIN)
    stdout_is_terminal = sys.stdout.isatty()
    output_format = options.output_format or guess_output_format(options.output, stdout_is_terminal)
    target = None
    if not to_stdout:
        assert options.output is not None  # noqa: S101  (to_stdout says so; for mypy)
        target = OutputFile(
            options.output, option="--output", force=options.force, inputs=(options.file,)
        )
    stream = open_input(options.file)
    try:
        reporter = _Reporter(
            terminal=sys.stderr.isatty(),
            # Only with --output: a reader of standard output may be printing to this terminal.
            show_progress=target is not None,
            total=input_size(stream),
        )
        name = STDIN_NAME if options.file == STDIN else options.file
        source = InputSource(stream, name, progress=reporter.advance)
        input_format = options.input_format or guess_input_format(options.file) or source.sniff()
        sink = sys.stdout.buffer if target is None else target.open()
        if target is None and stdout_is_terminal and output_format is not OutputFormat.TABLE:
            sink = on_screen(sink, output_format)  # once per run: no cost a row elsewhere
        with reporter:
            summary = _write(
                source=source,
                input_format=input_format,
                output_format=output_format,
                sink=sink,
                reporter=reporter,
                options=options,
            )
        if target is not None:
            target.commit()
        else:
            sink.flush()
    except BaseException as error:
        if target is None or target.committed:
            raise
        raise target.failure(error) from None
    finally:
        if target is not None:
            target.discard()
        if stream is not sys.stdin.buffer:
            stream.close()
    destination = "standard output" if target is None else visible(target.name)
    reporter.summary(summary, destination)
    if summary.errors:
        raise BatchError(
            f"{count(summary.errors, 'row')} of {summary.rows} could not be evaluated (see above)"
        )


def _no_logged_tracebacks() -> None:
    """Let no library print a traceback through the root logger while the table's rich loads.

    Short of memory, a shared library can fail to load inside an import that falls back and logs
    it (rich imports `random`, which falls back to `hashlib`, which logs each hash it cannot
    load, traceback and all); that ending is oms's to tell, in one line (`oms_cli.cli.process`).
    """
    import logging  # noqa: PLC0415  (about 2 ms, for the table only: output for people)

    logging.getLogger().addHandler(logging.NullHandler())


def _write(
    *,
    source: InputSource,
    input_format: InputFormat,
    output_format: OutputFormat,
    sink: BinaryIO,
    reporter: _Reporter,
    options: BatchOptions,
) -> Summary:
    keep_going = options.keep_going
    if output_format is OutputFormat.TABLE:
        _no_logged_tracebacks()
        from oms_cli.batch import screen  # noqa: PLC0415  (as above)
        from oms_cli.cli import process  # noqa: PLC0415  (as above)
        from oms_cli.views import render  # noqa: PLC0415  (rich only for the table)

        summary = Summary()
        items = _checked(
            read_cases(source, input_format), summary, reporter.error, keep_going=keep_going
        )
        encoding, errors = "utf-8", "backslashreplace"
        if (
            sink is sys.stdout.buffer
            and getattr(sys.stdout, "errors", None) == process.ASCII_ERRORS
        ):
            encoding, errors = sys.stdout.encoding, process.ASCII_ERRORS  # not UTF-8: ASCII
        text = io.TextIOWrapper(sink, encoding=encoding, errors=errors, newline="")
        try:
            screen.table(items, render.console(text))
        finally:
            text.detach()  # the sink stays open for the caller
        return summary
    writer: Writer = (
        CsvWriter(sink, keep_going=keep_going)
        if output_format is OutputFormat.CSV
        else FhirNdjsonWriter(sink, keep_going=keep_going)
        if output_format is OutputFormat.FHIR_NDJSON
        else JsonlWriter(sink, keep_going=keep_going)
    )
    return run(
        source,
        input_format,
        writer,
        on_error=reporter.error,
        keep_going=keep_going,
    )


def command(options: BatchOptions) -> None:
    """`oms batch` as the CLI runs it: `execute`, with its errors as one line and exit 2.

    Signals and a closed pipe end as in every command (`oms_cli.cli.process`), with the note
    `execute` attaches about the output file.
    """
    if options.file == STDIN and sys.stdin is not None and sys.stdin.isatty():
        # Otherwise it would wait in silence, and look as if it hung.
        notice(
            "reading CSV or JSON Lines from the terminal: type or paste the rows, then "
            "Ctrl-D; or give a file (oms batch cases.csv)"
        )
    try:
        execute(options)
    except (BatchError, OutputError) as error:
        fail(str(error))
