"""A command's result, printed in the format asked for, building only that form.

JSON (`oms_cli.views.json_object`), Markdown, or text for people (`oms_cli.views.render`, which
loads rich), or an
export to a file (`oms_cli.views.export`). Each is imported where it is used, so that a scripted
``oms check --format json`` never loads rich.
"""

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from oms_cli.cli.options import CheckFormat, Format
from oms_cli.rules import Assessment
from oms_cli.teaching import terminal

if TYPE_CHECKING:  # for annotations only: rich is imported where it is used
    from collections.abc import Sequence

    from rich.console import RenderableType

    from oms_cli.interop.phenopacket import NotCountedFeature
    from oms_cli.views.export import Look


def show(
    output_format: Format,
    data: Callable[[], object],
    markdown: Callable[[], str],
    view: Callable[[Any], "RenderableType"],
    paged: bool = False,
) -> None:
    """Print one output in the chosen format, building only that form.

    ``view`` receives the `oms_cli.views.render` module, imported only here, for text: the JSON and
    Markdown paths never load rich. ``paged``: long text on a terminal goes through the pager.
    """
    if output_format is Format.JSON:
        from oms_cli.views.json_object import to_json

        sys.stdout.write(to_json(data()))
    elif output_format is Format.MARKDOWN:
        sys.stdout.write(markdown())
    else:
        from oms_cli.views import render

        render.emit_paged(view(render), paged=paged)


def show_assessment(
    assessment: Assessment,
    output_format: CheckFormat,
    *,
    brief: bool,
    what_if: bool,
    export: str | None,
    force: bool,
    look: "Look | None",
    replay: str | None,
    derived_from: dict[str, str] | None,
    not_counted: "Sequence[NotCountedFeature] | None" = None,
) -> None:
    """Print or export the result of `oms check`; after it, the replay line and the verdict.

    ``replay``: the same check without questions, when the questionnaire ran; ``derived_from``:
    the FHIR Reference of a QuestionnaireResponse read, for the Observation; ``not_counted``:
    with a phenopacket, its features that made no finding yes or no (in the text, Markdown and
    JSON results; a note on standard error beside the others).
    """
    on_screen = terminal.is_terminal(sys.stdout)
    if brief:
        from oms_cli.views.brief import brief_text

        sys.stdout.write(brief_text(assessment, terminal.width() if on_screen else None))
    elif export is None and output_format is CheckFormat.FHIR:
        from oms_cli.interop.observation import observation
        from oms_cli.views.json_object import to_json

        sys.stdout.write(to_json(observation(assessment, derived_from=derived_from)))
    elif export is None:
        _print_assessment(assessment, Format(output_format.value), what_if, not_counted)
    else:
        _export_assessment(assessment, export, force, what_if, look)
    if not_counted and (brief or export is not None or output_format is CheckFormat.FHIR):
        from oms_cli.cli.process import notice
        from oms_cli.views.not_counted import note

        sys.stdout.flush()
        notice(note(not_counted))
    if replay is not None:
        # After the result, on standard error: standard output stays exactly what the replayed
        # command prints, so `oms check -i --format json > out.json` holds only the JSON.
        sys.stdout.flush()
        gap = "\n" if on_screen else ""  # after a result shown above
        brief_flag = " --brief" if brief else ""
        width = terminal.width() if terminal.is_terminal(sys.stderr) else None
        sys.stderr.write(gap + replay_line(f"{replay}{brief_flag}", width) + "\n")
    if on_screen and export is None and not brief and output_format is CheckFormat.TEXT:
        # The verdict opens the result, which is taller than most terminals: repeated as the
        # last line, it is still in view when the rest has scrolled away.
        from oms_cli.views import render

        sys.stderr.flush()
        render.emit(render.verdict_line(assessment))


REPLAY_LABEL = "Same result without questions:"


def replay_line(command: str, width: int | None) -> str:
    r"""The line that gives the questionnaire's result as a command to copy.

    One line where nothing wraps (a pipe, a file). On a terminal of ``width`` columns the command
    is cut between words, each line but the last ending in a shell continuation (``\``), so that
    the terminal never splits a flag and the lines copied together still run as one command.
    """
    words = [REPLAY_LABEL, *command.split(" ")]
    if width is None:
        return " ".join(words)
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) + 2 > width - 1:  # room for " \\", and a margin
            lines.append(line + " \\")
            line = "    " + word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _export_assessment(
    assessment: Assessment, path: str, force: bool, what_if: bool, look: "Look | None"
) -> None:
    from oms_cli.views import markdown, render
    from oms_cli.views.export import write

    if what_if:
        from oms_cli.rules import whatif

        write(
            path,
            force,
            lambda: render.assessment_view(assessment, [_what_if_view(assessment)]),
            lambda: markdown.assessment_markdown(assessment, whatif.markdown_lines(assessment)),
            "oms check --what-if",
            look=look,
        )
        return
    write(
        path,
        force,
        lambda: render.assessment_view(assessment),
        lambda: markdown.assessment_markdown(assessment),
        "oms check",
        look=look,
    )


def _print_assessment(
    assessment: Assessment,
    output_format: Format,
    what_if: bool,
    not_counted: "Sequence[NotCountedFeature] | None" = None,
) -> None:
    from oms_cli.views import json_object as report

    def as_markdown(*extra: str) -> str:
        from oms_cli.views.markdown import (
            assessment_markdown,  # only Markdown needs it (and wording)
        )

        if not_counted:
            from oms_cli.views.not_counted import markdown_lines

            extra = (*extra, *markdown_lines(not_counted))
        return assessment_markdown(assessment, extra)

    def as_dict(data: dict[str, Any]) -> dict[str, Any]:
        if not_counted is not None:
            from oms_cli.views.not_counted import as_json

            data["not_counted"] = as_json(not_counted)
        return data

    def views(render: Any, *extra: "RenderableType") -> "RenderableType":
        if not_counted:
            from rich.console import Group
            from rich.text import Text

            from oms_cli.views.not_counted import HEADING, INTRO, lines

            listed = render.bullets(Text(line) for line in lines(not_counted))
            extra = (*extra, Group(render.section(HEADING), Text(INTRO), listed))
        whole: RenderableType = render.assessment_view(assessment, list(extra))
        return whole

    if what_if:  # the what-if modules load only here: the plain result never needs them
        from oms_cli.rules import whatif

        show(
            output_format,
            lambda: as_dict(whatif.with_what_if(report.assessment_dict(assessment), assessment)),
            lambda: as_markdown(*whatif.markdown_lines(assessment)),
            lambda render: views(render, _what_if_view(assessment)),
        )
        return
    show(
        output_format,
        lambda: as_dict(report.assessment_dict(assessment)),
        as_markdown,
        views,
    )


def _what_if_view(assessment: Assessment) -> "RenderableType":
    from oms_cli.views.whatif import what_if

    return what_if(assessment)
