"""The what-if section of `oms check --what-if` for people (Markdown: `oms_cli.rules.whatif`).

Built from `oms_cli.views.render`'s parts and `rich.text.Text` objects, never markup.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from oms_cli.rules import Assessment, whatif
from oms_cli.views.render import bullets, cited, section


def what_if(assessment: Assessment) -> RenderableType:
    """The section: a heading, each change of one finding that matters, and the rule's source."""
    parts: list[RenderableType] = [section(whatif.HEADING)]
    if whatif.changes(assessment):
        parts.append(Text(whatif.INTRO))
    parts.append(bullets(Text(line) for line in whatif.lines(assessment)))
    parts.append(cited(whatif.AFTER, whatif.RULE_SOURCES))
    return Group(*parts)
