"""Odd terminals: narrow, dumb, colourless or piped, the output stays whole and legible."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Invoke

COMMANDS: list[tuple[tuple[str, ...], int]] = [
    (("check", "--no-input", "--opsoclonus", "--myoclonus", "--sleep"), 0),
    (("check", "--no-input", "--no-opsoclonus", "--no-neuroblastoma"), 1),
    (("check", "--no-input", "--opsoclonus", "--age-group", "adult"), 3),
    (("criteria",), 0),
    (("sources",), 0),
    (("info",), 0),
    (("info", "treatment"), 0),
    (("demo",), 0),
    (("demo", "scan-pending", "--no-input"), 0),
]


@pytest.mark.parametrize(("args", "code"), COMMANDS)
@pytest.mark.parametrize("width", [30, 40, 60])
def test_narrow_terminals_keep_every_line_within_the_width(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], code: int, width: int
) -> None:
    """At 30 to 60 columns no line is longer than the terminal and nothing is cut off silently.

    Except a URL, which is never split (split, it can no longer be copied or clicked): it takes a
    line of its own, whole, and the terminal wraps it softly.
    """
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli(*args)
    assert result.exit_code == code
    too_long = [
        line
        for line in result.stdout.splitlines()
        if len(line) > width and not re.fullmatch(r"(\[\w+\])? *https?://\S+", line)
    ]
    assert too_long == []
    if args[0] != "sources":  # every result ends with the disclaimer; the source list is no result
        assert "not a diagnosis" in " ".join(result.stdout.split())


@pytest.mark.parametrize(("args", "code"), COMMANDS)
def test_dumb_terminal_without_colour_gets_plain_text(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], code: int
) -> None:
    """TERM=dumb with NO_COLOR: no escape sequence at all, and statuses still in words."""
    monkeypatch.setenv("TERM", "dumb")
    result = cli(*args)
    assert result.exit_code == code
    assert "\x1b" not in result.stdout
    assert "\x1b" not in result.stderr
    if args[0] == "check":
        assert any(word in result.stdout for word in ("MET", "NOT MET", "UNKNOWN"))


@pytest.mark.parametrize("width", [30, 100])
def test_verdict_words_survive_narrow_layouts(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Each criterion's status is printed as a whole word in the narrow list and the wide table."""
    monkeypatch.setenv("COLUMNS", str(width))
    out = cli("check", "--no-input", "--opsoclonus", "--no-myoclonus", "--no-ataxia").stdout
    assert "Opsoclonus" in out
    assert "NOT MET" in out
    assert "UNKNOWN" in out
    assert out.splitlines()[0].startswith("Criteria undetermined")


@pytest.mark.parametrize("width", [30, 100])
def test_colour_repeats_each_status_in_the_table_and_the_list(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """With colour on, every status word and the verdict carry their colour, in both layouts."""
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", str(width))
    out = cli("check", "--no-input", "--opsoclonus", "--no-myoclonus", "--no-ataxia").stdout
    assert "\x1b[1;33mCriteria undetermined" in out
    assert "\x1b[1;32mMET" in out
    assert "\x1b[1;31mNOT MET" in out
    assert out.count("\x1b[1;33mUNKNOWN") == 2


def test_colour_marks_only_what_it_should_in_the_source_list(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`oms sources`: each title is bold and the field names dim; the details stay plain."""
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = cli("sources").stdout
    assert "\x1b[1mOpsoclonus-myoclonus syndrome\x1b[0m" in out
    assert "\x1b[2mPublisher: \x1b[0mGenetic and Rare Diseases" in out
