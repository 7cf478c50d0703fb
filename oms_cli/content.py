"""What the checker says about the criteria, in its own words, each statement with its sources.

Data only: texts and source numbers (see `oms_cli.sources`; 0 is the reference page itself).
The patient-information topics live in `oms_cli.topics`; this module holds what every result needs,
so it stays small enough to import on the fast path.
"""

from typing import NamedTuple

RULE = (
    "The diagnosis rests on any 3 of 4 criteria: a neuroblastoma; opsoclonus; myoclonus and/or "
    "ataxia; behavioural and/or sleep disturbance."
)
RULE_SOURCES = (4,)

AND_OR = (
    'A criterion with two findings joined by "and/or" counts once: it is met when either finding '
    "or both are present, not met only when both are absent, and unknown otherwise."
)
UNKNOWN_POLICY = (
    "A finding that was not assessed is unknown, never absent. When the verdict depends on unknown "
    "criteria it is undetermined, and the result names what would settle it."
)


# A NamedTuple, not a dataclass, for start-up speed: see the note above `rules.Criterion`.
class CriterionText(NamedTuple):
    """Plain-language meaning of one criterion, with sources."""

    meaning: str
    sources: tuple[int, ...]


CRITERION_TEXT: dict[str, CriterionText] = {
    "neuroblastoma": CriterionText(
        "A rare cancer of nerve tissue; many people with OMS have one.", (4,)
    ),
    "opsoclonus": CriterionText("Fast, irregular eye movements in every direction.", (4,)),
    "myoclonus_ataxia": CriterionText(
        "Sudden muscle jerks (myoclonus), poor coordination (ataxia), or both.", (4,)
    ),
    "behavior_sleep": CriterionText(
        "Changes in behaviour (such as irritability), trouble sleeping, or both.", (4,)
    ),
}


class FindingText(NamedTuple):
    """How one finding is asked about and explained."""

    label: str
    question: str
    explanation: str
    sources: tuple[int, ...]


FINDING_TEXT: dict[str, FindingText] = {
    "neuroblastoma": FindingText(
        "neuroblastoma",
        "Has a neuroblastoma (a tumour of nerve tissue) been found?",
        "A neuroblastoma is a rare cancer of nerve tissue. Many people with OMS have one, and it "
        "is one of the four criteria on its own. MRI with contrast and helical (spiral) CT are "
        "the most efficient ways to look for it.",
        (4,),
    ),
    "opsoclonus": FindingText(
        "opsoclonus",
        "Are there fast, irregular eye movements in all directions (opsoclonus)?",
        "Opsoclonus means rapid eye movements that go in many directions without control. "
        "It is one of the four criteria on its own.",
        (2, 3, 4),
    ),
    "myoclonus": FindingText(
        "myoclonus",
        "Are there sudden, brief, shock-like muscle jerks (myoclonus)?",
        "Myoclonus is a quick, involuntary jerk of muscles of the face, eyelids, limbs, fingers, "
        "head or trunk; it is worst when moving or upset but can happen at rest. Together with "
        "ataxia it forms one criterion: either one is enough.",
        (2, 3, 4),
    ),
    "ataxia": FindingText(
        "ataxia",
        "Is there a lack of coordination, such as an unsteady, trembling walk (ataxia)?",
        "Ataxia means movements are poorly coordinated; walking can look unsteady and shaky. "
        "Together with myoclonus it forms one criterion: either one is enough.",
        (2, 3, 4),
    ),
    "behavior": FindingText(
        "behaviour",
        "Are there changes in behaviour, such as irritability or rage attacks?",
        "Children may seem nervous, irritable or lethargic, and rage attacks can occur. Together "
        "with sleep disturbance this forms one criterion: either one is enough.",
        (2, 3, 4),
    ),
    "sleep": FindingText(
        "sleep",
        "Is sleep disturbed?",
        "Difficulty sleeping is common in OMS. Together with behavioural changes it forms one "
        "criterion: either one is enough.",
        (2, 3, 4),
    ),
}

AGE_GROUP_QUESTION = "Is this about a child or an adult?"
AGE_GROUP_HELP = (
    "The age group never changes the verdict, only the notes that come with it. For example, a "
    "blood test can find anti-Hu antibodies in adults with OMS, but in children it does not."
)
AGE_GROUP_HELP_SOURCES = (4,)

RULE_ROLE = (
    'For the rule, {label} counts toward the criterion "{criterion}", one of the four; any 3 of '
    "the 4 criteria are needed."
)
"""Why a finding matters for the rule, shown with `RULE_SOURCES` when a question is explained."""

UNDETERMINED_NOTE = (
    "Undetermined: {which} for the criteria to be met; otherwise they are not met. "
    "To settle it, assess: {unknown_findings}."
)
TUMOUR_SEARCH_NOTE = (
    "No result for a neuroblastoma is recorded. MRI with contrast and helical (spiral) CT are "
    "named as the most efficient ways to look for one."
)
ADULT_ANTI_HU_NOTE = (
    "In adults, a blood test may find anti-Hu antibodies (Hu anti-neuronal nuclear antibodies); "
    "children with OMS do not show them."
)
ADULT_SIGNS_NOTE = "Adults may show mental clouding (encephalopathy)."
CHILD_ANTI_HU_NOTE = (
    "Anti-Hu antibodies, which a blood test may find in adults with OMS, are not found in children."
)
CHILD_SIGNS_NOTE = "Children may seem nervous, irritable or lethargic."

DISCLAIMER = (
    "Educational aid, not a diagnosis: discuss any result with a doctor. Content from a 2017 "
    "patient-information page; medicine moves on."
)
DISCLAIMER_SOURCES = (0,)

# Standard codes (`oms_cli.codes` builds on these): each finding's Human Phenotype Ontology term
# (id, label) and the syndrome's Orphanet number, as in the address of reference [4]. Here, not
# in a module of their own, because `oms check --format json` prints them and this module is
# already loaded on that path; tests/test_codes.py checks them against the HPO ontology.
HPO_TERMS = {
    "neuroblastoma": ("HP:0003006", "Neuroblastoma"),
    "opsoclonus": ("HP:0010543", "Opsoclonus"),
    "myoclonus": ("HP:0001336", "Myoclonus"),
    "ataxia": ("HP:0001251", "Ataxia"),
    "behavior": ("HP:0000708", "Atypical behavior"),
    "sleep": ("HP:0002360", "Sleep abnormality"),
}
SYNDROME_CODE = ("ORPHA:1183", "Opsoclonus-myoclonus syndrome")
