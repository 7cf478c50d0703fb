"""The promise of every file oms writes (`oms_cli.files.outfile`), through each writer that uses it.

Whole or not at all; only a regular file replaced, only with --force, keeping its mode; links,
folders, pipes, devices and the command's own inputs never written over; nothing left behind.
Each promise is checked through `oms batch --output` and through `--export`, the two writers.
"""

from __future__ import annotations

import errno
import os
import resource
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from oms_cli.exitcodes import ExitCode
from oms_cli.files import outfile
from oms_cli.files.outfile import NAME_MAX, OutputError, check_target, write_text
from tests.conftest import Invoke

CASES = "id,sleep\nP1,yes\n"
FHIR_RESPONSE = '{"resourceType": "QuestionnaireResponse", "status": "completed"}\n'

Result = Any
"""typer's CliRunner result (exit_code, stdout, stderr)."""


def batch_to(cli: Invoke, target: str | Path, *extra: str) -> Result:
    """`oms batch - --output TARGET`, two rows on standard input."""
    return cli("batch", "-", "--output", str(target), *extra, input=CASES)


def export_to(cli: Invoke, target: str | Path, *extra: str) -> Result:
    """`oms info prognosis --export TARGET`."""
    return cli("info", "prognosis", "--export", str(target), *extra)


WriterCase = tuple[Callable[..., Result], str, str]
WRITERS: dict[str, WriterCase] = {
    "batch": (batch_to, "--output", ".csv"),
    "export": (export_to, "--export", ".md"),
}


@pytest.fixture(params=list(WRITERS))
def writer(request: pytest.FixtureRequest) -> WriterCase:
    """Each writer in turn: how to run it, its option, the extension it writes."""
    return WRITERS[request.param]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder for the output."""
    return tmp_path


def one_error_line(result: Result, option: str) -> str:
    """The run's stderr, checked to be one `oms: error: OPTION: ...` line with exit 2."""
    assert result.exit_code == ExitCode.USAGE, result.stderr
    stderr: str = result.stderr
    assert stderr.startswith(f"oms: error: {option}: "), stderr
    assert stderr.count("\n") == 1
    assert "Traceback" not in stderr
    return stderr


# --- what may be replaced -------------------------------------------------------------------------


def make_symlink_to_file(folder: Path, name: str) -> Path:
    """A symbolic link to a regular file that holds precious text."""
    (folder / "precious.txt").write_text("precious\n")
    (folder / name).symlink_to(folder / "precious.txt")
    return folder / name


def make_dangling_symlink(folder: Path, name: str) -> Path:
    """A symbolic link to nothing."""
    (folder / name).symlink_to(folder / "nothing-here")
    return folder / name


def make_symlink_loop(folder: Path, name: str) -> Path:
    """A symbolic link that points at itself."""
    (folder / name).symlink_to(folder / name)
    return folder / name


def make_fifo(folder: Path, name: str) -> Path:
    """A named pipe (opening it for writing would block: oms must never try)."""
    os.mkfifo(folder / name)
    return folder / name


def make_socket(folder: Path, name: str) -> Path:
    """A Unix socket bound to a name in the folder."""
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / name))
    server.close()
    return folder / name


def make_folder(folder: Path, name: str) -> Path:
    """A folder of that name."""
    (folder / name).mkdir()
    return folder / name


NOT_REPLACEABLE = {
    "symlink": (make_symlink_to_file, "is a symbolic link; oms never replaces one"),
    "dangling-symlink": (make_dangling_symlink, "is a symbolic link; oms never replaces one"),
    "symlink-loop": (make_symlink_loop, "is a symbolic link in a loop"),
    "fifo": (make_fifo, "is a named pipe (FIFO); oms writes only regular files"),
    "socket": (make_socket, "is a socket; oms writes only regular files"),
    "folder": (make_folder, "is a folder; give a file name"),
}


def kind_of(path: Path) -> int:
    """The file type bits of the name itself (links not followed)."""
    return stat.S_IFMT(path.lstat().st_mode)


@pytest.mark.parametrize("kind", list(NOT_REPLACEABLE))
@pytest.mark.parametrize("force", [False, True], ids=["no-force", "force"])
def test_only_regular_files_are_ever_replaced(
    cli: Invoke,
    folder: Path,
    writer: WriterCase,
    kind: str,
    force: bool,
) -> None:
    """Links (dangling or looping too), pipes, sockets, folders: refused, with or without --force.

    One line says what is there; the thing itself is left exactly as it was.
    """
    run, option, extension = writer
    make, reason = NOT_REPLACEABLE[kind]
    target = make(folder, f"target{extension}")
    before = sorted(os.listdir(folder))
    kind_before = kind_of(target)
    result = run(cli, target, *(["--force"] if force else []))
    assert reason in one_error_line(result, option)
    assert kind_of(target) == kind_before
    assert sorted(os.listdir(folder)) == before
    if kind == "symlink":
        assert (folder / "precious.txt").read_text() == "precious\n"


@pytest.mark.parametrize("name", ["/dev/zero", "/dev/stdout", "/dev/fd/1"])
def test_devices_and_standard_output_are_never_replaced(cli: Invoke, name: str) -> None:
    """A device node (/dev/zero) and the links to standard output are refused even with --force.

    `--output -` is the way to standard output.
    """
    if not os.path.lexists(name):
        pytest.skip(f"{name} does not exist here")
    kind_before = stat.S_IFMT(os.lstat(name).st_mode)
    result = cli("batch", "-", "--output", name, "--force", input=CASES)
    stderr = one_error_line(result, "--output")
    assert "is a character device" in stderr or "is a symbolic link" in stderr
    assert stat.S_IFMT(os.lstat(name).st_mode) == kind_before


def test_the_null_device_is_written_through(cli: Invoke) -> None:
    """`--output /dev/null` discards the output (exit 0) and /dev/null stays the null device."""
    result = cli("batch", "-", "--output", os.devnull, input=CASES)
    assert result.exit_code == ExitCode.OK, result.stderr
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)
    assert check_target(os.devnull, option="--output", force=False) is outfile.Target.NULL


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604])
def test_force_keeps_the_mode_of_the_file_it_replaces(
    cli: Invoke, folder: Path, writer: WriterCase, mode: int
) -> None:
    """--force replaces a regular file's content and keeps its permissions (0600 stays 0600)."""
    run, _, extension = writer
    target = folder / f"private{extension}"
    target.write_text("old\n")
    target.chmod(mode)
    result = run(cli, target, "--force")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert target.read_text() != "old\n"
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert sorted(os.listdir(folder)) == [target.name]


def test_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    """The written file has the permissions the umask gives (0644 under 022), not a temp file's."""
    target = tmp_path / "out.txt"
    saved = os.umask(0o022)
    try:
        write_text(target, "text\n", option="--export", force=False)
    finally:
        os.umask(saved)
    assert target.stat().st_mode & 0o777 == 0o644


# --- names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["newdir/", "./", ".", "..", "", "sub/.."])
def test_folder_like_names_are_refused(
    cli: Invoke, folder: Path, writer: WriterCase, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name that ends in / (or is . or ..) names a folder: refused, and nothing is created."""
    run, option, _ = writer
    monkeypatch.chdir(folder)
    (folder / "sub").mkdir()
    stderr = one_error_line(run(cli, name), option)
    assert "folder" in stderr
    assert sorted(os.listdir(folder)) == ["sub"]


def test_a_missing_folder_is_named(cli: Invoke, folder: Path, writer: WriterCase) -> None:
    """A file in a folder that does not exist: one line naming the missing folder."""
    run, option, extension = writer
    result = run(cli, folder / "no" / f"out{extension}")
    assert f"no such folder '{folder / 'no'}'" in one_error_line(result, option)


@pytest.mark.parametrize("length", [245, NAME_MAX])
def test_a_long_legal_name_is_written(
    cli: Invoke, folder: Path, writer: WriterCase, length: int
) -> None:
    """A legal 245- or 255-byte name works: the temporary name beside it is cut to fit."""
    run, _, extension = writer
    target = folder / ("n" * (length - len(extension)) + extension)
    assert len(os.fsencode(target.name)) == length
    result = run(cli, target)
    assert result.exit_code == ExitCode.OK, result.stderr
    assert os.listdir(folder) == [target.name]
    assert target.stat().st_size > 0


@pytest.mark.parametrize("length", [1, 200, 245, NAME_MAX])
def test_temporary_names_fit_the_limit_and_keep_their_folder(tmp_path: Path, length: int) -> None:
    """A temporary name is a hidden .NAME.RANDOM.tmp beside the target, never over NAME_MAX."""
    name = str(tmp_path / ("é" * (length // 2) + "x" * (length % 2)))
    temp = outfile.temporary_name(name)
    assert os.path.dirname(temp) == str(tmp_path)
    base = os.path.basename(temp)
    assert base.startswith(".")
    assert base.endswith(".tmp")
    assert len(os.fsencode(base)) <= NAME_MAX
    assert temp != outfile.temporary_name(name)


# --- never an input -------------------------------------------------------------------------------


def test_check_never_exports_over_the_fhir_file_it_reads(cli: Invoke, tmp_path: Path) -> None:
    """`oms check --from-fhir F --export F --force` is refused, by any name of F; F is intact."""
    response = tmp_path / "response.md"
    response.write_text(FHIR_RESPONSE)
    (tmp_path / "link.md").symlink_to(response)
    for output in (response, tmp_path / "." / "response.md", tmp_path / "link.md"):
        result = cli("check", "--from-fhir", str(response), "--export", str(output), "--force")
        assert "is the input file" in one_error_line(result, "--export")
    assert response.read_text() == FHIR_RESPONSE


def test_batch_never_writes_over_standard_input_redirected_from_the_output(tmp_path: Path) -> None:
    """`oms batch - --output F --force < F`: standard input is the file, so it is refused."""
    cases = tmp_path / "cases.csv"
    cases.write_text(CASES)
    with cases.open("rb") as stdin:
        process = subprocess.run(
            [sys.executable, "-m", "oms_cli", "batch", "-", "--output", str(cases), "--force"],
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert process.returncode == ExitCode.USAGE
    assert "is the input file" in process.stderr
    assert cases.read_text() == CASES


# --- whole or nothing, never over a newcomer ------------------------------------------------------


@pytest.fixture(params=["hard-links", "no-hard-links"])
def links(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each way a file is put in place without --force, in turn.

    A hard link; or, on a file system without hard links (FAT), an exclusive create of the name
    and a rename over it.
    """
    if request.param == "no-hard-links":

        def no_link(*args: object, **kwargs: object) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(outfile.os, "link", no_link)
    return request.param


def test_write_never_replaces_a_file_that_appeared_meanwhile(tmp_path: Path, links: str) -> None:
    """A file created after the check but before the write is still not replaced without force."""
    target = tmp_path / "race.txt"
    with outfile.OutputFile(target, option="--export", force=False) as output:
        output.open().write(b"new\n")
        target.write_text("arrived first\n", encoding="utf-8")
        with pytest.raises(OutputError, match="already exists; add --force"):
            output.commit()
    assert target.read_text(encoding="utf-8") == "arrived first\n"
    assert sorted(tmp_path.iterdir()) == [target]


def test_a_fresh_name_is_written_whole(tmp_path: Path, links: str) -> None:
    """Either way of putting a file in place: a new name gets exactly the text, nothing else."""
    target = tmp_path / "new.txt"
    write_text(target, "whole\n", option="--export", force=False)
    assert target.read_text(encoding="utf-8") == "whole\n"
    assert sorted(tmp_path.iterdir()) == [target]


def test_failed_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When writing fails midway, neither the target nor a temporary file is left behind."""
    target = tmp_path / "out.txt"

    def broken_fsync(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outfile.os, "fsync", broken_fsync)
    for force in (False, True):
        with pytest.raises(
            OutputError, match=r"cannot write '.*out\.txt': No space left on device"
        ):
            write_text(target, "text\n", option="--export", force=force)
        assert list(tmp_path.iterdir()) == []


def limited_file_size(limit: int) -> Callable[[], None]:
    """For a child process: files may grow to ``limit`` bytes (a disk that fills up)."""

    def limit_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_size


@pytest.mark.parametrize(
    "args",
    [("info", "--all", "--export", "out.svg"), ("batch", "cases.csv", "--output", "out.csv")],
    ids=["export", "batch"],
)
def test_a_disk_that_fills_up_leaves_nothing_behind(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Writing fails for lack of room (a file-size limit, as on a full disk): nothing is left.

    Exit 2, one line naming the problem, neither the output nor a temporary file.
    """
    cases = tmp_path / "cases.csv"
    cases.write_text("id,sleep\n" + "".join(f"P{n},yes\n" for n in range(20_000)))
    process = subprocess.run(
        [sys.executable, "-m", "oms_cli", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=limited_file_size(16 * 1024),
    )
    assert process.returncode == ExitCode.USAGE, process.stderr
    option, name = args[-2:]
    assert process.stderr == f"oms: error: {option}: cannot write '{name}': File too large\n"
    assert sorted(os.listdir(tmp_path)) == ["cases.csv"]


def open_descriptors_in(pid: int, folder: Path) -> list[str]:
    """Where the process's open files in ``folder`` are (from /proc/PID/fd)."""
    found = []
    for entry in Path(f"/proc/{pid}/fd").iterdir():
        try:
            where = os.readlink(entry)
        except OSError:
            continue
        if where.startswith(str(folder)):
            found.append(where)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs Linux /proc")
def test_a_file_created_while_a_batch_runs_is_left_intact(tmp_path: Path) -> None:
    """A file created at the output's name while `oms batch - --output out.csv` runs is kept.

    oms refuses it at the end (exit 2, one line); the newcomer is intact, nothing else is left.
    """
    target = tmp_path / "out.csv"
    process = subprocess.Popen(
        [sys.executable, "-m", "oms_cli", "batch", "-", "--output", str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None
    process.stdin.write(("id,sleep\n" + "P,yes\n" * 5000).encode())  # read before opening
    process.stdin.flush()
    deadline = time.monotonic() + 30
    while not open_descriptors_in(process.pid, tmp_path):  # the temporary file is being written
        assert time.monotonic() < deadline, "oms never opened its temporary file"
        assert process.poll() is None, process.communicate()
        time.sleep(0.01)
    target.write_text("arrived first\n")
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == ExitCode.USAGE
    assert stderr.decode() == (
        f"oms: error: --output: '{target}' already exists; add --force to replace it\n"
    )
    assert target.read_text() == "arrived first\n"
    assert sorted(os.listdir(tmp_path)) == ["out.csv"]


# --- a set of files: all or nothing (`write_set`) -------------------------------------------------

SET_NAMES = ("set-1.svg", "set-2.svg", "set-3.svg", "set-4.svg")


def existing_set(folder: Path) -> dict[str, str]:
    """The files of an earlier run in ``folder``, each with its own text; name -> text."""
    old = {name: f"earlier {name}\n" for name in SET_NAMES}
    for name, text in old.items():
        (folder / name).write_text(text, encoding="utf-8")
        (folder / name).chmod(0o640)
    return old


def contents(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` (temporary files included), name -> text."""
    return {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()}


def new_set(folder: Path) -> list[tuple[str | os.PathLike[str], str]]:
    """The set to write: each name of `SET_NAMES` with new text."""
    return [(folder / name, f"new {name}\n") for name in SET_NAMES]


@pytest.mark.parametrize("failing", [1, 2, 3, 4])
@pytest.mark.parametrize("earlier", [True, False], ids=["replacing", "new"])
def test_a_set_that_fails_while_written_leaves_the_earlier_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: int, earlier: bool
) -> None:
    """A full disk at the Nth file: every earlier file as it was, no new file, nothing left over."""
    old = existing_set(tmp_path) if earlier else {}
    real_fsync = os.fsync
    calls: list[int] = []

    def fsync_fails_at_the_nth(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == failing:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(outfile.os, "fsync", fsync_fails_at_the_nth)
    with pytest.raises(OutputError, match=rf"set-{failing}\.svg': No space left on device; none"):
        outfile.write_set(new_set(tmp_path), option="--export", force=True)
    assert contents(tmp_path) == old
    assert all(stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o640 for name in old)


@pytest.mark.parametrize("failing", [1, 2, 3, 4])
def test_a_set_whose_nth_file_cannot_be_put_in_place_leaves_the_earlier_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: int, links: str
) -> None:
    """The Nth file cannot replace the old one (after 1..N-1 did): all N-1 are taken back.

    With hard links the old files are kept aside as links; without, as copies.
    """
    old = existing_set(tmp_path)
    real_replace = os.replace
    refused = str(tmp_path / f"set-{failing}.svg")

    def replace_refuses_one(source: str, target: str) -> None:
        if os.fspath(target) == refused and ".tmp" in os.fspath(source):
            raise OSError(errno.EPERM, "Operation not permitted")
        real_replace(source, target)

    monkeypatch.setattr(outfile.os, "replace", replace_refuses_one)
    with pytest.raises(OutputError, match=rf"set-{failing}\.svg': Operation not permitted; none"):
        outfile.write_set(new_set(tmp_path), option="--export", force=True)
    assert contents(tmp_path) == old


def test_a_new_set_whose_last_file_exists_meanwhile_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --force, a file that appears before the last is placed: the first three go again."""
    real_link = os.link

    def someone_else_writes_the_last(source: str, target: str) -> None:
        if os.fspath(target).endswith("set-4.svg"):
            (tmp_path / "set-4.svg").write_text("theirs\n", encoding="utf-8")
        real_link(source, target)

    monkeypatch.setattr(outfile.os, "link", someone_else_writes_the_last)
    with pytest.raises(OutputError, match=r"set-4\.svg' already exists"):
        outfile.write_set(new_set(tmp_path), option="--export", force=False)
    assert contents(tmp_path) == {"set-4.svg": "theirs\n"}


def test_a_whole_set_replaces_every_file_and_keeps_their_modes(tmp_path: Path, links: str) -> None:
    """With --force, success: every file has its new text and its old permissions, no copy left."""
    existing_set(tmp_path)
    outfile.write_set(new_set(tmp_path), option="--export", force=True)
    assert contents(tmp_path) == {name: f"new {name}\n" for name in SET_NAMES}
    assert all(stat.S_IMODE((tmp_path / n).stat().st_mode) == 0o640 for n in SET_NAMES)


def test_a_set_naming_one_file_twice_is_refused(tmp_path: Path) -> None:
    """Two texts for one name could never both be kept: refused before anything is written."""
    twice = [(tmp_path / "a.md", "one\n"), (tmp_path / "a.md", "two\n")]
    with pytest.raises(OutputError, match="would be written twice"):
        outfile.write_set(twice, option="--export", force=True)
    assert list(tmp_path.iterdir()) == []


def test_two_long_export_names_are_never_shown_as_one(cli: Invoke, tmp_path: Path) -> None:
    """A quiz sheet and its key with a long name: both names shown whole, so never alike.

    Names were cut at 80 characters in messages: ``q...q….md`` and ``q...q…-answers.md`` both
    read ``qqqq…``, in "wrote" and in "already exists".
    """
    sheet = tmp_path / ("q" * 200 + ".md")
    key = tmp_path / ("q" * 200 + "-answers.md")
    wrote = cli("quiz", "--export", str(sheet), "--no-input", "--count", "1")
    assert wrote.exit_code == 0
    assert wrote.stderr == f"oms: wrote {sheet} (questions) and {key} (answer key)\n"
    again = cli("quiz", "--export", str(sheet), "--no-input", "--count", "1")
    assert again.exit_code == ExitCode.USAGE
    assert f"'{sheet}' already exists" in again.stderr


def test_export_steps_name_their_first_and_last_file_whole(cli: Invoke, tmp_path: Path) -> None:
    """`demo --steps` with a long name: the first and the last of the five files, told apart."""
    name = tmp_path / ("s" * 200 + ".svg")
    result = cli("demo", "scan-pending", "--export", str(name), "--steps", "--no-input")
    assert result.exit_code == 0
    first, last = (tmp_path / f"{'s' * 200}-{step}.svg" for step in (1, 5))
    assert result.stderr == f"oms: wrote {first} to {last}\n"
