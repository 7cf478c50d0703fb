"""The 3-of-4 rule: exhaustively, by properties, and at its edges."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oms_cli.rules import (
    CRITERIA,
    FINDINGS,
    OMS_CRITERIA,
    REQUIRED,
    AgeGroup,
    Answer,
    CriteriaSet,
    Criterion,
    CriterionId,
    Finding,
    Status,
    Verdict,
    all_combinations,
    evaluate,
    evaluate_answers,
    parse_answer,
)
from oms_cli.views.result import keyed_notes

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
        (1, Answer.YES),  # a JSON number, as `oms batch` reads it in JSON Lines
        (0, Answer.NO),
    ],
)
def test_parse_answer_accepts_every_documented_spelling(value: object, expected: Answer) -> None:
    """Answers come as the Enum, True/False/None, or the words of the contract, case-insensitive."""
    assert parse_answer(value) is expected  # type: ignore[arg-type]  # object covers all forms


@pytest.mark.parametrize("value", ["perhaps", "yess", "2", "-", 2, -1, 0.5, 1.0])
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


def test_evaluate_accepts_the_spellings_batch_accepts() -> None:
    """The library reads a finding's British name, any case, and 1/0, as `oms batch` does."""
    spelled = evaluate({"Behaviour": 1, " OPSOCLONUS ": "Y", "ataxia": True, "sleep": 0})
    plain = evaluate({"behavior": "yes", "opsoclonus": "yes", "ataxia": "yes", "sleep": "no"})
    assert spelled == plain
    assert spelled.verdict is Verdict.MET


def test_evaluate_refuses_a_finding_given_twice_under_two_names() -> None:
    """Refused: "behavior" and "behaviour" in one mapping would let one silently win."""
    with pytest.raises(ValueError, match="gives the finding 'behavior' a second time"):
        evaluate({"behavior": "yes", "behaviour": "no"})


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


def test_a_second_criteria_set_is_evaluated_by_its_own_rule() -> None:
    """The rule is data: a criteria set with another threshold and grouping gives its own verdicts.

    A made-up set (2 of 3, opsoclonus alone, the other four findings as two criteria) shows that
    `evaluate` reads the criteria and the threshold from the set, not from the shipped one.
    """
    made_up = CriteriaSet(
        name="made up for the test",
        criteria=(
            Criterion(CriterionId.OPSOCLONUS, "Opsoclonus", (Finding.OPSOCLONUS,)),
            Criterion(
                CriterionId.MYOCLONUS_ATAXIA, "Movement", (Finding.MYOCLONUS, Finding.ATAXIA)
            ),
            Criterion(CriterionId.BEHAVIOR_SLEEP, "Behaviour", (Finding.BEHAVIOR, Finding.SLEEP)),
        ),
        required=2,
        sources=(),
    )
    two = {"opsoclonus": "yes", "ataxia": "yes"}
    assert evaluate(two).verdict is Verdict.UNDETERMINED  # the shipped set needs a third
    result = evaluate(two, criteria_set=made_up)
    assert (result.verdict, result.met_count, result.required) == (Verdict.MET, 2, 2)
    assert [r.criterion.id for r in result.criteria] == [
        "opsoclonus",
        "myoclonus_ataxia",
        "behavior_sleep",
    ]
    one = evaluate({"opsoclonus": "yes", "ataxia": "no", "myoclonus": "no"}, criteria_set=made_up)
    assert (one.verdict, one.deciding, one.needed) == (Verdict.UNDETERMINED, ("behavior_sleep",), 1)
    assert made_up.rule == "2 of 3"
    assert made_up.findings == ("opsoclonus", "myoclonus", "ataxia", "behavior", "sleep")


def test_a_criterion_names_its_findings_joined_by_and_or() -> None:
    """One finding stands alone; two are joined by "and/or", as the criteria table words them."""
    assert [criterion.joined_findings for criterion in CRITERIA] == [
        "neuroblastoma",
        "opsoclonus",
        "myoclonus and/or ataxia",
        "behavior and/or sleep",
    ]


def test_the_shipped_set_is_any_3_of_4() -> None:
    """OMS_CRITERIA is the contract's rule: four criteria, three required, source [4]."""
    assert (OMS_CRITERIA.rule, OMS_CRITERIA.sources) == ("3 of 4", (4,))
    assert (OMS_CRITERIA.criteria, OMS_CRITERIA.required) == (CRITERIA, REQUIRED)
    assert OMS_CRITERIA.findings == FINDINGS
    assert OMS_CRITERIA.criterion("opsoclonus").findings == (Finding.OPSOCLONUS,)
    with pytest.raises(KeyError):
        OMS_CRITERIA.criterion("opsoclonu")


@pytest.mark.parametrize("name", ["zzz", "opsoclonu", "", "opsoclonus "])
def test_status_of_a_criterion_that_does_not_exist_raises(name: str) -> None:
    """Assessment.status refuses an id it does not have, rather than answering for another."""
    with pytest.raises(KeyError):
        evaluate({}).status(name)


@pytest.mark.parametrize("count", [0, 5, 7])
def test_evaluate_answers_needs_exactly_six(count: int) -> None:
    """A list of the wrong length is refused with a message saying how many were expected."""
    with pytest.raises(ValueError, match=f"^expected 6 answers, got {count}$"):
        evaluate_answers((Answer.YES,) * count)
