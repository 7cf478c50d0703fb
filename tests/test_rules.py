"""The 3-of-4 rule: exhaustively, by properties, and at its edges."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oms_cli.rules import (
    CRITERIA,
    FINDINGS,
    REQUIRED,
    AgeGroup,
    Answer,
    Finding,
    Status,
    Verdict,
    all_combinations,
    evaluate,
    evaluate_answers,
    parse_answer,
)
from oms_cli.views.json_object import keyed_notes

# The definitions, restated independently of rules.py: which findings make up each criterion.
GROUPS = {
    "neuroblastoma": ("neuroblastoma",),
    "opsoclonus": ("opsoclonus",),
    "myoclonus_ataxia": ("myoclonus", "ataxia"),
    "behavior_sleep": ("behavior", "sleep"),
}
NAMES = ("neuroblastoma", "opsoclonus", "myoclonus", "ataxia", "behavior", "sleep")


def expected_statuses(values: dict[str, str]) -> dict[str, str]:
    """A criterion is met by any yes, not met by all no, unknown otherwise (direct enumeration)."""
    statuses = {}
    for criterion, members in GROUPS.items():
        answers = [values[m] for m in members]
        if "yes" in answers:
            statuses[criterion] = "met"
        elif all(a == "no" for a in answers):
            statuses[criterion] = "not_met"
        else:
            statuses[criterion] = "unknown"
    return statuses


def completions(statuses: dict[str, str]) -> set[str]:
    """Every verdict reachable by deciding each unknown criterion one way or the other."""
    unknown = [c for c, s in statuses.items() if s == "unknown"]
    met = sum(s == "met" for s in statuses.values())
    outcomes = set()
    for choice in itertools.product((0, 1), repeat=len(unknown)):
        outcomes.add("met" if met + sum(choice) >= 3 else "not_met")
    return outcomes


def test_truth_table_all_729_combinations() -> None:
    """Every combination of six answers gives the statuses, counts and verdict of the definition."""
    seen = 0
    for combo in itertools.product(("yes", "no", "unknown"), repeat=6):
        values = dict(zip(NAMES, combo, strict=True))
        statuses = expected_statuses(values)
        outcomes = completions(statuses)
        verdict = outcomes.pop() if len(outcomes) == 1 else "undetermined"
        assessment = evaluate(values)
        assert {r.criterion.id: r.status.value for r in assessment.criteria} == statuses
        assert assessment.met_count == sum(s == "met" for s in statuses.values())
        assert assessment.unknown_count == sum(s == "unknown" for s in statuses.values())
        assert assessment.verdict.value == verdict, values
        assert assessment.required == 3
        seen += 1
    assert seen == 729


def test_all_combinations_enumerates_each_once() -> None:
    """all_combinations yields the 729 distinct answer tuples in FINDINGS order."""
    combos = list(all_combinations())
    assert len(combos) == len(set(combos)) == 729
    assert all(len(c) == len(FINDINGS) for c in combos)


answers = st.sampled_from(list(Answer))
answer_tuples = st.tuples(*[answers] * 6)


def fill_unknowns(values: tuple[Answer, ...]) -> list[tuple[Answer, ...]]:
    """Every way of replacing the unknown answers with yes or no."""
    slots = [i for i, a in enumerate(values) if a is Answer.UNKNOWN]
    filled = []
    for choice in itertools.product((Answer.YES, Answer.NO), repeat=len(slots)):
        completed = list(values)
        for slot, answer in zip(slots, choice, strict=True):
            completed[slot] = answer
        filled.append(tuple(completed))
    return filled


@given(answer_tuples)
def test_decided_verdict_survives_every_completion(values: tuple[Answer, ...]) -> None:
    """A met or not-met verdict stays the same however its unknown findings are filled in."""
    verdict = evaluate_answers(values).verdict
    if verdict is not Verdict.UNDETERMINED:
        assert {evaluate_answers(c).verdict for c in fill_unknowns(values)} == {verdict}


@given(answer_tuples)
def test_undetermined_exactly_when_completions_disagree(values: tuple[Answer, ...]) -> None:
    """Undetermined holds exactly when one completion gives met and another gives not met."""
    outcomes = {evaluate_answers(c).verdict for c in fill_unknowns(values)}
    undetermined = evaluate_answers(values).verdict is Verdict.UNDETERMINED
    assert undetermined == (outcomes == {Verdict.MET, Verdict.NOT_MET})


@given(answer_tuples)
def test_deciding_lists_exactly_the_pivotal_criteria(values: tuple[Answer, ...]) -> None:
    """`deciding` names exactly the unknown criteria whose outcome can change the verdict."""
    assessment = evaluate_answers(values)
    statuses = {r.criterion.id: r.status for r in assessment.criteria}
    unknown = [c for c, s in statuses.items() if s is Status.UNKNOWN]
    pivotal = []
    for criterion in unknown:
        others = [c for c in unknown if c != criterion]
        met = sum(s is Status.MET for s in statuses.values())
        for choice in itertools.product((0, 1), repeat=len(others)):
            base = met + sum(choice)
            if (base + 1 >= REQUIRED) != (base >= REQUIRED):
                pivotal.append(criterion)
                break
    assert list(assessment.deciding) == pivotal
    if assessment.verdict is Verdict.UNDETERMINED:
        assert assessment.needed == REQUIRED - assessment.met_count
        assert 0 < assessment.needed <= len(assessment.deciding)
    else:
        assert assessment.deciding == ()
        assert assessment.needed == 0


@given(answer_tuples, st.sampled_from(list(AgeGroup)))
def test_age_group_never_changes_the_verdict(values: tuple[Answer, ...], age: AgeGroup) -> None:
    """The age group changes the notes only, never the verdict or counts."""
    plain, aged = evaluate_answers(values), evaluate_answers(values, age)
    assert (aged.verdict, aged.met_count, aged.unknown_count, aged.deciding) == (
        plain.verdict,
        plain.met_count,
        plain.unknown_count,
        plain.deciding,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Answer.YES, Answer.YES),
        (True, Answer.YES),
        (False, Answer.NO),
        (None, Answer.UNKNOWN),
        ("yes", Answer.YES),
        (" Y ", Answer.YES),
        ("TRUE", Answer.YES),
        ("1", Answer.YES),
        ("no", Answer.NO),
        ("n", Answer.NO),
        ("False", Answer.NO),
        ("0", Answer.NO),
        ("unknown", Answer.UNKNOWN),
        ("U", Answer.UNKNOWN),
        ("", Answer.UNKNOWN),
    ],
)
def test_parse_answer_accepts_every_documented_spelling(value: object, expected: Answer) -> None:
    """Answers come as the Enum, True/False/None, or the words of the contract, case-insensitive."""
    assert parse_answer(value) is expected  # type: ignore[arg-type]  # object covers all forms


@pytest.mark.parametrize("value", ["perhaps", "yess", "2", "-", 1, 0.5])
def test_parse_answer_rejects_anything_else(value: object) -> None:
    """A typo is an error, never silently an answer."""
    with pytest.raises(ValueError, match="is not yes, no or unknown"):
        parse_answer(value)  # type: ignore[arg-type]  # deliberately wrong types


def test_evaluate_reads_missing_findings_as_unknown_not_no() -> None:
    """A finding left out is unknown: two findings present leave the verdict undetermined."""
    assessment = evaluate({"opsoclonus": "yes", Finding.SLEEP: True})
    assert assessment.answer(Finding.NEUROBLASTOMA) is Answer.UNKNOWN
    assert assessment.verdict is Verdict.UNDETERMINED
    assert assessment.deciding == ("neuroblastoma", "myoclonus_ataxia")
    assert assessment.needed == 1


def test_evaluate_rejects_unknown_finding_and_age_group() -> None:
    """Names outside the contract are errors that list what is valid."""
    with pytest.raises(ValueError, match="'tremor' is not a finding; valid findings: neuro"):
        evaluate({"tremor": "yes"})
    with pytest.raises(ValueError, match="'teen' is not child, adult or unknown"):
        evaluate({}, "teen")


def test_and_or_criterion_counts_once() -> None:
    """Myoclonus and ataxia both present still make one criterion, not two."""
    assessment = evaluate({"myoclonus": True, "ataxia": True, "behavior": True, "sleep": True})
    assert assessment.met_count == 2
    assert assessment.status("myoclonus_ataxia") is Status.MET
    assert assessment.verdict is Verdict.UNDETERMINED


def test_and_or_criterion_not_met_only_when_both_are_no() -> None:
    """One no and one unknown leaves the criterion unknown; two no make it not met."""
    assert evaluate({"myoclonus": False}).status("myoclonus_ataxia") is Status.UNKNOWN
    both_no = evaluate({"myoclonus": False, "ataxia": False})
    assert both_no.status("myoclonus_ataxia") is Status.NOT_MET


def note_keys(values: dict[str, bool], age: str | None = None) -> list[str]:
    """The keys of the notes the rule attaches to a result (a not-met caveat aside)."""
    return [note.key for note in keyed_notes(evaluate(values, age))]


def test_tumour_search_note_exactly_when_neuroblastoma_unknown() -> None:
    """How a tumour is best looked for is noted when, and only when, neuroblastoma is unknown."""
    assert "tumour_search" in note_keys({"opsoclonus": True})
    assert "tumour_search" not in note_keys({"neuroblastoma": False})
    assert "tumour_search" not in note_keys({"neuroblastoma": True})
    note = next(n for n in keyed_notes(evaluate({})) if n.key == "tumour_search")
    assert "MRI with contrast" in note.text
    assert "helical" in note.text
    assert note.sources == (4,)


def test_age_group_notes() -> None:
    """Adults get the anti-Hu and encephalopathy notes, children the child notes, unknown none."""
    full = dict.fromkeys(NAMES, False)
    assert note_keys(full, "adult") == ["adult_anti_hu", "adult_signs"]
    assert note_keys(full, "child") == ["child_anti_hu", "child_signs"]
    assert note_keys(full) == []
    adult = {n.key: n for n in keyed_notes(evaluate(full, "adult"))}
    assert "anti-hu" in adult["adult_anti_hu"].text.lower()
    assert adult["adult_anti_hu"].sources == (4,)
    assert "encephalopathy" in adult["adult_signs"].text
    assert adult["adult_signs"].sources == (3,)


@pytest.mark.parametrize(
    ("values", "phrase"),
    [
        (
            {"neuroblastoma": False, "opsoclonus": True, "myoclonus": True},
            "the unknown criterion (behavioural and/or sleep disturbance) must turn out met",
        ),
        (
            {"neuroblastoma": False, "opsoclonus": True},
            "all 2 unknown criteria (myoclonus and/or ataxia; behavioural and/or sleep",
        ),
        (
            {"opsoclonus": True, "ataxia": True},
            "at least 1 of the 2 unknown criteria (neuroblastoma; behavioural and/or sleep",
        ),
    ],
)
def test_undetermined_note_says_what_would_decide(values: dict[str, bool], phrase: str) -> None:
    """An undetermined result names the unknown criteria, how many must be met, what to assess."""
    note = next(n for n in keyed_notes(evaluate(values)) if n.key == "undetermined")
    assert phrase in note.text
    assert "To settle it, assess:" in note.text


def test_settle_list_names_only_unknown_findings_of_deciding_criteria() -> None:
    """The findings to assess are the unknown ones behind the deciding criteria, nothing else.

    They are named in words ("behaviour"), not by their machine ids ("behavior").
    """
    note = next(n for n in keyed_notes(evaluate({"opsoclonus": True, "myoclonus": False})))
    assert note.text.endswith("assess: neuroblastoma, ataxia, behaviour, sleep.")


def test_criteria_are_the_four_of_the_contract() -> None:
    """The four criteria, their ids and findings, each cited to Orphanet [4]."""
    assert [(c.id, tuple(f.value for f in c.findings)) for c in CRITERIA] == list(GROUPS.items())
    assert all(c.sources == (4,) for c in CRITERIA)


def test_evaluate_answers_is_a_function_of_its_answers() -> None:
    """The same answers give equal, immutable results; anything but six answers is refused.

    (A batch works each combination out once: tests/test_batch.py pins that where it happens.)
    """
    values = (Answer.YES, Answer.NO, Answer.UNKNOWN, Answer.YES, Answer.NO, Answer.NO)
    assert evaluate_answers(values) == evaluate_answers(values)
    assert hash(evaluate_answers(values)) == hash(evaluate_answers(values))
    with pytest.raises(ValueError, match="expected 6 answers, got 2"):
        evaluate_answers((Answer.YES, Answer.NO))
