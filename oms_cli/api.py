"""What `oms check` gives programs, from Python: the JSON object, the notes, the sources, what-if.

`oms_cli.evaluate` applies the rule; the functions here turn its `Assessment` into what the
command prints (docs/library.md)::

    >>> from oms_cli import evaluate, to_dict
    >>> to_dict(evaluate({"opsoclonus": "yes", "ataxia": "yes", "sleep": "yes"}))["verdict"]
    'met'
"""

import copy
from typing import Any

from oms_cli.content import Note
from oms_cli.content.sources import Source
from oms_cli.rules import Assessment, whatif
from oms_cli.rules.whatif import Change
from oms_cli.views import json_object, result
from oms_cli.views.result import CheckResult


def to_dict(assessment: Assessment, *, what_if: bool = False) -> dict[str, Any]:
    """The JSON object `oms check --format json` prints (with ``what_if``: ``--what-if``'s too).

    A new object of plain values, the caller's to change.
    """
    changes = whatif.changes(assessment) if what_if else None
    data = json_object.check_dict(CheckResult(assessment, what_if=changes))
    return copy.deepcopy(data)  # `tool` is a module constant: no caller may change it for all


def to_json(assessment: Assessment, *, what_if: bool = False) -> str:
    """The exact text `oms check --format json` prints (indented, newline at end)."""
    return json_object.to_json(to_dict(assessment, what_if=what_if))


def notes(assessment: Assessment) -> tuple[Note, ...]:
    """The notes of a result as `oms check` words them, each with its ``key`` and ``sources``."""
    return result.notes(assessment)


def sources(assessment: Assessment) -> tuple[Source, ...]:
    """The sources a result cites, in numbered order: the reference page (``n`` 0) first."""
    return result.cited_sources(assessment)


def what_if(assessment: Assessment) -> tuple[Change, ...]:
    """Every change of one finding that would change the verdict, as ``oms check --what-if``."""
    return whatif.changes(assessment)


__all__ = ["Note", "Source", "notes", "sources", "to_dict", "to_json", "what_if"]
