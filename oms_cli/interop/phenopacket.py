"""GA4GH Phenopacket (v2) input: the six findings read from a phenopacket's phenotypic features.

A feature whose HPO term is a finding's term, or any term below it (such as "Limb myoclonus"
HP:0045084 below "Myoclonus"), makes that finding yes. A feature marked ``excluded: true`` with
the finding's own term makes it no; an excluded term *below* it says nothing about the finding
(a person without limb myoclonus may still have myoclonus), so it leaves it as it was. A finding
with no feature is unknown, never no. Present and excluded for the same finding is refused.

The terms below each finding come from `oms_cli.interop.hpo_descendants`, generated from the HPO
ontology by tools/hpo_descendants.py, so no ontology is needed here. Only ``phenotypicFeatures``
is read: diseases, measurements and the subject's age are not (give ``--age-group``). JSON is
read through `oms_cli.files.jsonread` (size, depth and repeated keys guarded); every problem raises
`PhenopacketError` naming the element, such as ``phenotypicFeatures[2].type.id``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from oms_cli.files.jsonread import (
    InputFileError,
    JsonError,
    JsonReader,
    file_label,
    json_kind,
    read_file_text,
)
from oms_cli.files.textsafe import quoted
from oms_cli.interop.hpo_descendants import BELOW, OWN_IDS
from oms_cli.rules import FINDINGS, Answer, Finding

MAX_BYTES = 1 << 22
"""Largest phenopacket file read (4 MiB): a phenopacket of one person is a few kilobytes."""
FEATURES = "phenotypicFeatures"
FEATURES_SNAKE = "phenotypic_features"
"""Protobuf's JSON mapping accepts the field's own name as well as its camelCase name."""
HPO_ID = re.compile(r"HP:\d{7}")


class PhenopacketError(ValueError):
    """A phenopacket that cannot be read; the message names the element at fault."""


class NotJson(PhenopacketError):
    """Text that the JSON reader refuses; `json` says why and, when it can, where."""

    def __init__(self, json: JsonError) -> None:
        where = f"{json.line}:{json.column}: " if json.line is not None else ""
        super().__init__(f"{where}not valid JSON: {json.problem}")
        self.json = json


class PhenopacketAnswers(NamedTuple):
    """What a phenopacket says about the six findings, and its id if it has one."""

    findings: Mapping[Finding, Answer]
    id: str | None


def _fail(path: str, problem: str) -> PhenopacketError:
    return PhenopacketError(f"{path}: {problem}" if path else problem)


def _expect(value: object, kind: type, name: str, path: str) -> Any:
    if not isinstance(value, kind):
        raise _fail(path, f"expected {name}, got {json_kind(value)}")
    return value


def _features(packet: dict[str, Any]) -> tuple[str, list[Any]]:
    if FEATURES in packet and FEATURES_SNAKE in packet:
        raise _fail(FEATURES_SNAKE, f"given beside {FEATURES}; give one of them")
    key = FEATURES if FEATURES in packet or FEATURES_SNAKE not in packet else FEATURES_SNAKE
    return key, _expect(packet.get(key, []), list, "an array", key)


def _feature(element: object, path: str) -> tuple[str, bool]:
    """One phenotypic feature: its term id and whether it is excluded."""
    feature = _expect(element, dict, "an object", path)
    if "type" not in feature:
        raise _fail(f"{path}.type", "missing")
    term = _expect(feature["type"], dict, "an object", f"{path}.type")
    if "id" not in term:
        raise _fail(f"{path}.type.id", "missing")
    term_id: str = _expect(term["id"], str, "a string", f"{path}.type.id")
    if term_id.upper().startswith("HP:") and not HPO_ID.fullmatch(term_id):
        raise _fail(f"{path}.type.id", f"{quoted(term_id)} is not an HPO id (HP:nnnnnnn)")
    excluded: bool = _expect(
        feature.get("excluded", False), bool, "true or false", f"{path}.excluded"
    )
    return term_id, excluded


def parse_phenopacket(data: object) -> PhenopacketAnswers:
    """Read the findings from a phenopacket (parsed JSON); `PhenopacketError` names the fault."""
    packet = _expect(data, dict, "a phenopacket (a JSON object)", "")
    ident = packet.get("id")
    if ident is not None:
        _expect(ident, str, "a string", "id")
    key, features = _features(packet)
    present: dict[Finding, str] = {}
    excluded: dict[Finding, str] = {}
    for index, element in enumerate(features):
        path = f"{key}[{index}]"
        term_id, is_excluded = _feature(element, path)
        for finding in FINDINGS:
            own = term_id in OWN_IDS[finding.value]
            if is_excluded and own:
                excluded.setdefault(finding, path)
            elif not is_excluded and (own or term_id in BELOW[finding.value]):
                present.setdefault(finding, path)
    findings = dict.fromkeys(FINDINGS, Answer.UNKNOWN)
    for finding in FINDINGS:
        if finding in present and finding in excluded:
            yes, no = present[finding], excluded[finding]
            if _index(yes) < _index(no):
                raise _fail(no, f"excludes {finding.value}, which {yes} says is present")
            raise _fail(yes, f"says {finding.value} is present, which {no} excludes")
        if finding in present:
            findings[finding] = Answer.YES
        elif finding in excluded:
            findings[finding] = Answer.NO
    return PhenopacketAnswers(findings, ident)


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
