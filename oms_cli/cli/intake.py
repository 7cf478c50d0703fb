"""What `oms check` evaluates: the findings and age group, from wherever they were given.

Flags, the questionnaire, a FHIR QuestionnaireResponse or a phenopacket. Options that contradict
each other are refused (exit 2) before any work, never resolved silently.
"""

import sys
import textwrap
from collections.abc import Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from typer.core import TyperCommand

from oms_cli.cli.options import flag_names
from oms_cli.errors import UsageError, UserError
from oms_cli.files.textsafe import quoted, visible
from oms_cli.rules import FINDINGS, AgeGroup, Answer, Finding, Verdict, evaluate, parse_answer
from oms_cli.views import is_terminal, width
from oms_cli.views.output import CheckFormat
from oms_cli.views.result import NotCountedFeature

Asking = Enum("Asking", "ASK SILENT SETTLED")
"""Whether `oms check` runs the questionnaire; SETTLED: no, and one line says why."""
SETTLED_LINE = (
    "Nothing asked: the findings given already decide the verdict. "
    "Add -i to answer the other questions."
)


def asking(
    given: Mapping[Finding, Answer],
    age_group: AgeGroup | None,
    *,
    interactive: bool,
    no_input: bool,
    text_output: bool = True,
) -> Asking:
    """Whether `oms check` asks: the one place that decides whether the questions start.

    With -i: while anything is missing. Else only a person at a terminal reading text (not JSON or
    FHIR), and only while an answer could still change the verdict; the questionnaire then stops
    as soon as the answers decide it (`questionnaire.interview`, ``stop_when_decided``).
    """
    missing = Answer.UNKNOWN in given.values()
    if no_input:
        return Asking.SILENT
    if interactive:
        return Asking.ASK if missing or age_group is None else Asking.SILENT
    # Standard error too: the questions go there, and nobody answers questions they cannot see.
    streams = (sys.stdin, sys.stdout, sys.stderr)
    if not (text_output and missing and all(is_terminal(stream) for stream in streams)):
        return Asking.SILENT
    undecided = evaluate(given).verdict is Verdict.UNDETERMINED
    return Asking.ASK if undecided else Asking.SETTLED


def say_settled() -> None:
    """The line for `Asking.SETTLED`, on standard error (the result follows on standard output).

    On a terminal it is wrapped at spaces, so that the terminal does not break a word.
    """
    line = SETTLED_LINE
    if is_terminal(sys.stderr):
        line = textwrap.fill(line, max(width() - 1, 20), break_on_hyphens=False)
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


class CheckCommand(TyperCommand):
    """The class of `oms check`: refuses a finding given as both yes and no, before parsing."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # ctx: click's Context
        """Refuse contradictory flags (Click would let the last one win), then parse as usual."""
        given = args[: args.index("--")] if "--" in args else args
        for finding in FINDINGS:
            yes = [f"--{name}" for name in flag_names(finding) if f"--{name}" in given]
            no = [f"--no-{name}" for name in flag_names(finding) if f"--no-{name}" in given]
            if yes and no:
                raise UsageError(f"{yes[0]} and {no[0]} contradict each other; give one of them")
        return super().parse_args(ctx, args)


def refuse_input_conflicts(
    interactive: bool, no_input: bool, from_fhir: str | None, from_phenopacket: str | None
) -> None:
    """Exit 2 for options that name two different sources of the findings."""
    if interactive and no_input:
        raise UsageError("--interactive and --no-input cannot be used together")
    if interactive and from_fhir is not None:
        raise UsageError(
            "--interactive and --from-fhir cannot be used together: the file is the record"
        )
    if from_phenopacket is not None and (interactive or from_fhir is not None):
        other = "--interactive" if interactive else "--from-fhir"
        raise UsageError(
            f"--from-phenopacket and {other} cannot be used together: the file is the record"
        )


def refuse_format_conflicts(
    output_format: CheckFormat, export: str | None, brief: bool, what_if: bool
) -> None:
    """Exit 2 for options that ask for two different outputs, rather than ignore one of them."""
    if what_if and output_format is CheckFormat.FHIR:
        raise UsageError(
            "--what-if is not part of a FHIR Observation; give it with --format text, json "
            "or markdown"
        )
    if brief and what_if:
        raise UsageError("--brief and --what-if contradict each other; give one of them")
    if brief and output_format is not CheckFormat.TEXT:
        raise UsageError(
            f"--brief and --format {output_format} contradict each other; give one of them"
        )
    if brief and export is not None:
        raise UsageError("--brief and --export contradict each other; give one of them")
    if export is None or output_format is CheckFormat.TEXT:
        return
    if output_format is CheckFormat.MARKDOWN and Path(export).suffix.lower() == ".md":
        return  # the same output, said twice
    raise UsageError(
        f"--format {output_format} and --export {quoted(Path(export).name)} contradict each other: "
        "--export takes its format from the file's extension; leave out --format"
    )


class Intake(NamedTuple):
    """What `oms check` evaluates, and where it came from (a NamedTuple: see `rules`' records)."""

    findings: Mapping[Finding, Answer]
    age_group: AgeGroup | None
    replay: str | None = None
    """The same check as a command line without questions, when the questionnaire ran."""
    derived_from: dict[str, str] | None = None
    """A FHIR Reference to the QuestionnaireResponse read (``--from-fhir``)."""
    not_counted: tuple[NotCountedFeature, ...] | None = None
    """With ``--from-phenopacket``: the features that made no finding yes or no."""


def gather(
    flags: Mapping[Finding, bool | None],
    age_group: AgeGroup | None,
    *,
    from_fhir: str | None,
    from_phenopacket: str | None,
    interactive: bool,
    no_input: bool,
    replay_extra: Sequence[str],
    text_output: bool = True,
) -> Intake:
    """The findings and age group from the flags, a file, or the questionnaire.

    ``replay_extra``: the options a replayed command line ends with; ``text_output``: whether the
    result is text for a person (only then, without -i, may the questionnaire run).
    """
    given = {finding: parse_answer(value) for finding, value in flags.items()}
    named = [
        f"--{finding}" if answer is Answer.YES else f"--no-{finding}"
        for finding, answer in given.items()
        if answer is not Answer.UNKNOWN
    ]
    if from_fhir is not None:
        if age_group is not None:
            named.append("--age-group")
        if named:
            raise UsageError(
                "--from-fhir takes every finding and the age group from the file; "
                f"it cannot be combined with {', '.join(named)}"
            )
        from oms_cli.interop import fhir  # noqa: PLC0415  (loads only for --from-fhir)

        response = fhir.read_response(from_fhir)  # exit 2 with what does not fit (ResponseError)
        if response.response_id is not None:
            source = {"reference": f"QuestionnaireResponse/{response.response_id}"}
        else:
            shown = "standard input" if from_fhir == "-" else visible(from_fhir)
            read_from = f"QuestionnaireResponse read from {shown}"
            source = {"type": "QuestionnaireResponse", "display": read_from}
        return Intake(response.findings, response.age_group, derived_from=source)
    if from_phenopacket is not None:
        if named:
            raise UserError(
                "--from-phenopacket takes every finding from the file; it cannot be combined "
                f"with {', '.join(named)}"
            )
        from oms_cli.interop import phenopacket  # noqa: PLC0415  (only for --from-phenopacket)

        packet = phenopacket.read_phenopacket(from_phenopacket)  # exit 2: PhenopacketError
        return Intake(packet.findings, age_group, not_counted=packet.not_counted)
    decided = asking(
        given, age_group, interactive=interactive, no_input=no_input, text_output=text_output
    )
    if decided is Asking.ASK:
        from oms_cli.teaching import terminal  # noqa: PLC0415  (the questions load only to ask)

        answers, age_group, replay = terminal.questionnaire(
            given, age_group, replay_extra, every=interactive
        )
        return Intake(answers, age_group, replay)
    if decided is Asking.SETTLED:
        say_settled()
    return Intake(given, age_group)
