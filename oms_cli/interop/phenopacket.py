"""GA4GH Phenopacket (v2) input: the six findings read from a phenopacket's phenotypic features.

The whole phenopacket is checked against the v2 schema first (`phenopacket_v2.json`, made from
the official package by tools/phenopacket_schema.py): a key the schema does not define (a typo
such as ``"exclude"``), a v1 phenopacket (``"negated"``, v1-only fields, schema version 1) or a
Family or Cohort is refused, naming the element, so that nothing is read into a key nobody
defined. Values must have the schema's kinds (text, true/false, number, object, array).

Then the top-level ``phenotypicFeatures`` are read with this tool's reviewed term sets
(`oms_cli.interop.hpo_sets`): a present feature whose HPO term counts for a finding makes it yes.
An excluded feature makes a finding no when its term is the finding's own term or a term above
it (the true-path rule: excluding a term excludes every term below it). Every other feature is
reported as not counted, never yes or no; a finding with no feature is unknown, never no. A
finding (or a counted term) both present and excluded is refused. Diseases, measurements and the
subject's age are not read (give ``--age-group``). JSON is read through `oms_cli.files.jsonread`;
every problem raises `PhenopacketError` naming the element, such as ``phenotypicFeatures[2].type``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from difflib import get_close_matches
from functools import cache
from pathlib import Path
from typing import Any

from oms_cli.files.jsonread import (
    InputFileError,
    JsonError,
    JsonReader,
    file_label,
    json_kind,
    read_file_text,
)
from oms_cli.files.textsafe import quoted, visible
from oms_cli.interop import hpo_sets
from oms_cli.rules import FINDINGS, Answer, Finding

MAX_BYTES = 1 << 22
"""Largest phenopacket file read (4 MiB): a phenopacket of one person is a few kilobytes."""
FEATURES = "phenotypicFeatures"
HPO_ID = re.compile(r"HP:[0-9]{7}")  # ASCII digits: `\d` takes Arabic-Indic ones too
SCHEMA_FILE = Path(__file__).with_name("phenopacket_v2.json")

V1_FIELDS = {
    "negated": "v2 says excluded",
    "genes": "v2 puts genes in interpretations",
    "variants": "v2 puts variants in interpretations",
    "htsFiles": "v2 says files",
    "ageOfOnset": "v2 says onset",
    "ageRangeOfOnset": "v2 says onset",
    "classOfOnset": "v2 says onset",
    "ageAtCollection": "v2 says timeAtLastEncounter",
    "ageRangeAtCollection": "v2 says timeAtLastEncounter",
    "ageOfIndividualAtCollection": "v2 says timeOfCollection",
    "ageRangeOfIndividualAtCollection": "v2 says timeOfCollection",
    "tnmFinding": "v2 says clinicalTnmFinding",
    "isControlSample": "v2 has no such field",
}
"""Keys of Phenopacket Schema v1 that v2 does not have, and what v2 has instead."""
FAMILY_KEYS = ("proband", "relatives", "pedigree", "consanguinousParents")
COHORT_KEYS = ("members",)
_INT_RANGES = {
    "int32": (-(1 << 31), (1 << 31) - 1),
    "uint32": (0, (1 << 32) - 1),
    "int64": (-(1 << 63), (1 << 63) - 1),
    "uint64": (0, (1 << 64) - 1),
}
_TIMESTAMP = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,9})?(Z|[+-]\d\d:\d\d)", re.ASCII)
_NUMBER_TEXT = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?", re.ASCII)


class PhenopacketError(ValueError):
    """A phenopacket that cannot be read; the message names the element at fault."""


class NotJson(PhenopacketError):
    """Text that the JSON reader refuses; `json` says why and, when it can, where."""

    def __init__(self, json: JsonError) -> None:
        where = f"{json.line}:{json.column}: " if json.line is not None else ""
        super().__init__(f"{where}not valid JSON: {json.problem}")
        self.json = json


@dataclass(frozen=True)
class NotCountedFeature:
    """A phenotypic feature that made no finding yes or no, so the user sees it was not used."""

    path: str
    """Where it is, such as ``phenotypicFeatures[2]``."""
    id: str
    label: str | None
    """The label the phenopacket gives the term, if any (text from the file)."""
    excluded: bool
    finding: Finding | None
    """The finding the term is near, when this tool's review names one."""
    reason: str | None
    """Why it is not counted, when this tool's review says (see docs/phenopackets.md)."""


@dataclass(frozen=True, slots=True)
class PhenopacketAnswers:
    """What a phenopacket says about the six findings, its id, and the features not counted."""

    findings: Mapping[Finding, Answer]
    id: str | None
    not_counted: tuple[NotCountedFeature, ...] = ()


def _fail(path: str, problem: str) -> PhenopacketError:
    return PhenopacketError(f"{path}: {problem}" if path else problem)


def _join(path: str, key: str) -> str:
    """The JSON path of a key; a key from the file is shown escaped (no control characters)."""
    shown = visible(key)
    return f"{path}.{shown}" if path else shown


@dataclass(frozen=True)
class _Field:
    key: str
    name: str
    kind: str
    repeated: bool
    oneof: str | None


@cache
def _schema() -> tuple[str, dict[str, dict[str, _Field]], dict[str, frozenset[str]]]:
    """The v2 schema table: root message, each message's fields by JSON key and name, enums."""
    data = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    messages: dict[str, dict[str, _Field]] = {}
    for message, fields in data["messages"].items():
        by_key: dict[str, _Field] = {}
        for key, (name, kind, repeated, oneof) in fields.items():
            field = _Field(key, name, kind, repeated, oneof)
            by_key[key] = by_key[name] = field
        messages[message] = by_key
    enums = {name: frozenset(values) for name, values in data["enums"].items()}
    return data["root"], messages, enums


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _unknown_key(path: str, key: str, message: str, known: dict[str, _Field]) -> PhenopacketError:
    where = _join(path, key)
    v1 = V1_FIELDS.get(_camel(key))
    if v1 is not None:
        return _fail(
            where,
            f"v1 phenopacket: {quoted(key)} is a field of Phenopacket Schema v1 ({v1}); this "
            "reader reads v2: convert the file to v2 (phenopacket-tools can)",
        )
    short = message.rsplit(".", 1)[-1]
    keys = sorted({field.key for field in known.values()})
    by_case = [name for name in keys if name.lower() == key.lower()]
    close = by_case or get_close_matches(key, keys, n=1, cutoff=0.75)
    hint = f"; did you mean {quoted(close[0])}?" if close else ""
    return _fail(where, f"not a field of {short} in the phenopacket v2 schema{hint}")


def _check_message(value: object, message: str, path: str) -> None:
    """Refuse anything in ``value`` that the v2 schema does not allow for ``message``."""
    _, messages, _ = _schema()
    packet = _expect(value, dict, "an object", path)
    known = messages[message]
    given: dict[str, str] = {}
    chosen: dict[str, str] = {}
    for key, element in packet.items():
        field = known.get(key)
        if field is None:
            raise _unknown_key(path, key, message, known)
        where = _join(path, key)
        if field.name in given:
            raise _fail(where, f"given beside {given[field.name]}; give one of them")
        given[field.name] = key
        if element is None:
            continue  # JSON null: the field is absent, as protobuf's JSON mapping reads it
        if field.oneof is not None:
            if field.oneof in chosen:
                raise _fail(where, f"given beside {chosen[field.oneof]}; only one may be given")
            chosen[field.oneof] = key
        if field.repeated:
            items = _expect(element, list, "an array", where)
            for index, item in enumerate(items):
                _check_value(item, field.kind, f"{where}[{index}]")
        else:
            _check_value(element, field.kind, where)


def _check_value(value: object, kind: str, path: str) -> None:
    if kind.startswith("message:"):
        _check_message(value, kind.removeprefix("message:"), path)
    elif kind.startswith("enum:"):
        names = _schema()[2][kind.removeprefix("enum:")]
        if isinstance(value, int) and not isinstance(value, bool):
            return
        if not isinstance(value, str) or value not in names:
            shown = quoted(value) if isinstance(value, str) else json_kind(value)
            raise _fail(path, f"{shown} is not one of {', '.join(sorted(names))}")
    elif kind == "string":
        _expect(value, str, "a string", path)
    elif kind == "bool":
        _expect(value, bool, "true or false", path)
    elif kind in _INT_RANGES:
        _check_integer(value, kind, path)
    elif kind in ("double", "float"):
        _check_number(value, path)
    elif kind == "timestamp":
        _check_timestamp(value, path)
    elif kind == "map":
        for key, text in _expect(value, dict, "an object", path).items():  # map: any keys
            _expect(text, str, "a string", _join(path, key))
    else:  # pragma: no cover - the schema table has no other kind (tests check the table)
        raise AssertionError(kind)


def _check_integer(value: object, kind: str, path: str) -> None:
    low, high = _INT_RANGES[kind]
    number: int | None = None
    if (
        (isinstance(value, int) and not isinstance(value, bool))
        or (isinstance(value, float) and value.is_integer())
        or (isinstance(value, str) and re.fullmatch(r"-?\d{1,20}", value, re.ASCII))
    ):
        number = int(value)
    if number is None or not low <= number <= high:
        raise _fail(path, f"expected a whole number ({kind}), got {_shown(value)}")


def _check_number(value: object, path: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _fail(path, f"expected a number, got {json_kind(value)}")
    if isinstance(value, str) and not (
        value in ("NaN", "Infinity", "-Infinity") or _NUMBER_TEXT.fullmatch(value)
    ):
        raise _fail(path, f"expected a number, got {quoted(value)}")


def _check_timestamp(value: object, path: str) -> None:
    text = _expect(value, str, "a date and time (RFC 3339)", path)
    match = _TIMESTAMP.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        datetime.fromisoformat(match.group(1))
    except ValueError:
        raise _fail(path, f"{quoted(text)} is not a date and time (RFC 3339)") from None


def _shown(value: object) -> str:
    return quoted(value) if isinstance(value, str) else json_kind(value)


def _expect(value: object, kind: type, name: str, path: str) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _fail(path, f"expected {name}, got {json_kind(value)}")
    return value


def _refuse_family_or_cohort(packet: dict[str, Any]) -> None:
    for key in packet:
        if _camel(key) in FAMILY_KEYS + COHORT_KEYS:
            kind = "Family" if _camel(key) in FAMILY_KEYS else "Cohort"
            raise _fail(
                key,
                f"a {kind}, not a Phenopacket: give the phenopacket of one person "
                "(oms batch --input-format phenopackets reads many, one a line)",
            )


def _refuse_v1_version(packet: dict[str, Any]) -> None:
    meta = packet.get("metaData", packet.get("meta_data"))
    if not isinstance(meta, dict):
        return
    key = (
        "phenopacketSchemaVersion"
        if "phenopacketSchemaVersion" in meta
        else ("phenopacket_schema_version")
    )
    version = meta.get(key)
    if isinstance(version, str) and version.strip().startswith("1"):
        meta_key = "metaData" if "metaData" in packet else "meta_data"
        raise _fail(
            f"{meta_key}.{key}",
            f"v1 phenopacket (schema version {quoted(version)}); this reader reads v2: convert "
            "the file to v2 (phenopacket-tools can)",
        )


@dataclass(frozen=True, slots=True)
class _Feature:
    path: str
    term_id: str
    label: str | None
    excluded: bool


def _feature(element: dict[str, Any], path: str) -> _Feature:
    """One phenotypic feature (already checked against the schema): its term and exclusion."""
    term = element.get("type")
    if term is None:
        raise _fail(f"{path}.type", "missing")
    term_id = term.get("id")
    if not term_id:
        raise _fail(f"{path}.type.id", "missing")
    if term_id.upper().startswith("HP:") and not HPO_ID.fullmatch(term_id):
        raise _fail(f"{path}.type.id", f"{quoted(term_id)} is not an HPO id (HP:nnnnnnn)")
    return _Feature(path, term_id, term.get("label"), bool(element.get("excluded")))


def parse_phenopacket(data: object) -> PhenopacketAnswers:
    """Read the findings from a phenopacket (parsed JSON); `PhenopacketError` names the fault."""
    packet = _expect(data, dict, "a phenopacket (a JSON object)", "")
    _refuse_family_or_cohort(packet)
    root, _, _ = _schema()
    _check_message(packet, root, "")  # names a v1-only field, if there is one, as v1
    _refuse_v1_version(packet)
    key = "phenotypic_features" if "phenotypic_features" in packet else FEATURES
    features = [
        _feature(element, f"{key}[{index}]") for index, element in enumerate(packet.get(key) or [])
    ]
    return _answers(features, packet.get("id") or None)


def _answers(features: list[_Feature], ident: str | None) -> PhenopacketAnswers:
    present: dict[Finding, str] = {}
    excluded: dict[Finding, str] = {}
    present_terms: list[tuple[str, str]] = []
    excluding: list[tuple[str, frozenset[str]]] = []
    not_counted: list[NotCountedFeature] = []
    for feature in features:
        if not feature.excluded and hpo_sets.counts_for(feature.term_id):
            for finding in hpo_sets.counts_for(feature.term_id):
                present.setdefault(finding, feature.path)
            present_terms.append((feature.path, hpo_sets.main_id(feature.term_id)))
            continue
        covered = hpo_sets.covers(feature.term_id) if feature.excluded else frozenset()
        ruled_out = [f for f in FINDINGS if hpo_sets.root(f) in covered]
        for finding in ruled_out:
            excluded.setdefault(finding, feature.path)
        if covered:
            excluding.append((feature.path, covered))
        if not ruled_out:
            not_counted.append(_not_counted(feature, covered))
    _refuse_contradictions(present, excluded, present_terms, excluding)
    findings = dict.fromkeys(FINDINGS, Answer.UNKNOWN)
    for finding in FINDINGS:
        if finding in present:
            findings[finding] = Answer.YES
        elif finding in excluded:
            findings[finding] = Answer.NO
    return PhenopacketAnswers(findings, ident, tuple(not_counted))


def _refuse_contradictions(
    present: Mapping[Finding, str],
    excluded: Mapping[Finding, str],
    present_terms: list[tuple[str, str]],
    excluding: list[tuple[str, frozenset[str]]],
) -> None:
    """A finding present and excluded, or a counted term present at or below an excluded one."""
    for finding in FINDINGS:
        if finding in present and finding in excluded:
            _contradiction(present[finding], excluded[finding], finding.value)
    for no, covered in excluding:
        for yes, term in present_terms:
            if term in covered:
                _contradiction(yes, no, hpo_sets.name(term))


def _not_counted(feature: _Feature, covered: frozenset[str]) -> NotCountedFeature:
    review = hpo_sets.reviewed(feature.term_id)
    finding = review.finding if review is not None else None
    reason = review.reason if review is not None else None
    if covered:  # excluded, and at or above counted terms but not a finding's own term
        [finding, *_] = sorted(
            {f for term in covered for f in hpo_sets.counts_for(term)}, key=FINDINGS.index
        )
        reason = (
            "excluded: ruling out this term rules out some kinds of the finding, not the "
            "finding itself"
        )
    return NotCountedFeature(
        feature.path, feature.term_id, feature.label, feature.excluded, finding, reason
    )


def _contradiction(yes: str, no: str, what: str) -> None:
    if _index(yes) < _index(no):
        raise _fail(no, f"excludes {what}, which {yes} says is present")
    raise _fail(yes, f"says {what} is present, which {no} excludes")


def _index(path: str) -> int:
    return int(path.rsplit("[", 1)[1].rstrip("]"))


_READ = JsonReader(max_chars=MAX_BYTES)


def read_json(text: str) -> object:
    """The JSON value of a text, within the reader's limits; `NotJson` if it is refused."""
    try:
        return _READ(text)
    except JsonError as error:
        raise NotJson(error) from None


def parse_phenopacket_text(text: str) -> PhenopacketAnswers:
    """Read a phenopacket from JSON text; a syntax error names its line and column."""
    if not text.strip():
        raise PhenopacketError("empty: expected a phenopacket in JSON")
    return parse_phenopacket(read_json(text))


def read_phenopacket(file_name: str) -> PhenopacketAnswers:
    """Read a phenopacket file (``-`` is standard input), UTF-8 JSON.

    Every problem raises `PhenopacketError` whose message starts with the file's name.
    """
    try:
        text = read_file_text(
            file_name,
            max_bytes=MAX_BYTES,
            too_large=f"larger than {MAX_BYTES // (1 << 20)} MiB; not a phenopacket",
            on_terminal="standard input is a terminal; pipe a phenopacket in",
        )
        return parse_phenopacket_text(text)
    except (InputFileError, PhenopacketError) as error:
        raise PhenopacketError(f"{file_label(file_name)}: {error}") from None
