"""oms-cli: checks findings against the diagnostic criteria of opsoclonus-myoclonus syndrome.

An educational aid, not a diagnosis. The library API: `evaluate` applies the rule; `to_dict`,
`to_json`, `notes`, `sources` and `what_if` give what `oms check` prints for programs
(docs/library.md)::

    >>> from oms_cli import evaluate, to_dict
    >>> result = evaluate({"opsoclonus": True, "myoclonus": "yes", "sleep": "yes"})
    >>> result.verdict, to_dict(result)["verdict"]
    (<Verdict.MET: 'met'>, 'met')

The names load on first use (PEP 562): ``oms`` imports this package before Ctrl-C is caught.
"""

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without loading typing (mypy reads it by its name)
if TYPE_CHECKING:
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

_HOMES = {
    "Note": "oms_cli.content",
    "Source": "oms_cli.content.sources",
    "__version__": "oms_cli.version",
    "notes": "oms_cli.api",
    "sources": "oms_cli.api",
    "to_dict": "oms_cli.api",
    "to_json": "oms_cli.api",
    "what_if": "oms_cli.api",
}
"""The module of each name that is not in `oms_cli.rules`."""


def __getattr__(name: str) -> object:
    """A name of the library API, loaded from its module when first used."""
    if name not in __all__:
        raise AttributeError(f"module 'oms_cli' has no attribute {name!r}")
    from importlib import import_module  # noqa: PLC0415  (on first use: see the docstring)

    value = getattr(import_module(_HOMES.get(name, "oms_cli.rules")), name)
    globals()[name] = value
    return value
