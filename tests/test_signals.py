"""How a run ends when the world interferes: Ctrl-C, SIGTERM, SIGHUP, a closed pipe, a full disk.

Every such ending has a documented exit code (130, 143, 129, 141, 2), at most one line on
standard error, no traceback, and leaves no partial or temporary file. The first tests raise the
interference inside a command run in process; the rest start the installed ``.venv/bin/oms`` and
interfere with it for real.
"""

from __future__ import annotations

import contextlib
import errno
import linecache
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from oms_cli.cli import process, stopping
from oms_cli.exitcodes import ExitCode
from oms_cli.files import outfile
from oms_cli.views import output as output_module
from tests.conftest import Invoke

OMS = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "oms"
needs_oms = pytest.mark.skipif(not OMS.exists(), reason=f"{OMS} is not installed (make test)")
ALL_NO = ("--no-neuroblastoma", "--no-opsoclonus", "--no-myoclonus", "--no-ataxia")
"""Findings that make `check` decide "not met": exit 1, which a closed pipe must not imitate."""


# --- in process: the interference raised inside a command -----------------------------------------


def raising(error: BaseException) -> object:
    """A stand-in for a function that fails with ``error``."""

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    return fail


ENDINGS = [
    (KeyboardInterrupt(), ExitCode.INTERRUPTED, "oms: interrupted\n"),
    (process.Stopped(signal.SIGTERM), ExitCode.TERMINATED, "oms: terminated (SIGTERM)\n"),
    (process.Stopped(signal.SIGHUP), ExitCode.HUNG_UP, "oms: terminated (SIGHUP)\n"),
    (BrokenPipeError(errno.EPIPE, "Broken pipe"), ExitCode.CLOSED_PIPE, ""),
    (
        OSError(errno.ENOSPC, "No space left on device"),
        ExitCode.USAGE,
        "oms: error: cannot write the output: No space left on device\n",
    ),
]


@pytest.mark.parametrize(
    ("error", "code", "message"),
    ENDINGS,
    ids=["ctrl-c", "sigterm", "sighup", "closed-pipe", "full-disk"],
)
def test_each_interference_has_its_code_and_one_line(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, error: BaseException, code: int, message: str
) -> None:
    """Raised while a command writes its result: the documented code, one line (none for a pipe).

    `check` is chosen because its own codes 0, 1 and 3 are verdicts that no ending may imitate.
    """
    monkeypatch.setattr(output_module, "show", raising(error))
    result = cli("check", "--no-input", *ALL_NO)
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr == message


def noted(error: BaseException, note: str) -> BaseException:
    """A fresh copy of the error with a note attached, as a command attaches one on the way out."""
    fresh = type(error)(*error.args)
    fresh.add_note(note)
    return fresh


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [ending for ending in ENDINGS if ending[2]],
    ids=["ctrl-c", "sigterm", "sighup", "full-disk"],
)
def test_every_ending_carries_the_note_a_command_attached(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, error: BaseException, code: int, message: str
) -> None:
    """A note attached on the way out ends the same one line, whichever signal or error it was."""
    monkeypatch.setattr(output_module, "show", raising(noted(error, "a note")))
    result = cli("check", "--no-input", *ALL_NO)
    assert result.exit_code == code
    assert result.stderr == message.removesuffix("\n") + "; a note\n"


def test_ctrl_c_while_exporting_removes_the_temporary_file(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C after the temporary export file is written, before it is renamed: nothing is left.

    The export's cleanup runs on any exception, not only on errors (KeyboardInterrupt is not one).
    """
    monkeypatch.setattr(outfile.os, "fsync", raising(KeyboardInterrupt()))
    result = cli("check", "--no-input", "--opsoclonus", "--export", str(tmp_path / "out.md"))
    assert result.exit_code == ExitCode.INTERRUPTED
    assert result.stderr == "oms: interrupted\n"
    assert list(tmp_path.iterdir()) == []


def test_sigterm_while_exporting_removes_the_temporary_file(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM (as `main` raises it) in the middle of writing an export: nothing is left."""
    monkeypatch.setattr(outfile.os, "fsync", raising(process.Stopped(signal.SIGTERM)))
    result = cli("info", "--export", str(tmp_path / "out.md"))
    assert result.exit_code == ExitCode.TERMINATED
    assert list(tmp_path.iterdir()) == []


def test_usage_errors_show_what_they_quote_made_visible(cli: Invoke) -> None:
    """Click's messages quote arguments: escape sequences and bidi overrides are made visible."""
    result = cli("criteria", "\x1b[31mred", "\u202eevil")
    assert result.exit_code == ExitCode.USAGE
    assert "\x1b" not in result.stderr
    assert "\u202e" not in result.stderr
    assert "\\x1b[31mred" in result.stderr


# --- real processes ------------------------------------------------------------------------------


def start(*args: str, cwd: Path | None = None, **options: object) -> subprocess.Popen[bytes]:
    """Start the installed ``oms`` with these arguments."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    return subprocess.Popen([str(OMS), *args], cwd=cwd, env=env, **options)  # type: ignore[call-overload, no-any-return]


PIPES: dict[str, Any] = {
    "stdin": subprocess.PIPE,
    "stdout": subprocess.PIPE,
    "stderr": subprocess.PIPE,
}
"""Every standard stream a pipe to the test."""


def read_until(stream: IO[bytes], marker: bytes, timeout: float = 30) -> bytes:
    """Read a pipe until ``marker`` has appeared (a prompt, say); fail after ``timeout`` seconds."""
    seen = b""
    deadline = time.monotonic() + timeout
    os.set_blocking(stream.fileno(), False)
    while marker not in seen:
        assert time.monotonic() < deadline, f"never saw {marker!r}: {seen[-500:]!r}"
        chunk = stream.read()
        if chunk:
            seen += chunk
        else:
            time.sleep(0.01)
    os.set_blocking(stream.fileno(), True)
    return seen


def finish(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    """Wait for the process: its exit code and everything it wrote to standard error."""
    _, stderr = process.communicate(timeout=30)
    return process.returncode, stderr.decode()


STOPS = [
    (signal.SIGINT, ExitCode.INTERRUPTED, "oms: interrupted"),
    (signal.SIGTERM, ExitCode.TERMINATED, "oms: terminated (SIGTERM)"),
    (signal.SIGHUP, ExitCode.HUNG_UP, "oms: terminated (SIGHUP)"),
]
STOP_IDS = ["sigint", "sigterm", "sighup"]


@needs_oms
@pytest.mark.parametrize(("sent", "code", "line"), STOPS, ids=STOP_IDS)
def test_signal_while_asking_for_an_export_leaves_no_file(
    tmp_path: Path, sent: int, code: int, line: str
) -> None:
    """A signal while `oms check -i --export` waits for an answer: its code, one line, no file."""
    process = start("check", "-i", "--export", "out.svg", cwd=tmp_path, **PIPES)
    assert process.stderr is not None
    asked = read_until(process.stderr, b"[child/adult/unknown/?]")
    process.send_signal(sent)
    returncode, stderr = finish(process)
    assert returncode == code
    assert (asked.decode() + stderr).rstrip().endswith("\n" + line)
    assert "Traceback" not in stderr
    assert list(tmp_path.iterdir()) == []


def handlers_installed(pid: int) -> bool:
    """Whether the process catches SIGTERM yet (`oms_cli.cli.app.main` has started), from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) & (1 << (signal.SIGTERM - 1)))


def start_export(folder: Path) -> tuple[subprocess.Popen[bytes], float]:
    """Start `oms demo --all --export out.svg` in ``folder``; return once it catches signals."""
    folder.mkdir()
    process = start(
        "demo", "--all", "--no-input", "--export", "out.svg", cwd=folder, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 30
    while not handlers_installed(process.pid):
        assert time.monotonic() < deadline
        time.sleep(0.001)
    return process, time.monotonic()


@needs_oms
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(("sent", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_at_any_moment_of_an_export_leaves_a_whole_file_or_none(
    tmp_path: Path, sent: int, code: int
) -> None:
    """A signal at any moment of `oms demo --all --export out.svg`: the whole file or none.

    Sent at fractions of the time a run takes on this machine, to fall before, during and after
    the writing. The exit code is the signal's (130, 143), or 0 when the work was done first.
    """
    process, started = start_export(tmp_path / "timing")
    assert finish(process)[0] == ExitCode.OK
    duration = time.monotonic() - started
    for fraction in (0.0, 0.6, 0.8, 0.9, 1.0):
        folder = tmp_path / f"at-{fraction}"
        process, started = start_export(folder)
        time.sleep(max(0.0, started + fraction * duration - time.monotonic()))
        process.send_signal(sent)
        returncode, stderr = finish(process)
        assert "Traceback" not in stderr
        assert "Exception ignored" not in stderr
        # -sent: the signal came as Python was exiting, after every handler had run.
        assert returncode in {ExitCode.OK, code, -sent}, stderr
        left = [path.name for path in folder.iterdir()]
        assert left in ([], ["out.svg"])
        if left:
            assert (folder / "out.svg").read_text().rstrip().endswith("</svg>")


@needs_oms
@pytest.mark.parametrize(("sent", "code", "line"), STOPS, ids=STOP_IDS)
def test_signal_during_a_batch_with_output_leaves_no_file(
    tmp_path: Path, sent: int, code: int, line: str
) -> None:
    """A signal while `oms batch - --output out.csv` waits for more rows: its code, nothing left.

    By then the temporary output file exists (rows are written as they come). Ctrl-C, SIGTERM and
    SIGHUP end the same way, by one path (`oms_cli.cli.process`), and say the same: which signal,
    and
    that no output file was written (the note `oms batch` attaches).
    """
    process = start("batch", "-", "--output", "out.csv", cwd=tmp_path, **PIPES)
    assert process.stdin is not None
    process.stdin.write(("id,sleep\n" + "P,yes\n" * 5000).encode())
    process.stdin.flush()
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".out.csv.*.tmp")):
        assert time.monotonic() < deadline, "the temporary file never appeared"
        time.sleep(0.01)
    process.send_signal(sent)
    returncode, stderr = finish(process)
    assert returncode == code
    assert stderr == f"{line}; no output file was written\n"
    assert list(tmp_path.iterdir()) == []


@needs_oms
@pytest.mark.skipif(shutil.which("nohup") is None, reason="needs nohup")
def test_sighup_stays_ignored_under_nohup(tmp_path: Path) -> None:
    """`nohup oms ...`: SIGHUP stays ignored (the run goes on); SIGTERM still stops it."""
    process = subprocess.Popen(["nohup", str(OMS), "check", "-i"], cwd=tmp_path, **PIPES)
    assert process.stderr is not None
    read_until(process.stderr, b"[child/adult/unknown/?]")
    process.send_signal(signal.SIGHUP)
    time.sleep(0.2)
    assert process.poll() is None
    process.send_signal(signal.SIGTERM)
    assert finish(process)[0] == ExitCode.TERMINATED


def closed_pipe_run(*args: str) -> tuple[int, bytes]:
    """Run ``oms`` with standard output a pipe nobody reads any more: exit code and stderr."""
    reader, writer = os.pipe()
    os.close(reader)  # the reader has gone before oms writes a byte: `| head -0`, deterministic
    try:
        process = start(*args, stdout=writer, stderr=subprocess.PIPE)
    finally:
        os.close(writer)
    _, stderr = process.communicate(timeout=30)
    return process.returncode, stderr


@needs_oms
@pytest.mark.parametrize(
    "args",
    [
        ("info", "--all"),
        ("check", "--no-input", *ALL_NO, "--format", "json"),
        ("check", "--no-input", *ALL_NO),
        ("--help",),
        ("--version",),
    ],
    ids=["info-text", "check-json", "check-text", "help", "version"],
)
def test_closed_pipe_ends_quietly_with_141(args: tuple[str, ...]) -> None:
    """`oms ... | head -1`: nothing on standard error, exit 141 (never a verdict's 0, 1 or 3)."""
    code, stderr = closed_pipe_run(*args)
    assert stderr == b""
    assert code == ExitCode.CLOSED_PIPE


@needs_oms
def test_closed_pipe_in_a_shell_pipeline_is_quiet(tmp_path: Path) -> None:
    """`oms info --all | head -1` in a shell: the first line, no message, 141 in PIPESTATUS."""
    script = f"'{OMS}' info --all 2>err.txt | head -1; echo \"${{PIPESTATUS[0]}}\""
    shown = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    first, code = shown.stdout.splitlines()
    assert first.startswith("Opsoclonus-myoclonus syndrome")
    assert code in {"0", "141"}  # 0 when oms wrote everything before head left
    assert (tmp_path / "err.txt").read_text() == ""


@needs_oms
def test_closed_pipe_during_a_batch_is_quiet(tmp_path: Path) -> None:
    """`oms batch big.csv --format jsonl | head -1`: no message, exit 141."""
    path = tmp_path / "cases.csv"
    path.write_text("id,sleep\n" + "".join(f"P{n},yes\n" for n in range(200_000)))
    code, stderr = closed_pipe_run("batch", str(path), "--format", "jsonl")
    assert stderr == b""
    assert code == ExitCode.CLOSED_PIPE


needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")


@needs_oms
@needs_dev_full
@pytest.mark.parametrize(
    "args",
    [("info", "--all"), ("check", "--no-input", "--opsoclonus", "--format", "json"), ("-V",)],
    ids=["info-text", "check-json", "version"],
)
def test_full_disk_on_standard_output_is_one_clear_line(args: tuple[str, ...]) -> None:
    """`oms ... > /dev/full`: exit 2 and one line saying why.

    Whether the write fails at once or only when the output is flushed at exit (small outputs).
    """
    with open("/dev/full", "wb") as full:
        process = start(*args, stdout=full, stderr=subprocess.PIPE)
        code, stderr = finish(process)
    assert code == ExitCode.USAGE
    assert stderr == "oms: error: cannot write the output: No space left on device\n"


@needs_oms
def test_closed_standard_output_is_one_clear_line() -> None:
    """`oms check ... >&-`: exit 2 and a message, not a verdict nobody can read."""
    closed = subprocess.run(
        ["bash", "-c", f"'{OMS}' check --no-input --opsoclonus --format json >&-"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert closed.returncode == ExitCode.USAGE
    assert closed.stderr == "oms: error: standard output is closed\n"


def unwritable_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder this user cannot create files in (a read-only one; for root, /sys)."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
    elif Path("/sys/kernel").is_dir():
        yield Path("/sys/kernel")  # sysfs: even root cannot create files there
    else:
        pytest.skip("running as root without /sys: no folder is unwritable")


@pytest.fixture
def unwritable(tmp_path: Path) -> Iterator[Path]:
    """See `unwritable_folder`."""
    yield from unwritable_folder(tmp_path)


@needs_oms
def test_export_into_an_unwritable_folder_is_one_clear_line(unwritable: Path) -> None:
    """--export into a folder that cannot be written: exit 2, one line naming the file, no file."""
    target = unwritable / "out.md"
    process = start("info", "--export", str(target), stderr=subprocess.PIPE)
    code, stderr = finish(process)
    assert code == ExitCode.USAGE
    assert stderr.startswith(f"oms: error: --export: cannot write '{target}': ")
    assert stderr.count("\n") == 1
    assert not target.exists()


@needs_oms
def test_batch_output_into_an_unwritable_folder_is_one_clear_line(
    tmp_path: Path, unwritable: Path
) -> None:
    """`oms batch --output` into a folder that cannot be written: exit 2, one line, no file."""
    cases = tmp_path / "cases.csv"
    cases.write_text("id,sleep\nP1,yes\n")
    target = unwritable / "out.csv"
    process = start("batch", str(cases), "--output", str(target), stderr=subprocess.PIPE)
    code, stderr = finish(process)
    assert code == ExitCode.USAGE
    assert stderr.startswith("oms: error: ")
    assert stderr.count("\n") == 1
    assert not target.exists()


@needs_oms
def test_undecodable_argument_bytes_are_shown_made_visible() -> None:
    """Arguments that are not UTF-8, with an escape byte: exit 2, the bytes shown as escapes."""
    process = subprocess.run(
        [os.fsencode(OMS), b"info", b"\xff\x1b[31mred"],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
        check=False,
    )
    assert process.returncode == ExitCode.USAGE
    assert b"\x1b" not in process.stderr
    assert b"Traceback" not in process.stderr
    assert process.stderr.startswith(b"oms: error: unknown topic '\\udcff\\x1b[31mred'")


def test_ctrl_c_while_oms_is_still_loading_ends_like_any_ctrl_c() -> None:
    """Ctrl-C while typer and oms are imported: exit 130 and one line, not a traceback."""
    code = (
        "import builtins, sys\n"
        "load = builtins.__import__\n"
        "def interrupted(name, *args, **kwargs):\n"
        "    if name == 'typer':  # as if Ctrl-C came while typer loads\n"
        "        raise KeyboardInterrupt\n"
        "    return load(name, *args, **kwargs)\n"
        "sys.argv = ['oms', 'check', '--no-input']\n"
        "from oms_cli.__main__ import main\n"
        "builtins.__import__ = interrupted\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert (result.returncode, result.stdout) == (ExitCode.INTERRUPTED, "")
    assert result.stderr == "oms: interrupted\n"


def test_signals_interrupt_the_work_and_pass_once_it_is_done() -> None:
    """While a command works, SIGTERM, SIGHUP and Ctrl-C raise; once it is done, they pass.

    Raised after the work, between the last ``except`` of `process.run` and the exit, the
    exception would escape as a traceback (seen as a rare failure of the test above).
    """
    with handled_as_by_run():
        with pytest.raises(process.Stopped):
            signal.raise_signal(signal.SIGTERM)
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
        stopping.Work.done = True
        for signum in stopping.HANDLED:
            signal.raise_signal(signum)  # no exception: nothing left to interrupt


def test_a_signal_held_back_is_handled_as_soon_as_the_block_ends() -> None:
    """`outfile.signals_held()`: the steps inside all run; the signal's handler runs right after."""
    steps: list[str] = []
    saved = signal.getsignal(signal.SIGTERM)

    def stop(signum: int, frame: object) -> None:
        steps.append("handled")
        raise process.Stopped(signum)

    def create_and_record() -> None:
        with outfile.signals_held():
            signal.pthread_kill(threading.get_ident(), signal.SIGTERM)
            steps.append("created")
            steps.append("recorded")

    signal.signal(signal.SIGTERM, stop)
    try:
        with pytest.raises(process.Stopped):
            create_and_record()
        assert steps == ["created", "recorded", "handled"]
    finally:
        signal.signal(signal.SIGTERM, saved)


def test_a_signal_handled_while_the_block_starts_leaves_no_signal_blocked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A signal that came just before `signals_held()`: its exception leaves the mask as it was.

    Python runs the handler of a signal that has arrived but not been handled yet inside
    `signal.pthread_sigmask`, after the mask has changed. Raised from the call that blocks, the
    exception once left Ctrl-C, SIGTERM and SIGHUP blocked for good; in a process that goes on
    (the test run), every program started later inherits that mask, and Ctrl-C cannot stop it.
    """
    real = signal.pthread_sigmask
    before = real(signal.SIG_BLOCK, ())

    def handled_on_the_way(how: int, mask: Any) -> set[signal.Signals]:
        previous = real(how, mask)
        if how == signal.SIG_BLOCK and set(mask) == set(outfile.HELD_SIGNALS):
            raise process.Stopped(signal.SIGTERM)  # what the handler raises, from inside the call
        return previous

    monkeypatch.setattr(outfile.signal, "pthread_sigmask", handled_on_the_way)
    with pytest.raises(process.Stopped), outfile.signals_held():
        pytest.fail("the block ran although the signal stopped it")  # pragma: no cover
    assert real(signal.SIG_BLOCK, ()) == before


@needs_oms
def test_a_reader_leaving_mid_write_ends_with_141(tmp_path: Path) -> None:
    """`oms quiz --count 50 --no-input | head -c 10`: 141, although the first write was short.

    110 KB in one write to a pipe that holds 64 KiB: the kernel takes 64 KiB, and the reader
    leaves. Python's buffered writer reported it all written and dropped the rest (exit 0).
    """
    script = (
        f"'{OMS}' quiz --count 50 --seed 1 --no-input 2>err.txt | head -c 10; "
        'echo " ${PIPESTATUS[0]}"'
    )
    shown = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert shown.stdout == "OMS quiz:  141\n"  # ten bytes, then the exit code
    assert (tmp_path / "err.txt").read_text() == ""


def test_whole_writes_retries_a_short_write_until_all_is_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`process.WholeWrites`: a write the system takes only in part is written on, to the end."""
    real = os.write
    calls: list[int] = []

    def short(descriptor: int, data: Any) -> int:
        calls.append(len(data))
        return real(descriptor, bytes(data)[:1000])

    reader, writer = os.pipe()
    try:
        monkeypatch.setattr(process.os, "write", short)
        assert process.WholeWrites(writer).write(b"x" * 2500) == 2500
        monkeypatch.undo()
        assert os.read(reader, 10_000) == b"x" * 2500
        assert calls == [2500, 1500, 500]
    finally:
        os.close(reader)
        os.close(writer)


SIGNALLED = [(signal.SIGINT, "oms: interrupted\n"), (signal.SIGTERM, "oms: terminated (SIGTERM)\n")]


OPENING = ["self.stream = open(temp", "self._temp = temp", "return self.stream"]
"""The steps of `OutputFile.open` around creating the temporary file and recording it."""


@pytest.mark.parametrize("step", OPENING, ids=["creating", "recording", "returning"])
@pytest.mark.parametrize(("sent", "message"), SIGNALLED, ids=["sigint", "sigterm"])
def test_a_signal_at_any_step_of_opening_the_file_leaves_nothing(
    cli: Invoke, tmp_path: Path, sent: int, message: str, step: str
) -> None:
    """A real signal as the temporary file is created, recorded for clean-up, or handed over.

    Handled between creating the file and recording its name, it would leave the temporary file
    ``.out.md.XXXX.tmp`` behind: signals are held for both steps.
    """
    with handled_as_by_run(), signal_at(outfile.OutputFile.open, step, sent):
        result = cli("info", "--export", str(tmp_path / "out.md"))
    assert (result.exit_code, result.stderr) == (128 + sent, message)
    assert list(tmp_path.iterdir()) == []


@contextlib.contextmanager
def signal_at(function: Any, line: str, sent: int) -> Iterator[None]:
    """Raise the signal ``sent`` as ``function`` is about to run its line that starts ``line``.

    A line tracer: the signal is raised between two statements, where a real one can land.
    """
    code = function.__code__

    def local(frame: Any, event: str, arg: object) -> Any:
        text = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
        if event == "line" and text.startswith(line):
            signal.raise_signal(sent)  # its handler runs here, unless signals are held
        return local

    def tracer(frame: Any, event: str, arg: object) -> Any:
        return local if frame.f_code is code else None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(previous)


@contextlib.contextmanager
def handled_as_by_run() -> Iterator[None]:
    """Signals handled as `process.run` handles them (`stopping.catch`), then as before."""
    saved = {signum: signal.getsignal(signum) for signum in stopping.HANDLED}
    hook = sys.unraisablehook
    for signum in saved:
        signal.signal(signum, signal.SIG_DFL)
    stopping.catch()
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        sys.unraisablehook = hook
        stopping.Work.done = False
        stopping.Work.received = None


def run_with_a_hook(hook: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``oms ARGS`` through `oms_cli.__main__.main`, with ``hook`` run as typer is imported."""
    code = (
        "import builtins, gc, signal, sys\n"
        f"sys.argv = ['oms', *{list(args)!r}]\n"
        "from oms_cli.__main__ import main\n"
        "load = builtins.__import__\n"
        "def hooked(name, *args, **kwargs):\n"
        "    if name == 'typer':\n"
        "        builtins.__import__ = load\n"
        f"        {hook}\n"
        "    return load(name, *args, **kwargs)\n"
        "builtins.__import__ = hooked\n"
        "main()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize(("sent", "message"), SIGNALLED, ids=["sigint", "sigterm"])
def test_a_signal_while_oms_is_still_loading_ends_like_any_signal(sent: int, message: str) -> None:
    """Ctrl-C or SIGTERM while typer loads: exit 130 or 143 and its line; never killed silently.

    SIGTERM once killed the process without a word before the CLI had installed its handler.
    """
    result = run_with_a_hook(f"signal.raise_signal({sent})", "check", "--no-input")
    assert (result.returncode, result.stdout, result.stderr) == (128 + sent, "", message)


@pytest.mark.parametrize(("sent", "message"), SIGNALLED, ids=["sigint", "sigterm"])
def test_a_signal_lost_inside_the_import_machinery_still_ends_the_run(
    sent: int, message: str
) -> None:
    """A signal whose exception Python cannot pass on still ends the run, with its code.

    Raised in a ``__del__`` here, as in the import lock's weak-reference callbacks. It printed
    "Exception ignored ... KeyboardInterrupt", ran the command, and exited 0.
    """
    hook = f"type('Late', (), {{'__del__': lambda self: signal.raise_signal({sent})}})()"
    result = run_with_a_hook(hook, "check", "--no-input", "--opsoclonus", "--myoclonus", "--sleep")
    assert (result.returncode, result.stdout, result.stderr) == (128 + sent, "", message)


@pytest.mark.parametrize(("sent", "message"), SIGNALLED, ids=["sigint", "sigterm"])
@pytest.mark.parametrize("when", ["loading", "working"])
def test_a_signal_wrapped_in_another_error_still_ends_as_the_signal(
    sent: int, message: str, when: str
) -> None:
    """A signal while a class is made: Python 3.11 passes its exception on as a RuntimeError.

    Seen at random moments in `make fuzz`: "oms: error: cannot start (RuntimeError('Error
    calling __set_name__ ...'))", exit 2, for a SIGTERM while typer loaded.
    """
    make_class = (
        "type('Made', (), {'field': type('Named', (), {'__set_name__': "
        f"lambda self, owner, name: signal.raise_signal({sent})}})()}})"
    )
    if when == "loading":
        result = run_with_a_hook(make_class, "check", "--no-input")
    else:  # while a command works: as a module it loads late is made
        code = (
            "import signal, sys\n"
            "from oms_cli.views import output\n"
            f"output.show = lambda *args, **kwargs: {make_class}\n"
            "sys.argv = ['oms', 'check', '--no-input', '--opsoclonus']\n"
            "from oms_cli.__main__ import main\n"
            "main()\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
        )
    assert (result.returncode, result.stdout, result.stderr) == (128 + sent, "", message)


@pytest.mark.parametrize(("sent", "message"), SIGNALLED, ids=["sigint", "sigterm"])
@pytest.mark.parametrize(
    ("module", "function", "line"),
    [
        ("oms_cli.__main__", "main", "run_cli()"),
        ("oms_cli.cli.process", "run", "_set_up_streams()"),
    ],
    ids=["before-run", "setting-up-streams"],
)
def test_a_signal_between_loading_and_running_ends_like_any_signal(
    sent: int, message: str, module: str, function: str, line: str
) -> None:
    """A signal after the CLI has loaded, before `process.run` has begun its ``try``: its ending.

    Seen in `make fuzz` (1 run in 500): a traceback ending in "Stopped: 15", exit 1, once the
    handlers were installed from the first line and these few steps were outside any ``try``.
    """
    code = (
        "import importlib, linecache, signal, sys\n"
        f"target = getattr(importlib.import_module({module!r}), {function!r}).__code__\n"
        "def local(frame, event, arg):\n"
        "    text = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()\n"
        f"    if event == 'line' and text.startswith({line!r}):\n"
        f"        signal.raise_signal({sent})\n"
        "    return local\n"
        "sys.settrace(lambda frame, event, arg: local if frame.f_code is target else None)\n"
        "sys.argv = ['oms', 'check', '--no-input', '--opsoclonus']\n"
        "from oms_cli.__main__ import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (128 + sent, "", message)
