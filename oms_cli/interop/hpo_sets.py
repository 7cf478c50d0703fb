"""Which HPO terms count for each finding when a phenopacket is read: this tool's reviewed reading.

And which diagnoses (ids of disease ontologies, as a phenopacket's diseases and its biosamples'
histology record them) count for neuroblastoma.

The reviewed lists are hpo_sets.toml (docs/phenopackets.md publishes them); the counted terms'
alternative ids and ancestors, and the terms below them that count as they do (their kinds),
hpo_ancestors.txt (``python -m tools.hpo_ancestors``).
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

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
    kinds: bool = True  # the terms below it count as it does, unless the review leaves them out


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
    diagnoses: dict[Finding, tuple[Counted, ...]]  # disease ontology ids, not HPO terms
    diagnoses_not_counted: tuple[NotCounted, ...]


@cache
def reviewed_sets() -> Reviewed:
    """The reviewed sets, read from hpo_sets.toml."""
    with SETS_FILE.open("rb") as file:
        data = tomllib.load(file)

    def counted(table: dict[str, list[dict[str, Any]]]) -> dict[Finding, tuple[Counted, ...]]:
        return {
            Finding(finding): tuple(Counted(**term) for term in terms)
            for finding, terms in table.items()
        }

    def not_counted(table: dict[str, list[dict[str, Any]]]) -> tuple[NotCounted, ...]:
        return tuple(
            NotCounted(finding=None if finding == "none" else Finding(finding), **entry)
            for finding, entries in table.items()
            for entry in entries
        )

    diagnoses = data["diagnoses"]
    return Reviewed(
        data["release"],
        counted(data["counted"]),
        not_counted(data["not_counted"]),
        counted(diagnoses["counted"]),
        not_counted(diagnoses["not_counted"]),
    )


@dataclass(frozen=True)
class _Index:
    counts: defaultdict[str, set[Finding]]  # by a counted term's id or alternative id
    term: dict[str, Counted]  # by the same ids: the counted term
    at_or_above: defaultdict[str, set[str]]  # by any id: the counted terms it is or is above


@dataclass(frozen=True)
class _Line:
    """One line of hpo_ancestors.txt."""

    alternatives: list[str]
    above: list[str]  # every id above the term (alternative ids too)
    kind_of: list[str]  # for a term counted as a kind: the reviewed counted terms above it
    name: str  # for such a term: its name in the HPO


@cache
def _file() -> tuple[dict[str, _Line], dict[str, tuple[list[str], str]]]:
    """hpo_ancestors.txt: the counted terms' lines by id; the left-out terms, by every id."""
    lines: dict[str, _Line] = {}
    left_out: dict[str, tuple[list[str], str]] = {}
    for line in ANCESTORS_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("left out\t"):  # a term left out below a reviewed one
            _, term_id, alternatives, tops, name = line.split("\t")
            for own in (term_id, *alternatives.split()):
                left_out[own] = (tops.split(), name)
        elif line and not line.startswith("#"):
            term_id, alternatives, above, kind_of, name = line.split("\t")
            lines[term_id] = _Line(alternatives.split(), above.split(), kind_of.split(), name)
    return lines, left_out


def _lines() -> dict[str, _Line]:
    return _file()[0]


@cache
def kinds() -> dict[Finding, tuple[Counted, ...]]:
    """Per finding, the terms counted as kinds of its reviewed terms (not in hpo_sets.toml)."""
    reviewed_terms = {
        term.id: (finding, term)
        for finding, terms in reviewed_sets().counted.items()
        for term in terms
    }
    found: dict[Finding, list[Counted]] = {finding: [] for finding in reviewed_sets().counted}
    for term_id, line in _lines().items():
        if line.kind_of:
            above = [reviewed_terms[above_id] for above_id in line.kind_of]
            reason = "a kind of " + ", ".join(f"{term.name} ({term.id})" for _, term in above)
            for finding in dict.fromkeys(finding for finding, _ in above):
                found[finding].append(Counted(term_id, line.name, reason))
    return {finding: tuple(terms) for finding, terms in found.items()}


@cache
def _index() -> _Index:
    """The counted terms and their kinds, with the alternative ids and ancestors of each."""
    index = _Index(defaultdict(set), {}, defaultdict(set))
    for counted_terms in (reviewed_sets().counted, kinds()):
        for finding, terms in counted_terms.items():
            for term in terms:
                line = _lines()[term.id]
                for own in (term.id, *line.alternatives):
                    index.counts[own].add(finding)
                    index.term[own] = term
                for higher in (term.id, *line.alternatives, *line.above):
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
    """The reviewed reason a term is not counted, when it has one (or a term above it has)."""
    found = next((entry for entry in reviewed_sets().not_counted if entry.id == term_id), None)
    if found is not None or term_id not in _file()[1]:
        return found
    tops, name = _file()[1][term_id]
    above = [entry for entry in reviewed_sets().not_counted if entry.id in tops]
    reason = "; ".join(f"below {entry.name} ({entry.id}): {entry.reason}" for entry in above)
    return NotCounted(term_id, name, above[0].finding, reason)


@cache
def _diagnoses() -> dict[str, set[Finding]]:
    """The counted diagnosis ids, folded to lower case, with their findings."""
    found: dict[str, set[Finding]] = defaultdict(set)
    for finding, terms in reviewed_sets().diagnoses.items():
        for term in terms:
            found[term.id.casefold()].add(finding)
    return found


def diagnosis_counts_for(term_id: str) -> frozenset[Finding]:
    """The findings a diagnosis (a disease's term, a biosample's histology) with this id is."""
    return frozenset(_diagnoses().get(term_id.casefold(), ()))


def diagnosis_reviewed(term_id: str) -> NotCounted | None:
    """The reviewed reason a diagnosis id is not counted, when it has one."""
    folded = term_id.casefold()
    entries = reviewed_sets().diagnoses_not_counted
    return next((entry for entry in entries if entry.id.casefold() == folded), None)
