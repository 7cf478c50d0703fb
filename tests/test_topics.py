"""Tests for the patient-information topics: citations, order, coverage and own wording."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import textstat

from oms_cli import content
from oms_cli.content import topics
from oms_cli.content.sources import SOURCE_BY_N
from oms_cli.content.topics import GLOSSARY, TOPIC_BY_ID, TOPICS, Statement, Topic
from tests import page

EXPECTED_IDS = (
    "overview",
    "symptoms",
    "causes",
    "diagnosis",
    "treatment",
    "prognosis",
    "visit",
)
OWN_TOPICS = ("visit",)
"""The topics in this tool's own words, not the page's: they cite nothing and say so once."""
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
    """No statement is left without a source number, but the tool's own words, which cite none.

    A note of the tool's own (a gloss, a judgement of the page's wording) says so first and
    carries no number of the page (issue 23); so does the whole topic of questions for the doctor,
    which says so once, in its first statement (issue 27). Everything else is the page's and cites
    it.
    """
    for topic_id, statement in all_statements():
        own = topic_id in OWN_TOPICS or statement.text.startswith(topics.TOOL_NOTE)
        assert bool(statement.sources) is not own, statement.text
    notes = [topic_id for topic_id, s in all_statements() if s.text.startswith(topics.TOOL_NOTE)]
    assert notes == ["treatment", "treatment", "visit"]


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
        ("usually linked to one of two things", (2, 3, 4)),
        ("cause of their oms is treated", (1, 2, 3)),
        ("unsteady, trembling", (2, 3)),
        ("encephalopathy", (3,)),
        ("lethargy", (3,)),
        ("coxsackie b", (2, 3)),
        ("mycoplasma", (2, 3)),
        ("cause is not known", (2, 3)),
        ("typical signs and symptoms", (3,)),
        ("white blood cells", (3,)),
        ("any three of these four", (4,)),
        ("anti-hu", (4,)),
        ("spiral (helical) ct", (4,)),
        ("found in many people with oms", (4,)),
        ("no official guidelines", (0,)),
        ("surgery to remove it", (2,)),
        ("removing the neuroblastoma", (0,)),
        ("some adults with oma", (0,)),
        ("another name for oms", (0,)),
        ("linked to a tumour is called a paraneoplastic", (2, 3)),
        ("rituximab", (2, 3, 5)),
        ("combination", (2, 3, 5)),
        ("may be less likely in adults", (5,)),
        ("trazodone", (0,)),
        ("lasting problems with how the brain", (3,)),
        ("mildest", (3,)),
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
    """The topics come in order: overview, symptoms, causes, diagnosis, treatment, prognosis, visit.

    The questions for the doctor come last: they draw on every topic before them.
    """
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
    """The content date says when the page was updated: May 2017, outlook section January 2016.

    So does the provenance line that `oms info` ends with, which adds that it may be dated.
    """
    for said in (topics.CONTENT_DATE, topics.PROVENANCE):
        assert "May 2017" in said
        assert "January 2016" in said
    assert "may have changed" in topics.PROVENANCE


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
        "hormone",
        "surgery",
        "chemotherapy",
        "radiation",
        "cause of their oms",
    ),
    "symptoms": (
        "unsteady",
        "trembling",
        "walk",
        "myoclonus",
        "small shocks",
        "move",
        "upset",
        "stirred up",
        "at rest",
        "nervous or shaky",
        "face",
        "eyelids",
        "arms and legs",
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
        "virus",
        "influenza",
        "epstein-barr",
        "hepatitis c",
        "hiv",
        "coxsackie b",
        "bacteria",
        "streptococcal",
        "lyme disease",
        "mycoplasma",
        "not known",
    ),
    "diagnosis": (
        "signs and symptoms",
        "lab tests",
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
        "in children, it does not",
        "many people",
        "mri",
        "contrast",
        "helical",
        "spiral",
        "ct (",
        "most efficient",
    ),
    "treatment": (
        "no official",
        "tumour",
        "surgery",
        "chemotherapy",
        "radiation",
        "child",
        "does not always",
        "some adults with oma",
        "is unclear",
        "corticosteroids",
        "acth",
        "hormone",
        "into a vein",
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
        "recover fully",
        "lasting problems with how the brain and nerves work",
        "infection",
        "neuroblastoma",
        "mildest",
        "normal",
        "moderate",
        "myoclonus",
        "clumsiness",
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
        "vaccinations",
        "happen often",
        "several of them",
        "many years",
        "same type as the first treatment",
    ),
    # the page's topics, as questions a family may ask: diagnosis, tests, treatment, relapses,
    # outlook, support
    "visit": (
        "diagnosis",
        "tests or scans",
        "tumour",
        "treatment",
        "side effects",
        "coming back",
        "fevers",
        "vaccinations",
        "coming months",
        "learning or behaviour",
        "families",
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


def test_topics_are_written_in_own_words(tmp_path: Path) -> None:
    """The copy checker finds no run of 8+ words shared with the reference page.

    It reads the statements as shown (their plain words filled in) and the data file they are
    written in.
    """
    checker = page.copy_checker()  # skipped, saying why, where there is no ../shared
    shown = tmp_path / "topics.txt"
    shown.write_text("\n".join(s.text for _, s in all_statements()), encoding="utf-8")
    paths = [str(shown), "oms_cli/content/topics.json", "tests/test_topics.py"]
    result = subprocess.run(
        [sys.executable, str(checker), *paths],
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


# --- plain words (issue 27) ---------------------------------------------------------------------

TERM = {
    term: re.compile(rf"\b{re.escape(term)}\b", 0 if term.isupper() else re.IGNORECASE)
    for term in GLOSSARY
}
"""Each explained word as a whole word; an abbreviation only in capitals ("CT", not "ACTH")."""


SYNDROME = re.compile("opsoclonus-myoclonus", re.IGNORECASE)
"""The syndrome's name, which holds two findings' names without using them as words."""


def first_uses() -> dict[tuple[str, str], Statement]:
    """For each topic and each word of `GLOSSARY` it uses, the statement that first uses it."""
    found: dict[tuple[str, str], Statement] = {}
    for topic_id, statement in all_statements():
        text = SYNDROME.sub("", statement.text)
        for term, pattern in TERM.items():
            if pattern.search(text):
                found.setdefault((topic_id, term), statement)
    return found


def test_each_medical_word_is_explained_where_a_topic_first_uses_it() -> None:
    """The statement that first uses a medical word in a topic holds its plain words.

    Either the words of `GLOSSARY` ("ACTH (a hormone that tells the body to make its own
    steroids)"), or the page's description of a sign with the word after it in brackets ("fast eye
    movements in many directions (opsoclonus)"). A medicine named as an example is explained by
    what it is an example of.
    """
    unexplained = [
        (topic_id, term, statement.text)
        for (topic_id, term), statement in first_uses().items()
        if GLOSSARY[term].lower() not in statement.text.lower()
        and not re.search(rf"\w \({re.escape(term)}\)", statement.text, re.IGNORECASE)
    ]
    assert unexplained == []
    explained = {term for _, term in first_uses()}
    brief = {"opsoclonus", "myoclonus", "ataxia", "neuroblastoma", "corticosteroids", "ACTH"}
    brief |= {"immunosuppressants", "IVIG", "rituximab", "MRI", "CT", "chemotherapy"}
    assert brief <= explained


def test_a_findings_plain_words_are_its_one_definition() -> None:
    """The glossary explains a finding by its one definition (`content.FINDING_TEXT`), no other."""
    for text in content.FINDING_TEXT.values():
        if text.label in GLOSSARY:
            assert GLOSSARY[text.label] == text.definition
    assert {"opsoclonus", "myoclonus", "ataxia", "neuroblastoma"} <= set(GLOSSARY)


EVERYDAY = frozenset(
    {
        "bacteria",
        "combination",
        "coordination",
        "criterion",  # one of the criteria, explained with them
        "diagnosis",
        "impossible",
        "irregular",
        "operation",
        "opsoclonus-myoclonus",  # the syndrome's name, which the overview explains
        "uncomfortable",
        "unusual",
        "usually",
        "vaccinations",
    }
)
"""Words of four syllables or more that a reader at grade 8 knows without help."""


def test_no_long_word_is_left_unexplained() -> None:
    """Every word of four or more syllables is an everyday word or a word the topics explain.

    Syllables as the reading-level test counts them (textstat); a new medical word fails here
    until it is explained (added to `GLOSSARY`) or shown to be an everyday word.
    """
    explained = {word.lower() for term in GLOSSARY for word in term.split()}
    long_words = {
        word.lower()
        for _, statement in all_statements()
        for word in re.findall(r"[A-Za-z][A-Za-z'-]*", statement.text)
        if textstat.syllable_count(word) >= 4
    }
    assert long_words - explained - EVERYDAY == set()
    assert long_words >= EVERYDAY  # no word is listed here that the topics no longer use


CALM = re.compile(
    r"\b(cure[sd]?|guarantee[sd]?|promise[sd]?|fatal|deadly|death|die[sd]?|dangerous|emergency"
    r"|terrible|frightening|will (?:recover|get better|be fine))\b",
    re.IGNORECASE,
)
"""Words that alarm or promise: no topic uses them (the page does not either)."""


def test_topics_never_alarm_and_never_promise() -> None:
    """No statement of any topic, the questions included, alarms or promises."""
    assert [s.text for _, s in all_statements() if CALM.search(s.text)] == []
    assert CALM.search("Treatment will get better results") is not None  # the check can fail


def test_the_questions_for_the_doctor_are_the_tools_own_and_say_so_once() -> None:
    """`visit`: questions in the tool's own words, uncited, marked once as the tool's own.

    Its first statement says that the questions are this tool's own and cite nothing; every other
    statement is a question, and no other says where it comes from.
    """
    visit = TOPIC_BY_ID["visit"]
    statements = [s for section in visit.sections for s in section.statements]
    first, *questions = statements
    assert first.text.startswith(topics.TOOL_NOTE)
    assert "cite no source" in first.text
    assert len(questions) >= 12
    for question in questions:
        assert question.text.endswith("?"), question.text
        assert question.sources == ()
        assert "this tool" not in question.text
    assert visit.page_notes == ()


def test_the_page_notes_are_the_treatment_topics_last_section() -> None:
    """What the page says about itself is kept apart from the topic, in its last section."""
    treatment = TOPIC_BY_ID["treatment"]
    assert treatment.sections[-1].heading == topics.ABOUT_THE_PAGE
    assert treatment.page_notes == treatment.sections[-1].statements
    assert treatment.main_sections == treatment.sections[:-1]
    assert [topic.id for topic in TOPICS if topic.page_notes] == ["treatment"]
    for topic in TOPICS:
        assert topics.ABOUT_THE_PAGE not in [s.heading for s in topic.main_sections]
