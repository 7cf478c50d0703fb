"""What `oms quiz` says: the words of generated cases, the known traps, prompts and help. Data only.

Written in this project's own words, following the project's wording rules (issue 15): a finding
is "no" only when it was looked for and not found; a finding nobody has checked is unknown, and
the story says that it has not been checked. Statements about the syndrome carry the source
numbers the reference page puts on them (0, shown ``[GARD]``, is the page itself); the texts
never hold citation marks, renderers add them.

Generated cases are all children and give no age: the reference page sets no age for the rule, and
an age made up for a story could read as if it said something.
"""

from dataclasses import dataclass

from oms_cli import content
from oms_cli.content.topics import Statement
from oms_cli.rules import Answer, Finding

_NORD = 1
_NINDS = 2
_OMSUSA = 3
_ORPHANET = 4

NAMES: tuple[str, ...] = (
    "Alex",
    "Robin",
    "Kim",
    "Jamie",
    "Charlie",
    "Eli",
    "Ari",
    "Sasha",
    "Nico",
    "Remi",
    "Toni",
    "Kai",
)
"""First names for generated cases: none of them is used by a demo case."""

OPENING = "A doctor is seeing {name}, a child."
"""The first sentence of every generated story; at least one symptom follows as yes."""

STORY: dict[Finding, dict[Answer, str]] = {
    Finding.NEUROBLASTOMA: {
        Answer.YES: (
            "An MRI scan with contrast has shown a neuroblastoma, "
            f"{content.FINDING_TEXT[Finding.NEUROBLASTOMA].definition}."
        ),
        Answer.NO: (
            "A neuroblastoma was looked for with an MRI scan with contrast and with a helical CT "
            "scan; neither scan found one."
        ),
        Answer.UNKNOWN: "No scan to look for a neuroblastoma has been done yet.",
    },
    Finding.OPSOCLONUS: {
        Answer.YES: "{name}'s eyes make fast, irregular movements that go in several directions.",
        Answer.NO: (
            "A doctor watched {name}'s eyes closely during an examination and saw no fast, "
            "irregular movements."
        ),
        Answer.UNKNOWN: "Nobody has examined {name}'s eye movements yet.",
    },
    Finding.MYOCLONUS: {
        Answer.YES: "{name} has sudden, brief jerks of the arms and the face.",
        Answer.NO: "A doctor looked for muscle jerks during an examination and found none.",
        Answer.UNKNOWN: "Nobody has looked for muscle jerks yet.",
    },
    Finding.ATAXIA: {
        Answer.YES: (
            "{name}'s movements are poorly coordinated, for example when reaching for a toy."
        ),
        Answer.NO: "A doctor tested {name}'s coordination and found it normal.",
        Answer.UNKNOWN: "Nobody has tested {name}'s coordination yet.",
    },
    Finding.BEHAVIOR: {
        Answer.YES: "{name} has become unusually irritable and has fits of rage.",
        Answer.NO: "Asked about it, the family report no change in {name}'s behaviour.",
        Answer.UNKNOWN: "Nobody has asked yet whether {name}'s behaviour has changed.",
    },
    Finding.SLEEP: {
        Answer.YES: "{name} sleeps badly and wakes again and again at night.",
        Answer.NO: "Asked about it, the family say that {name} sleeps as well as before.",
        Answer.UNKNOWN: "Nobody has asked yet how {name} sleeps.",
    },
}
"""One sentence a finding and answer. "No" names how it was looked for; unknown says not yet."""

TOOL_NOTE = "This tool's note:"
"""How a statement that is this tool's reading, not the page's, begins; it cites no source."""

SIGNS: dict[Finding, tuple[Statement, ...]] = {
    Finding.NEUROBLASTOMA: (
        Statement("A neuroblastoma is a rare cancer of nerve tissue.", (_ORPHANET,)),
        Statement(
            "To look for one, the reference page names MRI with contrast and helical (spiral) CT "
            "as the most efficient methods.",
            (_ORPHANET,),
        ),
    ),
    Finding.OPSOCLONUS: (
        Statement(
            "Among the symptoms, the reference page names fast eye movements in many directions "
            "(opsoclonus).",
            (_NORD,),
        ),
    ),
    Finding.MYOCLONUS: (
        Statement(
            "Sudden, brief muscle jerks (myoclonus) can involve the face and eyelids, the arms "
            "and legs, the fingers, the head or the trunk.",
            (_NINDS, _OMSUSA),
        ),
    ),
    Finding.ATAXIA: (
        Statement(
            f"{content.FINDING_TEXT[Finding.ATAXIA].definition.capitalize()} in movement (ataxia) "
            "is among the symptoms of OMS.",
            (_NORD,),
        ),
    ),
    Finding.BEHAVIOR: (
        Statement("Irritability is among the symptoms of OMS.", (_NORD,)),
        Statement("Rage attacks may be among its other symptoms.", (_NINDS, _OMSUSA)),
        Statement(
            f"{TOOL_NOTE} the stories take irritability and rage attacks as the behavioural "
            "disturbance of the criteria; the reference page does not say which changes count.",
            (),
        ),
    ),
    Finding.SLEEP: (Statement("Disturbed sleep is among the symptoms of OMS.", (_NORD,)),),
}
"""What each finding of a generated story is, as the reference page describes it."""


@dataclass(frozen=True, slots=True)
class TrapText:
    """A known mistake: its name and why it is one, with sources."""

    name: str
    why: str
    sources: tuple[int, ...]


UNKNOWN_AS_NO = TrapText(
    "unknown read as no",
    "A finding nobody has looked for is unknown, not no: only a finding that was looked for and "
    "not found is no. A criterion left unknown may still turn out met.",
    (),  # this tool's own reading of unknown, not the page's: no source
)
MOVEMENT_TWICE = TrapText(
    "myoclonus and ataxia counted as two criteria",
    'Myoclonus and ataxia share a single criterion, joined by "and/or": having both still counts '
    "once toward the 3 of 4.",
    (_ORPHANET,),
)
TUMOUR_ASSUMED = TrapText(
    "an unconfirmed tumour counted as yes",
    "The neuroblastoma criterion is met only once a neuroblastoma has been found; until someone "
    "has looked, it is unknown.",
    (_ORPHANET,),
)
BEHAVIOUR_SLEEP_TWICE = TrapText(
    "behaviour and sleep counted as two criteria",
    'Behavioural and sleep disturbance share a single criterion, joined by "and/or": both '
    "together still count once toward the 3 of 4.",
    (_ORPHANET,),
)

INTRO = (
    "Quiz: {count} fictional {cases}, made up for teaching. Answer y (yes, met), n (no, not met) "
    "or u (unknown; for the verdict: undetermined); ? shows the rule. Ctrl-C stops."
)
SEED_LINE = "Seed {seed}: '{command}' gives the same quiz again."
CASE_HEADING = "Case {number} of {count}"
FINDINGS_LINE = "Recorded findings: {findings}."
CRITERION_PROMPT = "Criterion {number} of 4, {title}: met? y (met), n (not met), u (unknown)"
VERDICT_PROMPT = "Are the criteria met? y (met), n (not met), u (undetermined)"
RIGHT = "Right: {answer}."
WRONG = "Not right: you answered {given}; {answer}."
TRAP = "That is a known trap, {name}: {why}"
TRAPS_MANY = "That is what {count} known traps give: {names}."
MISREAD_ONE = "Your answer, {given}, would be right only if {options}."
MISREAD_OPTION = "{title} were {read} (it is {status})"
MISREAD_MANY = (
    "Your answer, {given}, would need at least {count} criteria read otherwise; each one's status "
    "and why are below."
)
OWN_MISREAD = "{title} (you answered {given}; it is {status})"
FOLLOWS = "Your verdict follows from your answers for the criteria; read otherwise: {criteria}."
NOT_FOLLOWS = (
    "Your verdict does not follow from your own answers for the criteria: {met} met and {unknown} "
    "unknown give {verdict}, not {given}. Met needs 3 criteria met; not met, that fewer than 3 "
    "could still be met."
)
PAUSE_NEXT = "Enter: next case"
PAUSE_LAST = "Enter: the score"
SCORE = "Score: {right} of {total} right"
SCORE_PARTS = "verdicts {verdicts} of {cases}, criteria {criteria} of {criterion_total}"
TRAPS_FALLEN = "Traps to look at again: {traps}."
NO_TRAPS = "No known trap caught you."
CRITERION_HINT = "Please answer y (met), n (not met), u (unknown) or ? (the rule)"
VERDICT_HINT = "Please answer y (met), n (not met), u (undetermined) or ? (the rule)"
INTRO_SHEET = f"{content.CASES_FICTIONAL} The same quiz again: {{command}}"
STATUSES_LINE = "Criteria:"
WORKSHEET_TITLE = "OMS quiz: {count} fictional {cases}"
QUESTIONS_TITLE = "Questions"
ANSWERS_TITLE = "Answer key"
VERDICT_BLANK = "Verdict (met / not met / undetermined): ____________"
CRITERION_BLANK = "{title} (met / not met / unknown): ____________"
TRAP_KEY = "{name}: the answer would be {verdict}."
TRAPS_HEADING = "Known traps in this case"
RULE_HEADING = "The rule"
FROM_DEMO = "This is the demo case '{case}': 'oms demo {case}' walks through it step by step."
SIGNS_HEADING = "About the findings in this case"
TEACHING_HEADING = "Teaching point"
