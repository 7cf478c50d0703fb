"""The pager: which command runs, when it runs, and that piped output is never paged."""

from __future__ import annotations

import io
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from oms_cli.cli import process
from oms_cli.exitcodes import ExitCode
from oms_cli.views import pager

from .conftest import Invoke
from .test_pty import OMS


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


def test_text_that_fits_the_screen_is_not_paged(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A text with fewer lines than the screen (one line kept for the prompt) is printed."""
    monkeypatch.setenv("PAGER", copying_pager(tmp_path / "paged.txt"))
    out = io.StringIO()
    pager.UserPager(out, height=24).show("a\n" * 23)
    assert out.getvalue() == "a\n" * 23
    assert not (tmp_path / "paged.txt").exists()
    pager.UserPager(out, height=24).show("b\n" * 24)
    assert (tmp_path / "paged.txt").read_text(encoding="utf-8") == "b\n" * 24
    assert out.getvalue() == "a\n" * 23


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


TALL = "".join(f"line {n} \u2022 Jos\u00e9 \u2014 \u00b7\n" for n in range(40))
"""A text taller than any screen used here, with oms's typography and a letter ASCII lacks."""


def copying_pager(path: Path, code: int = 0) -> str:
    """A $PAGER that copies its input to ``path`` and exits with ``code``."""
    copy = f"import sys; open(sys.argv[1], 'wb').write(sys.stdin.buffer.read()); sys.exit({code})"
    return f'{sys.executable} -c "{copy}" {path}'


@pytest.mark.parametrize(
    "command", ["false", f"{sys.executable} -c 'raise SystemExit(3)'", "no-such-pager-at-all"]
)
def test_a_pager_that_fails_leaves_the_text_printed(
    monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """``PAGER=false``, a pager that exits 3, or none at that name: the text is printed here.

    `PAGER=false oms info --all` on a terminal showed nothing, and exited 0.
    """
    monkeypatch.setenv("PAGER", command)
    out = io.StringIO()
    pager.UserPager(out, height=10).show(TALL)
    assert out.getvalue() == TALL


def test_a_pager_that_shows_the_text_leaves_nothing_more_to_print(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A pager that reads the text and exits 0 had it all: nothing is printed here as well."""
    monkeypatch.setenv("PAGER", copying_pager(tmp_path / "paged.txt"))
    out = io.StringIO()
    pager.UserPager(out, height=10).show(TALL)
    assert out.getvalue() == ""
    assert (tmp_path / "paged.txt").read_text(encoding="utf-8") == TALL


def test_a_pager_that_fails_after_reading_still_leaves_the_text_printed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Exit code 2 after reading: a failure (it may have shown nothing); the text is printed."""
    monkeypatch.setenv("PAGER", copying_pager(tmp_path / "paged.txt", code=2))
    out = io.StringIO()
    pager.UserPager(out, height=10).show(TALL)
    assert out.getvalue() == TALL


def test_paged_text_has_the_stand_ins_of_unpaged_text(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Under LC_ALL=C the pager gets what standard output would get: stand-ins, never ``?``.

    The text went to the pager encoded with "replace": about 50 characters of `oms info --all`
    became ``?`` where the same text unpaged shows ``*``, ``-`` or an escape.
    """
    monkeypatch.setenv("PAGER", copying_pager(tmp_path / "paged.txt"))
    written = io.BytesIO()
    out = io.TextIOWrapper(written, encoding="ascii", errors=process.ASCII_ERRORS)
    pager.UserPager(out, height=10).show(TALL)
    out.write(TALL)  # the same text unpaged, for comparison
    out.flush()
    paged = (tmp_path / "paged.txt").read_bytes()
    assert paged == written.getvalue()
    assert b"?" not in paged
    assert paged.startswith(b"line 0 * Jos\\xe9 - -\n")


def charset_pager(path: Path) -> str:
    """A $PAGER that writes the LESSCHARSET it was given (or "-") to ``path``."""
    record = "import os, sys; sys.stdin.read(); open(sys.argv[1], 'w')"
    record += ".write(os.environ.get('LESSCHARSET', '-'))"
    return f'{sys.executable} -c "{record}" {path}'


@pytest.mark.parametrize(
    ("encoding", "given", "seen"),
    [("utf-8", None, "utf-8"), ("utf-8", "latin1", "latin1"), ("ascii", None, "-")],
)
def test_less_is_told_the_text_is_utf_8_when_it_is(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    encoding: str,
    given: str | None,
    seen: str,
) -> None:
    """Under LC_ALL=C (Python's UTF-8 mode) less showed <E2><80><A2> for every bullet.

    UTF-8 text goes to the pager with LESSCHARSET=utf-8, unless the user set LESSCHARSET; other
    text (the ASCII stand-ins) is left to the locale.
    """
    monkeypatch.setenv("PAGER", charset_pager(tmp_path / "charset.txt"))
    monkeypatch.delenv("LESSCHARSET", raising=False)
    if given is not None:
        monkeypatch.setenv("LESSCHARSET", given)
    out = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors=process.ASCII_ERRORS)
    pager.UserPager(out, height=10).show(TALL)
    assert (tmp_path / "charset.txt").read_text(encoding="utf-8") == seen


class _Screen(io.StringIO):
    """A terminal's output, as far as isatty goes."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("term", ["xterm", "dumb"])
def test_a_dumb_terminal_is_not_paged_and_the_demo_prompt_ends_its_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, term: str
) -> None:
    """TERM=dumb (an editor's shell): less stopped to warn; the next step ran into the prompt."""
    from rich.console import Console

    from oms_cli.views import render

    monkeypatch.setenv("TERM", term)
    monkeypatch.setenv("PAGER", copying_pager(tmp_path / "paged.txt"))
    screen = Console(file=_Screen(), force_terminal=True, width=40, height=5)
    monkeypatch.setattr(render, "console", lambda file=None: screen)
    render.emit_paged(TALL)
    assert (tmp_path / "paged.txt").exists() is (term != "dumb")
    prompt = Console(file=io.StringIO(), force_terminal=True, width=40, no_color=True)
    render.show_pause_prompt(prompt)
    render.clear_pause_prompt(prompt)
    shown = prompt.file.getvalue()  # type: ignore[attr-defined]
    assert render.PAUSE_PROMPT in shown
    assert shown.endswith("\n" if term == "dumb" else "\r\x1b[2K")


needs_oms = pytest.mark.skipif(not OMS.exists(), reason=f"console script not installed: {OMS}")


@needs_oms
@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(
    ("sent", "code"), [(signal.SIGTERM, ExitCode.TERMINATED), (signal.SIGHUP, ExitCode.HUNG_UP)]
)
def test_a_signal_to_oms_ends_its_pager_too(tmp_path: Path, sent: int, code: int) -> None:
    """SIGTERM or SIGHUP to `oms` while its pager runs: the pager ends too, oms exits 143 or 129.

    The pager here reads the text, says it is ready, then waits (as ``less`` waits for a key);
    it was left running on the terminal after `oms` had gone. `oms` runs on a terminal that is
    not its session's (as under a shell), so that its ending does not hang the pager up.
    """
    script = (
        "import os, sys, time; sys.stdin.read(); "
        "open(sys.argv[1], 'w').write(str(os.getpid())); print('PAGER READY', flush=True); "
        "time.sleep(60)"
    )
    pid_file = tmp_path / "pager.pid"
    env = {**os.environ, "PAGER": f'{sys.executable} -c "{script}" {pid_file}', "LINES": "24"}
    main, side = pty.openpty()
    try:
        oms = subprocess.Popen(
            [str(OMS), "info", "--all"], stdin=side, stdout=side, stderr=side, env=env
        )
        shown = b""
        deadline = time.monotonic() + 30
        while b"PAGER READY" not in shown:
            assert time.monotonic() < deadline, shown[-300:]
            if select.select([main], [], [], 0.5)[0]:
                shown += os.read(main, 4096)
        pid = int(pid_file.read_text())
        try:
            oms.send_signal(sent)
            assert oms.wait(30) == code
            deadline = time.monotonic() + 10
            while alive(pid):
                assert time.monotonic() < deadline, f"the pager {pid} outlived oms"
                time.sleep(0.05)
        finally:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
    finally:
        os.close(main)
        os.close(side)


def alive(pid: int) -> bool:
    """Whether a process runs (neither gone nor a zombie waiting to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
