"""What the tool says about the syndrome, in its own words, each statement with its sources.

The words are data: `check.json` holds what a result of `oms check` can say; the other files are
read by the modules that show them (docs/architecture.md, "The words about the syndrome").
"""

import json
from collections.abc import Callable
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from oms_cli.rules import OMS_CRITERIA, CriteriaSet, CriterionId, Finding, NoteKey

Member = TypeVar("Member", bound=Enum)


def read(name: str, criteria_set: CriteriaSet = OMS_CRITERIA) -> Any:
    """A data file of this package, its arrays as tuples; ValueError for a key given twice.

    ``$required`` and ``$criteria_count`` in it are the numbers of ``criteria_set`` ("3", "4").
    """
    data = Path(__file__).with_name(name).read_bytes()
    data = data.replace(b"$required", b"%d" % criteria_set.required)
    data = data.replace(b"$criteria_count", b"%d" % len(criteria_set.criteria))
    return json.loads(data, object_pairs_hook=_record)


def _record(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record = {key: tuple(value) if isinstance(value, list) else value for key, value in pairs}
    if len(record) != len(pairs):
        raise ValueError(f"a key is given twice in {[key for key, _ in pairs]}")
    return record


def by_member(
    members: type[Member], record: dict[str, Any], make: Callable[..., Any] | None = None
) -> dict[Member, Any]:
    """An object keyed by each value of a closed set (else ValueError), keyed by the members.

    With ``make``, each value is an object of its keyword arguments: ``make(**value)``.
    """
    if sorted(record) != sorted(member.value for member in members):
        raise ValueError(f"expected the values of {members.__name__} as keys, not {list(record)}")
    return {m: make(**record[m.value]) if make else record[m.value] for m in members}


# NamedTuples: faster to define than dataclasses, on every `oms check` (benchmarks/README.md).
class CitedText(NamedTuple):
    """A sentence or two and the source numbers behind them (0 is the page itself)."""

    text: str
    sources: tuple[int, ...]

    @property
    def meaning(self) -> str:
        """The text, as a criterion's meaning."""
        return self.text


class FindingText(NamedTuple):
    """How one finding is named, defined (one definition wherever it is explained) and asked."""

    label: str
    definition: str
    question: str
    not_looked_for: str
    no_means: str
    details: tuple[CitedText, ...]

    @property
    def if_not_looked_for(self) -> str:
        """The hint a terminal shows with the question, with the key: "no scan or test yet: u"."""
        return f"{self.not_looked_for}: u"

    @property
    def form_question(self) -> str:
        """The question as a form (the FHIR Questionnaire) asks it, with the same hint in words."""
        return f"{self.question} ({self.not_looked_for}: unknown)"


class Note(NamedTuple):
    """An explanatory note attached to a result, with its source numbers (0 is the page)."""

    key: str
    text: str
    sources: tuple[int, ...]


class TopicId(StrEnum):
    """The ids of `oms info TOPIC`, in display order: here, so that help lists them unloaded."""

    OVERVIEW = "overview"
    SYMPTOMS = "symptoms"
    CAUSES = "causes"
    DIAGNOSIS = "diagnosis"
    TREATMENT = "treatment"
    PROGNOSIS = "prognosis"
    VISIT = "visit"


_TEXTS = read("check.json")

RULE, RULE_SOURCES = CitedText(**_TEXTS["rule"])
AND_OR: str = _TEXTS["and_or"]
UNKNOWN_POLICY: str = _TEXTS["unknown_policy"]
NOT_MET_CAVEAT: str = _TEXTS["not_met_caveat"]  # with every not-met verdict; the tool's own words
NOT_MET_CAVEAT_KEY = "not_met_scope"  # the caveat's key among a result's notes (JSON `notes`)
NO_MEANS: str = _TEXTS["no_means"]
UNKNOWN_MEANS: str = _TEXTS["unknown_means"]

CRITERION_TEXT: dict[CriterionId, CitedText] = by_member(CriterionId, _TEXTS["criteria"], CitedText)
FINDING_TEXT: dict[Finding, FindingText] = {
    finding: FindingText(**text)._replace(details=tuple(CitedText(**d) for d in text["details"]))
    for finding, text in by_member(Finding, _TEXTS["findings"]).items()
}

AGE_GROUP_ASKED: str = _TEXTS["age_group_question"]
AGE_GROUP_HELP, AGE_GROUP_HELP_SOURCES = CitedText(**_TEXTS["age_group_help"])
RULE_ROLE: str = _TEXTS["rule_role"]  # why a finding matters: {label}, {criterion}; RULE_SOURCES

NOTE_TEXT: dict[NoteKey, CitedText] = by_member(NoteKey, _TEXTS["notes"], CitedText)
UNDETERMINED_NOTE = NOTE_TEXT.pop(NoteKey.UNDETERMINED)  # a template: `views.result` fills it

CASES_FICTIONAL: str = _TEXTS["cases_fictional"]
CASE_LIST_FICTIONAL: str = _TEXTS["case_list_fictional"]

DISCLAIMER_SHORT, DISCLAIMER_SOURCES = CitedText(**_TEXTS["disclaimer"])
# With the content's date (`oms info`, which says the date once, uses the short one).
DISCLAIMER = f"{DISCLAIMER_SHORT} {_TEXTS['content_age']}"

# Each finding's HPO term and the syndrome's Orphanet number (as in reference [4]): (id, label).
HPO_TERMS: dict[Finding, tuple[str, str]] = by_member(Finding, _TEXTS["hpo_terms"])
SYNDROME_CODE: tuple[str, str] = _TEXTS["syndrome_code"]
