"""oms-cli: checks findings against the diagnostic criteria of opsoclonus-myoclonus syndrome.

An educational aid, not a diagnosis. The library API: `evaluate` applies the rule; `to_dict`,
`to_json`, `notes`, `sources` and `what_if` give what `oms check` prints for programs
(docs/library.md)::

    >>> from oms_cli import evaluate, to_dict
    >>> result = evaluate({"opsoclonus": True, "myoclonus": "yes", "sleep": "yes"})
    >>> result.verdict, to_dict(result)["verdict"]
    (<Verdict.MET: 'met'>, 'met')
"""

from oms_cli.api import notes, sources, to_dict, to_json, what_if
from oms_cli.content import Note
from oms_cli.content.sources import Source
from oms_cli.rules import (
    CRITERIA,
    FINDINGS,
    REQUIRED,
    AgeGroup,
    Answer,
    Assessment,
    Criterion,
    CriterionId,
    CriterionResult,
    Finding,
    NoteKey,
    Status,
    Verdict,
    evaluate,
)
from oms_cli.version import __version__

__all__ = [
    "CRITERIA",
    "FINDINGS",
    "REQUIRED",
    "AgeGroup",
    "Answer",
    "Assessment",
    "Criterion",
    "CriterionId",
    "CriterionResult",
    "Finding",
    "Note",
    "NoteKey",
    "Source",
    "Status",
    "Verdict",
    "__version__",
    "evaluate",
    "notes",
    "sources",
    "to_dict",
    "to_json",
    "what_if",
]
