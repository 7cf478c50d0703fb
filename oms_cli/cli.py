"""The ``oms`` command: parse, call the core, render, exit. No logic of its own lives here.

Rendering modules are imported inside the commands that use them, so that a scripted
``oms check --format json`` never pays for rich.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from oms_cli import __version__
from oms_cli.exitcodes import ExitCode
from oms_cli.rules import (
    AgeGroup,
    Answer,
    AnswerLike,
    Assessment,
    Finding,
    Verdict,
    evaluate,
    parse_answer,
)

if TYPE_CHECKING:
    from oms_cli.fhir import ResponseAnswers

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
    from_fhir: Annotated[
        str | None,
        typer.Option(
            "--from-fhir",
            metavar="FILE",
            help=(
                "Read findings and age group from a FHIR QuestionnaireResponse (a JSON file, "
                "- for stdin); excludes finding flags and --age-group."
            ),
            show_default=False,
        ),
    ] = None,
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
    findings: Mapping[Finding, AnswerLike] = given
    if from_fhir is not None:
        response = _read_fhir(from_fhir, given, age_group)
        findings, age_group = response.findings, response.age_group
    assessment = evaluate(findings, age_group)
    _print_assessment(assessment, output_format)
    raise typer.Exit(VERDICT_EXIT[assessment.verdict])


def _read_fhir(
    file_name: str, given: Mapping[Finding, AnswerLike], age_group: AgeGroup | None
) -> ResponseAnswers:
    """The response's answers; flags that would compete with the file are refused, not merged."""
    answers = {finding: parse_answer(value) for finding, value in given.items()}
    flags = [
        f"--{finding}" if answer is Answer.YES else f"--no-{finding}"
        for finding, answer in answers.items()
        if answer is not Answer.UNKNOWN
    ]
    if age_group is not None:
        flags.append("--age-group")
    if flags:
        fail(
            f"--from-fhir takes every finding and the age group from the file; "
            f"it cannot be combined with {', '.join(flags)}"
        )
    from oms_cli import fhir

    try:
        return fhir.read_response(file_name)
    except fhir.ResponseError as error:
        fail(str(error))


def _print_assessment(assessment: Assessment, output_format: Format) -> None:
    if output_format is Format.JSON:
        from oms_cli.report import assessment_dict, to_json

        sys.stdout.write(to_json(assessment_dict(assessment)))
    elif output_format is Format.MARKDOWN:
        from oms_cli.report import assessment_markdown

        sys.stdout.write(assessment_markdown(assessment))
    else:
        from oms_cli import render

        render.emit(render.assessment_view(assessment))


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

        render.emit(render.criteria_view())


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

        render.emit(render.sources_view())


class SchemaName(StrEnum):
    """The published JSON Schemas (see `oms_cli.schema.SCHEMAS`)."""

    CHECK = "check"
    BATCH_ROW = "batch-row"


@app.command("schema")
def schema_command(
    name: Annotated[
        SchemaName | None,
        typer.Argument(help="Which schema; without one, list them.", show_default=False),
    ] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of an output for programs.

    check: the output of 'oms check --format json'. batch-row: one line of 'oms batch' jsonl.

    Example: oms schema check > oms-check.schema.json
    """
    from oms_cli.report import to_json
    from oms_cli.schema import SCHEMAS

    if name is None:
        width = max(map(len, SCHEMAS))
        for key, schema in SCHEMAS.items():
            sys.stdout.write(f"{key:<{width}}  {schema['title']}\n")
        return
    sys.stdout.write(to_json(SCHEMAS[name.value]))


class QuestionnaireFormat(StrEnum):
    """Output formats for the questionnaire."""

    FHIR = "fhir"


@app.command("questionnaire")
def questionnaire_command(
    output_format: Annotated[
        QuestionnaireFormat,
        typer.Option("--format", "-f", help="fhir: a FHIR R4 Questionnaire resource (JSON)."),
    ] = QuestionnaireFormat.FHIR,
) -> None:
    """Print the questions of 'oms check' as a FHIR R4 Questionnaire.

    Items: age_group (child, adult), then each finding (yes, no, unknown) with help and sources.

    Fill it in with a FHIR forms tool; 'oms check --from-fhir FILE' evaluates the response.
    """
    from oms_cli.fhir import questionnaire
    from oms_cli.report import to_json

    if output_format is QuestionnaireFormat.FHIR:
        sys.stdout.write(to_json(questionnaire()))


def main() -> None:
    """Entry point of the ``oms`` console script."""
    app(prog_name="oms")
