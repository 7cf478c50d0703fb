"""Which HPO terms count for each finding when a phenopacket is read: this tool's reviewed reading.

The reviewed lists are hpo_sets.toml (docs/phenopackets.md publishes them); the counted terms'
alternative ids and ancestors, hpo_ancestors.txt (``python -m tools.hpo_ancestors``).
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from oms_cli.rules import Finding

ANCESTORS_FILE = Path(__file__).with_name("hpo_ancestors.txt")
SETS_FILE = Path(__file__).with_name("hpo_sets.toml")


@dataclass(frozen=True)
class Counted:
    """An HPO term that makes its finding yes when present."""

    id: str
    name: str
    reason: str
    outside: bool = False  # not below the finding's own term: its reason says why it counts


@dataclass(frozen=True)
class NotCounted:
    """An HPO term deliberately left out; ``finding`` is the finding it is near, if any."""

    id: str
    name: str
    finding: Finding | None
    reason: str


@dataclass(frozen=True)
class Reviewed:
    """The reviewed sets, as hpo_sets.toml holds them."""

    release: str  # the HPO release the lists were reviewed against
    counted: dict[Finding, tuple[Counted, ...]]  # per finding, its own HPO term first
    not_counted: tuple[NotCounted, ...]


@cache
def reviewed_sets() -> Reviewed:
    """The reviewed sets, read from hpo_sets.toml."""
    with SETS_FILE.open("rb") as file:
        data = tomllib.load(file)
    counted = {
        Finding(finding): tuple(Counted(**term) for term in terms)
        for finding, terms in data["counted"].items()
    }
    not_counted = tuple(
        NotCounted(finding=None if finding == "none" else Finding(finding), **entry)
        for finding, entries in data["not_counted"].items()
        for entry in entries
    )
    return Reviewed(data["release"], counted, not_counted)


@dataclass(frozen=True)
class _Index:
    counts: defaultdict[str, set[Finding]]  # by a counted term's id or alternative id
    term: dict[str, Counted]  # by the same ids: the counted term
    at_or_above: defaultdict[str, set[str]]  # by any id: the counted terms it is or is above


@cache
def _index() -> _Index:
    """The counted terms, with the alternative ids and ancestors of hpo_ancestors.txt."""
    lineages: dict[str, tuple[list[str], list[str]]] = {}
    for line in ANCESTORS_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):  # id, alternative ids, ids above (theirs too)
            term_id, alternative_ids, above_ids = line.split("\t")
            lineages[term_id] = (alternative_ids.split(), above_ids.split())
    index = _Index(defaultdict(set), {}, defaultdict(set))
    for finding, terms in reviewed_sets().counted.items():
        for term in terms:
            alternatives, above = lineages[term.id]
            for own in (term.id, *alternatives):
                index.counts[own].add(finding)
                index.term[own] = term
            for higher in (term.id, *alternatives, *above):
                index.at_or_above[higher].add(term.id)
    return index


def counts_for(term_id: str) -> frozenset[Finding]:
    """The findings a present feature with this id makes yes (alternative ids included)."""
    return frozenset(_index().counts.get(term_id, ()))


def counted(term_id: str) -> Counted:
    """The counted term of an id (its own, or one of its alternative ids)."""
    return _index().term[term_id]


def covers(term_id: str) -> frozenset[str]:
    """The ids of the counted terms this id is, or is above: what excluding it excludes."""
    return frozenset(_index().at_or_above.get(term_id, ()))


def root(finding: Finding) -> str:
    """The finding's own HPO term id, the first of its counted terms."""
    return reviewed_sets().counted[finding][0].id


def reviewed(term_id: str) -> NotCounted | None:
    """The reviewed reason a term is not counted, when it has one."""
    return next((entry for entry in reviewed_sets().not_counted if entry.id == term_id), None)
