"""The ``oms`` command: parse, call the core, render, exit. No logic of its own lives here.

Rendering modules are imported inside the commands that use them, so that a scripted
``oms check --format json`` never pays for rich.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer

from oms_cli import __version__
from oms_cli.exitcodes import ExitCode
from oms_cli.rules import AgeGroup, Assessment, Finding, Verdict, evaluate

EPILOG = "An educational aid, not a diagnosis. Exit codes: see 'oms check --help'."

app = typer.Typer(
    name="oms",
    help=(
        "Check findings against the diagnostic criteria of opsoclonus-myoclonus syndrome (OMS): "
        "any 3 of 4 criteria. Findings are yes, no or unknown; unknown is never taken as no."
    ),
    epilog=EPILOG,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(StrEnum):
    """Output formats for one result."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


VERDICT_EXIT: dict[Verdict, ExitCode] = {
    Verdict.MET: ExitCode.MET,
    Verdict.NOT_MET: ExitCode.NOT_MET,
    Verdict.UNDETERMINED: ExitCode.UNDETERMINED,
}


def fail(message: str, code: ExitCode = ExitCode.USAGE) -> NoReturn:
    """Print a plain one-line error to standard error and exit with a documented code."""
    sys.stderr.write(f"oms: error: {message}\n")
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"oms-cli {__version__}\n")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Print the version and exit.",
            callback=_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Check findings against the diagnostic criteria of opsoclonus-myoclonus syndrome (OMS)."""


def _finding_option(finding: Finding, help_text: str) -> Any:  # typer.Option is typed Any
    return typer.Option(
        f"--{finding.value}/--no-{finding.value}",
        help=help_text,
        show_default=False,
        rich_help_panel="Findings (each: flag = yes, --no- flag = no, neither = unknown)",
    )


FORMAT_HELP = "Output format: text for people, json for programs, markdown for notes."


@app.command(
    epilog=(
        "Exit codes: 0 criteria met, 1 not met, 3 undetermined (depends on unknown findings), "
        "2 usage error, 130 interrupted. An educational aid, not a diagnosis."
    ),
)
def check(
    neuroblastoma: Annotated[
        bool | None, _finding_option(Finding.NEUROBLASTOMA, "A neuroblastoma has been found.")
    ] = None,
    opsoclonus: Annotated[
        bool | None,
        _finding_option(Finding.OPSOCLONUS, "Fast, irregular eye movements (opsoclonus)."),
    ] = None,
    myoclonus: Annotated[
        bool | None, _finding_option(Finding.MYOCLONUS, "Sudden muscle jerks (myoclonus).")
    ] = None,
    ataxia: Annotated[
        bool | None, _finding_option(Finding.ATAXIA, "Lack of coordination (ataxia).")
    ] = None,
    behavior: Annotated[
        bool | None,
        _finding_option(Finding.BEHAVIOR, "Behavioural disturbance (irritability, rage)."),
    ] = None,
    sleep: Annotated[bool | None, _finding_option(Finding.SLEEP, "Sleep disturbance.")] = None,
    age_group: Annotated[
        AgeGroup | None,
        typer.Option(
            "--age-group",
            help="Age group; changes the notes, never the verdict.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help=FORMAT_HELP)
    ] = Format.TEXT,
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help="Never ask questions; findings not given stay unknown."),
    ] = False,
) -> None:
    """Evaluate one person's findings against the 3-of-4 rule.

    Give each finding as a flag (yes) or its --no- form (no); a finding not given is unknown.
    The verdict is met, not met, or undetermined when unknown findings could change it.

    Example: oms check --opsoclonus --myoclonus --no-behavior --sleep
    """
    given = {
        Finding.NEUROBLASTOMA: neuroblastoma,
        Finding.OPSOCLONUS: opsoclonus,
        Finding.MYOCLONUS: myoclonus,
        Finding.ATAXIA: ataxia,
        Finding.BEHAVIOR: behavior,
        Finding.SLEEP: sleep,
    }
    assessment = evaluate(given, age_group)
    _print_assessment(assessment, output_format)
    raise typer.Exit(VERDICT_EXIT[assessment.verdict])


def _print_assessment(assessment: Assessment, output_format: Format) -> None:
    if output_format is Format.JSON:
        from oms_cli.report import assessment_dict, to_json

        sys.stdout.write(to_json(assessment_dict(assessment)))
    elif output_format is Format.MARKDOWN:
        from oms_cli.report import assessment_markdown

        sys.stdout.write(assessment_markdown(assessment))
    else:
        from oms_cli import render

        render.console().print(render.assessment_view(assessment))


@app.command()
def criteria(
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help=FORMAT_HELP)
    ] = Format.TEXT,
) -> None:
    """Show the rule (any 3 of 4 criteria), the four criteria and what "and/or" means."""
    from oms_cli import report

    if output_format is Format.JSON:
        sys.stdout.write(report.to_json(report.criteria_dict()))
    elif output_format is Format.MARKDOWN:
        sys.stdout.write(report.criteria_markdown())
    else:
        from oms_cli import render

        render.console().print(render.criteria_view())


@app.command()
def sources(
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help=FORMAT_HELP)
    ] = Format.TEXT,
) -> None:
    """List the sources: the reference page [GARD], then its references [1]-[5]."""
    from oms_cli import report

    if output_format is Format.JSON:
        sys.stdout.write(report.to_json(report.sources_dict()))
    elif output_format is Format.MARKDOWN:
        sys.stdout.write(report.sources_markdown())
    else:
        from oms_cli import render

        render.console().print(render.sources_view())


class BatchInput(StrEnum):
    """Input formats of `oms batch`: the values of `batch.InputFormat`.

    Repeated here because the CLI does not import the batch module at start-up.
    """

    CSV = "csv"
    JSONL = "jsonl"


class BatchOutput(StrEnum):
    """Output formats of `oms batch` (the values of `batch.OutputFormat`)."""

    CSV = "csv"
    JSONL = "jsonl"
    TABLE = "table"


@app.command(
    epilog=(
        "Exit codes: 0 every row evaluated (whatever the verdicts), 2 a bad file, row or option "
        "(the message names file, line, column and value), 130 interrupted. "
        "An educational aid, not a diagnosis."
    ),
)
def batch(
    file: Annotated[
        str,
        typer.Argument(
            help="CSV file with a header row, or JSON Lines; - reads standard input.",
            metavar="FILE",
            show_default=False,
        ),
    ],
    input_format: Annotated[
        BatchInput | None,
        typer.Option(
            "--input-format",
            help="Input format; default: from the extension (.csv, .jsonl, .ndjson), else "
            "jsonl if the input starts with {, else csv.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        BatchOutput | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format; default: from the --output extension, else table on a "
            "terminal, else csv.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (whole or not at all) instead of standard output.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the --output file if it exists.")
    ] = False,
    keep_going: Annotated[
        bool,
        typer.Option(
            "--keep-going",
            help="Evaluate every good row; report each bad one (on standard error and in an "
            "error column) and exit 2 at the end.",
        ),
    ] = False,
) -> None:
    """Evaluate many people at once, one a row, from CSV or JSON Lines.

    Columns (or keys): an optional id, and any of neuroblastoma, opsoclonus, myoclonus, ataxia,
    behavior, sleep; a finding left out is unknown. Values: yes/y/true/1, no/n/false/0,
    unknown/u/empty, in any case. Without an id the line number is the id.

    Each output row: id, verdict, met_count, unknown_count and the status of each criterion
    (JSON Lines also the findings as read).

    Example: oms batch cases.csv --output verdicts.csv
    """
    from oms_cli import batch as core

    options = core.BatchOptions(
        file=file,
        input_format=core.InputFormat(input_format) if input_format else None,
        output_format=core.OutputFormat(output_format) if output_format else None,
        output=output,
        force=force,
        keep_going=keep_going,
    )
    nothing_written = "; no output file was written" if output not in (None, "-") else ""
    try:
        core.execute(options)
    except core.BatchError as error:
        fail(str(error))
    except KeyboardInterrupt:
        fail(f"interrupted{nothing_written}", ExitCode.INTERRUPTED)
    except core.Terminated:
        fail(f"terminated{nothing_written}", ExitCode.TERMINATED)
    except BrokenPipeError:
        core.silence_stdout()  # the reader went away (``| head``): stop quietly, exit 0


def main() -> None:
    """Entry point of the ``oms`` console script."""
    app(prog_name="oms")
