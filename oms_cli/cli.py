"""The ``oms`` command: parse, call the core, render, exit. No logic of its own lives here.

Rendering modules are imported inside the commands that use them, so that a scripted
``oms check --format json`` never pays for rich.
"""

# No `from __future__ import annotations` in this module, on purpose: Typer reads every command's
# annotations each time `oms` starts, and string annotations make it eval each Annotated[...] again,
# about 5 ms of a 15 ms start-up budget (benchmarks/README.md; tests/test_startup_guard.py pins it).
import sys
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

from oms_cli import __version__, content, terminal
from oms_cli.exitcodes import ExitCode
from oms_cli.process import Group, fail, notice, resume_garbage_collection, run, usage_error
from oms_cli.rules import (
    FINDINGS,
    AgeGroup,
    Answer,
    AnswerLike,
    Assessment,
    Finding,
    Verdict,
    evaluate,
    parse_answer,
)

if TYPE_CHECKING:  # for annotations only: rich is imported where it is used
    from rich.console import RenderableType

    from oms_cli.fhir import ResponseAnswers


def examples(*pairs: tuple[str, str]) -> str:
    """An "Examples" block for a help epilog: each command as written, what it does below it.

    Kept as laid out (Click's backspace paragraph mark). Every example runs as written and does
    what it says: tests/test_help_examples.py runs each one.
    """
    lines = "\n".join(f"  {command}\n      {what}" for command, what in pairs)
    return f"Examples:\n\n\b\n{lines}\n\n"


EPILOG = (
    examples(
        ("oms check --opsoclonus --myoclonus --sleep --no-input", "check one person (exit 0: met)"),
        ("oms info", "what OMS is, and the topics to read"),
        ("oms demo", "the worked teaching cases"),
    )
    + "An educational aid, not a diagnosis. Exit codes: see 'oms check --help'."
)

app = typer.Typer(
    name="oms",
    help=(
        "Check findings against the diagnostic criteria of opsoclonus-myoclonus syndrome (OMS): "
        "any 3 of 4 criteria. Findings are yes, no (looked for and not found) or unknown (not "
        "looked for, or not known); unknown is never taken as no."
    ),
    epilog=EPILOG,
    no_args_is_help=True,
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    # Plain help and plain usage errors: typer's rich help loads rich.markdown and pygments,
    # 2.4x the start-up of `import typer` against 1.1x plain (benchmarks/README.md); goal 1.6x.
    rich_markup_mode=None,
    # Typer's own "Did you mean" sees only the commands built so far (none, with the lazy group);
    # `oms_cli.process.Group.resolve_command` suggests from every command instead.
    suggest_commands=False,
)


class Format(StrEnum):
    """Output formats for one result."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


class CheckFormat(StrEnum):
    """Output formats of `oms check`: those of `Format`, and a FHIR R4 Observation."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    FHIR = "fhir"


VERDICT_EXIT: dict[Verdict, ExitCode] = {
    Verdict.MET: ExitCode.MET,
    Verdict.NOT_MET: ExitCode.NOT_MET,
    Verdict.UNDETERMINED: ExitCode.UNDETERMINED,
}


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


def _finding_option(finding: Finding) -> Any:  # typer.Option is typed Any
    text = content.FINDING_TEXT[finding]
    return typer.Option(
        f"--{finding.value}/--no-{finding.value}",
        # One definition of each finding, the same as in the questions and the criteria.
        help=f"{text.label.capitalize()}: {text.definition}. --no-: {content.NO_MEANS}.",
        show_default=False,
        rich_help_panel="Findings (each: flag = yes, --no- flag = no, neither = unknown)",
    )


FORMAT_HELP = "Output format: text for people, json for programs, markdown for notes."
EXPORT_PANEL = "Export (for slides and handouts)"
ExportOption = Annotated[
    str | None,
    typer.Option(
        "--export",
        metavar="FILE",
        help=(
            "Write the output to FILE instead of the screen, in the format its extension names: "
            ".svg (a picture), .html, .md (Markdown) or .txt."
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


NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print everything at once; without it, long output on a terminal goes through "
        "$PAGER (default: less -FRX). Output that is piped is never paged.",
    ),
]


class ExportThemeName(StrEnum):
    """The export themes (`oms_cli.themes.ExportTheme`), repeated: the CLI does not load rich."""

    LIGHT = "light"
    DARK = "dark"


ThemeOption = Annotated[
    ExportThemeName | None,
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
        help="Columns of an exported .svg, .html or .txt (default 100); wider gives a wider, "
        "shorter picture, for a 16:9 slide about 120.",
        show_default=False,
        rich_help_panel=EXPORT_PANEL,
    ),
]


def _look(export: str | None, theme: ExportThemeName | None, width: int | None) -> Any:
    """The look of an export (`oms_cli.export.Look`); --theme and --width without one: exit 2."""
    given = [name for name, value in (("--theme", theme), ("--width", width)) if value is not None]
    if not given:
        return None
    names, one = " and ".join(given), len(given) == 1
    if export is None:
        usage_error(f"{names} {'applies' if one else 'apply'} to --export only; add --export FILE")
    suffix = Path(export).suffix.lower()
    if suffix == ".md" or (theme is not None and suffix == ".txt"):
        does = "does" if one else "do"
        usage_error(f"{names} {does} not apply to --export {suffix}")
    from oms_cli.export import Look

    return Look(theme=(theme or ExportThemeName.LIGHT).value, width=width or 100)


def _check_export(path: str, force: bool, inputs: tuple[str, ...] = ()) -> None:
    """Fail at once (exit 2) when --export cannot write to ``path``: before any other work.

    ``inputs``: the files the command reads, never to be written.
    """
    from oms_cli.export import check_target
    from oms_cli.outfile import OutputError

    try:
        check_target(path, force, inputs)
    except OutputError as error:
        fail(str(error))


def _export(
    path: str,
    force: bool,
    view: Callable[[], "RenderableType"],
    markdown: Callable[[], str],
    title: str,
    look: Any = None,  # an `oms_cli.export.Look`, or None for the default
) -> None:
    """Write the output to ``path`` (format by extension) and say so on standard error."""
    from oms_cli.export import export_result
    from oms_cli.outfile import OutputError
    from oms_cli.textsafe import visible

    try:
        export_result(path, force, view, markdown, title, look=look)
    except OutputError as error:
        fail(str(error))
    notice(f"wrote {visible(path)}")


def _export_steps(
    path: str, force: bool, steps: Sequence["RenderableType"], title: str, look: Any
) -> None:
    """Write one file a step (`oms_cli.slides`) and say so on standard error."""
    from oms_cli.outfile import OutputError
    from oms_cli.slides import export_steps
    from oms_cli.textsafe import visible

    try:
        written = export_steps(Path(path), force, steps, title, look)
    except OutputError as error:
        fail(str(error))
    notice(f"wrote {visible(str(written[0]))} to {visible(str(written[-1]))}")


def _refuse_contradictions(args: list[str]) -> None:
    """Exit 2 when a finding is given both as yes and as no, or two different age groups.

    Click lets the last flag win; in a medical tool a contradiction is more likely a mistake than
    a correction, so it is refused rather than resolved silently.
    """
    flags: set[str] = set()
    ages: set[str] = set()
    for index, arg in enumerate(args):
        if arg == "--":
            break
        flags.add(arg)
        if arg.startswith("--age-group="):
            ages.add(arg.partition("=")[2].lower())
        elif arg == "--age-group" and index + 1 < len(args):
            ages.add(args[index + 1].lower())
    for finding in FINDINGS:
        if f"--{finding}" in flags and f"--no-{finding}" in flags:
            usage_error(f"--{finding} and --no-{finding} contradict each other; give one of them")
    if len(ages) > 1:
        usage_error("--age-group is given more than once with different values; give it once")


class _CheckCommand(TyperCommand):
    """The class of `oms check`: refuses contradictory flags before parsing them."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # ctx: click's Context
        """Check the raw arguments for contradictions, then parse as usual."""
        _refuse_contradictions(args)
        return super().parse_args(ctx, args)


@app.command(
    cls=_CheckCommand,
    short_help="Check one person's findings against the 3-of-4 rule.",
    epilog=examples(
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
    )
    + (
        "Exit codes: 0 criteria met, 1 not met, 3 undetermined (depends on unknown findings), "
        "2 usage error or answers ran out, 130 interrupted. An educational aid, not a diagnosis."
    ),
)
def check(
    neuroblastoma: Annotated[bool | None, _finding_option(Finding.NEUROBLASTOMA)] = None,
    opsoclonus: Annotated[bool | None, _finding_option(Finding.OPSOCLONUS)] = None,
    myoclonus: Annotated[bool | None, _finding_option(Finding.MYOCLONUS)] = None,
    ataxia: Annotated[bool | None, _finding_option(Finding.ATAXIA)] = None,
    behavior: Annotated[bool | None, _finding_option(Finding.BEHAVIOR)] = None,
    sleep: Annotated[bool | None, _finding_option(Finding.SLEEP)] = None,
    age_group: Annotated[
        AgeGroup | None,
        typer.Option(
            "--age-group",
            help="Age group; changes the notes, never the verdict.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help=(
                "Output format: text for people, json for programs, markdown for notes, fhir for "
                "a FHIR R4 Observation (JSON)."
            ),
            case_sensitive=False,
        ),
    ] = CheckFormat.TEXT,
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help="Never ask questions; findings not given stay unknown."),
    ] = False,
    interactive: Annotated[
        bool,
        typer.Option(
            "--interactive",
            "-i",
            help=(
                "Ask for the age group and every finding not given as a flag, also when input "
                "is piped (one answer a line). Questions go to standard error."
            ),
        ),
    ] = False,
    export: ExportOption = None,
    force: ForceOption = False,
    theme: ThemeOption = None,
    width: WidthOption = None,
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
    brief: Annotated[
        bool,
        typer.Option(
            "--brief",
            help="Print only the verdict line and, if undetermined, what would decide it.",
        ),
    ] = False,
    from_phenopacket: Annotated[
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
    ] = None,
    what_if: Annotated[
        bool,
        typer.Option(
            "--what-if",
            help=(
                "Also list each change of one finding that would change the verdict "
                "(in JSON: the what_if key)."
            ),
        ),
    ] = False,
) -> None:
    """Evaluate one person's findings against the 3-of-4 rule.

    Give each finding as a flag (yes) or its --no- form (no: looked for and not found); leave
    out a finding nobody has looked for: it is unknown, never no. The verdict is met, not met,
    or undetermined when unknown findings could change it.

    When input and output are a terminal, a finding not given is asked for (a questionnaire;
    ? explains a question). --interactive asks also when answers are piped, one a line;
    --no-input never asks.
    """
    _refuse_input_conflicts(interactive, no_input, from_fhir, from_phenopacket)
    _refuse_format_conflicts(output_format, export, brief, what_if)
    look = _look(export, theme, width)
    if export is not None:
        inputs = tuple(name for name in (from_fhir, from_phenopacket) if name is not None)
        _check_export(export, force, inputs)
    given = {
        Finding.NEUROBLASTOMA: parse_answer(neuroblastoma),
        Finding.OPSOCLONUS: parse_answer(opsoclonus),
        Finding.MYOCLONUS: parse_answer(myoclonus),
        Finding.ATAXIA: parse_answer(ataxia),
        Finding.BEHAVIOR: parse_answer(behavior),
        Finding.SLEEP: parse_answer(sleep),
    }
    replay = None
    derived_from = None
    if from_fhir is not None:
        response = _read_fhir(from_fhir, given, age_group)
        given, age_group = dict(response.findings), response.age_group
        derived_from = _response_reference(from_fhir, response)
    elif from_phenopacket is not None:
        given = _read_phenopacket(from_phenopacket, given)
    elif terminal.should_ask(given, age_group, interactive=interactive, no_input=no_input):
        replay_extra = ["--format", output_format] if output_format is not CheckFormat.TEXT else []
        replay_extra += ["--what-if"] if what_if else []
        given, age_group, replay = terminal.questionnaire(given, age_group, replay_extra)
    assessment = evaluate(given, age_group)
    on_screen = terminal.is_terminal(sys.stdout)
    if brief:
        from oms_cli.brief import brief_text

        width = terminal.width() if on_screen else None
        sys.stdout.write(brief_text(assessment, width))
    elif export is None and output_format is CheckFormat.FHIR:
        from oms_cli.observation import observation
        from oms_cli.report import to_json

        sys.stdout.write(to_json(observation(assessment, derived_from=derived_from)))
    elif export is None:
        _print_assessment(assessment, Format(output_format.value), what_if)
    else:
        _export_assessment(assessment, export, force, what_if, look)
    if replay is not None:
        if brief:
            replay += " --brief"
        # After the result, on standard error: standard output stays exactly what the replayed
        # command prints, so `oms check -i --format json > out.json` holds only the JSON.
        sys.stdout.flush()
        gap = "\n" if on_screen else ""  # after a result shown above
        sys.stderr.write(f"{gap}Same result without questions: {replay}\n")
    if on_screen and export is None and not brief and output_format is CheckFormat.TEXT:
        # The verdict opens the result, which is taller than most terminals: repeated as the
        # last line, it is still in view when the rest has scrolled away.
        from oms_cli import render

        sys.stderr.flush()
        render.emit(render.verdict_line(assessment))
    raise typer.Exit(VERDICT_EXIT[assessment.verdict])


def _refuse_input_conflicts(
    interactive: bool, no_input: bool, from_fhir: str | None, from_phenopacket: str | None
) -> None:
    """Exit 2 for options that name two different sources of the findings."""
    if interactive and no_input:
        usage_error("--interactive and --no-input cannot be used together")
    if interactive and from_fhir is not None:
        usage_error("--interactive and --from-fhir cannot be used together: the file is the record")
    if from_phenopacket is not None and (interactive or from_fhir is not None):
        other = "--interactive" if interactive else "--from-fhir"
        usage_error(
            f"--from-phenopacket and {other} cannot be used together: the file is the record"
        )


def _refuse_format_conflicts(
    output_format: CheckFormat, export: str | None, brief: bool, what_if: bool
) -> None:
    """Exit 2 for options that ask for two different outputs, rather than ignore one of them."""
    if what_if and output_format is CheckFormat.FHIR:
        usage_error(
            "--what-if is not part of a FHIR Observation; give it with --format text, json "
            "or markdown"
        )
    if brief and what_if:
        usage_error("--brief and --what-if contradict each other; give one of them")
    if brief and output_format is not CheckFormat.TEXT:
        usage_error(f"--brief and --format {output_format} contradict each other; give one of them")
    if brief and export is not None:
        usage_error("--brief and --export contradict each other; give one of them")
    if export is None or output_format is CheckFormat.TEXT:
        return
    from oms_cli.textsafe import quoted

    if output_format is CheckFormat.MARKDOWN and Path(export).suffix.lower() == ".md":
        return  # the same output, said twice
    usage_error(
        f"--format {output_format} and --export {quoted(Path(export).name)} contradict each other: "
        "--export takes its format from the file's extension; leave out --format"
    )


def _read_fhir(
    file_name: str, given: Mapping[Finding, AnswerLike], age_group: AgeGroup | None
) -> "ResponseAnswers":
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
        usage_error(
            f"--from-fhir takes every finding and the age group from the file; "
            f"it cannot be combined with {', '.join(flags)}"
        )
    from oms_cli import fhir

    try:
        return fhir.read_response(file_name)
    except fhir.ResponseError as error:
        fail(str(error))


def _read_phenopacket(file_name: str, given: Mapping[Finding, AnswerLike]) -> dict[Finding, Answer]:
    """The phenopacket's findings; finding flags beside it are refused, --age-group is not."""
    flags = [
        f"--{finding}" if answer is Answer.YES else f"--no-{finding}"
        for finding, answer in ((f, parse_answer(v)) for f, v in given.items())
        if answer is not Answer.UNKNOWN
    ]
    if flags:
        fail(
            "--from-phenopacket takes every finding from the file; it cannot be combined with "
            + ", ".join(flags)
        )
    from oms_cli import phenopacket

    try:
        return dict(phenopacket.read_phenopacket(file_name).findings)
    except phenopacket.PhenopacketError as error:
        fail(str(error))


def _response_reference(file_name: str, response: "ResponseAnswers") -> dict[str, str]:
    """A FHIR Reference to the response: by its id, else by a description of where it was read."""
    if response.response_id is not None:
        return {"reference": f"QuestionnaireResponse/{response.response_id}"}
    from oms_cli.textsafe import visible

    shown = "standard input" if file_name == "-" else visible(file_name)
    return {"type": "QuestionnaireResponse", "display": f"QuestionnaireResponse read from {shown}"}


def _export_assessment(
    assessment: Assessment, path: str, force: bool, what_if: bool, look: Any
) -> None:
    from oms_cli import markdown, render

    if what_if:
        from oms_cli import whatif

        _export(
            path,
            force,
            lambda: render.assessment_view(assessment, [_what_if_view(assessment)]),
            lambda: markdown.assessment_markdown(assessment, whatif.markdown_lines(assessment)),
            "oms check --what-if",
            look,
        )
        return
    _export(
        path,
        force,
        lambda: render.assessment_view(assessment),
        lambda: markdown.assessment_markdown(assessment),
        "oms check",
        look,
    )


def _show(
    output_format: Format,
    data: Callable[[], object],
    markdown: Callable[[], str],
    view: Callable[[Any], "RenderableType"],
    paged: bool = False,
) -> None:
    """Print one output in the chosen format, building only that form.

    ``view`` receives the `oms_cli.render` module, imported only here, for text: the JSON and
    Markdown paths never load rich. ``paged``: long text on a terminal goes through the pager.
    """
    if output_format is Format.JSON:
        from oms_cli.report import to_json

        sys.stdout.write(to_json(data()))
    elif output_format is Format.MARKDOWN:
        sys.stdout.write(markdown())
    else:
        from oms_cli import render

        render.emit_paged(view(render), paged=paged)


def _print_assessment(assessment: Assessment, output_format: Format, what_if: bool) -> None:
    from oms_cli import report

    def as_markdown(*extra: str) -> str:
        from oms_cli.markdown import assessment_markdown  # only Markdown needs it (and wording)

        return assessment_markdown(assessment, extra)

    if what_if:  # the what-if modules load only here: the plain result never needs them
        from oms_cli import whatif

        _show(
            output_format,
            lambda: whatif.with_what_if(report.assessment_dict(assessment), assessment),
            lambda: as_markdown(*whatif.markdown_lines(assessment)),
            lambda render: render.assessment_view(assessment, [_what_if_view(assessment)]),
        )
        return
    _show(
        output_format,
        lambda: report.assessment_dict(assessment),
        as_markdown,
        lambda render: render.assessment_view(assessment),
    )


def _what_if_view(assessment: Assessment) -> "RenderableType":
    from oms_cli.whatif_view import what_if

    return what_if(assessment)


@app.command(
    short_help="The rule and its four criteria, with source.",
    epilog=examples(
        ("oms criteria", "the rule, for people"),
        ("oms criteria -f markdown", "the same, as Markdown for notes"),
    ),
)
def criteria(
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help=FORMAT_HELP, case_sensitive=False)
    ] = Format.TEXT,
    no_pager: NoPagerOption = False,
) -> None:
    """Show the rule (any 3 of 4 criteria), the four criteria and what "and/or" means."""
    from oms_cli import markdown, report

    _show(
        output_format,
        report.criteria_dict,
        markdown.criteria_markdown,
        lambda render: render.criteria_view(),
        paged=not no_pager,
    )


TOPIC_IDS_HELP = "overview, symptoms, causes, diagnosis, treatment, prognosis"
"""The topic ids, written out so that `oms info --help` lists them without importing the topics
(a test checks they match `oms_cli.topics.TOPICS`)."""


def _complete_topic(incomplete: str) -> list[str]:
    from oms_cli.topics import topic_ids

    return [topic_id for topic_id in topic_ids() if topic_id.startswith(incomplete.lower())]


@app.command(
    short_help="Patient information, every statement cited.",
    epilog=examples(
        ("oms info", "a short overview and the list of topics"),
        ("oms info prognosis", "one topic in full ('outlook' names it too)"),
        ("oms info --all --no-pager", "every topic, all at once"),
        ("oms info treatment --export treatment.html", "one topic as a web page for a handout"),
    )
    + (
        f"Topics: {TOPIC_IDS_HELP}. Exit codes: 0 success, 2 unknown topic or other usage error. "
        "An educational aid, not a diagnosis."
    ),
)
def info(
    topic: Annotated[
        str | None,
        typer.Argument(
            help=f"One of: {TOPIC_IDS_HELP}. Leave it out for a short overview and the list.",
            metavar="TOPIC",
            show_default=False,
            autocompletion=_complete_topic,
        ),
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", "-a", help="Show every topic in full.")
    ] = False,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help=FORMAT_HELP, case_sensitive=False)
    ] = Format.TEXT,
    export: ExportOption = None,
    force: ForceOption = False,
    theme: ThemeOption = None,
    width: WidthOption = None,
    no_pager: NoPagerOption = False,
) -> None:
    """Patient information about OMS in plain words, each statement with its sources.

    Without a topic: a short overview and the list of topics, one line each.
    With a topic: that topic in full. With --all: every topic.
    """
    from oms_cli import topics

    if topic is not None and show_all:
        usage_error("give a topic or --all, not both")
    shown: tuple[topics.Topic, ...] | None = topics.TOPICS if show_all else None
    if topic is not None:
        try:
            shown = (topics.find_topic(topic),)
        except topics.UnknownTopicError:
            from oms_cli.suggest import unknown_name

            usage_error(unknown_name("topic", topic, topics.topic_ids()))
    from oms_cli import markdown, report

    look = _look(export, theme, width)
    if export is not None:
        _check_export(export, force)
        from oms_cli import render

        title = "oms info --all" if show_all else f"oms info {topic or ''}".rstrip()
        _export(
            export,
            force,
            lambda: render.info_view(shown),
            lambda: markdown.info_markdown(shown),
            title,
            look,
        )
    else:
        _show(
            output_format,
            lambda: report.info_dict(shown),
            lambda: markdown.info_markdown(shown),
            lambda render: render.info_view(shown),
            paged=not no_pager,
        )


@app.command(
    short_help="The reference page and its five references.",
    epilog=examples(
        ("oms sources", "every source, with its address"),
        ("oms sources -f json", "the same, for a program"),
    ),
)
def sources(
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help=FORMAT_HELP, case_sensitive=False)
    ] = Format.TEXT,
    no_pager: NoPagerOption = False,
) -> None:
    """List the sources: the reference page [GARD], then its references [1]-[5].

    Each with its author where given, title, publisher, date, address and the info topics citing it.
    """
    from oms_cli import markdown, report

    _show(
        output_format,
        report.sources_dict,
        markdown.sources_markdown,
        lambda render: render.sources_view(),
        paged=not no_pager,
    )


def _complete_case(incomplete: str) -> list[str]:
    from oms_cli.cases import case_ids

    return [case_id for case_id in case_ids() if case_id.startswith(incomplete.lower())]


@app.command(
    short_help="Worked teaching cases, step by step.",
    epilog=examples(
        ("oms demo", "the list of cases"),
        ("oms demo scan-pending", "one case, step by step on a terminal"),
        ("oms demo --all --no-input", "every case, every step at once"),
        ("oms demo all-four --export all-four.svg", "one case as a picture for a slide"),
    )
    + (
        f"{content.CASES_FICTIONAL} On a terminal the walk-through pauses between steps: Enter "
        "goes on, q stops. An educational aid, not a diagnosis."
    ),
)
def demo(
    case_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[CASE]",
            help="The case to walk through, by id; without it, the cases are listed.",
            show_default=False,
            autocompletion=_complete_case,
        ),
    ] = None,
    run_all: Annotated[
        bool, typer.Option("--all", help="Walk through every case, one after another.")
    ] = False,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never pause: print every step at once.")
    ] = False,
    export: ExportOption = None,
    force: ForceOption = False,
    theme: ThemeOption = None,
    width: WidthOption = None,
    per_step: Annotated[
        bool,
        typer.Option(
            "--steps",
            help="With --export and a CASE: one file a step (FILE-1.svg to FILE-5.svg), for "
            "step-through slides.",
            rich_help_panel=EXPORT_PANEL,
        ),
    ] = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Worked teaching cases: list them, or walk through one step by step.

    Each case shows the story, the findings, each criterion's reasoning, the verdict and a
    teaching point with its sources.
    """
    from oms_cli import demo as core

    try:
        chosen, title = core.choose(case_id, run_all)
    except core.DemoError as error:
        usage_error(str(error))
    look = _look(export, theme, width)
    if per_step and (export is None or case_id is None or Path(export).suffix.lower() == ".md"):
        usage_error("--steps needs --export FILE (.svg, .html or .txt) and one CASE")
    if export is None:
        core.show(chosen, no_input, paged=not no_pager)
    elif per_step:
        from oms_cli import render

        _export_steps(export, force, render.case_steps(chosen[0]), title, look)
    else:
        _check_export(export, force)
        _export(
            export, force, lambda: core.view(chosen), lambda: core.markdown(chosen), title, look
        )


@app.command(
    short_help="Practise the rule on fictional cases, corrected at once.",
    epilog=(
        f"{content.CASES_FICTIONAL} Exit codes: 0 the quiz ran (whatever the score), 2 usage "
        "error or answers ran out, 130 interrupted. An educational aid, not a diagnosis."
    ),
)
def quiz(
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            min=0,
            metavar="N",
            help="The same seed gives the same cases in the same order. Default: a new one, "
            "shown at the start.",
            show_default=False,
        ),
    ] = None,
    count: Annotated[
        int,
        typer.Option("--count", "-n", min=1, max=50, metavar="N", help="How many cases (1 to 50)."),
    ] = 5,
    criteria: Annotated[
        bool,
        typer.Option("--criteria", help="Also ask each criterion's status, before the verdict."),
    ] = False,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input",
            help="Ask nothing: print the cases, then their answer key (a worksheet).",
        ),
    ] = False,
    export: Annotated[
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
    ] = None,
    force: ForceOption = False,
) -> None:
    """Practise the 3-of-4 rule on fictional cases: demo cases and generated ones.

    Each case is a short story with its findings; answer the verdict (y met, n not met,
    u undetermined) and, with --criteria, each criterion first. Every answer is marked at
    once, with the reasoning and its sources, and the known traps are named. A score ends it.

    Example: oms quiz --seed 7
    """
    from oms_cli import quiz as core
    from oms_cli.outfile import OutputError

    if export is not None:
        try:
            core.check_worksheet_targets(export, force)
        except OutputError as error:
            fail(str(error))
    chosen = core.make_quiz(seed if seed is not None else core.new_seed(), count, criteria)
    if export is not None:
        from oms_cli import studio_view
        from oms_cli.textsafe import visible

        try:
            answers = studio_view.export_worksheet(export, force, chosen)
        except OutputError as error:
            fail(str(error))
        notice(f"wrote {visible(export)} (questions) and {visible(answers)} (answer key)")
    elif no_input:
        from oms_cli import render, studio_view

        render.emit(studio_view.worksheet(chosen))
    else:
        terminal.conversation(lambda ask, say: core.run(chosen, ask, say))


class SchemaName(StrEnum):
    """The published JSON Schemas (see `oms_cli.schema.SCHEMAS`)."""

    CHECK = "check"
    BATCH_ROW = "batch-row"


@app.command(
    "schema",
    short_help="JSON Schema of the outputs, for programs.",
    epilog=examples(
        ("oms schema", "the list of schemas"),
        ("oms schema check > oms-check.schema.json", "the schema of 'oms check -f json'"),
    ),
)
def schema_command(
    name: Annotated[
        SchemaName | None,
        typer.Argument(
            help="Which schema; without one, list them.", show_default=False, case_sensitive=False
        ),
    ] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of an output for programs.

    check: the output of 'oms check --format json'. batch-row: one line of 'oms batch' jsonl.
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


@app.command("questionnaire", short_help="The questions as a FHIR R4 Questionnaire.")
def questionnaire_command(
    output_format: Annotated[
        QuestionnaireFormat,
        typer.Option(
            "--format",
            "-f",
            help="fhir: a FHIR R4 Questionnaire resource (JSON).",
            case_sensitive=False,
        ),
    ] = QuestionnaireFormat.FHIR,
) -> None:
    """Print the questions of 'oms check' as a FHIR R4 Questionnaire.

    Items: age_group (child, adult), then each finding (yes, no, unknown) with help and sources.
    Then a read-only result that an SDC forms tool computes: each criterion, the counts, the
    verdict. Ataxia is asked only while myoclonus is not yes, sleep while behaviour is not yes.

    Fill it in with a FHIR forms tool; 'oms check --from-fhir FILE' evaluates the response.
    """
    from oms_cli.fhir import questionnaire
    from oms_cli.report import to_json

    if output_format is QuestionnaireFormat.FHIR:
        sys.stdout.write(to_json(questionnaire()))


class BatchInput(StrEnum):
    """Input formats of `oms batch`: the values of `batch.InputFormat`.

    Repeated here because the CLI does not import the batch module at start-up.
    """

    CSV = "csv"
    JSONL = "jsonl"
    PHENOPACKETS = "phenopackets"


class BatchOutput(StrEnum):
    """Output formats of `oms batch` (the values of `batch.OutputFormat`)."""

    CSV = "csv"
    JSONL = "jsonl"
    TABLE = "table"
    FHIR_NDJSON = "fhir-ndjson"


@app.command(
    short_help="Many people at once, from CSV or JSON Lines.",
    epilog=examples(
        ("oms batch examples/cases.csv", "a table on a terminal, CSV when piped"),
        (
            "oms batch examples/cases.csv --output verdicts.csv",
            "a file, written whole or not at all",
        ),
        ("oms batch examples/cases.jsonl -f jsonl", "JSON Lines, for a program"),
    )
    + (
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
            case_sensitive=False,
            help="Input format (phenopackets: JSON Lines, one GA4GH phenopacket a line); "
            "default: from the extension (.csv, .jsonl, .ndjson), else jsonl if the input "
            "starts with {, else csv.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        BatchOutput | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="Output format (fhir-ndjson: one FHIR R4 Observation a line); default: from "
            "the --output extension, else table on a terminal, else csv.",
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
    behavior, sleep; a finding left out is unknown. Values: yes/y/true/1, no/n/false/0 (looked
    for and not found), unknown/u/empty (not looked for, or not known), in any case. Without an
    id the line number is the id.

    Each output row: id, verdict, met_count, unknown_count and the status of each criterion
    (JSON Lines also the findings as read).
    """
    from oms_cli import batch as core

    if file == "-" and terminal.is_terminal(sys.stdin):
        # Otherwise it would wait in silence, and look as if it hung.
        notice(
            "reading CSV or JSON Lines from the terminal: type or paste the rows, then "
            "Ctrl-D; or give a file (oms batch cases.csv)"
        )
    resume_garbage_collection()  # rows without end: let the collector run, as in any program
    options = core.BatchOptions(
        file=file,
        input_format=core.InputFormat(input_format) if input_format else None,
        output_format=core.OutputFormat(output_format) if output_format else None,
        output=output,
        force=force,
        keep_going=keep_going,
    )
    from oms_cli.outfile import OutputError

    try:
        core.execute(options)
    except (core.BatchError, OutputError) as error:
        fail(str(error))
    # Signals and a closed pipe end here as in every command (`oms_cli.process`), with the note
    # `execute` attaches about the output file.


def main() -> None:
    """Run the app as the whole process (the ``oms`` script comes here by `oms_cli.__main__`)."""
    run(app)
