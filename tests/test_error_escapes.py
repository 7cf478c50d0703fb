"""No text from a FHIR response or a phenopacket reaches standard error raw (hazard H8).

Every piece of input in an error message goes through `oms_cli.files.textsafe`: a hostile key or
value (an escape sequence that retitles the terminal and clears the screen, BEL, C1 controls,
bidi overrides, line separators) is shown as escapes, whichever error path it takes.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from oms_cli.interop import fhir
from tests.conftest import Invoke

HOSTILE = [
    "\x1b]0;pwned\x07\x1b[2J",  # retitle the window, ring, clear the screen
    "\x1b[31mred\x1b[0m",
    "\x9b2J\x9d0;t\x9c",  # the same as C1 controls (CSI, OSC, ST)
    "a\u202eevil\u202cb",  # right-to-left override
    "\u2066x\u2069\u200b",  # isolates, zero-width space
    "one\u2028two\u2029\x85three",  # line and paragraph separators, NEL
    "\x00\x08\x7f\r",  # NUL, backspace, DEL, carriage return
]
"""Hostile text: each piece acts on a terminal or makes text read as something it is not."""


def raw_controls(text: str) -> list[str]:
    """The characters of ``text`` that act on a terminal or hide (a line end aside)."""
    return [
        char
        for char in text
        if char != "\n" and unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}
    ]


def good_response() -> dict[str, Any]:
    coding = {"system": fhir.ANSWER_SYSTEM, "code": "yes"}
    return {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "item": [{"linkId": "opsoclonus", "answer": [{"valueCoding": coding}]}],
    }


Place = Callable[[dict[str, Any], str], None]


def _answer(resource: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = resource["item"][0]["answer"][0]
    return answer


FHIR_PLACES: dict[str, Place] = {
    "a key in an answer, after valueCoding": lambda r, h: _answer(r).update({f"value{h}": 1}),
    "a key in an answer, alone": lambda r, h: r["item"][0].update(answer=[{f"value{h}": 1}]),
    "a key at the top": lambda r, h: r.update({h: 1}),
    "a key in an item": lambda r, h: r["item"][0].update({h: 1}),
    "a key in a coding": lambda r, h: _answer(r)["valueCoding"].update({h: 1}),
    "a key in an extension": lambda r, h: r.update(extension=[{"url": "u", h: 1}]),
    "a key beside a primitive": lambda r, h: r.update({f"_{h}": {}}),
    "a linkId": lambda r, h: r["item"][0].update(linkId=h),
    "a code": lambda r, h: _answer(r)["valueCoding"].update(code=h),
    "a system": lambda r, h: _answer(r)["valueCoding"].update(system=h),
    "a status": lambda r, h: r.update(status=h),
    "a questionnaire": lambda r, h: r.update(questionnaire=h),
    "a questionnaire version": lambda r, h: r.update(questionnaire=f"{fhir.QUESTIONNAIRE_URL}|{h}"),
    "an id": lambda r, h: r.update(id=h),
    "a resource type": lambda r, h: r.update(resourceType=h),
    "a display": lambda r, h: _answer(r)["valueCoding"].update(display=h, version=5),
    "a date": lambda r, h: r.update(authored=h),
    "a help item": lambda r, h: r["item"][0].update(item=[{"linkId": h}]),
}


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("place", FHIR_PLACES)
def test_fhir_errors_show_hostile_keys_and_values_as_escapes(
    cli: Invoke, tmp_path: Path, place: str, hostile: str
) -> None:
    """Whatever path the error takes, exit 2 and no raw control or format character on stderr."""
    resource = good_response()
    FHIR_PLACES[place](resource, hostile)
    path = tmp_path / "response.json"
    path.write_text(json.dumps(resource), encoding="utf-8")
    result = cli("check", "--from-fhir", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"oms: error: {path}")
    assert raw_controls(result.stderr) == []
    assert result.stderr.count("\n") == 1


def test_a_repeated_hostile_key_is_shown_as_escapes(cli: Invoke, tmp_path: Path) -> None:
    """The guarded JSON reader's message for a repeated key escapes the key too."""
    for hostile in HOSTILE:
        key = json.dumps(hostile)
        for name, text in (
            ("response.json", f'{{"resourceType": "QuestionnaireResponse", {key}: 1, {key}: 2}}'),
            ("packet.json", f'{{"id": "p", {key}: 1, {key}: 2}}'),
        ):
            path = tmp_path / name
            path.write_text(text, encoding="utf-8")
            option = "--from-fhir" if name.startswith("response") else "--from-phenopacket"
            result = cli("check", option, str(path))
            assert result.exit_code == 2
            assert "appears twice" in result.stderr
            assert raw_controls(result.stderr) == []


def good_packet() -> dict[str, Any]:
    return {
        "id": "p1",
        "phenotypicFeatures": [{"type": {"id": "HP:0000570", "label": "Opsoclonus"}}],
        "metaData": {"createdBy": "tests", "phenopacketSchemaVersion": "2.0"},
    }


def _feature(packet: dict[str, Any]) -> dict[str, Any]:
    feature: dict[str, Any] = packet["phenotypicFeatures"][0]
    return feature


PACKET_PLACES: dict[str, Place] = {
    "a term id": lambda p, h: _feature(p)["type"].update(id=f"HP:{h}"),
    "a term id, not HPO": lambda p, h: _feature(p)["type"].update(id=h, label=5),
    "an id": lambda p, h: p.update(id={"x": h}),
    "a key at the top": lambda p, h: p.update({h: 1}),
    "a key in a feature": lambda p, h: _feature(p).update({h: 1, "excluded": h}),
    "a key in a term": lambda p, h: _feature(p)["type"].update({h: 1}),
    "excluded": lambda p, h: _feature(p).update(excluded=h),
    "the features": lambda p, h: p.update(phenotypicFeatures=h),
}


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("place", PACKET_PLACES)
def test_phenopacket_errors_show_hostile_keys_and_values_as_escapes(
    cli: Invoke, tmp_path: Path, place: str, hostile: str
) -> None:
    """Read or refused, nothing raw on stderr; refused, exit 2 and one line."""
    packet = good_packet()
    PACKET_PLACES[place](packet, hostile)
    path = tmp_path / "packet.json"
    path.write_text(json.dumps(packet), encoding="utf-8")
    result = cli("check", "--from-phenopacket", str(path), "--format", "json")
    assert raw_controls(result.stderr) == []
    if result.exit_code == 2:
        assert result.stderr.startswith(f"oms: error: {path}")
        assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_file_name_is_shown_as_escapes(cli: Invoke, tmp_path: Path, hostile: str) -> None:
    """The file's own name, in every error about it, is made visible too."""
    name = hostile.replace("\x00", "0")  # the one character no file name can hold
    for option in ("--from-fhir", "--from-phenopacket"):
        result = cli("check", option, str(tmp_path / name))
        assert result.exit_code == 2
        assert "no such file" in result.stderr
        assert raw_controls(result.stderr) == []
