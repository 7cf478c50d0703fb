"""What the checker says about the criteria, in its own words, each statement with its sources.

Data only: texts and source numbers (see `oms_cli.content.sources`; 0 is the reference page itself),
keyed by the closed sets of `oms_cli.rules`, the one module this one depends on (the rule never
depends on its wording).
The patient-information topics live in `oms_cli.content.topics`; this module holds what every
result needs,
so it stays small enough to import on the fast path.
"""

from typing import NamedTuple

from oms_cli.rules import CriterionId, Finding, NoteKey

RULE = (
    "The diagnosis rests on any 3 of 4 criteria: a neuroblastoma; opsoclonus; myoclonus and/or "
    "ataxia; behavioural and/or sleep disturbance."
)
RULE_SOURCES = (4,)

AND_OR = (
    'A criterion with two findings joined by "and/or" counts once: it is met when either finding '
    "or both are yes, not met only when both are no, and unknown otherwise."
)
UNKNOWN_POLICY = (
    "A finding is no only when it was looked for and not found; a finding nobody has looked for "
    "is unknown, never no. When the verdict depends on unknown criteria it is undetermined, and "
    "the result names what would settle it."
)
NOT_MET_CAVEAT = (
    "Not met describes only the answers recorded here, checked against this rule; it rules "
    "nothing out. Please talk the findings over with a doctor."
)
"""Said with every not-met verdict, wherever one goes (text, Markdown, `--brief`, JSON `notes`, the
FHIR Observation's `note`, the demo, the quiz): this tool's own words, so it cites no source."""
NOT_MET_CAVEAT_KEY = "not_met_scope"
"""The key of the caveat among a result's notes (JSON `notes`)."""
NO_MEANS = "looked for and not found"
"""What the answer no means, everywhere a finding is asked for or documented."""
UNKNOWN_MEANS = "not looked for, or not known"
"""What the answer unknown means, everywhere a finding is asked for or documented."""


# A NamedTuple, not a dataclass: this module loads on the path of `oms check --format json`, whose
# start-up is at the contract's limit; its seven records as dataclasses cost ~2 ms CPU (2%).
class CitedText(NamedTuple):
    """A sentence or two and the source numbers behind them (0 is the page itself)."""

    text: str
    sources: tuple[int, ...]

    @property
    def meaning(self) -> str:
        """The text, named as a criterion's meaning is."""
        return self.text


CriterionText = CitedText
"""Plain-language meaning of one criterion, with sources: a cited text (one class, for start-up)."""


# Each meaning restates the criterion as the page's list gives it [4], using the findings'
# definitions below word for word: one definition of each finding, wherever it is shown.
CRITERION_TEXT: dict[CriterionId, CriterionText] = {
    CriterionId.NEUROBLASTOMA: CriterionText(
        "A neuroblastoma: a rare cancer of nerve tissue, found in many people with OMS.", (4,)
    ),
    CriterionId.OPSOCLONUS: CriterionText(
        "Opsoclonus: eye movements the person cannot control.", (4,)
    ),
    CriterionId.MYOCLONUS_ATAXIA: CriterionText(
        "Myoclonus (sudden muscle jerks), ataxia (a lack of coordination), or both; either one "
        "is enough for this criterion.",
        (4,),
    ),
    CriterionId.BEHAVIOR_SLEEP: CriterionText(
        "Disturbed behaviour, disturbed sleep, or both; either one is enough for this criterion.",
        (4,),
    ),
}


class FindingText(NamedTuple):
    """How one finding is named, defined, asked about and explained."""

    label: str
    """The finding's name in sentences (British spelling: "behaviour")."""
    definition: str
    """The one definition of the finding, as the page's list of criteria gives it [4]."""
    question: str
    """The question, built on the definition; answered yes, no or unknown."""
    not_looked_for: str
    """When to answer unknown, in a few words ("no scan or test yet"), shown with the question."""
    no_means: str
    """What no means for this finding: looked for and not found."""
    details: tuple[CitedText, ...]
    """What the finding is and how it shows, each statement with its sources; a statement of this
    tool's own reading (what it counts as the finding) has none."""

    @property
    def if_not_looked_for(self) -> str:
        """The hint a terminal shows with the question, with the key: "no scan or test yet: u"."""
        return f"{self.not_looked_for}: u"

    @property
    def form_question(self) -> str:
        """The question as a form (the FHIR Questionnaire) asks it, with the same hint in words."""
        return f"{self.question} ({self.not_looked_for}: unknown)"


FINDING_TEXT: dict[Finding, FindingText] = {
    Finding.NEUROBLASTOMA: FindingText(
        label="neuroblastoma",
        definition="a rare cancer of nerve tissue",
        question="Has a scan or test found a neuroblastoma (a rare cancer of nerve tissue)?",
        not_looked_for="no scan or test yet",
        no_means=(
            "Answer no only when a scan or test looked for a neuroblastoma and found none; if none "
            "has been done yet, answer unknown."
        ),
        details=(
            CitedText(
                "A neuroblastoma is a rare cancer of nerve tissue, and many people with OMS have "
                "one. On its own it is one of the four criteria.",
                (4,),
            ),
            CitedText(
                "The reference page names MRI with contrast and helical (spiral) CT as the most "
                "efficient ways to look for one.",
                (4,),
            ),
        ),
    ),
    Finding.OPSOCLONUS: FindingText(
        label="opsoclonus",
        definition="eye movements the person cannot control",
        question="Are there eye movements the person cannot control (opsoclonus)?",
        not_looked_for="eyes not checked",
        no_means=(
            "Answer no only when someone has watched the eyes for such movements and seen none; "
            "if nobody has checked, answer unknown."
        ),
        details=(
            CitedText(
                "Opsoclonus means eye movements the person cannot control. On its own it is one "
                "of the four criteria.",
                (4,),
            ),
            CitedText(
                "Among the signs of OMS, the reference page describes these eye movements as fast "
                "and irregular.",
                (2, 3),
            ),
        ),
    ),
    Finding.MYOCLONUS: FindingText(
        label="myoclonus",
        definition="sudden muscle jerks",
        question="Are there sudden muscle jerks (myoclonus)?",
        not_looked_for="not looked for",
        no_means=(
            "Answer no only when someone has looked for muscle jerks and seen none; if nobody "
            "has looked, answer unknown."
        ),
        details=(
            CitedText(
                "Myoclonus means sudden muscle jerks. With ataxia it makes up one criterion: "
                "either one is enough for this criterion.",
                (4,),
            ),
            CitedText(
                "The jerks are brief, like small shocks, and can affect the face and eyelids, the "
                "arms and legs, the fingers, the head and the trunk. They are most frequent when "
                "the person tries to move and worse with agitation, yet they can also come at "
                "rest.",
                (2, 3),
            ),
        ),
    ),
    Finding.ATAXIA: FindingText(
        label="ataxia",
        definition="a lack of coordination",
        question="Is there a lack of coordination in the person's movements (ataxia)?",
        not_looked_for="not checked",
        no_means=(
            "Answer no only when someone has checked how well movements are coordinated and found "
            "no problem; if nobody has checked, answer unknown."
        ),
        details=(
            CitedText(
                "Ataxia means a lack of coordination. With myoclonus it makes up one criterion: "
                "either one is enough for this criterion.",
                (4,),
            ),
            CitedText(
                "The reference page also lists an unsteady, trembling way of walking among the "
                "signs of OMS.",
                (2, 3),
            ),
            CitedText("This tool does not count that as ataxia on its own.", ()),
        ),
    ),
    Finding.BEHAVIOR: FindingText(
        label="behaviour",
        definition="disturbed behaviour",
        question=(
            "Is there disturbed behaviour (this tool counts, for example, irritability or rage "
            "attacks)?"
        ),
        not_looked_for="not asked about",
        no_means=(
            "Answer no only when someone has asked about or watched the person's behaviour and "
            "found no disturbance; if nobody has, answer unknown."
        ),
        details=(
            CitedText(
                "The criterion is disturbed behaviour. With sleep disturbance it makes up one "
                "criterion: either one is enough for this criterion.",
                (4,),
            ),
            CitedText(
                "The reference page names irritability among the symptoms of OMS.",
                (1,),
            ),
            CitedText(
                "It also lists rage attacks among the other symptoms that may occur.", (2, 3)
            ),
            CitedText(
                "Counting irritability or rage attacks as disturbed behaviour is this tool's "
                "reading, not the page's.",
                (),
            ),
        ),
    ),
    Finding.SLEEP: FindingText(
        label="sleep",
        definition="disturbed sleep",
        question="Is there disturbed sleep?",
        not_looked_for="not asked about",
        no_means=(
            "Answer no only when someone has asked about the person's sleep and found no "
            "disturbance; if nobody has, answer unknown."
        ),
        details=(
            CitedText(
                "The criterion is disturbed sleep. With behavioural disturbance it makes up one "
                "criterion: either one is enough for this criterion.",
                (4,),
            ),
            CitedText(
                "The reference page names sleep disturbance among the symptoms of OMS.",
                (1,),
            ),
            CitedText(
                "It also lists difficulty sleeping among other possible symptoms.",
                (2, 3),
            ),
        ),
    ),
}

AGE_GROUP_ASKED = "Is this about a child or an adult?"
"""The question the questionnaire asks for the age group
(`oms_cli.teaching.questionnaire.AGE_PROMPT`)."""
AGE_GROUP_HELP = (
    "The age group never changes the verdict, only the notes that come with it. For example, "
    "anti-Hu antibodies can turn up in the blood of adults with OMS, but not of children."
)
AGE_GROUP_HELP_SOURCES = (4,)

RULE_ROLE = (
    'For the rule, {label} counts toward the criterion "{criterion}"; three of the four criteria '
    "must be met."
)
"""Why a finding matters for the rule, shown with `RULE_SOURCES` when a question is explained."""

UNDETERMINED_NOTE = CitedText(
    "Undetermined: {which} for the 3-of-4 rule to be reached; otherwise the criteria are not met. "
    "To settle it, assess: {unknown_findings}.",
    (4,),
)
"""The note of an undetermined result; `oms_cli.views.json_object.notes` fills in what would decide
it."""

NOTE_TEXT: dict[NoteKey, CitedText] = {
    NoteKey.TUMOUR_SEARCH: CitedText(
        "No result for a neuroblastoma is recorded. The reference page names MRI with contrast "
        "and helical (spiral) CT as the most efficient ways to look for one.",
        (4,),
    ),
    NoteKey.ADULT_ANTI_HU: CitedText(
        "Anti-Hu antibodies (Hu anti-neuronal nuclear antibodies) can turn up in the blood of "
        "adults with OMS; in children they do not.",
        (4,),
    ),
    NoteKey.ADULT_SIGNS: CitedText(
        "In adults, thinking can become clouded (encephalopathy).", (3,)
    ),
    NoteKey.CHILD_ANTI_HU: CitedText(
        "Anti-Hu antibodies, which can turn up in the blood of adults with OMS, are not found in "
        "children.",
        (4,),
    ),
    NoteKey.CHILD_SIGNS: CitedText(
        "In children, nervousness, irritability or lethargy (unusual drowsiness and slowness) can "
        "be seen.",
        (3,),
    ),
}
"""The notes whose wording is fixed, by key; which of them a result carries is `rules`' part."""


class Note(NamedTuple):
    """An explanatory note attached to a result, with its source numbers (0 is the page)."""

    key: str
    text: str
    sources: tuple[int, ...]


CASES_FICTIONAL = "Every case is fictional, made up for teaching."
"""Said wherever cases are offered for teaching: `oms demo` and `oms quiz` help, the worksheet."""
CASE_LIST_FICTIONAL = "Every case is fictional, names and ages included."
"""Said under the list of teaching cases (`oms demo` without a case, on screen and in Markdown)."""

DISCLAIMER_SHORT = "Educational aid, not a diagnosis: discuss any result with a doctor."
"""The disclaimer without the content's date: `oms info`, which says the date once in its
provenance line (`oms_cli.content.topics.PROVENANCE`), ends with this."""
DISCLAIMER = (
    f"{DISCLAIMER_SHORT} The content comes from a patient-information page last updated in 2017 "
    "and may not reflect later knowledge."
)
DISCLAIMER_SOURCES = (0,)

# Standard codes (`oms_cli.interop.fhir` codes them): each finding's Human Phenotype Ontology
# term
# (id, label) and the syndrome's Orphanet number, as in the address of reference [4]. Here, not
# in a module of their own, because `oms check --format json` prints them and this module is
# already loaded on that path; tests/test_codes.py checks them against the HPO ontology.
HPO_TERMS: dict[Finding, tuple[str, str]] = {
    Finding.NEUROBLASTOMA: ("HP:0003006", "Neuroblastoma"),
    Finding.OPSOCLONUS: ("HP:0010543", "Opsoclonus"),
    Finding.MYOCLONUS: ("HP:0001336", "Myoclonus"),
    Finding.ATAXIA: ("HP:0001251", "Ataxia"),
    Finding.BEHAVIOR: ("HP:0000708", "Atypical behavior"),
    Finding.SLEEP: ("HP:0002360", "Sleep abnormality"),
}
SYNDROME_CODE = ("ORPHA:1183", "Opsoclonus-myoclonus syndrome")
