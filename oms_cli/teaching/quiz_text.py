"""What `oms quiz` says (from `oms_cli/content/quiz.json`): stories, traps, prompts and help."""

from dataclasses import dataclass
from enum import StrEnum

from oms_cli.content import by_member, read
from oms_cli.content.topics import Statement, fill, statement_from
from oms_cli.rules import Answer, Finding

_DATA = read("quiz.json")

NAMES: tuple[str, ...] = _DATA["names"]  # first names for generated cases, none a demo case's
OPENING: str = _DATA["opening"]  # every story's first sentence; a symptom found follows
TOOL_NOTE: str = _DATA["tool_note"]  # begins a statement of the tool's reading: no source

STORY: dict[Finding, dict[Answer, str]] = {
    finding: {answer: fill(text) for answer, text in by_member(Answer, answers).items()}
    for finding, answers in by_member(Finding, _DATA["story"]).items()
}
"""One sentence a finding and answer ({name}): no says how it was looked for, unknown not yet."""
SIGNS: dict[Finding, tuple[Statement, ...]] = {
    finding: tuple(statement_from(**record, tool_note=TOOL_NOTE) for record in records)
    for finding, records in by_member(Finding, _DATA["signs"]).items()
}
"""What each finding of a generated story is, as the reference page describes it."""


class Trap(StrEnum):
    """A known mistake in applying the rule; its value names its words in quiz.json."""

    UNKNOWN_AS_NO = "unknown_as_no"
    MOVEMENT_TWICE = "myoclonus_ataxia_twice"
    TUMOUR_ASSUMED = "unconfirmed_tumour"
    BEHAVIOUR_SLEEP_TWICE = "behaviour_sleep_twice"


@dataclass(frozen=True, slots=True)
class TrapText:
    """A known mistake: its name and why it is one, with sources."""

    name: str
    why: str
    sources: tuple[int, ...]


TRAPS: dict[Trap, TrapText] = {
    trap: TrapText(**record) for trap, record in by_member(Trap, _DATA["traps"]).items()
}
LINES: dict[str, str] = _DATA["lines"]  # prompts, feedback, score and worksheet lines


def line(key: str, **fields: object) -> str:
    """The line ``key`` of `LINES` with its ``{field}``s filled in."""
    return LINES[key].format(**fields)
