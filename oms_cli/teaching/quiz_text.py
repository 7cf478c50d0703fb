"""What `oms quiz` says: the words of generated cases, the known traps, prompts and help.

The words are data (`oms_cli/content/quiz.json`); `oms_cli.teaching.quiz` fills in ``{field}``.
Generated cases are children of no given age: the page sets no age for the rule.
"""

from dataclasses import dataclass

from oms_cli.content import CASES_FICTIONAL, by_member, read
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


@dataclass(frozen=True, slots=True)
class TrapText:
    """A known mistake: its name and why it is one, with sources."""

    name: str
    why: str
    sources: tuple[int, ...]


UNKNOWN_AS_NO = TrapText(**_DATA["traps"]["unknown_as_no"])
MOVEMENT_TWICE = TrapText(**_DATA["traps"]["myoclonus_ataxia_twice"])
TUMOUR_ASSUMED = TrapText(**_DATA["traps"]["unconfirmed_tumour"])
BEHAVIOUR_SLEEP_TWICE = TrapText(**_DATA["traps"]["behaviour_sleep_twice"])

_LINES: dict[str, str] = _DATA["lines"]
INTRO: str = _LINES["intro"]
SEED_LINE: str = _LINES["seed_line"]
CASE_HEADING: str = _LINES["case_heading"]
FINDINGS_LINE: str = _LINES["findings_line"]
CRITERION_PROMPT: str = _LINES["criterion_prompt"]
VERDICT_PROMPT: str = _LINES["verdict_prompt"]
RIGHT: str = _LINES["right"]
WRONG: str = _LINES["wrong"]
TRAP: str = _LINES["trap"]
TRAPS_MANY: str = _LINES["traps_many"]
MISREAD_ONE: str = _LINES["misread_one"]
MISREAD_OPTION: str = _LINES["misread_option"]
MISREAD_MANY: str = _LINES["misread_many"]
OWN_MISREAD: str = _LINES["own_misread"]
FOLLOWS: str = _LINES["follows"]
NOT_FOLLOWS: str = _LINES["not_follows"]
PAUSE_NEXT: str = _LINES["pause_next"]
PAUSE_LAST: str = _LINES["pause_last"]
SCORE: str = _LINES["score"]
SCORE_PARTS: str = _LINES["score_parts"]
TRAPS_FALLEN: str = _LINES["traps_fallen"]
NO_TRAPS: str = _LINES["no_traps"]
CRITERION_HINT: str = _LINES["criterion_hint"]
VERDICT_HINT: str = _LINES["verdict_hint"]
INTRO_SHEET = f"{CASES_FICTIONAL} {_LINES['same_quiz_again']}"
STATUSES_LINE: str = _LINES["statuses_line"]
WORKSHEET_TITLE: str = _LINES["worksheet_title"]
QUESTIONS_TITLE: str = _LINES["questions_title"]
ANSWERS_TITLE: str = _LINES["answers_title"]
VERDICT_BLANK: str = _LINES["verdict_blank"]
CRITERION_BLANK: str = _LINES["criterion_blank"]
TRAP_KEY: str = _LINES["trap_key"]
TRAPS_HEADING: str = _LINES["traps_heading"]
RULE_HEADING: str = _LINES["rule_heading"]
FROM_DEMO: str = _LINES["from_demo"]
SIGNS_HEADING: str = _LINES["signs_heading"]
TEACHING_HEADING: str = _LINES["teaching_heading"]
