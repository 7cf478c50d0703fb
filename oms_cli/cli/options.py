"""The options and arguments of the ``oms`` commands: each defined once, as an ``Annotated`` type.

`oms_cli.cli.app` declares each command's parameters with these; the choices they offer, and the
names their help lists, are the enums of the modules that own them (`oms_cli.rules.AgeGroup`,
`oms_cli.batch.formats`, `oms_cli.interop.schema.SchemaName`, `oms_cli.views.themes.ExportTheme`,
`oms_cli.cli.choices.TopicId`), never copies. The options sit in the help panels their
``rich_help_panel`` names.
"""

import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from oms_cli import __version__, content
from oms_cli.batch.formats import InputFormat, OutputFormat
from oms_cli.cli.choices import TopicId
from oms_cli.exitcodes import ExitCode
from oms_cli.interop.schema import SchemaName
from oms_cli.rules import AgeGroup, Finding
from oms_cli.views.themes import ExportTheme


def examples(*pairs: tuple[str, str]) -> str:
    """An "Examples" block for a help epilog: each command as written, what it does below it.

    Typer's rich help keeps its lines as written, less the indent all lines but the first share
    (`inspect.cleandoc`): the block starts with an empty line, so that its heading is not the
    first line, and the examples keep their indent. Every example runs as written and does what
    it says: tests/test_help_examples.py runs each one.
    """
    lines = "\n".join(f"  {command}\n      {what}" for command, what in pairs)
    return f"\nExamples:\n\n{lines}\n\n"


class Format(StrEnum):
    """Output formats for one result."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


class CheckFormat(StrEnum):
    """Output formats of `oms check`: those of `Format`, and a FHIR R4 Observation."""

    TEXT = Format.TEXT.value
    JSON = Format.JSON.value
    MARKDOWN = Format.MARKDOWN.value
    FHIR = "fhir"


class ExportShape(StrEnum):
    """The shapes of an exported picture (--shape)."""

    FIT = "fit"
    SLIDE = "slide"


class QuestionnaireFormat(StrEnum):
    """Output formats for the questionnaire."""

    FHIR = "fhir"


FINDINGS_PANEL = "Findings (each: flag = yes, --no- flag = no, neither = unknown)"
OUTPUT_PANEL = "Output"
EXPORT_PANEL = "Export (for slides and handouts)"


def finding_option(finding: Finding) -> Any:  # typer.Option is typed Any
    """The tri-state flag of one finding: ``--NAME`` yes, ``--no-NAME`` no, neither unknown."""
    text = content.FINDING_TEXT[finding]
    return typer.Option(
        f"--{finding.value}/--no-{finding.value}",
        # One definition of each finding, the same as in the questions and the criteria.
        help=f"{text.label.capitalize()}: {text.definition}. --no-: {content.NO_MEANS}.",
        show_default=False,
        rich_help_panel=FINDINGS_PANEL,
    )


def _format_option(help_text: str) -> Any:  # typer.Option is typed Any
    return typer.Option(
        "--format", "-f", help=help_text, case_sensitive=False, rich_help_panel=OUTPUT_PANEL
    )


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"oms-cli {__version__}\n")
        raise typer.Exit(ExitCode.OK)


VersionOption = Annotated[
    bool,
    typer.Option(
        "--version", "-V", help="Print the version and exit.", callback=_version, is_eager=True
    ),
]

# --- shared by several commands -------------------------------------------------------------------

FormatOption = Annotated[
    Format,
    _format_option("Output format: text for people, json for programs, markdown for notes."),
]
ExportOption = Annotated[
    str | None,
    typer.Option(
        "--export",
        metavar="FILE",
        help=(
            "Write the output to FILE instead of the screen, in the format its extension names: "
            ".svg (a picture), .html (a web page), .md (Markdown) or .txt."
        ),
        show_default=False,
        rich_help_panel=EXPORT_PANEL,
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force", help="Let --export replace an existing file.", rich_help_panel=EXPORT_PANEL
    ),
]
ThemeOption = Annotated[
    ExportTheme | None,
    typer.Option(
        "--theme",
        help="Colours of an exported .svg or .html: light (the default: projectors and print) "
        "or dark.",
        case_sensitive=False,
        show_default=False,
        rich_help_panel=EXPORT_PANEL,
    ),
]
WidthOption = Annotated[
    int | None,
    typer.Option(
        "--width",
        min=40,
        max=200,
        help="Columns of an exported .svg or .txt, the longest line of an .html page (default "
        "100); wider gives a wider, shorter picture. With --shape slide the columns that give "
        "the largest text are chosen.",
        show_default=False,
        rich_help_panel=EXPORT_PANEL,
    ),
]
ShapeOption = Annotated[
    ExportShape | None,
    typer.Option(
        "--shape",
        help="Shape of an exported .svg: fit (the default: as tall as its text) or slide (16:9, "
        "text at least 24 px on a 1920x1080 slide; too tall a view is refused).",
        case_sensitive=False,
        show_default=False,
        rich_help_panel=EXPORT_PANEL,
    ),
]
NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print everything at once; without it, long output on a terminal goes through "
        "$PAGER (default: less -FRX). Output that is piped is never paged.",
        rich_help_panel=OUTPUT_PANEL,
    ),
]

# --- oms check ------------------------------------------------------------------------------------

NeuroblastomaOption = Annotated[bool | None, finding_option(Finding.NEUROBLASTOMA)]
OpsoclonusOption = Annotated[bool | None, finding_option(Finding.OPSOCLONUS)]
MyoclonusOption = Annotated[bool | None, finding_option(Finding.MYOCLONUS)]
AtaxiaOption = Annotated[bool | None, finding_option(Finding.ATAXIA)]
BehaviorOption = Annotated[bool | None, finding_option(Finding.BEHAVIOR)]
SleepOption = Annotated[bool | None, finding_option(Finding.SLEEP)]
AgeGroupOption = Annotated[
    AgeGroup | None,
    typer.Option(
        "--age-group",
        help="Age group; changes the notes, never the verdict.",
        case_sensitive=False,
        show_default=False,
    ),
]
CheckFormatOption = Annotated[
    CheckFormat,
    _format_option(
        "Output format: text for people, json for programs, markdown for notes, fhir for "
        "a FHIR R4 Observation (JSON)."
    ),
]
NoInputOption = Annotated[
    bool,
    typer.Option("--no-input", help="Never ask questions; findings not given stay unknown."),
]
InteractiveOption = Annotated[
    bool,
    typer.Option(
        "--interactive",
        "-i",
        help=(
            "Ask for the age group and every finding not given as a flag, also when input "
            "is piped (one answer a line). Questions go to standard error."
        ),
    ),
]
FromFhirOption = Annotated[
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
]
BriefOption = Annotated[
    bool,
    typer.Option(
        "--brief",
        help=(
            "Print only the verdict line and, if undetermined, what would decide it (if not met,"
            " that it rules nothing out)."
        ),
        rich_help_panel=OUTPUT_PANEL,
    ),
]
FromPhenopacketOption = Annotated[
    str | None,
    typer.Option(
        "--from-phenopacket",
        metavar="FILE",
        help=(
            "Read the findings from a GA4GH phenopacket (v2 JSON, - for stdin): an HPO term "
            "present is yes, excluded is no, not listed is unknown; excludes finding flags."
        ),
        show_default=False,
    ),
]
WhatIfOption = Annotated[
    bool,
    typer.Option(
        "--what-if",
        help=(
            "Also list each change of one finding that would change the verdict "
            "(in JSON: the what_if key)."
        ),
        rich_help_panel=OUTPUT_PANEL,
    ),
]

# --- oms info and oms demo ------------------------------------------------------------------------

TOPIC_IDS_HELP = ", ".join(TopicId)
"""The topic ids, as `oms info --help` lists them."""


def complete_topic(incomplete: str) -> list[str]:
    """Shell completion of TOPIC: the topic ids that start with what was typed."""
    return [topic_id.value for topic_id in TopicId if topic_id.startswith(incomplete.lower())]


def complete_case(incomplete: str) -> list[str]:
    """Shell completion of CASE: the case ids that start with what was typed."""
    from oms_cli.content.cases import case_ids  # noqa: PLC0415  (as a command: see cli/app.py)

    return [case_id for case_id in case_ids() if case_id.startswith(incomplete.lower())]


TopicArgument = Annotated[
    str | None,
    typer.Argument(
        help=f"One of: {TOPIC_IDS_HELP}. Leave it out for a short overview and the list.",
        metavar="TOPIC",
        show_default=False,
        autocompletion=complete_topic,
    ),
]
AllTopicsOption = Annotated[bool, typer.Option("--all", "-a", help="Show every topic in full.")]
CaseArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="[CASE]",
        help="The case to walk through, by id; without it, the cases are listed.",
        show_default=False,
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
    typer.Option(
        "--steps",
        help="With --export and a CASE: one file a step (FILE-1.svg to FILE-5.svg), for "
        "step-through slides.",
        rich_help_panel=EXPORT_PANEL,
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
        show_default=False,
    ),
]
CountOption = Annotated[
    int,
    typer.Option("--count", "-n", min=1, max=50, metavar="N", help="How many cases (1 to 50)."),
]
CriteriaOption = Annotated[
    bool,
    typer.Option("--criteria", help="Also ask each criterion's status, before the verdict."),
]
WorksheetOption = Annotated[
    bool,
    typer.Option(
        "--no-input",
        help="Ask nothing: print the cases, then their answer key (a worksheet).",
    ),
]
WorksheetExportOption = Annotated[
    str | None,
    typer.Option(
        "--export",
        metavar="FILE",
        help=(
            "Write the worksheet instead: the questions to FILE, the answer key beside it "
            "(quiz.md gives quiz-answers.md), in the format the extension names: .svg, "
            ".html, .md or .txt."
        ),
        show_default=False,
        rich_help_panel=EXPORT_PANEL,
    ),
]

# --- oms schema and oms questionnaire -------------------------------------------------------------

SchemaArgument = Annotated[
    SchemaName | None,
    typer.Argument(
        help="Which schema; without one, list them.", show_default=False, case_sensitive=False
    ),
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
        help="CSV file with a header row, or JSON Lines; - reads standard input.",
        metavar="FILE",
        show_default=False,
    ),
]
InputFormatOption = Annotated[
    InputFormat | None,
    typer.Option(
        "--input-format",
        case_sensitive=False,
        help="Input format (phenopackets: JSON Lines, one GA4GH phenopacket a line); "
        "default: from the extension (.csv, .jsonl, .ndjson), else jsonl if the input "
        "starts with {, else csv.",
        show_default=False,
    ),
]
BatchFormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="Output format (fhir-ndjson: one FHIR R4 Observation a line); default: from "
        "the --output extension, else table on a terminal, else csv.",
        show_default=False,
        rich_help_panel=OUTPUT_PANEL,
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (whole or not at all) instead of standard output.",
        metavar="FILE",
        show_default=False,
        rich_help_panel=OUTPUT_PANEL,
    ),
]
ReplaceOutputOption = Annotated[
    bool,
    typer.Option(
        "--force", help="Replace the --output file if it exists.", rich_help_panel=OUTPUT_PANEL
    ),
]
KeepGoingOption = Annotated[
    bool,
    typer.Option(
        "--keep-going",
        help="Evaluate every good row; report each bad one (on standard error and in an "
        "error column) and exit 2 at the end.",
    ),
]


# --- the help beyond the options: each command's summary, examples and exit codes -----------------

APP_EPILOG = (
    examples(
        ("oms check --opsoclonus --myoclonus --sleep --no-input", "check one person (exit 0: met)"),
        ("oms info", "what OMS is, and the topics to read"),
        ("oms demo", "the worked teaching cases"),
    )
    + "An educational aid, not a diagnosis. Exit codes: see 'oms check --help'."
)

CHECK_SHORT = "Check one person's findings against the 3-of-4 rule."

CHECK_EPILOG = examples(
    (
        "oms check --opsoclonus --myoclonus --sleep --no-input",
        "3 of 4 criteria met; nothing is asked (exit 0)",
    ),
    (
        "oms check --opsoclonus --ataxia --no-input --brief",
        "undetermined: the verdict and what would decide it (exit 3)",
    ),
    (
        "oms check --no-opsoclonus --no-myoclonus --no-ataxia --no-input -f json",
        "not met, as JSON for a program (exit 1)",
    ),
    ("oms check --age-group child", "on a terminal: asks for each finding; ? explains one"),
) + (
    "Exit codes: 0 criteria met, 1 not met, 3 undetermined (depends on unknown findings), "
    "2 usage error or answers ran out, 130 interrupted. An educational aid, not a diagnosis."
)

CRITERIA_SHORT = "The rule and its four criteria, with source."

CRITERIA_EPILOG = examples(
    ("oms criteria", "the rule, for people"),
    ("oms criteria -f markdown", "the same, as Markdown for notes"),
)

INFO_SHORT = "Patient information, every fact cited."

INFO_EPILOG = examples(
    ("oms info", "a short overview and the list of topics"),
    ("oms info prognosis", "one topic in full ('outlook' names it too)"),
    ("oms info --all --no-pager", "every topic, all at once"),
    ("oms info treatment --export treatment.html", "one topic as a web page for a handout"),
) + (
    f"Topics: {TOPIC_IDS_HELP}. Exit codes: 0 success, 2 unknown topic or other usage "
    "error. An educational aid, not a diagnosis."
)

SOURCES_SHORT = "The reference page and its five references."

SOURCES_EPILOG = examples(
    ("oms sources", "every source, with its address"),
    ("oms sources -f json", "the same, for a program"),
)

DEMO_SHORT = "Worked teaching cases, step by step."

DEMO_EPILOG = examples(
    ("oms demo", "the list of cases"),
    ("oms demo scan-pending", "one case, step by step on a terminal"),
    ("oms demo --all --no-input", "every case, every step at once"),
    ("oms demo all-four --export all-four.svg", "one case as a picture for a slide"),
) + (
    f"{content.CASES_FICTIONAL} On a terminal the walk-through pauses between steps: Enter "
    "goes on, q stops. An educational aid, not a diagnosis."
)

QUIZ_SHORT = "Practise the rule on fictional cases, corrected at once."

QUIZ_EPILOG = (
    f"{content.CASES_FICTIONAL} Exit codes: 0 the quiz ran (whatever the score), 2 usage "
    "error or answers ran out, 130 interrupted. An educational aid, not a diagnosis."
)

SCHEMA_SHORT = "JSON Schema of the outputs, for programs."

SCHEMA_EPILOG = examples(
    ("oms schema", "the list of schemas"),
    ("oms schema check > oms-check.schema.json", "the schema of 'oms check -f json'"),
)

BATCH_SHORT = "Many people at once, from CSV or JSON Lines."

BATCH_EPILOG = examples(
    ("oms batch examples/cases.csv", "a table on a terminal, CSV when piped"),
    (
        "oms batch examples/cases.csv --output verdicts.csv",
        "a file, written whole or not at all",
    ),
    ("oms batch examples/cases.jsonl -f jsonl", "JSON Lines, for a program"),
) + (
    "Exit codes: 0 every row evaluated (whatever the verdicts), 2 a bad file, row or option "
    "(the message names file, line, column and value), 130 interrupted. "
    "An educational aid, not a diagnosis."
)

QUESTIONNAIRE_SHORT = "The questions as a FHIR R4 Questionnaire."

MCP_SHORT = "Serve the rule and its sources to AI assistants (MCP, stdio)."

MCP_EPILOG = examples(
    ("oms mcp", "serve one MCP client over standard input and output"),
) + (
    "Needs the optional extra mcp of oms-cli (see docs/mcp.md). Tools: check, what_if, criteria, "
    "info, sources; resources oms://criteria and oms://sources. Set-up for an MCP client: "
    "docs/mcp.md. Exit codes: 0 the client closed the input, 2 the extra is not installed, "
    "143 stopped by SIGTERM. An educational aid, not a diagnosis."
)
