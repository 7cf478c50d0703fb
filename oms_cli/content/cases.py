"""Teaching cases for ``oms demo``: fictional people, each showing one lesson about the rule.

Data only. Every case is made up for teaching; the renderers label it so
(`oms_cli.views.wording.FICTION_NOTICE`). The findings, age group and expected verdict are checked
against the rules engine by the tests, so a case can never teach a verdict the rule does not give.
Teaching points restate the reference page in this project's own words and carry the page's
source numbers (0 is the page itself, shown ``[GARD]``); a statement of this tool's own reading
(what it counts as disturbed behaviour, that unknown is not no) carries none. Their text never
holds citation marks, renderers add them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from oms_cli.content.topics import Statement
from oms_cli.rules import FINDINGS, AgeGroup, Answer, Assessment, Finding, Verdict, evaluate

_NEUROBLASTOMA = Finding.NEUROBLASTOMA
_OPSOCLONUS = Finding.OPSOCLONUS
_MYOCLONUS = Finding.MYOCLONUS
_ATAXIA = Finding.ATAXIA
_BEHAVIOR = Finding.BEHAVIOR
_SLEEP = Finding.SLEEP

# Source numbers, named for readability (see oms_cli.content.sources).
_GARD = 0
_NINDS = 2
_OMSUSA = 3
_ORPHANET = 4
_TOOL: tuple[int, ...] = ()
"""No source: a statement of this tool's own reading (what counts as what, unknown is not no)."""


@dataclass(frozen=True, slots=True)
class Case:
    """One fictional teaching case: the story, what was found, and what it teaches."""

    id: str
    title: str
    vignette: str
    """A short, fictional story; always shown under the label that says so."""
    findings: tuple[tuple[Finding, Answer], ...]
    """All six findings in `FINDINGS` order; a finding nobody has looked for is unknown."""
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
            "Mia, aged two, has within a few days begun to move clumsily, her movements poorly "
            "coordinated. Her arms and eyelids twitch with sudden jerks, her eyes make movements "
            "she cannot control, she has fits of rage and she wakes again and again at night. An "
            "MRI scan with contrast shows a neuroblastoma."
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
                "OMS is often linked to a tumour such as a neuroblastoma, and is then called a "
                "paraneoplastic syndrome.",
                (_NINDS, _OMSUSA),
            ),
        ),
    ),
    Case(
        id="after-infection",
        title="Met although scans found no tumour: after an infection",
        vignette=(
            "Sam, aged four, got over influenza a short while ago. Now his eyes make movements he "
            "cannot control, his hands jerk when he reaches for a toy, his movements are poorly "
            "coordinated and he is unusually irritable. No one has asked yet how he sleeps. An "
            "MRI scan with contrast and a helical CT scan looked for a tumour and found none, so "
            "the neuroblastoma finding is recorded as no."
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
                "His sleep was never asked about, so it is unknown, not no. This tool counts his "
                "irritability as disturbed behaviour.",
                _TOOL,
            ),
            Statement(
                "With disturbed behaviour, the behaviour and sleep criterion is met whatever his "
                "sleep turns out to be.",
                (_ORPHANET,),
            ),
            Statement(
                "Besides tumours, OMS can follow an infection: viral, for example Epstein-Barr "
                "or influenza, or bacterial, for example Lyme disease or a streptococcal "
                "infection. Sometimes no cause is found.",
                (_NINDS, _OMSUSA),
            ),
        ),
    ),
    Case(
        id="movement-once",
        title="Myoclonus and ataxia count once",
        vignette=(
            "Lena, aged three, has eye movements she cannot control, sudden jerks of her arms and "
            "trunk, and clumsy, poorly coordinated movements. Asked about it, her parents say she "
            "is as cheerful as ever and sleeps through the night. An MRI scan with contrast "
            "looked for a tumour and found none."
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
                "So three findings are yes but they fill only two criteria, one short of the "
                "three needed: the criteria are not met.",
                (_ORPHANET,),
            ),
        ),
    ),
    Case(
        id="behavior-sleep",
        title="Behaviour and sleep count once",
        vignette=(
            "Noah, aged two, has sudden jerks of his face and fingers and eye movements he cannot "
            "control. A doctor who checked his coordination found no problem. He has frequent "
            "fits of rage and has hardly slept a whole night for weeks. One helical CT scan "
            "looked for a tumour and found none; that single scan is what the no for "
            "neuroblastoma records."
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
                "Myoclonus alone meets the movement criterion although his coordination was "
                'checked and found normal: with "and/or", one of the two is enough.',
                (_ORPHANET,),
            ),
            Statement(
                "The reference page lists rage attacks among the other symptoms that may occur.",
                (_NINDS, _OMSUSA),
            ),
            Statement("Counting them as disturbed behaviour is this tool's reading.", _TOOL),
        ),
    ),
    Case(
        id="scan-pending",
        title="Undetermined: the scan is still to come",
        vignette=(
            "Ava, aged eighteen months, has eye movements she cannot control, and her movements "
            "are clumsy and poorly coordinated. The doctor looked for muscle jerks and saw none. "
            "Asked about it, her parents say she is calm and sleeps well. Her scan is booked for "
            "next week."
        ),
        findings=_findings(yes=(_OPSOCLONUS, _ATAXIA), no=(_MYOCLONUS, _BEHAVIOR, _SLEEP)),
        age_group=AgeGroup.CHILD,
        expected=Verdict.UNDETERMINED,
        teaching=(
            Statement(
                "Until the scan is done, the neuroblastoma finding is unknown, not no.", _TOOL
            ),
            Statement(
                "With two criteria met and one not met, the scan result alone decides whether the "
                "criteria are met.",
                (_ORPHANET,),
            ),
            Statement(
                "Many people with OMS have a neuroblastoma. The reference page names MRI with "
                "contrast and helical (spiral) CT as the most efficient ways to look for one.",
                (_ORPHANET,),
            ),
        ),
    ),
    Case(
        id="not-met",
        title="Not met: two criteria looked for and not found",
        vignette=(
            "Leo, aged five, has moved clumsily, his movements poorly coordinated, and has been "
            "irritable for a week. A careful eye examination found no opsoclonus, and an MRI "
            "scan with contrast looked for a tumour and found none. Nobody has yet looked for "
            "muscle jerks or asked about his sleep."
        ),
        findings=_findings(yes=(_ATAXIA, _BEHAVIOR), no=(_NEUROBLASTOMA, _OPSOCLONUS)),
        age_group=AgeGroup.CHILD,
        expected=Verdict.NOT_MET,
        teaching=(
            Statement(
                "With opsoclonus and neuroblastoma both looked for and not found, at most two "
                "criteria can be met, and three are needed: the criteria are not met.",
                (_ORPHANET,),
            ),
            Statement(
                "The findings nobody has looked for, myoclonus and sleep, cannot change that: "
                "each belongs to a criterion that is already met.",
                (_ORPHANET,),
            ),
        ),
    ),
    Case(
        id="adult",
        title="An adult: the same four criteria, different notes",
        vignette=(
            "Daniel, aged forty-five, has had sudden muscle jerks, poorly coordinated movements "
            "and eye movements he cannot control for two weeks. He sleeps badly, and his family "
            "say his thinking seems clouded. He has had no scan yet, and nobody has asked about "
            "changes in his behaviour."
        ),
        findings=_findings(yes=(_OPSOCLONUS, _MYOCLONUS, _ATAXIA, _SLEEP)),
        age_group=AgeGroup.ADULT,
        expected=Verdict.MET,
        teaching=(
            Statement(
                "He has had no scan yet, so the neuroblastoma finding is unknown, not no.", _TOOL
            ),
            Statement(
                "Opsoclonus, the movement criterion and the sleep criterion make three, so the "
                "neuroblastoma criterion cannot change the verdict.",
                (_ORPHANET,),
            ),
            Statement(
                "In adults, thinking can become clouded (encephalopathy); in children, "
                "nervousness, irritability or lethargy can be seen.",
                (_OMSUSA,),
            ),
            Statement(
                "Anti-Hu antibodies (Hu anti-neuronal nuclear antibodies) can turn up in the "
                "blood of adults with OMS; in children they do not.",
                (_ORPHANET,),
            ),
        ),
    ),
)

CASE_BY_ID: dict[str, Case] = {case.id: case for case in CASES}


def case_ids() -> tuple[str, ...]:
    """The ids of the teaching cases, in the order they are shown."""
    return tuple(CASE_BY_ID)
