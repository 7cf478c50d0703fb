"""What `oms check` evaluates: the findings and age group, from wherever they were given.

Flags, the questionnaire, a FHIR QuestionnaireResponse (``--from-fhir``) or a phenopacket
(``--from-phenopacket``); and the checks of the command line that come before any work: options
that contradict each other are refused (exit 2), never resolved silently.
"""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from typer.core import TyperCommand

from oms_cli.cli.options import CheckFormat, finding_flags
from oms_cli.cli.process import fail, usage_error
from oms_cli.rules import FINDINGS, AgeGroup, Answer, AnswerLike, Finding, parse_answer
from oms_cli.teaching import terminal

if TYPE_CHECKING:  # for annotations only: the FHIR reader loads with --from-fhir
    from oms_cli.interop.fhir import ResponseAnswers
    from oms_cli.interop.phenopacket import NotCountedFeature, PhenopacketAnswers


def refuse_contradictions(args: list[str]) -> None:
    """Exit 2 when a finding is given both as yes and as no.

    Click lets the last flag win; in a medical tool a contradiction is more likely a mistake than
    a correction, so it is refused rather than resolved silently. (An option that takes a value,
    such as --age-group, given twice is refused for every command: `oms_cli.cli.process.Group`.)
    """
    flags: set[str] = set()
    for arg in args:
        if arg == "--":
            break
        flags.add(arg)
    for finding in FINDINGS:
        yes, no = finding_flags(finding)  # with the aliases: --behaviour --no-behavior
        said_yes, said_no = [flag for flag in yes if flag in flags], [f for f in no if f in flags]
        if said_yes and said_no:
            usage_error(f"{said_yes[0]} and {said_no[0]} contradict each other; give one of them")


class CheckCommand(TyperCommand):
    """The class of `oms check`: refuses contradictory flags before parsing them."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # ctx: click's Context
        """Check the raw arguments for contradictions, then parse as usual."""
        refuse_contradictions(args)
        return super().parse_args(ctx, args)


def refuse_input_conflicts(
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


def refuse_format_conflicts(
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
    from oms_cli.files.textsafe import quoted  # noqa: PLC0415  (only this error needs it)

    if output_format is CheckFormat.MARKDOWN and Path(export).suffix.lower() == ".md":
        return  # the same output, said twice
    usage_error(
        f"--format {output_format} and --export {quoted(Path(export).name)} contradict each other: "
        "--export takes its format from the file's extension; leave out --format"
    )


def replay_options(output_format: CheckFormat, what_if: bool) -> list[str]:
    """The options a replayed `oms check` keeps besides the findings: its format, --what-if."""
    kept = ["--format", output_format.value] if output_format is not CheckFormat.TEXT else []
    return kept + (["--what-if"] if what_if else [])


class Intake(NamedTuple):
    """What `oms check` evaluates, and where it came from.

    A NamedTuple, not a dataclass: it is built on the JSON path, whose start-up is at the
    contract's limit (see `oms_cli.content.CitedText`).
    """

    findings: dict[Finding, Answer]
    age_group: AgeGroup | None
    replay: str | None
    """The same check as a command line without questions, when the questionnaire ran."""
    derived_from: dict[str, str] | None
    """A FHIR Reference to the QuestionnaireResponse read (``--from-fhir``)."""
    not_counted: "tuple[NotCountedFeature, ...] | None" = None
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

    ``replay_extra``: options the replayed command line ends with (the output format, --what-if).
    ``text_output``: whether the result is text for a person (only then, without -i, is the
    questionnaire run).
    """
    given = {finding: parse_answer(value) for finding, value in flags.items()}
    if from_fhir is not None:
        response = _read_fhir(from_fhir, given, age_group)
        derived_from = _response_reference(from_fhir, response)
        return Intake(dict(response.findings), response.age_group, None, derived_from)
    if from_phenopacket is not None:
        packet = _read_phenopacket(from_phenopacket, given)
        return Intake(dict(packet.findings), age_group, None, None, packet.not_counted)
    asking = terminal.asking(
        given, age_group, interactive=interactive, no_input=no_input, text_output=text_output
    )
    if asking is terminal.Asking.ASK:
        answers, age_group, replay = terminal.questionnaire(given, age_group, replay_extra)
        return Intake(answers, age_group, replay, None)
    if asking is terminal.Asking.SETTLED:
        terminal.say_settled()
    return Intake(given, age_group, None, None)


def _flags_given(given: Mapping[Finding, AnswerLike]) -> list[str]:
    """The finding flags given, as written: ``--NAME`` for yes, ``--no-NAME`` for no."""
    return [
        f"--{finding}" if answer is Answer.YES else f"--no-{finding}"
        for finding, answer in ((f, parse_answer(v)) for f, v in given.items())
        if answer is not Answer.UNKNOWN
    ]


def _read_fhir(
    file_name: str, given: Mapping[Finding, AnswerLike], age_group: AgeGroup | None
) -> "ResponseAnswers":
    """The response's answers; flags that would compete with the file are refused, not merged."""
    flags = _flags_given(given)
    if age_group is not None:
        flags.append("--age-group")
    if flags:
        usage_error(
            f"--from-fhir takes every finding and the age group from the file; "
            f"it cannot be combined with {', '.join(flags)}"
        )
    from oms_cli.interop import fhir  # noqa: PLC0415  (the FHIR reader loads only for --from-fhir)

    try:
        return fhir.read_response(file_name)
    except fhir.ResponseError as error:
        fail(str(error))


def _read_phenopacket(file_name: str, given: Mapping[Finding, AnswerLike]) -> "PhenopacketAnswers":
    """The phenopacket's findings; finding flags beside it are refused, --age-group is not."""
    flags = _flags_given(given)
    if flags:
        fail(
            "--from-phenopacket takes every finding from the file; it cannot be combined with "
            + ", ".join(flags)
        )
    from oms_cli.interop import phenopacket  # noqa: PLC0415  (loads only for --from-phenopacket)

    try:
        return phenopacket.read_phenopacket(file_name)
    except phenopacket.PhenopacketError as error:
        fail(str(error))


def _response_reference(file_name: str, response: "ResponseAnswers") -> dict[str, str]:
    """A FHIR Reference to the response: by its id, else by a description of where it was read."""
    if response.response_id is not None:
        return {"reference": f"QuestionnaireResponse/{response.response_id}"}
    from oms_cli.files.textsafe import visible  # noqa: PLC0415  (only this description needs it)

    shown = "standard input" if file_name == "-" else visible(file_name)
    return {"type": "QuestionnaireResponse", "display": f"QuestionnaireResponse read from {shown}"}
