"""Each view worded once, so that the text and the Markdown output say the same.

A check result's words are `oms_cli.views.result.CheckResult`'s, the other views' come from
`oms_cli.views.wording` and `content`; the layouts (`oms_cli.views.render` for people,
`oms_cli.views.markdown`) only arrange them. These tests pin that every phrase of a view reaches
both, and the batch summary's words.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest
from jsonschema import Draft202012Validator
from rich.console import Console, RenderableType

from oms_cli import content
from oms_cli.batch.rows import Summary
from oms_cli.batch.screen import summary_line
from oms_cli.content.cases import CASES
from oms_cli.content.topics import TOPICS, Statement
from oms_cli.interop import schema
from oms_cli.rules import AgeGroup, Answer, Verdict, all_combinations, evaluate_answers
from oms_cli.teaching import quiz, quiz_sheet
from oms_cli.views import markdown, render, wording
from oms_cli.views.json_object import assessment_dict
from oms_cli.views.output import brief_text
from oms_cli.views.result import CheckResult

WIDE = 10_000
"""Columns wide enough that no sentence is wrapped, so that it can be found whole."""


def plain(renderable: RenderableType) -> str:
    """A view as text, unwrapped and without colour."""
    out = Console(file=io.StringIO(), width=WIDE, no_color=True, highlight=False, markup=False)
    with out.capture() as captured:
        out.print(renderable, crop=False)
    return captured.get()


def check_phrases(result: CheckResult) -> list[str]:
    """Every phrase of a check result that both layouts must show."""
    phrases = [result.headline, result.age_line, wording.DISCLAIMER.text]
    phrases += [note.text for note in (*result.reasons, *result.notes)]
    for row in result.rows:
        phrases += [row.title, row.status_word, row.findings, row.meaning]
    phrases += [wording.source_line(source) for source in result.sources]
    return phrases


@pytest.mark.parametrize("age_group", list(AgeGroup))
def test_text_and_markdown_of_every_result_say_the_same(age_group: AgeGroup) -> None:
    """For all 729 answer sets, each phrase of the check result is in the text and the Markdown."""
    for answers in all_combinations():
        assessment = evaluate_answers(answers, age_group)
        text = plain(render.assessment_view(CheckResult(assessment)))
        document = markdown.assessment_markdown(CheckResult(assessment))
        for phrase in check_phrases(CheckResult(assessment)):
            assert phrase in text, phrase
            assert phrase in document, phrase


def test_every_teaching_case_says_the_same_on_screen_and_in_markdown() -> None:
    """A case's worded steps (reasoning, verdict, teaching, sources) reach both layouts."""
    for case in CASES:
        view = wording.case_view(case)
        text = plain(render.cases_view([case]))
        document = markdown.case_markdown(case)
        phrases = [view.title, wording.FICTION_NOTICE, view.vignette, view.result.headline]
        phrases += view.reasoning
        phrases += [s.text for s in (*view.result.reasons, *view.result.notes, *view.teaching)]
        phrases += [wording.source_line(source) for source in view.sources]
        for phrase in phrases:
            assert phrase in text, phrase
            assert phrase in document, phrase


def test_criteria_sources_and_info_say_the_same_on_screen_and_in_markdown() -> None:
    """The rule, the sources' details and every topic's statements reach both layouts."""
    phrases = [content.RULE, content.AND_OR, content.UNKNOWN_POLICY]
    phrases += [text.meaning for text in content.CRITERION_TEXT.values()]
    for phrase in phrases:
        assert phrase in plain(render.page(wording.criteria_page()))
        assert phrase in markdown.page(wording.criteria_page())
    sources = wording.sources_page()
    sources_text, sources_document = plain(render.page(sources)), markdown.page(sources)
    [entries] = sources.parts
    assert isinstance(entries, wording.Entries)
    for _, _, fields in entries.items:
        for name, value in fields:
            assert f"{name}: {value}" in sources_text
            assert f"{name}: {value}" in sources_document
    info = wording.info_page(TOPICS)
    info_text, info_document = plain(render.page(info)), markdown.page(info)
    for topic in TOPICS:
        for section in topic.main_sections:
            for statement in section.statements:
                assert statement.text in info_text
                assert statement.text in info_document


def test_the_case_list_marks_its_commands_as_each_layout_does() -> None:
    """The hint names the same commands: in quotes on screen, in backticks in Markdown."""
    listing = wording.case_list_page(CASES)
    assert "'oms demo CASE'" in plain(render.page(listing))
    assert "`oms demo CASE`" in markdown.page(listing)


def test_the_batch_summary_counts_each_verdict_and_the_errors() -> None:
    """Rows, each verdict's count (zeros marked, to go unstyled), "1 error" singular, the target."""
    summary = Summary(Counter({Verdict.MET: 1200, Verdict.UNDETERMINED: 3}), errors=1)
    view = wording.batch_summary(summary.verdicts, summary.errors, "out.csv")
    assert view.rows == "1,204 rows: "
    assert [(count.words, count.zero) for count in view.counts] == [
        ("1,200 met", False),
        ("0 not met", True),
        ("3 undetermined", False),
        ("1 error", False),
    ]
    assert [count.verdict for count in view.counts] == [*Verdict, None]
    line = summary_line(summary, "out.csv")
    assert (
        line.plain
        == "1,204 rows: 1,200 met, 0 not met, 3 undetermined, 1 error; written to out.csv."
    )
    styles = {line.plain[span.start : span.end]: str(span.style) for span in line.spans}
    assert "0 not met" not in styles  # a zero count stands unstyled
    assert styles["1 error"] == "bold red"
    assert styles["1,200 met"] == render.VERDICT_STYLE[Verdict.MET]


def uncited_caveat(statements: tuple[wording.Cited, ...]) -> bool:
    """Whether the not-met caveat is among ``statements``, citing nothing."""
    return any(s.text == content.NOT_MET_CAVEAT and not s.sources for s in statements)


CAVEAT_NOTE = {"key": content.NOT_MET_CAVEAT_KEY, "text": content.NOT_MET_CAVEAT, "sources": []}
"""The not-met caveat as a JSON note: the tool's own words, so no sources."""


def test_the_not_met_caveat_goes_wherever_a_not_met_verdict_goes() -> None:
    """One wording, uncited, with every not-met result and with no other (issue 23).

    For all 729 answer sets: the JSON `notes` (first, key `not_met_scope`, `sources` empty), the
    reasons under the verdict in text and Markdown (a line of its own, no marks), and `--brief`.
    The text shows it once: under the verdict, not again among the notes.
    """
    for answers in all_combinations():
        assessment = evaluate_answers(answers)
        not_met = assessment.verdict is Verdict.NOT_MET
        notes = assessment_dict(assessment)["notes"]
        assert (notes[:1] == [CAVEAT_NOTE]) is not_met
        assert (CAVEAT_NOTE in notes) is not_met
        result = CheckResult(assessment)
        assert (uncited_caveat(result.reasons)) is not_met
        assert not uncited_caveat(result.notes)
        shown = plain(render.assessment_view(CheckResult(assessment)))
        assert shown.count(content.NOT_MET_CAVEAT) == not_met
        document = markdown.assessment_markdown(CheckResult(assessment)).splitlines()
        assert (content.NOT_MET_CAVEAT in document) is not_met
        assert (content.NOT_MET_CAVEAT in brief_text(result).splitlines()) is not_met


def test_the_check_schema_takes_the_caveat_uncited_and_every_other_note_cited() -> None:
    """The schema lets the caveat cite nothing, and only the caveat: a cited caveat is refused."""
    validator = Draft202012Validator(schema.load(schema.SchemaName.CHECK))
    data = assessment_dict(evaluate_answers(tuple(Answer.NO for _ in range(6))))
    assert data["notes"] == [CAVEAT_NOTE]
    assert list(validator.iter_errors(data)) == []
    data["notes"] = [{**CAVEAT_NOTE, "sources": [0]}]
    assert list(validator.iter_errors(data)) != []
    data["notes"] = [{**CAVEAT_NOTE, "key": "tumour_search"}]
    assert list(validator.iter_errors(data)) != []


def test_the_demo_and_the_quiz_give_the_caveat_with_a_not_met_verdict() -> None:
    """A teaching case's verdict and the quiz's reasoning carry the caveat exactly when not met.

    The demo's walk-through (its verdict step) and the quiz (feedback and answer key both take
    their reasoning from `quiz.reasoning`) say it in the same words, uncited (issue 23).
    """
    taught = [case for case in CASES if case.expected is Verdict.NOT_MET]
    assert taught
    for case in CASES:
        shown = uncited_caveat(wording.case_view(case).result.reasons)
        assert shown is (case.expected is Verdict.NOT_MET), case.id
    for answers in all_combinations():
        assessment = evaluate_answers(answers)
        said = Statement(content.NOT_MET_CAVEAT, ()) in quiz.reasoning(assessment)
        assert said is (assessment.verdict is Verdict.NOT_MET)
    made = quiz.make_quiz(1, count=len(CASES), criteria=False)
    key = quiz_sheet.answers_markdown(quiz.worksheet(made))
    assert f"- {content.NOT_MET_CAVEAT}\n" in key


@pytest.mark.parametrize(("rows", "errors", "said"), [(1, 0, "1 row: "), (2, 1, "2 rows: ")])
def test_batch_summary_counts_in_words_that_agree(rows: int, errors: int, said: str) -> None:
    """One row is "1 row", one error "1 error"; other counts are plural ("1 rows" was printed)."""
    view = wording.batch_summary(Counter({Verdict.MET: rows - errors}), errors, "standard output")
    assert view.rows == said
    assert [count.words for count in view.counts][-1] == ("1 error" if errors == 1 else "0 errors")
