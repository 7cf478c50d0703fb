"""A command's result printed in the format asked for: the one place a format is chosen.

Rich, Markdown and exports are imported in the branch that uses them: a scripted
``oms check --format json`` never loads them.
"""

import sys
import textwrap
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from oms_cli import content
from oms_cli.content.sources import cite
from oms_cli.errors import notice
from oms_cli.rules import Assessment
from oms_cli.views import is_terminal, json_object, width
from oms_cli.views.result import (
    CheckResult,
    NotCountedFeature,
    caveat,
    deciding_line,
    not_counted_notice,
)

if TYPE_CHECKING:  # for annotations only: rich is imported where it is used
    from rich.console import RenderableType

    from oms_cli.views.export import Look


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


def show(
    output_format: Format,
    data: Callable[[], object],
    markdown: Callable[[], str],
    view: Callable[[Any], "RenderableType"],
    paged: bool = False,
) -> None:
    """Print one output in the chosen format, building only that form.

    ``view`` receives the `render` module, imported only here: JSON and Markdown never load rich.
    """
    if output_format is Format.JSON:
        sys.stdout.write(json_object.to_json(data()))
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
    not_counted: Sequence[NotCountedFeature] | None = None,
) -> None:
    """Print or export the result of `oms check`; after it, the replay line and the verdict.

    ``replay``: the same check without questions; ``derived_from``: the FHIR Reference of a
    QuestionnaireResponse read; ``not_counted``: a phenopacket's features that counted for nothing.
    """
    on_screen = is_terminal(sys.stdout)
    printed = export is None and not brief and output_format is not CheckFormat.FHIR
    changes = None
    if what_if:  # the what-if module loads only here: the plain result never needs it
        from oms_cli.rules import whatif

        changes = whatif.changes(assessment)
    listed = tuple(not_counted) if not_counted is not None and printed else None
    result = CheckResult(assessment, changes, listed)
    if brief:
        sys.stdout.write(brief_text(result, width() if on_screen else None))
    elif export is None and output_format is CheckFormat.FHIR:
        from oms_cli.interop.observation import observation

        sys.stdout.write(json_object.to_json(observation(assessment, derived_from=derived_from)))
    elif export is None:
        show(
            Format(output_format.value),
            lambda: json_object.check_dict(result),
            lambda: _markdown(result),
            lambda render: render.assessment_view(result),
        )
    else:
        from oms_cli.views import export as exporting
        from oms_cli.views import markdown, render

        title = "oms check --what-if" if what_if else "oms check"
        exporting.write(
            export,
            force,
            lambda: render.assessment_view(result),
            lambda: markdown.assessment_markdown(result),
            title,
            look=look,
        )
    if not_counted and not printed:
        sys.stdout.flush()
        notice(not_counted_notice(tuple(not_counted)))
    if replay is not None:
        # After the result, on standard error: standard output stays exactly what the replayed
        # command prints, so `oms check -i --format json > out.json` holds only the JSON.
        sys.stdout.flush()
        gap = "\n" if on_screen else ""  # after a result shown above
        brief_flag = " --brief" if brief else ""
        columns = width() if is_terminal(sys.stderr) else None
        sys.stderr.write(gap + replay_line(f"{replay}{brief_flag}", columns) + "\n")
    if on_screen and export is None and not brief and output_format is CheckFormat.TEXT:
        # The verdict opens the result, which is taller than most terminals: repeated as the
        # last line, it is still in view when the rest has scrolled away.
        from oms_cli.views import render

        sys.stderr.flush()
        render.emit(render.verdict_line(assessment))
    elif export is not None and replay is not None and is_terminal(sys.stderr):
        # Questions answered, the result gone to a file: the person who answered sees the verdict.
        from oms_cli.views import render

        render.emit(render.verdict_line(assessment), render.error_console())


def _markdown(result: CheckResult) -> str:
    from oms_cli.views.markdown import assessment_markdown  # not on the JSON path

    return assessment_markdown(result)


def brief_text(result: CheckResult, width: int | None = None) -> str:
    """`oms check --brief`: the verdict, what would decide it or the caveat, the disclaimer.

    Lines wrap at spaces at a terminal's ``width``; without one, each is one line, for `grep`.
    """
    deciding = deciding_line(result.assessment)
    lines = [result.headline, *([deciding] if deciding else [])]
    lines += [note.text for note in caveat(result.assessment)]
    lines.append(f"{content.DISCLAIMER} {cite(content.DISCLAIMER_SOURCES)}")
    if width is None:
        return "\n".join(lines) + "\n"
    fill = textwrap.TextWrapper(
        max(width - 1, 20), subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
    )
    return "\n".join(fill.fill(line) for line in lines) + "\n"


REPLAY_LABEL = "Same result without questions:"


def replay_line(command: str, width: int | None) -> str:
    r"""The questionnaire's result as a command to copy, on a terminal cut before ``width``.

    Cut between words, each line but the last ending in ``\``: copied whole, it runs as one.
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
