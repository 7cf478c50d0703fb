"""GA4GH Phenopacket (v2) input: the six findings read from a phenopacket's phenotypic features.

The phenopacket is checked against the v2 schema, then its features are read with the reviewed
HPO sets (`hpo_sets`), and its diagnoses (the diseases' terms, the biosamples' histological
diagnoses) with the reviewed diagnosis ids, as docs/phenopackets.md says; `PhenopacketError` names
the element at fault.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from difflib import get_close_matches
from functools import cache
from pathlib import Path
from typing import Any

from oms_cli.errors import UserError
from oms_cli.files import jsonread
from oms_cli.files.textsafe import quoted
from oms_cli.interop import hpo_sets, strict
from oms_cli.interop.strict import Invalid, expect, join, shown
from oms_cli.rules import FINDINGS, Answer, Finding
from oms_cli.views.result import NotCountedFeature

MAX_BYTES = 1 << 22
"""Largest phenopacket file read (4 MiB): a phenopacket of one person is a few kilobytes."""
SCHEMA_FILE = Path(__file__).with_name("phenopacket_v2.json")
HPO_ID = re.compile(r"HP:[0-9]{7}")  # ASCII digits: `\d` takes Arabic-Indic ones too
HPO_CLAIMED = re.compile(r"hp[:_]", re.IGNORECASE)  # an id meant as HPO: HP_0010543, hp:0010543
CONVERT = "this reader reads v2: convert the file to v2 (phenopacket-tools can)"

OTHER_MESSAGES = {  # keys of the messages that hold many phenopackets
    "proband": "Family",
    "relatives": "Family",
    "pedigree": "Family",
    "consanguinousParents": "Family",
    "members": "Cohort",
}
INT_RANGES = {  # each kind's smallest value, and one more than its largest
    "int32": (-(2**31), 2**31),
    "uint32": (0, 2**32),
    "int64": (-(2**63), 2**63),
    "uint64": (0, 2**64),
}
TIMESTAMP = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,9})?(Z|[+-]\d\d:\d\d)", re.ASCII)
NUMBER_TEXT = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?", re.ASCII)


class PhenopacketError(UserError):
    """A phenopacket that cannot be read; the message names the element at fault."""


class NotJson(PhenopacketError):
    """Text that the JSON reader refuses; `json` says why and, when it can, where."""

    def __init__(self, json: jsonread.JsonError) -> None:
        where = f"{json.line}:{json.column}: " if json.line is not None else ""
        super().__init__(f"{where}not valid JSON: {json.problem}")
        self.json = json


@dataclass(frozen=True, slots=True)
class PhenopacketAnswers:
    """What a phenopacket says about the six findings, its id, and the features not counted."""

    findings: Mapping[Finding, Answer]
    id: str | None
    not_counted: tuple[NotCountedFeature, ...] = ()


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class _V2(strict.Schema):
    """The v2 schema, read as protobuf's JSON parser reads it (null is an absent field)."""

    nulls_absent = True

    def what(self, name: str) -> str:
        return name.rsplit(".", 1)[-1]

    def unknown(self, key: str, name: str) -> str:
        v1 = self.data["v1_fields"].get(_camel(key))
        if v1 is not None:
            v2 = f"is a field of Phenopacket Schema v1 ({v1}); {CONVERT}"
            return f"v1 phenopacket: {quoted(key)} {v2}"
        keys = sorted({field.key for field in self.tables[name].values()})
        by_case = [known for known in keys if known.lower() == key.lower()]
        close = by_case or get_close_matches(key, keys, n=1, cutoff=0.75)
        hint = f"; did you mean {quoted(close[0])}?" if close else ""
        return f"not a field of {self.what(name)} in the phenopacket v2 schema{hint}"

    def scalar(self, value: object, kind: str, path: str) -> None:
        if kind.startswith("enum:"):
            names = self.data["enums"][kind.removeprefix("enum:")]
            number = isinstance(value, int) and not isinstance(value, bool)
            if not number and value not in names:
                raise Invalid(path, f"{shown(value)} is not one of {', '.join(sorted(names))}")
        elif kind == "string":
            expect(value, str, "a string", path)
        elif kind == "bool":
            expect(value, bool, "true or false", path)
        elif kind in INT_RANGES:
            _check_integer(value, kind, path)
        elif kind in ("double", "float"):
            _check_number(value, path)
        elif kind == "timestamp":
            _check_timestamp(value, path)
        elif kind == "map":  # text to text, under any keys
            for key, text in expect(value, dict, "an object", path).items():
                expect(text, str, "a string", join(path, key))
        else:  # pragma: no cover - the schema table has no other kind (tests check the table)
            raise AssertionError(kind)


def _check_integer(value: object, kind: str, path: str) -> None:
    """A whole number in the kind's range; protobuf's JSON also takes it as text, or as 2.0."""
    number = None
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,20}", value):
        number = int(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value) if float(value).is_integer() else None
    low, high = INT_RANGES[kind]
    if number is None or not low <= number < high:
        raise Invalid(path, f"expected a whole number ({kind}), got {shown(value)}")


def _check_number(value: object, path: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Invalid(path, f"expected a number, got {jsonread.json_kind(value)}")
    special = ("NaN", "Infinity", "-Infinity")
    if isinstance(value, str) and value not in special and not NUMBER_TEXT.fullmatch(value):
        raise Invalid(path, f"expected a number, got {quoted(value)}")


def _check_timestamp(value: object, path: str) -> None:
    text = expect(value, str, "a date and time (RFC 3339)", path)
    match = TIMESTAMP.fullmatch(text)
    try:
        datetime.fromisoformat(match.group(1) if match else "")
    except ValueError:
        raise Invalid(path, f"{quoted(text)} is not a date and time (RFC 3339)") from None


@cache
def schema() -> strict.Schema:
    """The v2 schema's tables, read from phenopacket_v2.json."""
    return _V2(SCHEMA_FILE)


def _refuse_v1_version(packet: dict[str, Any]) -> None:
    meta_key = "metaData" if "metaData" in packet else "meta_data"
    meta = packet.get(meta_key)
    if not isinstance(meta, dict):
        return
    key = "phenopacketSchemaVersion"
    key = key if key in meta else "phenopacket_schema_version"
    version = meta.get(key)
    if isinstance(version, str) and version.strip().startswith("1"):
        problem = f"v1 phenopacket (schema version {quoted(version)}); {CONVERT}"
        raise Invalid(f"{meta_key}.{key}", problem)


def _feature(element: dict[str, Any], path: str) -> NotCountedFeature:
    """One phenotypic feature (checked against the schema): its term and whether it is excluded."""
    term = element.get("type")
    if term is None:
        raise Invalid(f"{path}.type", "missing")
    term_id = term.get("id")
    if not term_id:
        raise Invalid(f"{path}.type.id", "missing")
    if HPO_CLAIMED.match(term_id) and not HPO_ID.fullmatch(term_id):
        problem = "is not an HPO id: expected HP: then seven digits (HP:nnnnnnn)"
        raise Invalid(f"{path}.type.id", f"{quoted(term_id)} {problem}")
    return NotCountedFeature(path, term_id, term.get("label"), bool(element.get("excluded")))


def _spelled(element: dict[str, Any], name: str) -> str:
    """The key of ``name`` (camelCase) in ``element``: snake_case when a printer wrote it so."""
    snake = re.sub(r"[A-Z]", lambda capital: "_" + capital[0].lower(), name)
    return snake if snake in element else name


def _diagnoses(packet: dict[str, Any]) -> list[NotCountedFeature]:
    """The diseases' terms (excluded or not), then the biosamples' histological diagnoses.

    A histological diagnosis has no `excluded` in the v2 schema: it is read only as present.
    """
    found = []
    for index, disease in enumerate(packet.get("diseases") or []):
        path = f"diseases[{index}]"
        term = disease.get("term")
        if term is None:
            raise Invalid(f"{path}.term", "missing")
        if not term.get("id"):
            raise Invalid(f"{path}.term.id", "missing")
        excluded = bool(disease.get("excluded"))
        found.append(NotCountedFeature(path, term["id"], term.get("label"), excluded))
    for index, sample in enumerate(packet.get("biosamples") or []):
        key = _spelled(sample, "histologicalDiagnosis")
        histology = sample.get(key)
        if histology is None:
            continue
        path = f"biosamples[{index}].{key}"
        if not histology.get("id"):
            raise Invalid(f"{path}.id", "missing")
        found.append(NotCountedFeature(path, histology["id"], histology.get("label"), False))
    return found


def parse_phenopacket(data: object) -> PhenopacketAnswers:
    """Read the findings from a phenopacket (parsed JSON); `PhenopacketError` names the fault."""
    try:
        packet = expect(data, dict, "a phenopacket (a JSON object)", "")
        for key in packet:
            kind = OTHER_MESSAGES.get(_camel(key))
            if kind is not None:
                batch = "(oms batch --input-format phenopackets reads many, one a line)"
                problem = f"a {kind}, not a Phenopacket: give the phenopacket of one person {batch}"
                raise Invalid(key, problem)
        schema().check(packet)  # names a v1-only field, if there is one, as v1
        _refuse_v1_version(packet)
        key = _spelled(packet, "phenotypicFeatures")
        features = [
            _feature(element, f"{key}[{index}]")
            for index, element in enumerate(packet.get(key) or [])
        ]
        return _answers(features, _diagnoses(packet), packet.get("id") or None)
    except Invalid as error:
        raise PhenopacketError(str(error)) from None


def _answers(
    features: list[NotCountedFeature], diagnoses: list[NotCountedFeature], ident: str | None
) -> PhenopacketAnswers:
    """The findings: yes for a present counted term, no for an excluded finding's term or above.

    A counted diagnosis is yes for its finding (neuroblastoma), or no when the disease is excluded.
    """
    present: dict[Finding, str] = {}
    excluded: dict[Finding, str] = {}
    present_terms: list[tuple[str, hpo_sets.Counted]] = []
    excluding: list[tuple[str, frozenset[str]]] = []
    not_counted: list[NotCountedFeature] = []
    for feature in features:
        counts = hpo_sets.counts_for(feature.id)
        covered = hpo_sets.covers(feature.id) if feature.excluded else frozenset()
        ruled_out = [finding for finding in FINDINGS if hpo_sets.root(finding) in covered]
        if counts and not feature.excluded:
            for finding in counts:
                present.setdefault(finding, feature.path)
            present_terms.append((feature.path, hpo_sets.counted(feature.id)))
        elif ruled_out:
            for finding in ruled_out:
                excluded.setdefault(finding, feature.path)
        else:
            not_counted.append(_not_counted(feature, covered))
        if covered:
            excluding.append((feature.path, covered))
    not_counted += _read_diagnoses(diagnoses, present, excluded)
    # Refused: a finding both present and excluded, or a counted term present at or below an
    # excluded one (the true-path rule).
    order = [item.path for item in (*features, *diagnoses)]
    for finding in FINDINGS:
        if finding in present and finding in excluded:
            _contradiction(order, present[finding], excluded[finding], finding.value)
    for no, covered in excluding:
        for yes, term in present_terms:
            if term.id in covered:
                _contradiction(order, yes, no, f"{term.name} ({term.id})")
    findings = dict.fromkeys(FINDINGS, Answer.UNKNOWN)
    findings.update(dict.fromkeys(excluded, Answer.NO))
    findings.update(dict.fromkeys(present, Answer.YES))
    return PhenopacketAnswers(findings, ident, tuple(not_counted))


def _read_diagnoses(
    diagnoses: list[NotCountedFeature],
    present: dict[Finding, str],
    excluded: dict[Finding, str],
) -> list[NotCountedFeature]:
    """Add the counted diagnoses' findings to present or excluded; return the others."""
    not_counted = []
    for diagnosis in diagnoses:
        found = hpo_sets.diagnosis_counts_for(diagnosis.id)
        for finding in found:
            (excluded if diagnosis.excluded else present).setdefault(finding, diagnosis.path)
        review = hpo_sets.diagnosis_reviewed(diagnosis.id)
        if not found:
            not_counted.append(diagnosis if review is None else _with_review(diagnosis, review))
    return not_counted


def _with_review(entry: NotCountedFeature, review: hpo_sets.NotCounted) -> NotCountedFeature:
    """The entry with this tool's review: the finding it is near, the reason, the name."""
    return entry._replace(finding=review.finding, reason=review.reason, name=review.name)


def _not_counted(feature: NotCountedFeature, covered: frozenset[str]) -> NotCountedFeature:
    if covered:  # excluded, and at or above counted terms but not a finding's own term
        near = {finding for term in covered for finding in hpo_sets.counts_for(term)}
        reason = (
            "excluded: ruling out this term rules out some kinds of the finding, not the "
            "finding itself"
        )
        return feature._replace(finding=min(near, key=FINDINGS.index), reason=reason)
    review = hpo_sets.reviewed(feature.id)
    if review is None:
        diagnosis = hpo_sets.diagnosis_counts_for(feature.id)
        if diagnosis:  # MONDO:0005072 as a phenotypic feature
            reason = "a diagnosis, not an HPO term: it counts as a disease's term (diseases)"
            return feature._replace(finding=min(diagnosis, key=FINDINGS.index), reason=reason)
        return feature
    return _with_review(feature, review)


def _contradiction(order: list[str], yes: str, no: str, what: str) -> None:
    """Refuse a term both present and excluded, named at the later of the two features."""
    if order.index(yes) < order.index(no):
        raise Invalid(no, f"excludes {what}, which {yes} says is present")
    raise Invalid(yes, f"says {what} is present, which {no} excludes")


_READ = jsonread.JsonReader(max_chars=MAX_BYTES)


def read_json(text: str) -> object:
    """The JSON value of a text, within the reader's limits; `NotJson` if it is refused."""
    try:
        return _READ(text)
    except jsonread.JsonError as error:
        raise NotJson(error) from None


def parse_phenopacket_text(text: str) -> PhenopacketAnswers:
    """Read a phenopacket from JSON text; a syntax error names its line and column."""
    if not text.strip():
        raise PhenopacketError("empty: expected a phenopacket in JSON")
    return parse_phenopacket(read_json(text))


def read_phenopacket(file_name: str) -> PhenopacketAnswers:
    """Read a phenopacket file (``-``: standard input); `PhenopacketError` names the file."""
    try:
        text = jsonread.read_file_text(
            file_name,
            max_bytes=MAX_BYTES,
            too_large=f"larger than {MAX_BYTES // (1 << 20)} MiB; not a phenopacket",
            on_terminal="standard input is a terminal; pipe a phenopacket in",
        )
        return parse_phenopacket_text(text)
    except (jsonread.InputFileError, PhenopacketError) as error:
        raise PhenopacketError(f"{jsonread.file_label(file_name)}: {error}") from None
