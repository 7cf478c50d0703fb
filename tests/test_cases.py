"""Tests for the teaching cases: verdicts agree with the rules engine; the content holds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from oms_cli.content.cases import CASE_BY_ID, CASES, Case, case_ids
from oms_cli.content.sources import SOURCE_BY_N
from oms_cli.rules import FINDINGS, AgeGroup, Answer, Finding, Status, Verdict, evaluate
from tests import page

REPO_ROOT = Path(__file__).resolve().parents[1]
TOOL_READINGS = ("this tool", "unknown, not no")
"""Words that mark a teaching statement as the tool's own reading, not the page's."""


def by_id(case_id: str) -> Case:
    """The case with this id."""
    return CASE_BY_ID[case_id]


def answers(case: Case) -> dict[Finding, Answer]:
    """A case's findings as a mapping."""
    return dict(case.findings)


def teaching_text(case: Case) -> str:
    """All teaching statements of a case, lower-cased, as one string."""
    return " ".join(statement.text.lower() for statement in case.teaching)


# --- the rule -----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_expected_verdict_agrees_with_the_rules_engine(case: Case) -> None:
    """A case's expected verdict is what rules.evaluate gives for its findings and age group."""
    assert evaluate(dict(case.findings), case.age_group).verdict is case.expected
    assert case.assessment().verdict is case.expected


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_verdict_does_not_depend_on_age_group(case: Case) -> None:
    """Told as a child's, an adult's or an unknown age's case, the verdict is the same."""
    for age_group in AgeGroup:
        assert evaluate(dict(case.findings), age_group).verdict is case.expected


# --- shape --------------------------------------------------------------------------------------


def test_at_least_six_cases_with_unique_ids() -> None:
    """There are at least six cases; ids are unique, lower-case words joined by hyphens."""
    assert len(CASES) >= 6
    assert len(set(case_ids())) == len(CASES)
    assert case_ids() == tuple(case.id for case in CASES)
    for case in CASES:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", case.id), case.id
        assert CASE_BY_ID[case.id] is case


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_case_lists_all_six_findings_in_order(case: Case) -> None:
    """Every case answers all six findings, in the order of FINDINGS."""
    assert tuple(finding for finding, _ in case.findings) == FINDINGS


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_case_has_title_vignette_and_teaching(case: Case) -> None:
    """Each case has a one-line title, a short story and at least one teaching statement."""
    assert case.title.strip()
    assert "\n" not in case.title
    assert 80 <= len(case.vignette) <= 600
    assert case.teaching


def test_every_verdict_is_taught() -> None:
    """Among the cases there is one of each verdict: met, not met and undetermined."""
    assert {case.expected for case in CASES} == set(Verdict)


# --- the lessons the issue asks for -------------------------------------------------------------


def test_all_four_met_in_a_child_with_neuroblastoma() -> None:
    """One case is a child with a neuroblastoma who meets all four criteria."""
    case = by_id("all-four")
    assert case.age_group is AgeGroup.CHILD
    assert answers(case)[Finding.NEUROBLASTOMA] is Answer.YES
    assert case.assessment().met_count == 4


def test_met_without_a_tumour_after_an_infection() -> None:
    """One case meets the criteria with the neuroblastoma ruled out, after an infection."""
    case = by_id("after-infection")
    assert answers(case)[Finding.NEUROBLASTOMA] is Answer.NO
    assert case.expected is Verdict.MET
    assert "influenza" in case.vignette.lower()
    assert "infection" in teaching_text(case)


def test_myoclonus_and_ataxia_count_once() -> None:
    """One case has myoclonus and ataxia both present, and they fill one criterion only."""
    case = by_id("movement-once")
    found = answers(case)
    assert found[Finding.MYOCLONUS] is found[Finding.ATAXIA] is Answer.YES
    assert sum(answer is Answer.YES for answer in found.values()) == 3
    assert case.assessment().met_count == 2
    assert "and/or" in teaching_text(case)


def test_behaviour_and_sleep_count_once() -> None:
    """One case has behaviour and sleep both disturbed, filling one criterion."""
    case = by_id("behavior-sleep")
    found = answers(case)
    assert found[Finding.BEHAVIOR] is found[Finding.SLEEP] is Answer.YES
    assert case.assessment().status("behavior_sleep") is Status.MET
    assert "count once" in teaching_text(case)


def test_undetermined_while_the_scan_is_pending() -> None:
    """One case is undetermined because the neuroblastoma is unknown, and says how to look."""
    case = by_id("scan-pending")
    assessment = case.assessment()
    assert answers(case)[Finding.NEUROBLASTOMA] is Answer.UNKNOWN
    assert assessment.verdict is Verdict.UNDETERMINED
    assert assessment.deciding == ("neuroblastoma",)
    text = teaching_text(case)
    assert "mri with contrast" in text
    assert "helical" in text


def test_not_met() -> None:
    """One case is not met although some findings were never assessed."""
    case = by_id("not-met")
    assert case.expected is Verdict.NOT_MET
    assert Answer.UNKNOWN in answers(case).values()


def test_adult_with_the_adult_notes() -> None:
    """One case is an adult; its teaching names encephalopathy and anti-Hu, and so do its notes."""
    case = by_id("adult")
    assert case.age_group is AgeGroup.ADULT
    text = teaching_text(case)
    assert "encephalopathy" in text
    assert "anti-hu" in text
    note_keys = set(case.assessment().note_keys)
    assert {"adult_anti_hu", "adult_signs"} <= note_keys


# --- sources and wording ------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_teaching_statements_cite_known_sources(case: Case) -> None:
    """Every teaching statement cites at least one known source, sorted, none repeated.

    Except a statement of the tool's own reading (what it counts as disturbed behaviour, that
    unknown is not no), which cites nothing (issue 23).
    """
    for statement in case.teaching:
        own = any(marker in statement.text for marker in TOOL_READINGS)
        assert bool(statement.sources) is not own, statement.text
        assert set(statement.sources) <= set(SOURCE_BY_N), statement.text
        assert list(statement.sources) == sorted(set(statement.sources)), statement.text


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_text_carries_no_citation_marks(case: Case) -> None:
    """Citation marks are added by renderers: no '[' or ']' in a title, story or statement."""
    texts = [case.title, case.vignette, *(statement.text for statement in case.teaching)]
    assert [text for text in texts if "[" in text or "]" in text] == []


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("paraneoplastic", (2, 3)),
        ("lyme disease", (2, 3)),
        ("no cause is found", (2, 3)),
        ("rage attacks among the other symptoms that may occur", (2, 3)),
        ("lethargy", (3,)),
        ("encephalopathy", (3,)),
        ("anti-hu", (4,)),
        ("helical", (4,)),
    ],
)
def test_teaching_cites_what_the_page_cites(keyword: str, expected: tuple[int, ...]) -> None:
    """A statement carrying a fact has exactly the source numbers the page puts on that fact."""
    matches = [s for case in CASES for s in case.teaching if keyword in s.text.lower()]
    assert matches, f"no teaching statement mentions {keyword!r}"
    for statement in matches:
        assert statement.sources == expected, statement.text


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_a_fictional_case_holds_no_outlook_or_treatment_lesson(case: Case) -> None:
    """No case places a prognosis or a medicine in a fictional person's story (issue 15).

    In a made-up child's case, a sentence about recovery reads as a promise and a medicine as
    advice; those facts stay in `oms info`, for everyone.
    """
    text = " ".join([case.vignette, teaching_text(case)]).lower()
    for word in ("recovery", "recover", "outlook", "trazodone", "respond", "response", "relapse"):
        assert word not in text, (case.id, word)


def test_the_adult_case_does_not_take_a_tumour_search_as_a_neuroblastoma_result() -> None:
    """The adult's neuroblastoma finding is unknown: no scan of his is taken as a result."""
    case = by_id("adult")
    assert answers(case)[Finding.NEUROBLASTOMA] is Answer.UNKNOWN
    assert "tumour" not in case.vignette.lower()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_every_no_in_a_case_is_something_looked_for(case: Case) -> None:
    """A case that records a finding as no says in its story that it was looked for (or asked).

    "No jerks have been seen" is not a no; "the doctor looked for jerks and saw none" is.
    """
    story = case.vignette.lower()
    for finding, answer in case.findings:
        if answer is Answer.NO:
            assert any(
                word in story for word in ("looked for", "checked", "asked", "examination")
            ), (
                case.id,
                finding,
            )
    assert "have been seen" not in story


def test_cases_are_written_in_own_words() -> None:
    """The copy checker finds no run of 8+ words shared with the reference page."""
    checker = page.copy_checker()  # skipped, saying why, where there is no ../shared
    paths = [
        "oms_cli/content/cases.json",
        "oms_cli/views/wording.py",
        "oms_cli/views/markdown.py",
        "oms_cli/views/json_object.py",
        "oms_cli/views/render.py",
        "tests/test_cases.py",
    ]
    result = subprocess.run(
        [sys.executable, str(checker), *paths],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
