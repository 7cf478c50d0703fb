"""oms-cli: checks findings against the diagnostic criteria of opsoclonus-myoclonus syndrome.

An educational aid, not a diagnosis. The library API::

    >>> from oms_cli import evaluate
    >>> evaluate({"opsoclonus": True, "myoclonus": "yes", "sleep": "yes"}).verdict
    <Verdict.MET: 'met'>
"""

__version__ = "0.1.0"

# The API loads on first use (PEP 562), not with the package: the `oms` command imports this
# package before `oms_cli.__main__` can pause the garbage collector, and what loads here would be
# scanned again and again (about 1.4 ms of every start; benchmarks/README.md, start-up).
TYPE_CHECKING = False  # typing's flag, without loading typing first (type checkers take it as True)
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


def __getattr__(name: str) -> object:
    """A name of the API (`__all__`), from the module that defines it, imported then, once."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib  # noqa: PLC0415  (only when the API is used)

    module = "oms_cli.content" if name == "Note" else "oms_cli.rules"
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


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
