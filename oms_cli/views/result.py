"""The result of `oms check` as one record, built once, that every renderer reads.

`oms_cli.views.output` builds it from the rule's `Assessment` and what the command was asked for
(the what-if changes, a phenopacket's features that were not counted); then exactly one renderer
turns it into the format asked for: `json_object.check_dict` (JSON), `wording.check_view` laid out
by `render.assessment_view` (text, .svg, .txt) or `markdown.assessment_markdown` (Markdown,
.md, .html), `brief.brief_text` (--brief), `interop.observation` (FHIR). Standard library only.
"""

from typing import TYPE_CHECKING, NamedTuple

from oms_cli.rules import Assessment

if TYPE_CHECKING:  # for annotations only: the what-if and phenopacket modules load where used
    from oms_cli.interop.phenopacket import NotCountedFeature
    from oms_cli.rules.whatif import Change


class CheckResult(NamedTuple):
    """One result of `oms check`: the assessment and the sections asked for beside it."""

    assessment: Assessment
    what_if: "tuple[Change, ...] | None" = None
    """With --what-if, every change of one finding that changes the verdict (maybe none)."""
    not_counted: "tuple[NotCountedFeature, ...] | None" = None
    """With --from-phenopacket, its features that made no finding yes or no (maybe none)."""
