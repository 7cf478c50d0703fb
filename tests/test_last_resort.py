"""The last resort: whatever goes wrong, exit 2 with one line, never a traceback, 1 or 3.

An exception nothing else handled (a bug, RecursionError, MemoryError), a standard output that
was closed before `oms batch` started, too little memory (``ulimit -v``), and standard streams
that are not UTF-8, where output degrades to ASCII instead of failing with UnicodeEncodeError.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from oms_cli.cli import process
from oms_cli.exitcodes import ExitCode
from oms_cli.views import output as output_module
from tests.conftest import Invoke
from tests.test_signals import ALL_NO, OMS, needs_oms, raising

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (RecursionError("maximum recursion depth exceeded"), "the input is nested too deeply"),
        (MemoryError(), "not enough memory to go on"),
        (KeyError("x"), "unexpected problem (KeyError: 'x'); please report it as a bug"),
        (
            ImportError("cannot import name 'sha512' from 'hashlib'"),
            "part of Python or oms-cli could not be loaded (ImportError: cannot import name "
            "'sha512' from 'hashlib'); memory may be short, or the installation is incomplete",
        ),
        (
            RuntimeError("\x1b[2J" + "a" * 1000),
            "unexpected problem (RuntimeError: \\x1b[2Jaaa",
        ),
    ],
    ids=["recursion", "memory", "bug", "import", "long-and-escaped"],
)
def test_an_unexpected_exception_is_exit_2_with_one_line(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, error: Exception, message: str
) -> None:
    """Raised inside a command: exit 2 (a usage/input code, never a verdict), one safe line."""
    monkeypatch.setattr(output_module, "show", raising(error))
    result = cli("check", "--no-input", *ALL_NO)
    assert (result.exit_code, result.stdout) == (ExitCode.USAGE, "")
    assert result.stderr.startswith(f"oms: error: {message}")
    assert result.stderr.count("\n") == 1
    assert "\x1b" not in result.stderr
    assert len(result.stderr) < 320


def test_typer_exits_still_pass_through_the_last_resort(cli: Invoke) -> None:
    """The verdict codes a command chooses itself are kept: the last resort is for the rest."""
    assert cli("check", "--no-input", *ALL_NO).exit_code == 1
    assert cli("check", "--no-input").exit_code == 3


def test_the_ascii_stand_ins_are_plain_ascii() -> None:
    """Every stand-in is printable ASCII, and none is a quote or a backslash (JSON stays JSON)."""
    stand_ins = "".join(process._ASCII.values())
    assert stand_ins.isascii()
    assert stand_ins.isprintable()
    assert '"' not in stand_ins
    assert "\\" not in stand_ins


def run_oms(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """The installed `oms`, with these arguments and extra environment variables."""
    return subprocess.run(
        [str(OMS), *args],
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        capture_output=True,
        check=False,
        timeout=60,
    )


NOT_UTF8 = [
    {"PYTHONIOENCODING": "ascii"},
    {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""},
    {"PYTHONIOENCODING": "latin-1"},
]


def encoding_of(env: dict[str, str]) -> str:
    """The encoding of standard output under these variables."""
    return "latin-1" if env.get("PYTHONIOENCODING") == "latin-1" else "ascii"


@needs_oms
@pytest.mark.parametrize("env", NOT_UTF8, ids=["ascii", "c-locale", "latin-1"])
@pytest.mark.parametrize(
    ("args", "code", "shown"),
    [
        (("info", "--all"), 0, b"\n* "),
        (("check", "--no-input", "--opsoclonus", "--myoclonus", "--behavior"), 0, b"\n* "),
        (("demo", "--all", "--no-input"), 0, b"-----"),
        (("batch", str(EXAMPLES / "cases.csv"), "--format", "table"), 0, b"-----"),
    ],
    ids=["info", "check", "demo", "batch-table"],
)
def test_output_degrades_to_ascii_on_a_stream_that_is_not_utf8(
    env: dict[str, str], args: tuple[str, ...], code: int, shown: bytes
) -> None:
    """Bullets, dashes and box lines become ASCII; the run ends as usual, with nothing on stderr."""
    result = run_oms(*args, env=env)
    assert (result.returncode, result.stderr) == (code, b"")
    result.stdout.decode(encoding_of(env))  # raises if the stream got what it cannot hold
    assert b"\\u20" not in result.stdout  # oms's own typography has stand-ins, not escapes
    assert shown in result.stdout


@needs_oms
@pytest.mark.parametrize("env", NOT_UTF8, ids=["ascii", "c-locale", "latin-1"])
def test_json_on_a_stream_that_is_not_utf8_is_still_the_same_json(env: dict[str, str]) -> None:
    """Characters the stream cannot encode are JSON escapes there, so the JSON reads the same."""
    args = ("check", "--no-input", "--opsoclonus", "--format", "json")
    plain = json.loads(run_oms(*args).stdout)
    degraded = run_oms(*args, env=env)
    assert degraded.returncode == ExitCode.UNDETERMINED
    assert degraded.stdout.isascii()
    assert json.loads(degraded.stdout) == plain


@needs_oms
@pytest.mark.parametrize("output_format", ["csv", "jsonl", "table"])
def test_batch_to_a_closed_standard_output_is_one_clear_line(
    tmp_path: Path, output_format: str
) -> None:
    """`oms batch cases.csv >&-`: exit 2 and one line, as for every other command."""
    path = tmp_path / "cases.csv"
    path.write_text("id,sleep\nP1,yes\n")
    closed = subprocess.run(
        ["bash", "-c", f"'{OMS}' batch '{path}' --format {output_format} >&-"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert closed.returncode == ExitCode.USAGE
    assert closed.stderr == "oms: error: standard output is closed\n"


def _under_limit(kib: int, *command: str) -> subprocess.CompletedProcess[str]:
    script = f"ulimit -v {kib} && exec " + " ".join(f"'{word}'" for word in command)
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, check=False, timeout=60
    )


@needs_oms
@pytest.mark.skipif(sys.platform != "linux", reason="ulimit -v limits address space on Linux")
def test_too_little_memory_is_exit_2_with_one_line(tmp_path: Path) -> None:
    """Under a small ``ulimit -v``: exit 2 and one line saying so, or the normal result.

    Limits from the smallest under which Python can load the CLI (typer and oms_cli.cli.app) up
    16 MB in 1 MB steps, so that memory runs out in oms's own work at some step, whatever the
    layout of this checkout: none may end in a traceback or a verdict's code. Not lower: while
    typer itself loads short of memory, Python 3.11 can spin forever unwinding a MemoryError,
    when the int it pushes for an exception handler cannot be allocated either
    (python/cpython#132508, gh-134163: fixed in 3.13 and 3.14), which no program can catch.
    """
    path = tmp_path / "cases.csv"
    path.write_text("id,sleep\n" + "".join(f"P{n},yes\n" for n in range(2000)))
    python = str(OMS.parent / "python")
    first = next(
        (
            kib
            for kib in range(8_000, 64_000, 4_000)
            if _under_limit(kib, python, "-c", "import oms_cli.cli.app").returncode == 0
        ),
        None,
    )
    if first is None or first == 8_000:
        pytest.skip("ulimit -v does not limit memory here as expected")
    starts = range(first, first + 16_001, 1_000)
    said = []
    for kib in starts:
        result = _under_limit(kib, str(OMS), "batch", str(path), "--format", "table")
        assert result.returncode in {0, ExitCode.USAGE}, result.stderr
        assert "Traceback" not in result.stderr
        if result.returncode == ExitCode.USAGE:
            assert result.stderr.startswith("oms: error: ")
            assert result.stderr.count("\n") == 1
            said.append(result.stderr)
    # Short of memory, Python may fail in other ways too (a SystemError while importing).
    assert any("not enough memory" in line for line in said), said


@needs_oms
@pytest.mark.parametrize("env", NOT_UTF8, ids=["ascii", "c-locale", "latin-1"])
def test_two_ids_that_differ_stay_different_on_a_stream_that_is_not_utf8(
    env: dict[str, str],
) -> None:
    """José and Jose in a table under LC_ALL=C: two different rows, never "Jose" twice.

    A letter the stream cannot encode is shown as a backslash escape, never without its accent
    (an ASCII stand-in that loses what tells two ids apart).
    """
    rows = "id,sleep\nJos\u00e9\u0107,yes\nJosec,yes\n"
    result = subprocess.run(
        [str(OMS), "batch", "-", "--format", "table"],
        input=rows.encode(),
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **env},
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (ExitCode.OK, b"")
    ids = [line.split()[0] for line in result.stdout.decode(encoding_of(env)).splitlines()[3:5]]
    assert len(set(ids)) == 2, ids
    assert ids[1] == "Josec"
