"""oms-cli: checks findings against the diagnostic criteria of opsoclonus-myoclonus syndrome.

An educational aid, not a diagnosis. The library API::

    >>> from oms_cli import evaluate
    >>> evaluate({"opsoclonus": True, "myoclonus": "yes", "sleep": "yes"}).verdict
    <Verdict.MET: 'met'>
"""

__version__ = "0.1.0"

from oms_cli.content import Note
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
    "Status",
    "Verdict",
    "__version__",
    "evaluate",
]
