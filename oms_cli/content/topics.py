"""Patient information about opsoclonus-myoclonus syndrome (OMS), shown by ``oms info [TOPIC]``.

The topics are data (`topics.json`), ``$word`` in a statement filled in by `fill`.
"""

from dataclasses import dataclass
from string import Template
from typing import Any

from oms_cli.content import FINDING_TEXT, CitedText, TopicId, by_member, read

Statement = CitedText  # one or two sentences of patient information, with their sources

_DATA = read("topics.json")

TOOL_NOTE: str = _DATA["tool_note"]  # how a statement of the tool's own begins; it cites nothing
CONTENT_DATE: str = _DATA["content_date"]
ABOUT_THE_PAGE: str = _DATA["about_the_page"]  # heading of the section about the page itself
PROVENANCE: str = _DATA["provenance"]

_PLAIN: dict[str, str] = _DATA["words"] | {f.value: t.definition for f, t in FINDING_TEXT.items()}
_CAPITALIZED = {name.capitalize(): words.capitalize() for name, words in _PLAIN.items()}
_WORDS = {"tool_note": TOOL_NOTE, **_PLAIN, **_CAPITALIZED}


def fill(text: str, **words: str) -> str:
    """`text`, each ``$word`` replaced by `words` or its plain words (``$Word``: capitalized)."""
    return Template(text).substitute(_WORDS, **words)


# Each medical word of the topics, and the plain words explaining it where a topic first uses it.
GLOSSARY: dict[str, str] = {term: _PLAIN[name] for term, name in _DATA["glossary"].items()}


@dataclass(frozen=True, slots=True)
class Section:
    """A headed group of statements within a topic."""

    heading: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class Topic:
    """One patient-information topic: its id for the command line, title, summary and sections."""

    id: TopicId
    title: str
    summary: str
    sections: tuple[Section, ...]

    @property
    def main_sections(self) -> tuple[Section, ...]:
        """The sections a reader reads as the topic: all but the one `ABOUT_THE_PAGE`."""
        return tuple(section for section in self.sections if section.heading != ABOUT_THE_PAGE)

    @property
    def page_notes(self) -> tuple[Statement, ...]:
        """What the topic says about the page itself (`ABOUT_THE_PAGE`), for the provenance line."""
        about = (section for section in self.sections if section.heading == ABOUT_THE_PAGE)
        return tuple(statement for section in about for statement in section.statements)


def statement_from(text: str, sources: tuple[int, ...], **words: str) -> Statement:
    """A statement from its JSON object, its ``$word`` filled in (`fill`)."""
    return Statement(fill(text, **words), sources)


def _topic(topic_id: TopicId, title: str, summary: str, sections: dict[str, Any]) -> Topic:
    parts = tuple(
        Section(heading, tuple(statement_from(**record) for record in records))
        for heading, records in sections.items()
    )
    return Topic(topic_id, title, summary, parts)


TOPICS: tuple[Topic, ...] = tuple(
    _topic(topic_id, **record) for topic_id, record in by_member(TopicId, _DATA["topics"]).items()
)
"""All topics, in the order ``oms info`` lists them (that of `TopicId`)."""
TOPIC_BY_ID: dict[TopicId, Topic] = {topic.id: topic for topic in TOPICS}
INTRO: tuple[Statement, ...] = TOPICS[0].sections[0].statements  # above `oms info`'s topic list
# Words a reader would type for a topic (the page heads its prognosis section "outlook").
TOPIC_ALIASES: dict[str, TopicId] = {k: TopicId(v) for k, v in _DATA["aliases"].items()}


class UnknownTopicError(ValueError):
    """A name that is not the id of any topic."""


def topic_ids() -> tuple[TopicId, ...]:
    """The topic ids in display order."""
    return tuple(TOPIC_BY_ID)


def find_topic(name: str) -> Topic:
    """The topic whose id or alias is `name`, ignoring case and spaces; else UnknownTopicError."""
    folded = name.strip().lower()
    try:
        return TOPIC_BY_ID[TOPIC_ALIASES.get(folded) or TopicId(folded)]
    except ValueError:
        raise UnknownTopicError(name) from None


def sources_cited_by_topic() -> dict[int, tuple[str, ...]]:
    """Each cited source number, ascending, with the ids of the topics citing it, in their order."""
    cited = {
        topic.id: {n for section in topic.sections for s in section.statements for n in s.sources}
        for topic in TOPICS
    }
    numbers = sorted(set().union(*cited.values()))
    return {n: tuple(topic_id for topic_id, ns in cited.items() if n in ns) for n in numbers}
