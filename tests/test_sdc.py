"""The rule inside the FHIR questionnaire: enableWhen and calculatedExpression, as a renderer sees.

The calculated items are evaluated by a real FHIRPath engine (fhirpathpy, with its R4 model, so
that ``answer.value`` means ``valueCoding`` as in any R4 renderer), compiled once, over responses
for all 729 combinations; enableWhen is evaluated by the R4 rules written out below, over the same
729, against what the terminal questionnaire asks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import fhirpathpy
import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhirpathpy.models import models

from oms_cli.interop import fhir
from oms_cli.rules import CRITERIA, FINDINGS, Answer, Finding, all_combinations, evaluate_answers
from oms_cli.teaching import questionnaire
from tests.conftest import Invoke
from tools import questionnaire as form

QUESTIONNAIRE = fhir.questionnaire()
FINDING_ITEMS = {item["linkId"]: item for item in QUESTIONNAIRE["item"][1:-1]}
RESULT = QUESTIONNAIRE["item"][-1]


def _coding(answer: Answer) -> dict[str, str]:
    return {"system": fhir.ANSWER_SYSTEM, "code": answer.value}


def _enabled(
    item: dict[str, Any], answered: dict[str, dict[str, str]], *, no_answer_differs: bool
) -> bool:
    """R4's enableWhen for one item, given the codings answered so far (by linkId).

    ``no_answer_differs`` picks how ``!=`` treats a question with no answer, which R4 leaves open.
    """
    results = []
    for condition in item.get("enableWhen", []):
        answer = answered.get(condition["question"])
        if condition["operator"] == "exists":
            results.append((answer is not None) is condition["answerBoolean"])
        elif condition["operator"] == "!=":
            expected = condition["answerCoding"]
            if answer is None:
                results.append(no_answer_differs)
            else:
                same = (answer["system"], answer["code"]) == (expected["system"], expected["code"])
                results.append(not same)
        else:
            pytest.fail(f"operator {condition['operator']} is not modelled here")
    if not results:
        return True
    return any(results) if item["enableBehavior"] == "any" else all(results)


def form_fill(
    answers: Sequence[Answer], *, no_answer_differs: bool = True
) -> tuple[list[Finding], dict[str, Any]]:
    """Fill the form in order as a renderer would: the findings it enables, and the response.

    A disabled item keeps no answer (renderers drop them); every enabled one gets its answer.
    """
    answered: dict[str, dict[str, str]] = {}
    enabled: list[Finding] = []
    items = []
    for finding, answer in zip(FINDINGS, answers, strict=True):
        if not _enabled(
            FINDING_ITEMS[finding.value], answered, no_answer_differs=no_answer_differs
        ):
            continue
        enabled.append(finding)
        answered[finding.value] = _coding(answer)
        items.append({"linkId": finding.value, "answer": [{"valueCoding": _coding(answer)}]})
    response = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{fhir.QUESTIONNAIRE_URL}|{fhir.QUESTIONNAIRE_VERSION}",
        "status": "completed",
        "item": items,
    }
    return enabled, response


def terminal_asks(answers: Sequence[Answer]) -> tuple[Finding, ...]:
    """The findings the terminal questionnaire asks, in order, given nothing and these answers.

    Without its stop once the answers decide the verdict: all but a finding whose and/or partner
    is yes. A form keeps the other questions open, as it shows the verdict computed meanwhile.
    """
    by_prompt = {
        questionnaire.finding_prompt(finding, position): answer.value
        for position, (finding, answer) in enumerate(zip(FINDINGS, answers, strict=True), 1)
    }
    by_prompt[questionnaire.AGE_PROMPT] = "unknown"
    return questionnaire.interview({}, None, by_prompt.__getitem__, lambda text: None).asked


@pytest.mark.parametrize("no_answer_differs", [True, False])
def test_enable_when_enables_exactly_what_the_terminal_asks(no_answer_differs: bool) -> None:
    """For all 729 answer sets, the items enabled are the questions the terminal asks, in order.

    Under either reading of ``!=`` for an unanswered question.
    """
    for answers in all_combinations():
        enabled, _ = form_fill(answers, no_answer_differs=no_answer_differs)
        assert tuple(enabled) == terminal_asks(answers), answers


def test_the_age_group_and_first_findings_are_always_enabled() -> None:
    """Only the second finding of an and/or criterion carries enableWhen."""
    conditional = {link_id for link_id, item in FINDING_ITEMS.items() if "enableWhen" in item}
    assert conditional == {"ataxia", "sleep"}
    assert "enableWhen" not in QUESTIONNAIRE["item"][0]


def test_choices_are_radio_buttons() -> None:
    """The age group and each finding show their options as radio buttons (all three in view)."""
    for item in QUESTIONNAIRE["item"][:-1]:
        [control] = item["extension"]
        assert control["url"] == form.ITEM_CONTROL_EXTENSION
        assert control["valueCodeableConcept"]["coding"][0]["code"] == "radio-button"


Compiled = Callable[[Any, dict[str, Any]], list[Any]]


def _compiled() -> dict[str, Compiled]:
    compiled = {}
    for item in RESULT["item"]:
        [extension] = item["extension"]
        assert extension["url"] == form.CALCULATED_EXPRESSION
        assert extension["valueExpression"]["language"] == "text/fhirpath"
        compiled[item["linkId"]] = fhirpathpy.compile(
            extension["valueExpression"]["expression"], models["r4"]
        )
    return compiled


COMPILED = _compiled()


def computed(response: dict[str, Any]) -> dict[str, object]:
    """Each calculated item's value, by linkId, as a renderer computes it from the response."""
    values = {}
    for link_id, expression in COMPILED.items():
        [value] = expression(response, {"resource": response})
        values[link_id] = value
    return values


def expected(answers: tuple[Answer, ...]) -> dict[str, object]:
    """What `rules.evaluate_answers` says, under the result group's linkIds."""
    assessment = evaluate_answers(answers)
    return {
        **{form.status_link_id(r.criterion): r.status.value for r in assessment.criteria},
        form.MET_COUNT_LINK_ID: assessment.met_count,
        form.UNKNOWN_COUNT_LINK_ID: assessment.unknown_count,
        form.VERDICT_LINK_ID: assessment.verdict.value,
    }


def test_calculated_items_compute_the_rule_for_all_729_filled_forms() -> None:
    """FHIRPath over each response filled with the skip logic equals the rules engine's result.

    Answer sets that differ only in a skipped finding give the same response: computed once.
    """
    seen: dict[str, dict[str, object]] = {}
    for answers in all_combinations():
        _, response = form_fill(answers)
        key = json.dumps(response)
        if key not in seen:
            seen[key] = computed(response)
        assert seen[key] == expected(answers), answers
    assert len(seen) == 441  # 3 x 3 x 7 x 7: a pair gives 7 responses (yes; no or unknown x 3)


def test_calculated_items_also_hold_when_a_skipped_question_is_answered() -> None:
    """A renderer that keeps the answers of disabled items (all six answered): the same result.

    Only the answer sets in which the skip logic leaves something out differ from the test above.
    """
    checked = 0
    for answers in all_combinations():
        enabled, _ = form_fill(answers)
        if len(enabled) == len(FINDINGS):
            continue
        items = [
            {"linkId": finding.value, "answer": [{"valueCoding": _coding(answer)}]}
            for finding, answer in zip(FINDINGS, answers, strict=True)
        ]
        response = {"resourceType": "QuestionnaireResponse", "status": "completed", "item": items}
        assert computed(response) == expected(answers), answers
        checked += 1
    assert checked == 405  # 729 x 5/9: myoclonus or behavior (or both) is yes


def test_an_empty_form_computes_undetermined_not_not_met() -> None:
    """Nothing answered: every criterion unknown, 0 met, 4 unknown, verdict undetermined."""
    values = computed({"resourceType": "QuestionnaireResponse", "status": "in-progress"})
    assert values[form.VERDICT_LINK_ID] == "undetermined"
    assert values[form.UNKNOWN_COUNT_LINK_ID] == len(CRITERIA)


def with_result(response: dict[str, Any]) -> dict[str, Any]:
    """The response with the result group as a renderer writes it: each computed value answered."""
    value_key = {"string": "valueString", "integer": "valueInteger"}
    types = {item["linkId"]: item["type"] for item in RESULT["item"]}
    group = {
        "linkId": form.RESULT_LINK_ID,
        "item": [
            {"linkId": link_id, "answer": [{value_key[types[link_id]]: value}]}
            for link_id, value in computed(response).items()
        ],
    }
    return {**response, "item": [*response["item"], group]}


def test_a_filled_form_with_its_computed_result_is_valid_and_read_back() -> None:
    """A response carrying the computed result validates as R4(B) and reads to its answers."""
    answers = (Answer.YES, Answer.UNKNOWN, Answer.YES, Answer.NO, Answer.NO, Answer.YES)
    _, response = form_fill(answers)
    full = with_result(response)
    QuestionnaireResponse.model_validate(full)
    read = fhir.parse_response(full)
    assert tuple(read.findings.values()) == (
        Answer.YES,
        Answer.UNKNOWN,
        Answer.YES,
        Answer.UNKNOWN,  # ataxia was not asked: myoclonus is yes
        Answer.NO,
        Answer.YES,
    )


def test_a_computed_result_that_disagrees_with_the_answers_is_never_believed(
    cli: Invoke, tmp_path: Path
) -> None:
    """Six noes under a result group that says met (a renderer's bug, or an edit): not met.

    oms reads only the answers and applies the rule itself; the group is checked for its form,
    never read for its verdict.
    """
    _, noes = form_fill((Answer.NO,) * 6)
    _, yeses = form_fill((Answer.YES,) * 6)
    says_met = with_result(yeses)["item"][-1]
    assert any(
        item["answer"] == [{"valueString": "met"}] for item in says_met["item"]
    )  # the group really claims "met"
    lying = {**noes, "item": [*noes["item"], says_met]}
    result = cli("check", "--from-fhir", _write(tmp_path, lying), "--format", "json")
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert (data["verdict"], data["met_count"]) == ("not_met", 0)


def _write(tmp_path: Path, resource: dict[str, Any]) -> str:
    path = tmp_path / "response.json"
    path.write_text(json.dumps(resource), encoding="utf-8")
    return str(path)


def test_a_response_to_another_version_is_refused_clearly(cli: Invoke, tmp_path: Path) -> None:
    """`questionnaire` naming another version of ours: exit 2, both versions named."""
    _, response = form_fill((Answer.YES,) * 6)
    response["questionnaire"] = f"{fhir.QUESTIONNAIRE_URL}|0.0.9"
    result = cli("check", "--from-fhir", _write(tmp_path, response), "--format", "json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "questionnaire: " in result.stderr
    assert "answers version '0.0.9' of the questionnaire" in result.stderr
    assert f"this oms reads version {fhir.QUESTIONNAIRE_VERSION}" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_response_without_a_version_or_with_ours_is_read(cli: Invoke, tmp_path: Path) -> None:
    """`url` alone, `url|version` of this form, or a server's reference to it by id is read."""
    _, response = form_fill((Answer.YES,) * 6)
    server = "https://fhir.example.org/fhir/Questionnaire/oms-criteria"
    for canonical in (
        fhir.QUESTIONNAIRE_URL,
        response["questionnaire"],
        "Questionnaire/oms-criteria",  # as HAPI FHIR stores it
        server,
    ):
        response["questionnaire"] = canonical
        result = cli("check", "--from-fhir", _write(tmp_path, response), "--format", "json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["verdict"] == "met"


def test_a_result_group_with_a_foreign_item_names_it(cli: Invoke, tmp_path: Path) -> None:
    """Inside the result group only the computed items are accepted; another is named."""
    _, response = form_fill((Answer.YES,) * 6)
    full = with_result(response)
    full["item"][-1]["item"].append({"linkId": "sleep", "answer": []})
    result = cli("check", "--from-fhir", _write(tmp_path, full))
    assert result.exit_code == 2
    position = len(full["item"]) - 1
    assert result.stderr.startswith(
        f"oms: error: {tmp_path}/response.json: item[{position}].item[7].linkId: 'sleep' is not a "
        "computed item of the result"
    )
