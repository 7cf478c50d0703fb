"""What `oms check` gives programs, from Python: the JSON object, the notes, the sources, what-if.

`oms_cli.evaluate` applies the rule and returns an `Assessment`; the functions here turn one into
what the command prints, without starting a process::

    >>> from oms_cli import evaluate, to_dict
    >>> to_dict(evaluate({"opsoclonus": "yes", "ataxia": "yes", "sleep": "yes"}))["verdict"]
    'met'

docs/library.md shows each of them at work.
"""

import copy
from typing import TYPE_CHECKING, Any

from oms_cli.content import Note
from oms_cli.content.sources import Source
from oms_cli.rules import Assessment
from oms_cli.views import json_object, result
from oms_cli.views.result import CheckResult

if TYPE_CHECKING:  # what-if loads when asked for, as in the CLI: see `what_if`
    from oms_cli.rules.whatif import Change


def to_dict(assessment: Assessment, *, what_if: bool = False) -> dict[str, Any]:
    """The result as the JSON object `oms check --format json` prints (`schema_version` 1).

    Keys as in the interface contract: ``verdict``, ``met_count``, ``unknown_count``,
    ``required``, ``criteria``, ``findings`` (a dict of the six answers), ``age_group``,
    ``deciding``, ``needed``, ``notes``, ``sources``, ``tool``, ``disclaimer`` and ``codes``;
    with ``what_if=True`` also ``what_if``, as ``--what-if`` adds it. Values are plain ``str``,
    ``int``, ``list`` and ``dict``, ready for `json.dumps`; the object is the caller's to change.
    """
    changes = None
    if what_if:
        from oms_cli.rules import whatif  # noqa: PLC0415  (only when asked: see `what_if` below)

        changes = whatif.changes(assessment)
    data = json_object.check_dict(CheckResult(assessment, what_if=changes))
    return copy.deepcopy(data)  # `tool` is a module constant: no caller may change it for all


def to_json(assessment: Assessment, *, what_if: bool = False) -> str:
    """The result as the exact text `oms check --format json` prints (indented, newline at end)."""
    return json_object.to_json(to_dict(assessment, what_if=what_if))


def notes(assessment: Assessment) -> tuple[Note, ...]:
    """The notes of a result, worded as `oms check` shows them, each with its source numbers.

    Each `Note` has a ``key`` (stable, for programs), a ``text`` and ``sources`` (numbers as in
    `sources`; empty for the tool's own words, such as the caveat that a not-met result rules
    nothing out, which comes first when the verdict is not met).
    """
    return result.notes(assessment)


def sources(assessment: Assessment) -> tuple[Source, ...]:
    """The sources a result cites, in numbered order: the reference page (``n`` 0) first.

    Each `Source` has ``n``, ``label`` (``[GARD]`` for the page, ``[4]`` for a reference),
    ``author``, ``title``, ``publisher``, ``date`` and ``url``.
    """
    return result.cited_sources(assessment)


def what_if(assessment: Assessment) -> "tuple[Change, ...]":
    """Every change of one finding that would change the verdict, the others as recorded.

    Each `Change` has ``finding``, ``before``, ``after`` (answers) and ``verdict`` (with the
    change), in the order of the findings, then of the answers; empty when no single change
    matters. The same list as ``oms check --what-if``.
    """
    # Imported here: this package loads with every `oms` command, and `oms check --format json`
    # starts within about 1.3x `import typer` (its goal) with little to spare; what-if costs 1 ms.
    from oms_cli.rules import whatif  # noqa: PLC0415

    return whatif.changes(assessment)


__all__ = ["Note", "Source", "notes", "sources", "to_dict", "to_json", "what_if"]
