"""Views for people of the teaching studio: the what-if section and the quiz worksheets.

Built from `oms_cli.render`'s parts (sections, bullets, cited lines, sources, the disclaimer) and
`rich.text.Text` objects, never markup, as every view is. The Markdown forms live beside their
data (`oms_cli.whatif`, `oms_cli.quiz`), so that Markdown never needs rich.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from oms_cli import whatif
from oms_cli.render import bullets, cited, section
from oms_cli.rules import Assessment


def what_if(assessment: Assessment) -> RenderableType:
    """The what-if section of `oms check --what-if`: each change of one finding that matters."""
    parts: list[RenderableType] = [section(whatif.HEADING)]
    if whatif.changes(assessment):
        parts.append(Text(whatif.INTRO))
    parts.append(bullets(Text(line) for line in whatif.lines(assessment)))
    parts.append(cited(whatif.AFTER, whatif.RULE_SOURCES))
    return Group(*parts)
