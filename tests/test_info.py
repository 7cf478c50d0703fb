"""Tests for `oms info` (patient information) and `oms sources`, in text, markdown and json."""

from __future__ import annotations

import json
import re

import pytest

from oms_cli import content
from oms_cli.cli.options import complete_topic
from oms_cli.content.sources import SOURCE_BY_N, SOURCES, cite
from oms_cli.content.topics import (
    CONTENT_DATE,
    INTRO,
    TOPICS,
    Statement,
    Topic,
    sources_cited_by_topic,
)
from oms_cli.views import json_object as report
from oms_cli.views import wording
from tests.conftest import Invoke, golden

TOPIC_IDS = [topic.id for topic in TOPICS]
REFERENCE_KEYS = ("n", "label", "author", "title", "publisher", "date", "url")


def flat(text: str) -> str:
    """Text with every run of whitespace made one space, so wrapped lines compare as one."""
    return " ".join(text.split())


def statements_of(topic: Topic) -> list[Statement]:
    """Every statement of one topic, in order."""
    return [statement for section in topic.sections for statement in section.statements]


def cited_numbers(statements: list[Statement]) -> set[int]:
    """The source numbers a list of statements cites, plus the disclaimer's."""
    return {n for statement in statements for n in statement.sources} | set(
        content.DISCLAIMER_SOURCES
    )


# --- text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("topic_id", TOPIC_IDS)
def test_topic_text_matches_golden_file(cli: Invoke, topic_id: str) -> None:
    """`oms info TOPIC` at width 100 prints exactly tests/golden/info-TOPIC.txt and exits 0."""
    result = cli("info", topic_id)
    assert result.exit_code == 0
    golden(f"info-{topic_id}.txt", result.stdout)


def test_index_text_matches_golden_file(cli: Invoke) -> None:
    """`oms info` without a topic prints exactly tests/golden/info.txt and exits 0."""
    result = cli("info")
    assert result.exit_code == 0
    golden("info.txt", result.stdout)


@pytest.mark.parametrize("topic_id", TOPIC_IDS)
def test_topic_text_shows_every_statement_with_its_citation(cli: Invoke, topic_id: str) -> None:
    """Each statement of the topic appears in full, followed by its citation marks."""
    shown = flat(cli("info", topic_id).stdout)
    topic = next(topic for topic in TOPICS if topic.id == topic_id)
    for statement in statements_of(topic):
        assert f"{statement.text} {cite(statement.sources)}" in shown
    for section in topic.sections:
        assert section.heading in shown


@pytest.mark.parametrize("args", [(), ("prognosis",), ("--all",)])
def test_text_shows_content_date_and_disclaimer(cli: Invoke, args: tuple[str, ...]) -> None:
    """Every info output shows the content's date, that it may be dated, and the disclaimer."""
    shown = flat(cli("info", *args).stdout)
    assert CONTENT_DATE in shown
    assert "may not reflect later knowledge" in shown
    assert flat(content.DISCLAIMER) in shown


def test_index_lists_each_topic_on_one_line_with_its_summary(cli: Invoke) -> None:
    """`oms info` gives the short overview, then one line per topic: its id and summary."""
    lines = cli("info").stdout.splitlines()
    for topic in TOPICS:
        matching = [line for line in lines if line.startswith(f"{topic.id} ")]
        assert len(matching) == 1
        assert flat(matching[0]) == f"{topic.id} {topic.summary}"
    shown = flat(cli("info").stdout)
    for statement in INTRO:
        assert f"{statement.text} {cite(statement.sources)}" in shown
    assert "oms info --all" in shown


def test_all_shows_every_topic_in_order(cli: Invoke) -> None:
    """`oms info --all` shows every topic's title, in display order, and every statement."""
    result = cli("info", "--all")
    assert result.exit_code == 0
    positions = [result.stdout.index(topic.title.upper()) for topic in TOPICS]
    assert positions == sorted(positions)
    shown = flat(result.stdout)
    for topic in TOPICS:
        for statement in statements_of(topic):
            assert statement.text in shown


@pytest.mark.parametrize("topic_id", TOPIC_IDS)
def test_text_lists_exactly_the_sources_it_cites(cli: Invoke, topic_id: str) -> None:
    """The Sources part of a topic lists each cited source once, and no source it does not cite."""
    topic = next(topic for topic in TOPICS if topic.id == topic_id)
    listing = cli("info", topic_id).stdout.split("\nSources\n")[1]
    labels = re.findall(r"^(\[\w+\])", listing, flags=re.MULTILINE)
    expected = [SOURCE_BY_N[n].label for n in sorted(cited_numbers(statements_of(topic)))]
    assert labels == expected


def test_topic_name_ignores_case_and_spaces(cli: Invoke) -> None:
    """`oms info " Prognosis "` shows the prognosis topic, as `oms info prognosis` does."""
    assert cli("info", " Prognosis ").stdout == cli("info", "prognosis").stdout


# --- errors -------------------------------------------------------------------------------------


def test_unknown_topic_exits_2_naming_valid_topics(cli: Invoke) -> None:
    """An unknown topic: exit 2, nothing on stdout, one stderr line naming every valid topic."""
    result = cli("info", "outcome")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("oms: error: unknown topic 'outcome'")
    assert result.stderr.count("\n") == 1
    for topic_id in TOPIC_IDS:
        assert topic_id in result.stderr


def test_unknown_topic_never_echoes_escape_sequences(cli: Invoke) -> None:
    """A topic name carrying an escape sequence is shown with the escape made visible."""
    result = cli("info", "\x1b[31mred")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert "'\\x1b[31mred'" in result.stderr


def test_topic_and_all_together_is_a_usage_error(cli: Invoke) -> None:
    """Giving a topic and --all: exit 2 with a message, nothing on stdout."""
    result = cli("info", "prognosis", "--all")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--all" in result.stderr


# --- help and completion ------------------------------------------------------------------------


def test_help_lists_exactly_the_topics(cli: Invoke) -> None:
    """`oms info --help` lists exactly the topics, in order: for TOPIC and after the examples."""
    shown = flat(cli("info", "--help").stdout.replace("│", " "))
    listed = re.findall(r"(?:One of|Topics): ([a-z, ]+)\.", shown)
    assert [names.split(", ") for names in listed] == [TOPIC_IDS, TOPIC_IDS]
    assert "--all" in shown


def test_completion_offers_matching_topics() -> None:
    """Shell completion of TOPIC offers the ids starting with what was typed."""
    assert complete_topic("") == TOPIC_IDS
    assert complete_topic("pr") == ["prognosis"]
    assert complete_topic("zz") == []


# --- markdown -----------------------------------------------------------------------------------


def headings(markdown: str) -> list[str]:
    """The Markdown headings of a document, in order."""
    return [line for line in markdown.splitlines() if line.startswith("#")]


@pytest.mark.parametrize("topic_id", TOPIC_IDS)
def test_markdown_topic_structure(cli: Invoke, topic_id: str) -> None:
    """A topic in Markdown: '#' title, '##' sections, '## Sources'; cited bullets; date, disclaimer.

    Each statement is a bullet ending in its citation marks (a note of the tool's own, which cites
    nothing, ends with its own words); the content date and the disclaimer close the document.
    """
    topic = next(topic for topic in TOPICS if topic.id == topic_id)
    result = cli("info", topic_id, "--format", "markdown")
    assert result.exit_code == 0
    expected = [f"# {topic.title}"] + [f"## {s.heading}" for s in topic.sections] + ["## Sources"]
    assert headings(result.stdout) == expected
    lines = result.stdout.splitlines()
    for statement in statements_of(topic):
        marks = cite(statement.sources)
        assert (f"- {statement.text} {marks}" if marks else f"- {statement.text}") in lines
    assert f"{CONTENT_DATE}." in result.stdout
    assert result.stdout.endswith(f"*{content.DISCLAIMER}* [GARD]\n")


def test_markdown_all_nests_topics_under_one_title(cli: Invoke) -> None:
    """`--all` in Markdown: one '#' title, each topic '##' with its sections '###'."""
    markdown = cli("info", "--all", "--format", "markdown").stdout
    expected = [f"# {wording.INFO_TITLE}"]
    for topic in TOPICS:
        expected += [f"## {topic.title}"] + [f"### {s.heading}" for s in topic.sections]
    assert headings(markdown) == [*expected, "## Sources"]


def test_markdown_index_lists_topics(cli: Invoke) -> None:
    """`oms info` in Markdown: title, the short overview, and a '## Topics' list of ids."""
    markdown = cli("info", "--format", "markdown").stdout
    assert headings(markdown) == [f"# {wording.INFO_TITLE}", "## Topics", "## Sources"]
    for topic in TOPICS:
        assert f"- `{topic.id}`: {topic.summary}" in markdown


# --- json ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("topic_id", TOPIC_IDS)
def test_json_topic_structure(cli: Invoke, topic_id: str) -> None:
    """A topic in JSON: envelope keys, sections and statements as in the data, its sources."""
    topic = next(topic for topic in TOPICS if topic.id == topic_id)
    result = cli("info", topic_id, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == [
        "schema_version",
        "topics",
        "sources",
        "content_date",
        "disclaimer",
        "tool",
    ]
    assert data["schema_version"] == 1
    assert data["content_date"] == CONTENT_DATE
    assert data["disclaimer"] == content.DISCLAIMER
    [shown] = data["topics"]
    assert (shown["id"], shown["title"], shown["summary"]) == (topic.id, topic.title, topic.summary)
    assert [section["heading"] for section in shown["sections"]] == [
        section.heading for section in topic.sections
    ]
    statements = [s for section in shown["sections"] for s in section["statements"]]
    assert statements == [
        {"text": s.text, "sources": list(s.sources)} for s in statements_of(topic)
    ]
    assert [source["n"] for source in data["sources"]] == sorted(
        cited_numbers(statements_of(topic))
    )


def test_json_all_has_every_topic(cli: Invoke) -> None:
    """`--all` in JSON: all six topics in order, each with its sections."""
    data = json.loads(cli("info", "--all", "--format", "json").stdout)
    assert [topic["id"] for topic in data["topics"]] == TOPIC_IDS
    assert all(topic["sections"] for topic in data["topics"])


def test_json_index_has_intro_and_topic_headings(cli: Invoke) -> None:
    """`oms info` in JSON: the short overview as `intro`, topics as id, title and summary only."""
    data = json.loads(cli("info", "--format", "json").stdout)
    assert data["intro"] == [{"text": s.text, "sources": list(s.sources)} for s in INTRO]
    assert data["topics"] == [
        {"id": topic.id, "title": topic.title, "summary": topic.summary} for topic in TOPICS
    ]


# --- oms sources --------------------------------------------------------------------------------


def test_sources_json_keeps_reference_keys_and_adds_citing_topics(cli: Invoke) -> None:
    """`oms sources --format json`: page first, then 1-5, each with the topics citing it.

    Each entry keeps the keys of `source_dict` and adds `kind` and `cited_by_topics`, the topics
    whose statements cite that source.
    """
    result = cli("sources", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    cited_by = sources_cited_by_topic()
    assert [source["n"] for source in data["sources"]] == [0, 1, 2, 3, 4, 5]
    for entry, source in zip(data["sources"], SOURCES, strict=True):
        assert {key: entry[key] for key in REFERENCE_KEYS} == report.source_dict(source)
        assert entry["kind"] == ("page" if source.n == 0 else "reference")
        assert entry["cited_by_topics"] == list(cited_by[source.n])
    assert data["content_date"] == CONTENT_DATE


def test_sources_text_matches_golden_file(cli: Invoke) -> None:
    """`oms sources` at width 100 prints exactly tests/golden/sources.txt."""
    result = cli("sources")
    assert result.exit_code == 0
    golden("sources.txt", result.stdout)


@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_sources_show_every_detail_and_citing_topics(cli: Invoke, output_format: str) -> None:
    """Text and Markdown list every source, page first, with all its details and citing topics.

    Details are the author, publisher, date and URL where given.
    """
    shown = flat(cli("sources", "--format", output_format).stdout)
    cited_by = sources_cited_by_topic()
    positions = [shown.index(f"{source.label} {source.title}") for source in SOURCES]
    assert positions == sorted(positions)
    ends = [*positions[1:], None]
    blocks = [shown[start:end] for start, end in zip(positions, ends, strict=True)]
    for block, source in zip(blocks, SOURCES, strict=True):
        for name, value in wording.source_fields(source):
            assert f"{name}: {value}" in block
        assert f"Cited by topics: {', '.join(cited_by[source.n])}" in block


def test_source_fields_leave_out_empty_details() -> None:
    """The page has no author or URL, so neither is listed; a reference with all details has all."""
    page = [name for name, _ in wording.source_fields(SOURCE_BY_N[0])]
    assert page == ["Publisher", "Date"]
    full = [name for name, _ in wording.source_fields(SOURCE_BY_N[5])]
    assert full == ["Author", "Publisher", "Date", "URL"]


def test_source_line_adds_no_full_stop_after_a_question_mark() -> None:
    """A title ending in '?' is followed by a space, not '?.'."""
    line = wording.source_line(SOURCE_BY_N[3])
    assert "Syndrome? Opsoclonus-Myoclonus U.S.A." in line
    assert "?." not in line
