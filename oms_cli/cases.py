"""Teaching cases for ``oms demo``: fictional people, each showing one lesson about the rule.

Data only. Every case is made up for teaching; the renderers label it so
(`oms_cli.report.FICTION_NOTICE`). The findings, age group and expected verdict are checked
against the rules engine by the tests, so a case can never teach a verdict the rule does not give.
Teaching points restate the reference page in this project's own words and carry the page's
source numbers (0 is the page itself, shown ``[GARD]``); their text never holds citation marks,
renderers add them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from oms_cli.rules import FINDINGS, AgeGroup, Answer, Assessment, Finding, Verdict, evaluate
from oms_cli.topics import Statement

_NEUROBLASTOMA = Finding.NEUROBLASTOMA
_OPSOCLONUS = Finding.OPSOCLONUS
_MYOCLONUS = Finding.MYOCLONUS
_ATAXIA = Finding.ATAXIA
_BEHAVIOR = Finding.BEHAVIOR
_SLEEP = Finding.SLEEP

# Source numbers, named for readability (see oms_cli.sources).
_GARD = 0
_NINDS = 2
_OMSUSA = 3
_ORPHANET = 4
_UPTODATE = 5


@dataclass(frozen=True, slots=True)
class Case:
    """One fictional teaching case: the story, what was found, and what it teaches."""

    id: str
    title: str
    vignette: str
    """A short, fictional story; always shown under the label that says so."""
    findings: tuple[tuple[Finding, Answer], ...]
    """All six findings in `FINDINGS` order; a finding not assessed is unknown."""
    age_group: AgeGroup
    expected: Verdict
    """The verdict the case is written to show; the tests hold it to the rules engine."""
    teaching: tuple[Statement, ...]
    """The lesson, one statement at a time, each with its source numbers."""

    def assessment(self) -> Assessment:
        """The rule applied to this case's findings and age group."""
        return evaluate(dict(self.findings), self.age_group)


def _findings(
    yes: Iterable[Finding] = (), no: Iterable[Finding] = ()
) -> tuple[tuple[Finding, Answer], ...]:
    answers = dict.fromkeys(FINDINGS, Answer.UNKNOWN)
    answers.update(dict.fromkeys(yes, Answer.YES))
    answers.update(dict.fromkeys(no, Answer.NO))
    return tuple(answers.items())


CASES: tuple[Case, ...] = (
    Case(
        id="all-four",
        title="All four criteria: a child with a neuroblastoma",
        vignette=(
            "Mia, aged two, has become wobbly on her feet within a few days and now topples over "
            "when she tries to sit. Her arms and eyelids twitch with sudden jerks, her eyes dart "
            "quickly in every direction, she has fits of rage and she wakes again and again at "
            "night. An MRI scan with contrast shows a neuroblastoma."
        ),
        findings=_findings(
            yes=(_NEUROBLASTOMA, _OPSOCLONUS, _MYOCLONUS, _ATAXIA, _BEHAVIOR, _SLEEP)
        ),
        age_group=AgeGroup.CHILD,
        expected=Verdict.MET,
        teaching=(
            Statement(
                "Every one of the four criteria is met: one more than the three the rule asks for.",
                (_ORPHANET,),
            ),
            Statement(
                "OMS often comes with a tumour such as a neuroblastoma; it is then called a "
                "paraneoplastic syndrome.",
                (_NINDS, _OMSUSA),
            ),
            Statement(
                "Taking the neuroblastoma out does not always make a child's neurological "
                "symptoms better.",
                (_GARD,),
            ),
        ),
    ),
    Case(
        id="after-infection",
        title="Met without a tumour: after an infection",
        vignette=(
            "Sam, aged four, got over influenza a short while ago. Now his eyes make fast, "
            "chaotic movements, his hands jerk when he reaches for a toy, his walk is unsteady "
            "and he is unusually irritable. No one has asked yet how he sleeps. An MRI scan with "
            "contrast and a helical CT scan find no tumour."
        ),
        findings=_findings(yes=(_OPSOCLONUS, _MYOCLONUS, _ATAXIA, _BEHAVIOR), no=(_NEUROBLASTOMA,)),
        age_group=AgeGroup.CHILD,
        expected=Verdict.MET,
        teaching=(
            Statement(
                "A neuroblastoma is only one of the four criteria: opsoclonus, the movement "
                "criterion and the behaviour criterion make three without it.",
                (_ORPHANET,),
            ),
            Statement(
                "His sleep was never asked about, and it does not matter here: his irritability "
                "already meets the behaviour and sleep criterion.",
                (_ORPHANET,),
            ),
            Statement(
                "Besides tumours, OMS can follow a viral infection, such as influenza or "
                "Epstein-Barr, or a bacterial one, such as a streptococcal infection or Lyme "
                "disease; sometimes no cause is found.",
                (_NINDS, _OMSUSA),
            ),
            Statement(
                "Full recovery is more common when OMS follows an infection than when it comes "
                "with a neuroblastoma.",
                (_OMSUSA,),
            ),
        ),
    ),
    Case(
        id="movement-once",
        title="Myoclonus and ataxia count once",
        vignette=(
            "Lena, aged three, has fast, irregular eye movements, sudden jerks of her arms and "
            "trunk, and a staggering walk. Her parents say she is as cheerful as ever and sleeps "
            "through the night. Scans found no tumour."
        ),
        findings=_findings(
            yes=(_OPSOCLONUS, _MYOCLONUS, _ATAXIA), no=(_NEUROBLASTOMA, _BEHAVIOR, _SLEEP)
        ),
        age_group=AgeGroup.CHILD,
        expected=Verdict.NOT_MET,
        teaching=(
            Statement(
                'Myoclonus and ataxia share one criterion, joined by "and/or": having both still '
                "counts as one criterion, not two.",
                (_ORPHANET,),
            ),
            Statement(
                "So three findings are present but they fill only two criteria, one short of the "
                "three needed: the criteria are not met.",
                (_ORPHANET,),
            ),
            Statement(
                "The rule is a teaching aid here; the reference page asks readers to talk any of "
                "this through with their doctor.",
                (_GARD,),
            ),
        ),
    ),
    Case(
        id="behavior-sleep",
        title="Behaviour and sleep count once",
        vignette=(
            "Noah, aged two, has sudden jerks of his face and fingers and eyes that flick about "
            "in all directions, yet he walks steadily. He has frequent fits of rage and has "
            "hardly slept a whole night for weeks. A helical CT scan found no tumour."
        ),
        findings=_findings(
            yes=(_OPSOCLONUS, _MYOCLONUS, _BEHAVIOR, _SLEEP), no=(_NEUROBLASTOMA, _ATAXIA)
        ),
        age_group=AgeGroup.CHILD,
        expected=Verdict.MET,
        teaching=(
            Statement(
                "Behavioural and sleep disturbance make up one criterion: rage and poor sleep "
                "together still count once.",
                (_ORPHANET,),
            ),
            Statement(
                "Myoclonus alone meets the movement criterion though his walking is steady: with "
                '"and/or", one of the two is enough.',
                (_ORPHANET,),
            ),
            Statement("Children with OMS may seem nervous, irritable or lethargic.", (_OMSUSA,)),
            Statement(
                "Trazodone is one treatment used for the sleep problems and the rage attacks that "
                "go with them.",
                (_GARD,),
            ),
        ),
    ),
    Case(
        id="scan-pending",
        title="Undetermined: the scan is still to come",
        vignette=(
            "Ava, aged eighteen months, has eyes that flick rapidly in all directions and an "
            "unsteady, trembling walk; no muscle jerks have been seen. She is calm and sleeps "
            "well. Her scan is booked for next week."
        ),
        findings=_findings(yes=(_OPSOCLONUS, _ATAXIA), no=(_MYOCLONUS, _BEHAVIOR, _SLEEP)),
        age_group=AgeGroup.CHILD,
        expected=Verdict.UNDETERMINED,
        teaching=(
            Statement(
                "Until the scan is done, the neuroblastoma finding is unknown, not absent. With "
                "two criteria met and one ruled out, it alone decides: a tumour found makes three.",
                (_ORPHANET,),
            ),
            Statement(
                "Many people with OMS have a neuroblastoma. MRI with contrast and helical (spiral) "
                "CT are the most efficient ways to look for one.",
                (_ORPHANET,),
            ),
        ),
    ),
    Case(
        id="not-met",
        title="Not met: two criteria ruled out",
        vignette=(
            "Leo, aged five, has been clumsy and irritable for a week. A careful eye examination "
            "shows no opsoclonus, and scans found no tumour. Nobody has yet looked for muscle "
            "jerks or asked about his sleep."
        ),
        findings=_findings(yes=(_ATAXIA, _BEHAVIOR), no=(_NEUROBLASTOMA, _OPSOCLONUS)),
        age_group=AgeGroup.CHILD,
        expected=Verdict.NOT_MET,
        teaching=(
            Statement(
                "With opsoclonus and neuroblastoma both ruled out, at most two criteria can be "
                "met, and three are needed: the criteria are not met.",
                (_ORPHANET,),
            ),
            Statement(
                "The findings not assessed, myoclonus and sleep, cannot change that: each belongs "
                "to a criterion that is already met.",
                (_ORPHANET,),
            ),
        ),
    ),
    Case(
        id="adult",
        title="An adult: the same rule, different notes",
        vignette=(
            "Daniel, aged forty-five, has had sudden muscle jerks, an unsteady walk and rapid, "
            "chaotic eye movements for two weeks. He sleeps badly, and his family say his "
            "thinking seems clouded. Scans found no tumour; nobody has asked about changes in "
            "his behaviour."
        ),
        findings=_findings(yes=(_OPSOCLONUS, _MYOCLONUS, _ATAXIA, _SLEEP), no=(_NEUROBLASTOMA,)),
        age_group=AgeGroup.ADULT,
        expected=Verdict.MET,
        teaching=(
            Statement(
                "The rule is the same at every age, three of four criteria; the age group "
                "changes the notes, never the verdict.",
                (_ORPHANET,),
            ),
            Statement(
                "Adults may have mental clouding (encephalopathy); children may instead seem "
                "nervous, irritable or lethargic.",
                (_OMSUSA,),
            ),
            Statement(
                "In adults a blood test may find anti-Hu antibodies (Hu anti-neuronal nuclear "
                "antibodies); in children it does not.",
                (_ORPHANET,),
            ),
            Statement(
                "Adults may respond less well than children to treatment of the immune system.",
                (_UPTODATE,),
            ),
        ),
    ),
)

CASE_BY_ID: dict[str, Case] = {case.id: case for case in CASES}


def case_ids() -> tuple[str, ...]:
    """The ids of the teaching cases, in the order they are shown."""
    return tuple(CASE_BY_ID)
