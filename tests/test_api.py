"""The library's outputs (`oms_cli.api`, exported by `oms_cli`) are what `oms check` prints."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys

import pytest

import oms_cli
import oms_cli.api
from oms_cli import __version__, evaluate, notes, sources, to_dict, to_json, what_if
from tests.conftest import Invoke

CASES = [
    ({"opsoclonus": "yes", "myoclonus": "yes", "sleep": "yes"}, None),
    ({"opsoclonus": "yes", "ataxia": "yes", "sleep": "no"}, "adult"),
    ({"neuroblastoma": "no", "opsoclonus": "no", "myoclonus": "yes"}, "child"),
    ({}, None),
]


def _flags(findings: dict[str, str], age_group: str | None) -> list[str]:
    flags = [
        f"--{name}" if answer == "yes" else f"--no-{name}" for name, answer in findings.items()
    ]
    return [*flags, *(["--age-group", age_group] if age_group else []), "--no-input"]


@pytest.mark.parametrize(("findings", "age_group"), CASES)
@pytest.mark.parametrize("with_what_if", [False, True], ids=["plain", "what-if"])
def test_to_json_is_what_the_command_prints(
    cli: Invoke, findings: dict[str, str], age_group: str | None, with_what_if: bool
) -> None:
    """`to_json` is byte for byte `oms check --format json` (with `--what-if` when asked)."""
    extra = ["--what-if"] if with_what_if else []
    printed = cli("check", *_flags(findings, age_group), "--format", "json", *extra).stdout
    result = evaluate(findings, age_group)
    assert to_json(result, what_if=with_what_if) == printed
    assert to_dict(result, what_if=with_what_if) == json.loads(printed)


def test_the_dict_is_the_callers_to_change() -> None:
    """Changing a returned object changes nothing that a later call returns."""
    result = evaluate({"opsoclonus": "yes"})
    data = to_dict(result)
    data["tool"]["version"] = "changed"
    data["codes"]["syndrome"]["id"] = "changed"
    again = to_dict(result)
    assert again["tool"]["version"] == __version__
    assert again["codes"]["syndrome"]["id"] == "ORPHA:1183"


def test_notes_and_sources_are_those_in_the_json() -> None:
    """`notes` and `sources` give, as objects, the notes and sources of the JSON, in its order."""
    result = evaluate({"opsoclonus": "yes", "ataxia": "yes"}, "child")
    data = to_dict(result)
    assert [(n.key, n.text, list(n.sources)) for n in notes(result)] == [
        (n["key"], n["text"], n["sources"]) for n in data["notes"]
    ]
    assert [(s.n, s.label, s.url) for s in sources(result)] == [
        (s["n"], s["label"], s["url"]) for s in data["sources"]
    ]
    assert [s.label for s in sources(result)] == ["[GARD]", "[3]", "[4]"]


def test_a_not_met_results_first_note_is_its_caveat_without_sources() -> None:
    """Not met rules nothing out: that note comes first, in the tool's own words, uncited."""
    first = notes(evaluate({"neuroblastoma": "no", "opsoclonus": "no"}))[0]
    assert (first.key, first.sources) == ("not_met_scope", ())
    assert "rules nothing out" in first.text


def test_what_if_lists_the_changes_of_the_json() -> None:
    """`what_if` gives the changes `--what-if` lists, and none when no one change matters."""
    result = evaluate({"opsoclonus": "yes", "ataxia": "yes", "sleep": "no"})
    listed = [
        (c.finding.value, c.before.value, c.after.value, c.verdict.value) for c in what_if(result)
    ]
    assert listed == [
        (c["finding"], c["from"], c["to"], c["verdict"])
        for c in to_dict(result, what_if=True)["what_if"]
    ]
    assert [finding for finding, *_ in listed] == ["neuroblastoma", "behavior", "sleep"]
    settled = evaluate(dict.fromkeys(("neuroblastoma", "opsoclonus", "myoclonus", "sleep"), "yes"))
    assert what_if(settled) == ()


def test_the_modules_example_runs() -> None:
    """The example in `oms_cli.api`'s docstring gives what it shows."""
    failures, tries = doctest.testmod(oms_cli.api)
    assert (failures, tries) == (0, 2)


def test_the_package_exports_the_functions() -> None:
    """`oms_cli` exports the five functions, each documented, and lists them in `__all__`."""
    for name in ("to_dict", "to_json", "notes", "sources", "what_if"):
        assert getattr(oms_cli, name) is getattr(oms_cli.api, name)
        assert name in oms_cli.__all__
        assert getattr(oms_cli, name).__doc__


def test_importing_the_package_leaves_what_if_unloaded() -> None:
    """`import oms_cli` (every `oms` start) loads what-if only when it is asked for."""
    code = "import sys, oms_cli; print('oms_cli.rules.whatif' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout == "False\n"


def test_the_packages_example_runs() -> None:
    """The example in `oms_cli`'s docstring gives what it shows."""
    failures, tries = doctest.testmod(oms_cli)
    assert (failures, tries) == (0, 3)
