"""oms-cli: checks findings against the diagnostic criteria of opsoclonus-myoclonus syndrome.

An educational aid, not a diagnosis. The library API::

    >>> from oms_cli import evaluate
    >>> evaluate({"opsoclonus": True, "myoclonus": "yes", "sleep": "yes"}).verdict
    <Verdict.MET: 'met'>

The names below are loaded when first used (PEP 562), not when the package is: the ``oms``
command imports this package before anything else, and makes Ctrl-C end it cleanly only from
its first line (`oms_cli.cli.stopping`). Loaded here, the rules and texts took some 50 ms in which
a Ctrl-C printed a traceback.
"""

__version__ = "0.1.0"

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing (mypy reads it by its name)
if TYPE_CHECKING:
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


def __getattr__(name: str) -> object:
    """A name of the library API, loaded from its module when first used."""
    if name not in __all__:
        raise AttributeError(f"module 'oms_cli' has no attribute {name!r}")
    from importlib import import_module  # noqa: PLC0415  (loaded already, by Python's start-up)

    value = getattr(import_module("oms_cli.content" if name == "Note" else "oms_cli.rules"), name)
    globals()[name] = value
    return value
