"""The options and arguments of the ``oms`` commands, each defined once as an ``Annotated`` type.

Their choices are enums, here or in the module that owns them; an option in a help panel is made
by that panel's `typer.Option` (``_output``, ``_export``, ``_reading``), the others by typer's.
"""

import sys
from enum import StrEnum
from functools import partial
from typing import Annotated, Any

import typer

from oms_cli import content
from oms_cli.batch import InputFormat, OutputFormat
from oms_cli.content import TopicId
from oms_cli.exitcodes import ExitCode
from oms_cli.interop.schema import SchemaName
from oms_cli.rules import FINDING_ALIASES, AgeGroup, Finding
from oms_cli.version import __version__
from oms_cli.views.output import CheckFormat, Format
from oms_cli.views.themes import ExportShape, ExportTheme


class QuestionnaireFormat(StrEnum):
    """Output formats for the questionnaire."""

    FHIR = "fhir"


FINDINGS_PANEL = "Findings (flag = yes, --no- = no, neither = unknown)"
OUTPUT_PANEL = "Output"
EXPORT_PANEL = "Export (for slides and handouts)"
READING_PANEL = "Reading the input"
# `typer.Option` for an option shown in one of those panels:
_output = partial(typer.Option, rich_help_panel=OUTPUT_PANEL)
_export = partial(typer.Option, rich_help_panel=EXPORT_PANEL)
_reading = partial(typer.Option, rich_help_panel=READING_PANEL)


def flag_names(finding: Finding) -> list[str]:
    """A finding's flag names without ``--``: its name, then its other spellings (``behaviour``)."""
    return [finding.value, *(alias for alias, of in FINDING_ALIASES.items() if of is finding)]


def finding_option(finding: Finding) -> Any:  # typer.Option is typed Any
    """The tri-state flag of one finding: ``--NAME`` yes, ``--no-NAME`` no, neither unknown."""
    text = content.FINDING_TEXT[finding]
    also = "".join(f" Also --{alias}, --no-{alias}." for alias in flag_names(finding)[1:])
    return typer.Option(
        f"--{finding.value}/--no-{finding.value}",
        # One definition of each finding, the same as in the questions and the criteria.
        help=f"{text.label.capitalize()}: {text.definition}. --no-: {content.NO_MEANS}.{also}",
        rich_help_panel=FINDINGS_PANEL,
    )


def _spellings(answer: str, example: str = "") -> Any:
    """``--yes-values`` and its kin: more spellings of one answer."""
    text = f"More spellings of {answer}, comma-separated (any case){example}."
    return _reading(f"--{answer}-values", help=text, metavar="LIST")


def _print_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"oms-cli {__version__}\n")
        raise typer.Exit(ExitCode.OK)


def complete_topic(incomplete: str) -> list[str]:
    """Shell completion of TOPIC: the topic ids that start with what was typed."""
    return [topic_id.value for topic_id in TopicId if topic_id.startswith(incomplete.lower())]


def complete_case(incomplete: str) -> list[str]:
    """Shell completion of CASE: the case ids that start with what was typed."""
    from oms_cli.content.cases import case_ids  # noqa: PLC0415  (only when completing)

    return [case_id for case_id in case_ids() if case_id.startswith(incomplete.lower())]


VersionOption = Annotated[
    bool,
    typer.Option(
        "--version",
        "-V",
        help="Print the version and exit.",
        callback=_print_version,
        is_eager=True,
    ),
]

# --- shared by several commands -------------------------------------------------------------------

FormatOption = Annotated[
    Format,
    _output(
        "--format",
        "-f",
        help="Output format: text for people, json for programs, markdown for notes.",
        case_sensitive=False,
    ),
]
NoPagerOption = Annotated[
    bool,
    _output(
        "--no-pager",
        help="Print everything at once; without it, long output on a terminal goes through "
        "$PAGER (default: less -FRX). Output that is piped is never paged.",
    ),
]
NeverPagedOption = Annotated[
    bool,
    _output(
        "--no-pager",
        help="Accepted by every command; this one never pages its output, so here it changes "
        "nothing.",
    ),
]
"""--no-pager of the commands that never page."""
ExportOption = Annotated[
    str | None,
    _export(
        "--export",
        metavar="FILE",
        help="Write the output to FILE instead of the screen, in the format its extension names: "
        ".svg (a picture), .html (a web page), .md (Markdown) or .txt.",
    ),
]
ForceOption = Annotated[bool, _export("--force", help="Let --export replace an existing file.")]
ThemeOption = Annotated[
    ExportTheme | None,
    _export(
        "--theme",
        help="Colours of an exported .svg or .html: light (the default: projectors and print) "
        "or dark.",
        case_sensitive=False,
    ),
]
WidthOption = Annotated[
    int | None,
    _export(
        "--width",
        min=40,
        max=200,
        help="Columns of an exported .svg or .txt, the longest line of an .html page (default "
        "100); wider gives a wider, shorter picture. With --shape slide the columns that give "
        "the largest text are chosen.",
    ),
]
ShapeOption = Annotated[
    ExportShape | None,
    _export(
        "--shape",
        help="Shape of an exported .svg: fit (the default: as tall as its text) or slide (16:9, "
        "text at least 24 px on a 1920x1080 slide; too tall a view is refused).",
        case_sensitive=False,
    ),
]

# --- oms check ------------------------------------------------------------------------------------

NeuroblastomaOption = Annotated[bool | None, finding_option(Finding.NEUROBLASTOMA)]
OpsoclonusOption = Annotated[bool | None, finding_option(Finding.OPSOCLONUS)]
MyoclonusOption = Annotated[bool | None, finding_option(Finding.MYOCLONUS)]
AtaxiaOption = Annotated[bool | None, finding_option(Finding.ATAXIA)]
BehaviorOption = Annotated[bool | None, finding_option(Finding.BEHAVIOR)]
SleepOption = Annotated[bool | None, finding_option(Finding.SLEEP)]
BehaviourOption = Annotated[bool | None, typer.Option("--behaviour/--no-behaviour", hidden=True)]
"""--behavior's other spelling, an option of its own: two long names in the help's first column
would cut its help column short at 80 columns. --behavior's help names it."""
AgeGroupOption = Annotated[
    AgeGroup | None,
    typer.Option(
        "--age-group", help="Age group; changes the notes, never the verdict.", case_sensitive=False
    ),
]
CheckFormatOption = Annotated[
    CheckFormat,
    _output(
        "--format",
        "-f",
        help="Output format: text for people, json for programs, markdown for notes, fhir for "
        "a FHIR R4 Observation (JSON).",
        case_sensitive=False,
    ),
]
NoInputOption = Annotated[
    bool, typer.Option("--no-input", help="Never ask questions; findings not given stay unknown.")
]
InteractiveOption = Annotated[
    bool,
    typer.Option(
        "--interactive",
        "-i",
        help="Ask for the age group and every finding not given as a flag, also when input "
        "is piped (one answer a line). Questions go to standard error.",
    ),
]
FromFhirOption = Annotated[
    str | None,
    typer.Option(
        "--from-fhir",
        metavar="FILE",
        help="Read findings and age group from a FHIR QuestionnaireResponse (a JSON file, "
        "- for stdin); excludes finding flags and --age-group.",
    ),
]
FromPhenopacketOption = Annotated[
    str | None,
    typer.Option(
        "--from-phenopacket",
        metavar="FILE",
        help="Read the findings from a GA4GH phenopacket (v2 JSON, - for stdin): an HPO term "
        "present is yes, excluded is no, not listed is unknown; excludes finding flags.",
    ),
]
BriefOption = Annotated[
    bool,
    _output(
        "--brief",
        help="Print only the verdict line and, if undetermined, what would decide it (if not met,"
        " that it rules nothing out).",
    ),
]
WhatIfOption = Annotated[
    bool,
    _output(
        "--what-if",
        help="Also list each change of one finding that would change the verdict "
        "(in JSON: the what_if key).",
    ),
]

# --- oms info and oms demo ------------------------------------------------------------------------

TopicArgument = Annotated[
    str | None,
    typer.Argument(
        help=f"One of: {', '.join(TopicId)}. Leave it out for a short overview and the list.",
        metavar="TOPIC",
        autocompletion=complete_topic,
    ),
]
AllTopicsOption = Annotated[bool, typer.Option("--all", "-a", help="Show every topic in full.")]
CaseArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="[CASE]",
        help="The case to walk through, by id; without it, the cases are listed.",
        autocompletion=complete_case,
    ),
]
AllCasesOption = Annotated[
    bool, typer.Option("--all", help="Walk through every case, one after another.")
]
NoPauseOption = Annotated[
    bool, typer.Option("--no-input", help="Never pause: print every step at once.")
]
StepsOption = Annotated[
    bool,
    _export(
        "--steps",
        help="With --export and a CASE: one file a step (FILE-1.svg to FILE-5.svg), for "
        "step-through slides.",
    ),
]

# --- oms quiz -------------------------------------------------------------------------------------

SeedOption = Annotated[
    int | None,
    typer.Option(
        "--seed",
        min=0,
        metavar="N",
        help="The same seed gives the same cases in the same order. Default: a new one, "
        "shown at the start.",
    ),
]
CountOption = Annotated[
    int, typer.Option("--count", "-n", min=1, max=50, metavar="N", help="How many cases (1 to 50).")
]
CriteriaOption = Annotated[
    bool, typer.Option("--criteria", help="Also ask each criterion's status, before the verdict.")
]
WorksheetOption = Annotated[
    bool,
    typer.Option(
        "--no-input", help="Ask nothing: print the cases, then their answer key (a worksheet)."
    ),
]
WorksheetExportOption = Annotated[
    str | None,
    _export(
        "--export",
        metavar="FILE",
        help="Write the worksheet instead: the questions to FILE, the answer key beside it "
        "(quiz.md gives quiz-answers.md), in the format the extension names: .svg, "
        ".html, .md or .txt.",
    ),
]

# --- oms schema and oms questionnaire -------------------------------------------------------------

SchemaArgument = Annotated[
    SchemaName | None,
    typer.Argument(help="Which schema; without one, list them.", case_sensitive=False),
]
QuestionnaireFormatOption = Annotated[
    QuestionnaireFormat,
    typer.Option(
        "--format",
        "-f",
        help="fhir: a FHIR R4 Questionnaire resource (JSON).",
        case_sensitive=False,
    ),
]

# --- oms batch ------------------------------------------------------------------------------------

BatchFileArgument = Annotated[
    str,
    typer.Argument(
        help="CSV file with a header row, JSON Lines or .xlsx; - reads standard input.",
        metavar="FILE",
    ),
]
InputFormatOption = Annotated[
    InputFormat | None,
    typer.Option(
        "--input-format",
        case_sensitive=False,
        help="Input format (phenopackets: JSON Lines, one GA4GH phenopacket a line); "
        "default: from the extension (.csv, .jsonl, .ndjson, .xlsx), else jsonl if the input "
        "starts with {, else csv.",
    ),
]
BatchFormatOption = Annotated[
    OutputFormat | None,
    _output(
        "--format",
        "-f",
        case_sensitive=False,
        help="Output format (fhir-ndjson: one FHIR R4 Observation a line); default: from "
        "the --output extension, else table on a terminal, else csv.",
    ),
]
OutputOption = Annotated[
    str | None,
    _output(
        "--output",
        "-o",
        help="Write the data (the rows, in the output format) to FILE, whole or not at all, "
        "instead of standard output. A data file for programs, not an export: the other "
        "commands' --export writes a document for people.",
        metavar="FILE",
    ),
]
ReplaceOutputOption = Annotated[
    bool, _output("--force", help="Replace the --output file if it exists.")
]
BatchExportOption = Annotated[str | None, typer.Option("--export", metavar="FILE", hidden=True)]
"""--export given to `oms batch`, hidden: refused with a message that points to --output, rather
than Click's "no such option" with a suggestion of some other option."""
BATCH_EXPORT_REFUSED = (
    "--export writes a document for people; oms batch writes data: give --output FILE instead"
)
KeepGoingOption = Annotated[
    bool,
    typer.Option(
        "--keep-going",
        help="Evaluate every good row; report each bad one (on standard error and in an "
        "error column) and exit 2 at the end.",
    ),
]
ErrorsOption = Annotated[
    str | None,
    _output(
        "--errors",
        help="With --keep-going: write every bad cell to this CSV file (line, column, value, "
        "problem).",
        metavar="FILE",
    ),
]
IdColumnOption = Annotated[
    str | None,
    _reading(
        "--id-column",
        help="The column (or JSON key) that holds each row's id; default: id.",
        metavar="NAME",
    ),
]
ColumnOption = Annotated[
    list[str] | None,
    _reading(
        "--column",
        help="Read a finding from a column named otherwise, e.g. --column ataxia=Gait "
        "(repeatable).",
        metavar="FINDING=NAME",
    ),
]
YesValuesOption = Annotated[str | None, _spellings("yes")]
NoValuesOption = Annotated[str | None, _spellings("no")]
UnknownValuesOption = Annotated[str | None, _spellings("unknown", ', e.g. "N/A,not done"')]
DelimiterOption = Annotated[
    str | None,
    _reading(
        "--delimiter",
        help="CSV delimiter: one character, or tab; default: comma, semicolon or tab, "
        "whichever the header has most of.",
        metavar="CHAR",
    ),
]
SheetOption = Annotated[
    str | None,
    _reading("--sheet", help="The sheet of an .xlsx input; default: the first.", metavar="NAME"),
]
