"""`oms check --brief`: the verdict line and, when undetermined, what would decide it.

For a clinician in a small terminal or a script that wants one glance: the verdict line of the
full result (`oms_cli.views.wording.headline`, the same words), then for an undetermined result the
deciding criteria, how many of them must turn out met, and the findings to assess, or for a not-met
result its caveat (it rules nothing out: `oms_cli.content.NOT_MET_CAVEAT`); then the disclaimer,
which ends every result. Plain text, standard library only: no rich is loaded.
"""

from __future__ import annotations

from oms_cli import content
from oms_cli.content.sources import cite
from oms_cli.rules import Assessment
from oms_cli.views.json_object import caveat, to_settle, what_decides
from oms_cli.views.wording import headline


def deciding_line(assessment: Assessment) -> str | None:
    """What would decide an undetermined verdict, in one line; None for a settled one.

    The words of the result's note (`oms_cli.views.json_object.what_decides` and `to_settle`),
    shorter.
    """
    if not assessment.deciding:
        return None
    findings = ", ".join(content.FINDING_TEXT[finding].label for finding in to_settle(assessment))
    return f"Deciding: {what_decides(assessment)}; assess {findings}."


def brief_text(assessment: Assessment, width: int | None = None) -> str:
    """The whole of `oms check --brief`: verdict line, deciding line or caveat if any, disclaimer.

    With a ``width`` (a terminal's), lines wrap at spaces only, continued lines indented; without
    one, each is a single line, for `grep` and scripts.
    """
    lines = [headline(assessment)]
    deciding = deciding_line(assessment)
    if deciding is not None:
        lines.append(deciding)
    lines += [note.text for note in caveat(assessment)]
    lines.append(f"{content.DISCLAIMER} {cite(content.DISCLAIMER_SOURCES)}")
    if width is not None:
        import textwrap  # noqa: PLC0415  (only for a terminal)

        lines = [
            textwrap.fill(
                line,
                max(width - 1, 20),
                subsequent_indent="  ",
                break_long_words=False,
                break_on_hyphens=False,
            )
            for line in lines
        ]
    return "\n".join(lines) + "\n"
