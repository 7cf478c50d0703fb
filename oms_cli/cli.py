"""The ``oms`` command: parse, call the core, render, exit. No logic of its own lives here.

Rendering modules are imported inside the commands that use them, so that a scripted
``oms check --format json`` never pays for rich.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, NoReturn, TextIO

import typer

from oms_cli import __version__
from oms_cli.exitcodes import ExitCode
from oms_cli.rules import AgeGroup, Answer, Assessment, Finding, Verdict, evaluate, parse_answer

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
        "2 usage error or answers ran out, 130 interrupted. An educational aid, not a diagnosis."
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
) -> None:
    """Evaluate one person's findings against the 3-of-4 rule.

    Give each finding as a flag (yes) or its --no- form (no); a finding not given is unknown.
    The verdict is met, not met, or undetermined when unknown findings could change it.

    When input and output are a terminal, a finding not given is asked for (a questionnaire;
    ? explains a question). --interactive asks also when answers are piped, one a line;
    --no-input never asks.

    Example: oms check --opsoclonus --myoclonus --no-behavior --sleep
    """
    if interactive and no_input:
        fail("--interactive and --no-input cannot be used together")
    given = {
        Finding.NEUROBLASTOMA: parse_answer(neuroblastoma),
        Finding.OPSOCLONUS: parse_answer(opsoclonus),
        Finding.MYOCLONUS: parse_answer(myoclonus),
        Finding.ATAXIA: parse_answer(ataxia),
        Finding.BEHAVIOR: parse_answer(behavior),
        Finding.SLEEP: parse_answer(sleep),
    }
    replay = None
    if _should_ask(given, age_group, interactive=interactive, no_input=no_input):
        given, age_group, replay = _questionnaire(given, age_group, output_format)
    assessment = evaluate(given, age_group)
    _print_assessment(assessment, output_format)
    if replay is not None:
        # After the result, on standard error: standard output stays exactly what the replayed
        # command prints, so `oms check -i --format json > out.json` holds only the JSON.
        sys.stdout.flush()
        gap = "\n" if _is_terminal(sys.stdout) else ""  # a blank line after a result shown above
        sys.stderr.write(f"{gap}Same result without questions: {replay}\n")
    raise typer.Exit(VERDICT_EXIT[assessment.verdict])


def _is_terminal(stream: TextIO | None) -> bool:
    # A stream can be None when its file descriptor was closed before start (`oms check <&-`).
    return stream is not None and stream.isatty()


def _should_ask(
    given: Mapping[Finding, Answer],
    age_group: AgeGroup | None,
    *,
    interactive: bool,
    no_input: bool,
) -> bool:
    """Whether to run the questionnaire: the one place that decides when `oms check` asks."""
    if no_input:
        return False
    if interactive:
        return age_group is None or Answer.UNKNOWN in given.values()
    # Standard error too: the questions go there, and nobody answers questions they cannot see.
    return (
        Answer.UNKNOWN in given.values()
        and _is_terminal(sys.stdin)
        and _is_terminal(sys.stdout)
        and _is_terminal(sys.stderr)
    )


class _Terminal:
    """The questionnaire's prompt and messages on the real terminal: standard error and input."""

    def __init__(self) -> None:
        self.width = min(shutil.get_terminal_size().columns, 100)
        # Piped answers are not echoed by a terminal; echo them so the transcript reads whole.
        self.echo = not _is_terminal(sys.stdin)
        self.line_open = False
        """True while a prompt waits on its line (then a message must start on a new line)."""

    def _wrap(self, text: str, margin: int = 1) -> str:
        # A margin: text that fills the last column makes some terminals wrap an empty line.
        return "\n".join(
            textwrap.fill(
                line,
                self.width - margin,
                subsequent_indent=line[: len(line) - len(line.lstrip())],
                break_on_hyphens=False,
            )
            for line in text.splitlines()
        )

    def say(self, text: str) -> None:
        sys.stderr.write(self._wrap(text) + "\n")
        sys.stderr.flush()  # keep messages in order with standard output, even when buffered

    def ask(self, prompt: str) -> str:
        # Open before writing: Ctrl-C can arrive as soon as the prompt is out, even before flush()
        # returns, and the "cancelled" line must still start on a line of its own.
        self.line_open = True
        sys.stderr.write(self._wrap(prompt, margin=4) + " ")  # room for a short answer
        sys.stderr.flush()
        if sys.stdin is None:
            raise EOFError
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        line = line.rstrip("\r\n")
        if self.echo:
            from oms_cli.textsafe import visible

            sys.stderr.write(visible(line) + "\n")
            sys.stderr.flush()
        self.line_open = False
        return line

    def end_line(self) -> None:
        if self.line_open:
            sys.stderr.write("\n")
            self.line_open = False


def _questionnaire(
    given: Mapping[Finding, Answer], age_group: AgeGroup | None, output_format: Format
) -> tuple[dict[Finding, Answer], AgeGroup, str]:
    """Run the questionnaire on the terminal; leave cleanly on Ctrl-C and at end of input."""
    from oms_cli.questionnaire import EndOfInput, interview, replay_command

    terminal = _Terminal()
    try:
        result = interview(given, age_group, terminal.ask, terminal.say)
    except KeyboardInterrupt:
        terminal.end_line()
        sys.stderr.write("oms: cancelled\n")
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    except EndOfInput as error:
        terminal.end_line()
        fail(str(error))
    except UnicodeDecodeError:
        terminal.end_line()
        fail("standard input is not UTF-8 text")
    sys.stderr.write("\n")  # the questions end; the result follows
    sys.stderr.flush()
    extra = ["--format", output_format.value] if output_format is not Format.TEXT else []
    replay = replay_command(result.answers, result.age_group, extra)
    return dict(result.answers), result.age_group, replay


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


TOPIC_IDS_HELP = "overview, symptoms, causes, diagnosis, treatment, prognosis"
"""The topic ids, written out so that `oms info --help` lists them without importing the topics
(a test checks they match `oms_cli.topics.TOPICS`)."""


def _complete_topic(incomplete: str) -> list[str]:
    from oms_cli.topics import topic_ids

    return [topic_id for topic_id in topic_ids() if topic_id.startswith(incomplete.lower())]


@app.command(
    epilog=(
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
        Format, typer.Option("--format", "-f", help=FORMAT_HELP)
    ] = Format.TEXT,
) -> None:
    """Patient information about OMS in plain words, each statement with its sources.

    Without a topic: a short overview and the list of topics, one line each.
    With a topic: that topic in full. With --all: every topic.

    Example: oms info prognosis
    """
    from oms_cli import topics
    from oms_cli.textsafe import quoted

    if topic is not None and show_all:
        fail("give a topic or --all, not both")
    shown: tuple[topics.Topic, ...] | None = topics.TOPICS if show_all else None
    if topic is not None:
        try:
            shown = (topics.find_topic(topic),)
        except topics.UnknownTopicError:
            fail(f"unknown topic {quoted(topic)}; choose one of: {', '.join(topics.topic_ids())}")
    from oms_cli import report

    if output_format is Format.JSON:
        sys.stdout.write(report.to_json(report.info_dict(shown)))
    elif output_format is Format.MARKDOWN:
        sys.stdout.write(report.info_markdown(shown))
    else:
        from oms_cli import render

        render.emit(render.info_view(shown))


@app.command()
def sources(
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help=FORMAT_HELP)
    ] = Format.TEXT,
) -> None:
    """List the sources: the reference page [GARD], then its references [1]-[5].

    Each with its author where given, title, publisher, date, address and the info topics citing it.
    """
    from oms_cli import report

    if output_format is Format.JSON:
        sys.stdout.write(report.to_json(report.sources_dict()))
    elif output_format is Format.MARKDOWN:
        sys.stdout.write(report.sources_markdown())
    else:
        from oms_cli import render

        render.emit(render.sources_view())


def main() -> None:
    """Entry point of the ``oms`` console script."""
    app(prog_name="oms")
