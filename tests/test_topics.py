"""Tests for the patient-information topics: citations, order, coverage and own wording."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from oms_cli.content import topics
from oms_cli.content.sources import SOURCE_BY_N
from oms_cli.content.topics import TOPIC_BY_ID, TOPICS, Statement, Topic
from tests import page

EXPECTED_IDS = ("overview", "symptoms", "causes", "diagnosis", "treatment", "prognosis")
REPO_ROOT = Path(__file__).resolve().parents[1]


def all_statements() -> list[tuple[str, Statement]]:
    """Every statement of every topic, paired with its topic id."""
    return [
        (topic.id, statement)
        for topic in TOPICS
        for section in topic.sections
        for statement in section.statements
    ]


def topic_text(topic: Topic) -> str:
    """All statement text of one topic, lower-cased, as one string."""
    return " ".join(
        statement.text.lower() for section in topic.sections for statement in section.statements
    )


# --- citation integrity -------------------------------------------------------------------------


def test_every_statement_cites_at_least_one_source() -> None:
    """No statement is left without a source number, but the tool's own notes, which cite none.

    A note of the tool's own (a gloss, a judgement of the page's wording) says so first and
    carries no number of the page (issue 23); everything else is the page's and cites it.
    """
    for _, statement in all_statements():
        own = statement.text.startswith(topics.TOOL_NOTE)
        assert bool(statement.sources) is not own, statement.text
    assert sum(s.text.startswith(topics.TOOL_NOTE) for _, s in all_statements()) == 2


def test_every_cited_number_is_a_known_source() -> None:
    """Each source number a statement uses exists in oms_cli.content.sources."""
    unknown = {n for _, statement in all_statements() for n in statement.sources} - set(SOURCE_BY_N)
    assert unknown == set()


def test_each_reference_of_the_page_is_cited_somewhere() -> None:
    """All five references of the page, 1 to 5, back at least one statement."""
    cited = {n for _, statement in all_statements() for n in statement.sources}
    assert {1, 2, 3, 4, 5} <= cited


def test_sources_are_sorted_and_not_repeated() -> None:
    """A statement lists its source numbers once each, in ascending order."""
    for _, statement in all_statements():
        assert list(statement.sources) == sorted(set(statement.sources)), statement.text


def test_statement_text_carries_no_citation_marks() -> None:
    """Citation marks are added by renderers, so text itself never contains '[' or ']'."""
    marked = [s.text for _, s in all_statements() if "[" in s.text or "]" in s.text]
    assert marked == []


def test_statements_are_one_or_two_sentences() -> None:
    """Each statement is short: at most two sentences, and never empty."""
    for _, statement in all_statements():
        sentences = [part for part in re.split(r"(?<=[.!?])\s+", statement.text.strip()) if part]
        assert 1 <= len(sentences) <= 2, statement.text


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("rare. it is a condition of the nervous system", (1,)),
        ("long-lasting (chronic)", (1,)),
        ("appears together with a tumour", (2, 3, 4)),
        ("underlying cause is treated", (1, 2, 3)),
        ("unsteady, trembling", (2, 3)),
        ("encephalopathy", (3,)),
        ("lethargy", (3,)),
        ("coxsackie b", (2, 3)),
        ("mycoplasma", (2, 3)),
        ("remains unknown", (2, 3)),
        ("typical signs and symptoms", (3,)),
        ("white blood cells", (3,)),
        ("any three of the following four", (4,)),
        ("anti-hu", (4,)),
        ("helical (spiral) ct", (4,)),
        ("no official recommendations", (0,)),
        ("surgery to remove it", (2,)),
        ("removing the neuroblastoma does not guarantee", (0,)),
        ("paraneoplastic oma", (0,)),
        ("the name oma", (0,)),
        ("comes with a tumour is called paraneoplastic", (2, 3)),
        ("rituximab", (2, 3, 5)),
        ("combination", (2, 3, 5)),
        ("may be less likely in adults", (5,)),
        ("trazodone", (0,)),
        ("neurological impairment (lasting", (3,)),
        ("least severe", (3,)),
        ("happen often", (3,)),
        ("become permanent is highest", (3,)),
        ("anaesthesia", (3,)),
        ("same type as the first treatment", (3,)),
    ],
)
def test_statements_cite_what_the_page_cites(keyword: str, expected: tuple[int, ...]) -> None:
    """The statement carrying a fact has exactly the source numbers the page puts on that fact."""
    matches = [s for _, s in all_statements() if keyword in s.text.lower()]
    assert len(matches) == 1, f"{keyword!r} should appear in exactly one statement"
    assert matches[0].sources == expected


# --- topics: ids, order, lookup -----------------------------------------------------------------


def test_topic_ids_in_display_order() -> None:
    """The six topics come in order: overview, symptoms, causes, diagnosis, treatment, prognosis."""
    assert topics.topic_ids() == EXPECTED_IDS
    assert tuple(topic.id for topic in TOPICS) == EXPECTED_IDS


def test_topic_by_id_matches_topics() -> None:
    """Looking a topic up by its id gives that same topic, and there are no extra ids."""
    assert list(TOPIC_BY_ID) == list(EXPECTED_IDS)
    for topic in TOPICS:
        assert TOPIC_BY_ID[topic.id] is topic


def test_topics_have_title_summary_and_sections() -> None:
    """Every topic has a title, a one-line summary and non-empty, headed sections."""
    for topic in TOPICS:
        assert topic.title.strip()
        assert topic.summary.strip()
        assert "\n" not in topic.summary
        assert topic.sections
        for section in topic.sections:
            assert section.heading.strip()
            assert section.statements


def test_content_date_names_both_update_dates() -> None:
    """The content date says when the page was updated: May 2017, outlook section January 2016."""
    assert "May 2017" in topics.CONTENT_DATE
    assert "January 2016" in topics.CONTENT_DATE


# --- coverage: every fact the page gives, per topic ---------------------------------------------

COVERAGE: dict[str, tuple[str, ...]] = {
    "overview": (
        "rare",
        "nervous system",
        "opsoclonus",
        "myoclonus",
        "ataxia",
        "irritab",
        "sleep",
        "suddenly",
        "severe",
        "chronic",
        "neuroblastoma",
        "infection",
        "virus",
        "bacteria",
        "corticosteroid",
        "acth",
        "adrenocorticotropic hormone",
        "surgery",
        "chemotherapy",
        "radiation",
        "underlying cause",
    ),
    "symptoms": (
        "unsteady",
        "trembling",
        "walk",
        "myoclonus",
        "small shocks",
        "move",
        "agitated",
        "stimulated",
        "at rest",
        "nervous or shaky",
        "face",
        "eyelids",
        "limbs",
        "fingers",
        "head",
        "trunk",
        "sit",
        "stand",
        "opsoclonus",
        "eyes",
        "speaking",
        "eating",
        "sleeping",
        "drool",
        "coordination",
        "rage attacks",
        "tilted",
        "muscle tone",
        "unwell",
        "children",
        "irritability",
        "lethargy",
        "adults",
        "encephalopathy",
    ),
    "causes": (
        "tumour",
        "neuroblastoma",
        "paraneoplastic",
        "viral",
        "influenza",
        "epstein-barr",
        "hepatitis c",
        "hiv",
        "coxsackie b",
        "bacterial",
        "streptococcal",
        "lyme disease",
        "mycoplasma",
        "unknown",
    ),
    "diagnosis": (
        "signs and symptoms",
        "laboratory",
        "antibodies",
        "white blood cells",
        "any three",
        "four criteria",
        "neuroblastoma",
        "nerve tissue",
        "opsoclonus",
        "myoclonus",
        "ataxia",
        "behaviour",
        "sleep",
        "anti-hu",
        "adults",
        "in children they do not",
        "many people",
        "mri",
        "contrast",
        "helical",
        "spiral",
        "ct scan",
        "most efficient",
    ),
    "treatment": (
        "no official",
        "tumour",
        "surgery",
        "chemotherapy",
        "radiation",
        "child",
        "does not guarantee",
        "paraneoplastic oma",
        "wording is unclear",
        "corticosteroids",
        "acth",
        "adrenocorticotropic hormone",
        "intravenous immunoglobulin",
        "ivig",
        "immunosuppressants",
        "azathioprine",
        "immuran",
        "cyclophosphamide",
        "mycophenolate mofetil",
        "rituximab",
        "combination",
        "less likely in adults than in children",
        "trazodone",
        "sleep problems",
        "rage attacks",
    ),
    "prognosis": (
        "full recovery",
        "neurological impairment",
        "infection",
        "neuroblastoma",
        "least severe",
        "normal",
        "moderate",
        "myoclonus",
        "coordination",
        "learning",
        "behaviour",
        "severe",
        "permanent",
        "relapse",
        "illness",
        "fever",
        "stress",
        "medicine",
        "anaesthesia",
        "stopping immunotherapy",
        "immunizations",
        "happen often",
        "several of them",
        "many years",
        "same type as the first treatment",
    ),
}


@pytest.mark.parametrize("topic_id", EXPECTED_IDS)
def test_topic_covers_every_fact_of_the_page(topic_id: str) -> None:
    """Each topic mentions every fact the page gives for it (keywords from the page's content)."""
    text = topic_text(TOPIC_BY_ID[topic_id])
    missing = [keyword for keyword in COVERAGE[topic_id] if keyword not in text]
    assert missing == []


def test_no_letter_writer_framing() -> None:
    """The page's question-and-answer letter framing is left out of the content."""
    for _, statement in all_statements():
        lowered = statement.text.lower()
        assert "warm regards" not in lowered
        assert "information specialist" not in lowered
        assert not lowered.startswith("i ")


# --- sources_cited_by_topic ---------------------------------------------------------------------


def test_sources_cited_by_topic_matches_statements() -> None:
    """The map lists exactly, for each source number, the topics whose statements cite it."""
    expected: dict[int, set[str]] = {}
    for topic_id, statement in all_statements():
        for n in statement.sources:
            expected.setdefault(n, set()).add(topic_id)
    result = topics.sources_cited_by_topic()
    assert {n: set(ids) for n, ids in result.items()} == expected


def test_sources_cited_by_topic_is_ordered() -> None:
    """Source numbers ascend, and each one's topics appear once each in display order."""
    result = topics.sources_cited_by_topic()
    assert list(result) == sorted(result)
    for ids in result.values():
        assert list(ids) == [topic_id for topic_id in EXPECTED_IDS if topic_id in ids]


def test_sources_cited_by_topic_spot_checks() -> None:
    """Orphanet [4] backs the overview and diagnosis; UpToDate [5] only treatment."""
    result = topics.sources_cited_by_topic()
    assert result[4] == ("overview", "diagnosis")
    assert result[5] == ("treatment",)


# --- own wording --------------------------------------------------------------------------------


def test_topics_are_written_in_own_words() -> None:
    """The copy checker finds no run of 8+ words shared with the reference page."""
    checker = page.copy_checker()  # skipped, saying why, where there is no ../shared
    result = subprocess.run(
        [sys.executable, str(checker), "oms_cli/content/topics.py", "tests/test_topics.py"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- find_topic and INTRO ----------------------------------------------------------------------


def test_find_topic_ignores_case_and_surrounding_spaces() -> None:
    """'prognosis', 'Prognosis' and ' PROGNOSIS ' all find the prognosis topic."""
    for name in ("prognosis", "Prognosis", " PROGNOSIS "):
        assert topics.find_topic(name) is TOPIC_BY_ID["prognosis"]


@pytest.mark.parametrize("name", ["", "outcome", "progn", "prognosis!"])
def test_find_topic_rejects_other_names(name: str) -> None:
    """A name that is not a topic id (after case and spaces) raises UnknownTopicError."""
    with pytest.raises(topics.UnknownTopicError):
        topics.find_topic(name)


def test_intro_is_the_overviews_first_section() -> None:
    """The short overview of `oms info` reuses the overview topic's first section, not new text."""
    assert topics.INTRO is TOPIC_BY_ID["overview"].sections[0].statements
