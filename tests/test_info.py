"""Tests for `oms info` (patient information) and `oms sources`, in text, markdown and json."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Sequence

import pytest
import textstat

from oms_cli import content
from oms_cli.cli.options import complete_topic
from oms_cli.content.sources import SOURCE_BY_N, SOURCES, cite
from oms_cli.content.topics import (
    CONTENT_DATE,
    INTRO,
    PROVENANCE,
    TOPIC_BY_ID,
    TOPICS,
    Statement,
    Topic,
    sources_cited_by_topic,
)
from oms_cli.exitcodes import ExitCode
from oms_cli.views import json_object as report
from oms_cli.views import pager, wording
from tests.conftest import Invoke, golden
from tests.test_pty import OMS, SMALL, Terminal

TOPIC_IDS = [topic.id for topic in TOPICS]
REFERENCE_KEYS = ("n", "label", "author", "title", "publisher", "date", "url")


def flat(text: str) -> str:
    """Text with every run of whitespace made one space, so wrapped lines compare as one."""
    return " ".join(text.split())


def statements_of(topic: Topic) -> list[Statement]:
    """Every statement of one topic, in order (its notes on the page itself last)."""
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
    """Each statement of the topic appears in full, followed by its citation marks (if any)."""
    shown = flat(cli("info", topic_id).stdout)
    topic = next(topic for topic in TOPICS if topic.id == topic_id)
    for statement in statements_of(topic):
        assert f"{statement.text} {cite(statement.sources)}".rstrip() in shown
    for section in topic.main_sections:
        assert section.heading in shown


@pytest.mark.parametrize("args", [(), ("prognosis",), ("--all",)])
def test_text_shows_content_date_and_disclaimer(cli: Invoke, args: tuple[str, ...]) -> None:
    """Every info output with facts of the page says once when the page was last updated.

    In one provenance line at the end (issue 27), with a calm note that later research may have
    changed some of it; the disclaimer that follows no longer repeats the date. "2017" appears
    twice: in the page's entry among the sources and in that line (it was three times).
    """
    shown = flat(cli("info", *args).stdout)
    assert shown.count("About the source: ") == 1
    assert f"{PROVENANCE} {content.DISCLAIMER_SHORT}" in shown
    assert "may have changed" in shown
    assert shown.endswith(f"{content.DISCLAIMER_SHORT} [GARD]")
    assert flat(content.DISCLAIMER) not in shown
    assert shown.count("2017") == 2
    assert shown.count("May 2017") == 1


def test_the_questions_alone_say_no_date_of_the_page(cli: Invoke) -> None:
    """`oms info visit` restates nothing of the page, so no provenance line, only the disclaimer."""
    shown = flat(cli("info", "visit").stdout)
    assert "About the source" not in shown
    assert PROVENANCE not in shown
    assert shown.endswith(f"{content.DISCLAIMER_SHORT} [GARD]")


@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_the_pages_notes_on_itself_are_said_once_in_the_provenance_line(
    cli: Invoke, output_format: str
) -> None:
    """The page's other name for OMS and the sentence this tool gives no reading of: said once.

    Not among the topic's sections (issue 27), but in the provenance line at the end, the page's
    words with their [GARD], then the tool's note, then where the facts come from.
    """
    treatment = TOPIC_BY_ID["treatment"]
    shown = flat(cli("info", "treatment", "--format", output_format).stdout.replace("*", ""))
    notes = [f"{s.text} {cite(s.sources)}".rstrip() for s in treatment.page_notes]
    about = f"About the source: {' '.join([*notes, PROVENANCE])}"
    assert shown.count(about) == 1
    for note in treatment.page_notes:
        assert shown.count(note.text) == 1
    assert "About the page" not in shown
    assert shown.index(about) > shown.rindex("[5]")  # after the topic and its sources


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
    nothing, ends with its own words); the provenance line (with the page's notes on itself, if
    any) and the disclaimer close the document.
    """
    topic = next(topic for topic in TOPICS if topic.id == topic_id)
    result = cli("info", topic_id, "--format", "markdown")
    assert result.exit_code == 0
    sections = [f"## {s.heading}" for s in topic.main_sections]
    assert headings(result.stdout) == [f"# {topic.title}", *sections, "## Sources"]
    lines = result.stdout.splitlines()
    for section in topic.main_sections:
        for statement in section.statements:
            marks = cite(statement.sources)
            assert (f"- {statement.text} {marks}" if marks else f"- {statement.text}") in lines
    if any(statement.sources for statement in statements_of(topic)):
        assert lines[-5].startswith("**About the source:** ")
        assert lines[-5].endswith(PROVENANCE)
    assert result.stdout.endswith(f"*{content.DISCLAIMER_SHORT}* [GARD]\n")


def test_markdown_all_nests_topics_under_one_title(cli: Invoke) -> None:
    """`--all` in Markdown: one '#' title, each topic '##' with its sections '###'."""
    markdown = cli("info", "--all", "--format", "markdown").stdout
    expected = [f"# {wording.INFO_TITLE}"]
    for topic in TOPICS:
        expected += [f"## {topic.title}"] + [f"### {s.heading}" for s in topic.main_sections]
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
    """`--all` in JSON: every topic in order, each with its sections."""
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


def source_details() -> dict[str, tuple[tuple[str, str], ...]]:
    """Each source's details as `oms sources` lists them, by its label."""
    [entries] = wording.sources_page().parts
    assert isinstance(entries, wording.Entries)
    return {label: details for label, _, details in entries.items}


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
    details = source_details()
    for block, source in zip(blocks, SOURCES, strict=True):
        for name, value in details[source.label]:
            assert f"{name}: {value}" in block
        assert f"Cited by topics: {', '.join(cited_by[source.n])}" in block


def test_source_fields_leave_out_empty_details() -> None:
    """The page has no author or URL, so neither is listed; a reference with all details has all."""
    details = source_details()
    page = [name for name, _ in details[SOURCE_BY_N[0].label]]
    assert page == ["Publisher", "Date", "Cited by topics"]
    full = [name for name, _ in details[SOURCE_BY_N[5].label]]
    assert full == ["Author", "Publisher", "Date", "URL", "Cited by topics"]


def test_source_line_adds_no_full_stop_after_a_question_mark() -> None:
    """A title ending in '?' is followed by a space, not '?.'."""
    line = wording.source_line(SOURCE_BY_N[3])
    assert "Syndrome? Opsoclonus-Myoclonus U.S.A." in line
    assert "?." not in line


# --- reading level (issue 27) -------------------------------------------------------------------

READING_GRADE = 8
"""The highest US school grade `oms info` may need (Flesch-Kincaid), for a parent to read it."""


def read_text(shown: Sequence[Topic] | None) -> str:
    """The prose a person reads in `oms info` (``None``: the overview and list), as one text.

    Taken from the view that the text and Markdown outputs lay out (`wording.info_page`), so it
    is the words as shown, without citation marks (the renderers add them) and without layout:
    the short overview; each topic's summary (in the list, or as the lead under its title) as the
    sentence it is read as; every statement of every section shown; the provenance line (the
    page's notes on itself, the tool's note, where the facts come from and when); the disclaimer.
    Left out: titles and headings (labels, not sentences: run into the text they would make
    sentences of their words), the list of sources (bibliographic entries: titles, publishers and
    addresses the tool cannot reword) and the hint, which names commands.
    """
    view = wording.info_page(shown)
    parts: list[str] = []
    for part in view.parts:
        match part:
            case wording.Bullets(_, statements):
                parts += [statement.text for statement in statements]
            case wording.Listing(_, items):
                parts += [f"{summary}." for _, summary in items]
            case wording.Chapter(_, summary, sections):
                parts.append(f"{summary}.")
                parts += [s.text for section in sections for s in section.lines]
    parts += [statement.text for statement in view.about or ()]
    parts.append(view.closing.text)
    return " ".join(parts)


@pytest.mark.parametrize("topic_id", [None, *TOPIC_IDS, "--all"])
def test_info_reads_at_or_below_grade_8(topic_id: str | None) -> None:
    """Every `oms info` output, the overview and each topic, reads at US grade 8 or below.

    Measured with textstat's Flesch-Kincaid grade over the text `read_text` gives (the statements
    as a person reads them, without citation marks). The topics read at about grade 11 before
    issue 27 (overview 10.6, prognosis 10.7, the overview without a topic 12.0).
    """
    if topic_id is None:
        shown = None
    elif topic_id == "--all":
        shown = TOPICS
    else:
        shown = (TOPIC_BY_ID[topic_id],)
    text = read_text(shown)
    assert "[" not in text  # no citation mark is measured
    assert textstat.lexicon_count(text) > 100  # a real text, not an empty one that scores 0
    assert textstat.flesch_kincaid_grade(text) <= READING_GRADE


def test_the_reading_level_check_can_fail() -> None:
    """The measure finds a sentence of the old wording above grade 8: the check is not vacuous."""
    old = (
        "Among the medicines that may be used are corticosteroids or the hormone ACTH "
        "(adrenocorticotropic hormone), and human intravenous immunoglobulin (IVIG). Medicines "
        "that suppress the immune system (immunosuppressants) may also be used, such as "
        "rituximab, mycophenolate mofetil, cyclophosphamide or immuran."
    )
    assert textstat.flesch_kincaid_grade(old) > READING_GRADE


# --- the pager's prompt (issue 27) --------------------------------------------------------------


def test_the_pager_is_given_a_prompt_that_says_how_to_page_and_quit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no LESS of the user's own, less gets git's options and a prompt naming the keys."""
    started: list[dict[str, str]] = []

    class Pager:
        """A pager that reads everything and ends well, remembering the environment it got."""

        returncode = 0

        def __init__(self, command: list[str], **options: object) -> None:
            started.append(options["env"])  # type: ignore[arg-type]  # the environment given

        def communicate(self, data: bytes) -> None:
            """Read the text."""

    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.delenv("LESS", raising=False)
    monkeypatch.setattr("subprocess.Popen", Pager)
    pager.UserPager(io.StringIO(), 24).show("line\n" * 30)
    [env] = started
    assert env["LESS"] == r"FRX -Ps?e(END) :Space\: next page, .b\: back, q\: quit$"
    monkeypatch.setenv("LESS", "-M")
    started.clear()
    pager.UserPager(io.StringIO(), 24).show("line\n" * 30)
    assert started[0]["LESS"] == "-M"  # the user's own LESS is kept as it is


def test_at_80x24_the_pager_says_how_to_page_and_quit(monkeypatch: pytest.MonkeyPatch) -> None:
    """`oms info --all` in a real terminal through the default pager: the prompt names the keys.

    "Space: next page, b: back, q: quit" on the first screen, "(END) b: back, q: quit" at the end
    (less's own prompt was a bare ":").
    """
    if shutil.which("less") is None or not OMS.exists():
        pytest.skip("less or the console script oms is not installed")
    monkeypatch.delenv("PAGER", raising=False)  # the default pager, not the test run's own
    monkeypatch.delenv("LESS", raising=False)
    term = Terminal("info", "--all", size=SMALL)
    try:
        term.expect("patient information")
        term.expect("Space: next page, b: back, q: quit")
        term.press("G")  # to the end
        term.expect("(END) b: back, q: quit")
        term.press("q")
        assert term.wait() == ExitCode.OK
    finally:
        term.close()
