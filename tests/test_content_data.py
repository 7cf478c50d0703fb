"""The words about the syndrome are data files (`oms_cli/content/*.json`), checked as they load.

A file with a key missing, unknown or given twice, a closed set's member missing, or a plain word
(``$word``) that has no words stops the package from loading, naming what is wrong: a typo in the
data can never quietly drop a text. Each test loads a copy of the package with one file broken,
in a fresh process, and reads the error it ends with.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from oms_cli import content
from oms_cli.rules import OMS_CRITERIA

PACKAGE = Path(__file__).resolve().parents[1] / "oms_cli"
LOAD_ALL = "import oms_cli.content.cases, oms_cli.content.sources, oms_cli.teaching.quiz_text"


def load_with(
    tmp_path: Path, name: str, edit: Callable[[str], str]
) -> subprocess.CompletedProcess[str]:
    """Load every content module from a copy of the package whose data file `name` is edited."""
    shutil.copytree(PACKAGE, tmp_path / "oms_cli", ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "oms_cli" / "content" / name
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-c", LOAD_ALL],
        cwd=tmp_path,  # the copy comes first on the path: `-c` puts the directory there
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def edited(change: Callable[[Any], object]) -> Callable[[str], str]:
    """An edit of a JSON file: `change` alters the parsed value in place."""

    def edit(text: str) -> str:
        value = json.loads(text)
        change(value)
        return json.dumps(value)

    return edit


def test_the_copy_without_an_edit_loads(tmp_path: Path) -> None:
    """A copy of the package, its data files as they are, loads: the breakages below are real."""
    result = load_with(tmp_path, "check.json", lambda text: text)
    assert result.returncode == 0, result.stderr


BROKEN = {
    "a finding misspelt": (
        "check.json",
        edited(lambda d: d["findings"].update(opsoclonos=d["findings"].pop("opsoclonus"))),
        "ValueError: expected the values of Finding as keys",
    ),
    "a finding's question missing": (
        "check.json",
        edited(lambda d: d["findings"]["ataxia"].pop("question")),
        "TypeError: FindingText.__new__() missing 1 required positional argument: 'question'",
    ),
    "a criterion's text with a key misspelt": (
        "check.json",
        edited(lambda d: d["criteria"]["opsoclonus"].update(source=[4])),
        "TypeError: CitedText.__new__() got an unexpected keyword argument 'source'",
    ),
    "a note missing": (
        "check.json",
        edited(lambda d: d["notes"].pop("child_signs")),
        "ValueError: expected the values of NoteKey as keys",
    ),
    "a key given twice": (
        "check.json",
        lambda text: text.replace('"no_means": ', '"no_means": "twice", "no_means": ', 1),
        "ValueError: a key is given twice",
    ),
    "a source without its address": (
        "sources.json",
        edited(lambda d: d[3].pop("url")),
        "TypeError: Source.__new__() missing 1 required positional argument: 'url'",
    ),
    "a topic missing": (
        "topics.json",
        edited(lambda d: d["topics"].pop("causes")),
        "ValueError: expected the values of TopicId as keys",
    ),
    "a plain word unknown": (
        "topics.json",
        lambda text: text.replace("$chronic (chronic)", "$chronik (chronic)", 1),
        "KeyError: 'chronik'",
    ),
    "a case's answer not an answer": (
        "cases.json",
        edited(lambda d: d[0]["findings"].update(sleep="maybe")),
        "ValueError: 'maybe' is not a valid Answer",
    ),
    "a story without its unknown": (
        "quiz.json",
        edited(lambda d: d["story"]["sleep"].pop("unknown")),
        "ValueError: expected the values of Answer as keys",
    ),
    "a trap with a key misspelt": (
        "quiz.json",
        edited(lambda d: d["traps"]["unknown_as_no"].update(whyy="")),
        "TypeError: TrapText.__init__() got an unexpected keyword argument 'whyy'",
    ),
}


@pytest.mark.parametrize(("name", "edit", "error"), BROKEN.values(), ids=list(BROKEN))
def test_a_broken_data_file_stops_the_package_loading(
    tmp_path: Path, name: str, edit: Callable[[str], str], error: str
) -> None:
    """A data file with a mistake fails to load, with an error that names the mistake."""
    result = load_with(tmp_path, name, edit)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith(error), result.stderr


def test_the_check_texts_are_those_of_the_data_file() -> None:
    """What `oms check` says is read from `check.json`, keyed by the rule's closed sets."""
    data = json.loads((PACKAGE / "content" / "check.json").read_text(encoding="utf-8"))
    assert data["not_met_caveat"] == content.NOT_MET_CAVEAT
    assert content.FINDING_TEXT["ataxia"].question == data["findings"]["ataxia"]["question"]
    assert content.UNDETERMINED_NOTE.sources == tuple(data["notes"]["undetermined"]["sources"])


def test_the_rule_is_worded_from_the_criteria_set() -> None:
    """The words take "3 of 4" from the criteria set: a made-up 2-of-3 set changes them."""
    two_of_three = OMS_CRITERIA._replace(criteria=OMS_CRITERIA.criteria[:3], required=2)
    check = content.read("check.json", two_of_three)
    quiz = content.read("quiz.json", two_of_three)
    assert "any 2 of 3 criteria" in check["rule"]["text"]
    assert "the 2-of-3 rule" in check["notes"]["undetermined"]["text"]
    assert "Criterion {number} of 3," in quiz["lines"]["criterion_prompt"]
    assert "Met needs 2 criteria met" in quiz["lines"]["not_follows"]
    assert quiz["traps"]["myoclonus_ataxia_twice"]["why"].endswith("toward the 2 of 3.")
    assert "any 3 of 4 criteria" in content.RULE
    for path in (PACKAGE / "content").glob("*.json"):
        text = path.read_text(encoding="utf-8")
        assert not any(literal in text for literal in ("3 of 4", "3-of-4", "needs 3")), path
