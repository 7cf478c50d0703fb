"""The pager: which command runs, when it runs, and that piped output is never paged."""

from __future__ import annotations

import pytest

from oms_cli.views import pager

from .conftest import Invoke


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, ["less", "-FRX"]),
        ({"PAGER": "most"}, ["most"]),
        ({"PAGER": "less -R --quit-if-one-screen"}, ["less", "-R", "--quit-if-one-screen"]),
        ({"PAGER": "'/opt/my pager/bin/p' -x"}, ["/opt/my pager/bin/p", "-x"]),
        ({"PAGER": ""}, None),
        ({"PAGER": "  "}, None),
        ({"PAGER": "cat"}, None),
        ({"PAGER": "less 'unbalanced"}, None),
    ],
)
def test_pager_command_follows_pager(environ: dict[str, str], expected: list[str] | None) -> None:
    """$PAGER is split like a shell would, never run by one; empty or cat turns paging off."""
    assert pager.pager_command(environ) == expected


def test_text_that_fits_the_screen_is_not_paged() -> None:
    """A text with fewer lines than the screen (one line kept for the prompt) is printed."""
    assert pager.fits("a\n" * 23, 24)
    assert not pager.fits("a\n" * 24, 24)


@pytest.mark.parametrize(
    "args", [("info", "--all"), ("sources",), ("criteria",), ("demo", "--all", "--no-input")]
)
def test_piped_output_is_never_paged(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    """Off a terminal the long outputs are printed whole, and no pager process is started."""
    started: list[object] = []
    monkeypatch.setattr("subprocess.Popen", lambda *a, **k: started.append(a))
    monkeypatch.setenv("PAGER", "less -FRX")
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) > 24  # long enough to page on a terminal
    assert result.stdout == cli(*args, "--no-pager").stdout
    assert started == []


def test_no_pager_is_an_option_of_every_long_output(cli: Invoke) -> None:
    """--no-pager is accepted (and documented) by info, sources, criteria and demo."""
    for command in ("info", "sources", "criteria", "demo"):
        assert "--no-pager" in cli(command, "--help").stdout
        assert cli(command, "--no-pager").exit_code == 0


def test_forced_colour_on_a_pipe_is_still_not_paged(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FORCE_COLOR makes rich treat a pipe as a terminal; the pager asks the stream itself."""
    started: list[object] = []
    monkeypatch.setattr("subprocess.Popen", lambda *a, **k: started.append(a))
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR")
    result = cli("info", "--all")
    assert result.exit_code == 0
    assert "\x1b[" in result.stdout  # coloured, as forced
    assert started == []
