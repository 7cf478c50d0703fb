"""The options and arguments of the ``oms`` commands: each defined once, as an ``Annotated`` type.

`oms_cli.cli.app` declares each command's parameters with these; the choices they offer, and the
names their help lists, are the enums of the modules that own them (`oms_cli.rules.AgeGroup`,
`oms_cli.batch`, `oms_cli.interop.schema.SchemaName`, `oms_cli.views.themes.ExportTheme`,
`oms_cli.cli.choices.TopicId`), never copies. The options sit in the help panels their
``rich_help_panel`` names.
"""

import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from oms_cli import __version__, content
from oms_cli.batch import InputFormat, OutputFormat
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


def paragraphs(*texts: str) -> str:
    """A command's help: its paragraphs, each one string without a line break, a blank line apart.

    In Typer's rich markup mode only the first paragraph of a command's help has its line breaks
    removed; the later paragraphs, and an epilog, keep every line break as written (Typer's own
    tests pin this for ``rich``, unlike ``markdown`` or no markup mode). A docstring wrapped at
    the source's line length therefore printed ragged at every other terminal width. Written as
    one line each, the paragraphs are wrapped by rich to the width of the terminal; the examples
    of an epilog (`examples`) keep their lines on purpose. tests/test_wrapping.py checks the help
    of every command at 60 to 200 columns.
    """
    if any("\n" in text for text in texts):
        raise ValueError(f"a help paragraph with a line break: {texts}")
    return "\n\n".join(texts)


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


FINDING_ALIASES: dict[Finding, str] = {Finding.BEHAVIOR: "behaviour"}
"""Another spelling of a finding's flag, accepted as it: the tool writes "behaviour", the contract
names ``--behavior``, which stays the flag shown and the one every command line printed uses."""


def finding_flags(finding: Finding) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The flags that say yes to a finding, and those that say no: its name first, then aliases."""
    names = (finding.value, *([FINDING_ALIASES[finding]] if finding in FINDING_ALIASES else []))
    return tuple(f"--{name}" for name in names), tuple(f"--no-{name}" for name in names)


def finding_option(finding: Finding) -> Any:  # typer.Option is typed Any
    """The tri-state flag of one finding: ``--NAME`` yes, ``--no-NAME`` no, neither unknown."""
    text = content.FINDING_TEXT[finding]
    alias = FINDING_ALIASES.get(finding)
    also = f" Also --{alias}, --no-{alias}." if alias else ""
    return typer.Option(
        f"--{finding.value}/--no-{finding.value}",
        # One definition of each finding, the same as in the questions and the criteria.
        help=f"{text.label.capitalize()}: {text.definition}. --no-: {content.NO_MEANS}.{also}",
        show_default=False,
        rich_help_panel=FINDINGS_PANEL,
    )


def alias_option(finding: Finding) -> Any:  # typer.Option is typed Any
    """The other spelling of a finding's flag (`FINDING_ALIASES`), hidden from the help.

    A separate option rather than a second name of the first one: Typer's help lists every name
    of an option in its first column, and two long names there cut the help column short at
    80 columns. The flag's help names the alias instead; `oms check` takes whichever is given
    (both at once, one yes and one no, are refused as a contradiction).
    """
    alias = FINDING_ALIASES[finding]
    return typer.Option(f"--{alias}/--no-{alias}", hidden=True, show_default=False)


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


def _no_pager_option(help_text: str) -> Any:  # typer.Option is typed Any
    return typer.Option("--no-pager", help=help_text, rich_help_panel=OUTPUT_PANEL)


NoPagerOption = Annotated[
    bool,
    _no_pager_option(
        "Print everything at once; without it, long output on a terminal goes through "
        "$PAGER (default: less -FRX). Output that is piped is never paged."
    ),
]
NeverPagedOption = Annotated[
    bool,
    _no_pager_option(
        "Accepted by every command; this one never pages its output, so here it changes nothing."
    ),
]
"""--no-pager of the commands that never page (see the commands of `oms_cli.cli.app`)."""

# --- oms check ------------------------------------------------------------------------------------

NeuroblastomaOption = Annotated[bool | None, finding_option(Finding.NEUROBLASTOMA)]
OpsoclonusOption = Annotated[bool | None, finding_option(Finding.OPSOCLONUS)]
MyoclonusOption = Annotated[bool | None, finding_option(Finding.MYOCLONUS)]
AtaxiaOption = Annotated[bool | None, finding_option(Finding.ATAXIA)]
BehaviorOption = Annotated[bool | None, finding_option(Finding.BEHAVIOR)]
BehaviourOption = Annotated[bool | None, alias_option(Finding.BEHAVIOR)]
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
        help="CSV file with a header row, JSON Lines or .xlsx; - reads standard input.",
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
        "default: from the extension (.csv, .jsonl, .ndjson, .xlsx), else jsonl if the input "
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
        help="Write the data (the rows, in the output format) to FILE, whole or not at all, "
        "instead of standard output. A data file for programs, not an export: the other "
        "commands' --export writes a document for people.",
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
BatchExportOption = Annotated[
    str | None, typer.Option("--export", metavar="FILE", hidden=True, show_default=False)
]
"""--export given to `oms batch`, hidden: refused with a message that points to --output (the
other commands' option name, given where it has no meaning, would otherwise be "no such option",
with a suggestion of some other option)."""
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
READING_PANEL = "Reading the input"
IdColumnOption = Annotated[
    str | None,
    typer.Option(
        "--id-column",
        help="The column (or JSON key) that holds each row's id; default: id.",
        metavar="NAME",
        show_default=False,
        rich_help_panel=READING_PANEL,
    ),
]
ColumnOption = Annotated[
    list[str] | None,
    typer.Option(
        "--column",
        help="Read a finding from a column named otherwise, e.g. --column ataxia=Gait "
        "(repeatable).",
        metavar="FINDING=NAME",
        show_default=False,
        rich_help_panel=READING_PANEL,
    ),
]
YesValuesOption = Annotated[
    str | None,
    typer.Option(
        "--yes-values",
        help="More spellings of yes, comma-separated (any case).",
        metavar="LIST",
        show_default=False,
        rich_help_panel=READING_PANEL,
    ),
]
NoValuesOption = Annotated[
    str | None,
    typer.Option(
        "--no-values",
        help="More spellings of no, comma-separated (any case).",
        metavar="LIST",
        show_default=False,
        rich_help_panel=READING_PANEL,
    ),
]
UnknownValuesOption = Annotated[
    str | None,
    typer.Option(
        "--unknown-values",
        help='More spellings of unknown, comma-separated (any case), e.g. "N/A,not done".',
        metavar="LIST",
        show_default=False,
        rich_help_panel=READING_PANEL,
    ),
]
DelimiterOption = Annotated[
    str | None,
    typer.Option(
        "--delimiter",
        help="CSV delimiter: one character, or tab; default: comma, semicolon or tab, "
        "whichever the header has most of.",
        metavar="CHAR",
        show_default=False,
        rich_help_panel=READING_PANEL,
    ),
]
SheetOption = Annotated[
    str | None,
    typer.Option(
        "--sheet",
        help="The sheet of an .xlsx input; default: the first.",
        metavar="NAME",
        show_default=False,
        rich_help_panel=READING_PANEL,
    ),
]
ErrorsOption = Annotated[
    str | None,
    typer.Option(
        "--errors",
        help="With --keep-going: write every bad cell to this CSV file (line, column, value, "
        "problem).",
        metavar="FILE",
        show_default=False,
        rich_help_panel=OUTPUT_PANEL,
    ),
]


# --- the help beyond the options: each command's summary, help, examples and exit codes -------

APP_EPILOG = (
    examples(
        ("oms check --opsoclonus --myoclonus --sleep --no-input", "check one person (exit 0: met)"),
        ("oms info", "what OMS is, and the topics to read"),
        ("oms demo", "the worked teaching cases"),
    )
    + "An educational aid, not a diagnosis. Exit codes: see 'oms check --help'."
)

CHECK_SHORT = "Check one person's findings against the 3-of-4 rule."

CHECK_HELP = paragraphs(
    "Evaluate one person's findings against the 3-of-4 rule.",
    "Give each finding as a flag (yes) or its --no- form (no: looked for and not found); leave "
    "out a finding nobody has looked for: it is unknown, never no. The verdict is met, not met, "
    "or undetermined when unknown findings could change it.",
    "When input and output are a terminal and the output is text, a finding not given is asked "
    "for while its answer could still change the verdict (a questionnaire; ? explains a "
    "question). --interactive asks for every finding not given, also when answers are piped, "
    "one a line; --no-input never asks.",
)

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

CRITERIA_HELP = paragraphs(
    'Show the rule (any 3 of 4 criteria), the four criteria and what "and/or" means.'
)

CRITERIA_EPILOG = examples(
    ("oms criteria", "the rule, for people"),
    ("oms criteria -f markdown", "the same, as Markdown for notes"),
)

INFO_SHORT = "Patient information, every fact cited."

INFO_HELP = paragraphs(
    "Patient information about OMS in plain words, each fact with its sources.",
    "Without a topic: a short overview and the list of topics, one line each. With a topic: "
    "that topic in full. With --all: every topic.",
)

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

SOURCES_HELP = paragraphs(
    "List the sources: the reference page [GARD], then its references [1]-[5].",
    "Each with its author where given, title, publisher, date, address and the info topics "
    "citing it.",
)

SOURCES_EPILOG = examples(
    ("oms sources", "every source, with its address"),
    ("oms sources -f json", "the same, for a program"),
)

DEMO_SHORT = "Worked teaching cases, step by step."

DEMO_HELP = paragraphs(
    "Worked teaching cases: list them, or walk through one step by step.",
    "Each case shows the story, the findings, each criterion's reasoning, the verdict and a "
    "teaching point with its sources.",
)

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

QUIZ_HELP = paragraphs(
    "Practise the 3-of-4 rule on fictional cases: demo cases and generated ones.",
    "Each case is a short story with its findings; answer the verdict (y met, n not met, "
    "u undetermined) and, with --criteria, each criterion first. Every answer is marked at "
    "once, with the reasoning and its sources, and the known traps are named. A score ends it.",
    "Example: oms quiz --seed 7",
)

QUIZ_EPILOG = (
    f"{content.CASES_FICTIONAL} Exit codes: 0 the quiz ran (whatever the score), 2 usage "
    "error or answers ran out, 130 interrupted. An educational aid, not a diagnosis."
)

SCHEMA_SHORT = "JSON Schema of the outputs, for programs."

SCHEMA_HELP = paragraphs(
    "Print the JSON Schema (draft 2020-12) of an output for programs.",
    "check: the output of 'oms check --format json'. batch-row: one line of 'oms batch' jsonl.",
)

SCHEMA_EPILOG = examples(
    ("oms schema", "the list of schemas"),
    ("oms schema check > oms-check.schema.json", "the schema of 'oms check -f json'"),
)

BATCH_SHORT = "Many people at once, from CSV or JSON Lines."

BATCH_HELP = paragraphs(
    "Evaluate many people at once, one a row, from CSV, JSON Lines or Excel (.xlsx).",
    "Columns (or keys): an optional id, and any of neuroblastoma, opsoclonus, myoclonus, "
    "ataxia, behavior, sleep; a finding left out is unknown; other columns are ignored (and "
    "named). Values: yes/y/true/1, no/n/false/0 (looked for and not found), unknown/u/empty (not "
    "looked for, or not known), in any case; add your own with --yes-values, --no-values, "
    "--unknown-values. Without an id the line number is the id. See docs/batch.md.",
    "Each output row: id, verdict, met_count, unknown_count and the status of each criterion "
    "(JSON Lines also the findings as read).",
)

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

MCP_HELP = paragraphs(
    "Serve oms to AI assistants: a Model Context Protocol server over standard input and output.",
    "An MCP client (an assistant's app, an editor) starts 'oms mcp' and calls its tools.",
    "check and what_if take findings, each yes, no or unknown; one left out is unknown, never no.",
    "criteria, info and sources give what the commands give, with numbered sources.",
    "Nothing is logged or stored.",
)

MCP_EPILOG = examples(
    ("oms mcp", "serve one MCP client over standard input and output"),
) + (
    "Needs the optional extra mcp of oms-cli (see docs/mcp.md). Tools: check, what_if, criteria, "
    "info, sources; resources oms://criteria and oms://sources. Set-up for an MCP client: "
    "docs/mcp.md. Exit codes: 0 the client closed the input, 2 the extra is not installed, "
    "143 stopped by SIGTERM. An educational aid, not a diagnosis."
)

QUESTIONNAIRE_HELP = paragraphs(
    "Print the questions of 'oms check' as a FHIR R4 Questionnaire.",
    "Items: age_group (child, adult), then each finding (yes, no, unknown) with help and "
    "sources. Then a read-only result that an SDC forms tool computes: each criterion, the "
    "counts, the verdict. Ataxia is asked only while myoclonus is not yes, sleep while behaviour "
    "is not yes.",
    "Fill it in with a FHIR forms tool; 'oms check --from-fhir FILE' evaluates the response.",
)
