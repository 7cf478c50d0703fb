"""Every file oms writes (``--output``, ``--export``): whole or not at all, never misplaced.

One check of the name, before any work (`check_target`), and one way to write (`OutputFile`), so
that every writer keeps the same promises with the same messages:

- Only a regular file is ever replaced, and only with ``--force``, which keeps its permissions
  (0600 stays 0600). A symbolic link (a dangling one too) counts as existing and is never replaced,
  nor is a folder, a named pipe, a socket or a device node; the null device (``/dev/null``) is
  written through, since there is nothing there to lose. A name ending in ``/`` is a folder's.
- The output is never an input of the same command, by whatever name (a link, another spelling,
  standard input redirected from it).
- The text goes to a temporary file beside the target, created and recorded with signals held
  (`oms_cli.files.held`), so that no Ctrl-C or SIGTERM can leave it behind. Without ``--force`` it
  is put
  in place by a hard link, which fails rather than replace a file that appeared meanwhile: there is
  no moment between a check and a replace. Where the file system has no hard links, the name is
  first taken with an exclusive create, then the temporary file is renamed over that placeholder.
- The temporary name is cut to fit the file system's limit, so any legal name can be written.

On Linux an unnamed temporary file (``O_TMPFILE``, linked into place through ``/proc/self/fd``)
would leave nothing even after ``kill -9``; it is not used, because where oms is developed and
measured that link fails (EXDEV) in every folder, so the path could be neither tested nor measured.

Problems a user can cause raise `OutputError`, with a one-line message naming the option; the CLI
prints it and exits 2.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import BinaryIO

from oms_cli.cli.process import WRITE_ERRORS  # loaded on every path: one set, no copy
from oms_cli.files import held
from oms_cli.files.textsafe import quoted

StrPath = str | os.PathLike[str]
"""A file name as a string or a path."""

STDIN = "-"
"""The name of standard input among a command's inputs."""

NAME_MAX = 255
"""The longest file name (in bytes) on the usual file systems; temporary names are cut to fit."""

NO_HARD_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS})
"""What `os.link` fails with on a file system that has no hard links (FAT, some network shares)."""

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
}


def shown_name(name: str) -> str:
    """A file name for a message: made visible and quoted, and whole, never cut.

    Values in messages are cut at `oms_cli.files.textsafe.MAX_SHOWN` characters; two long names
    that differ only near their end (``....md`` and ``...-answers.md``, the steps' ``-1`` to
    ``-5``) were then shown as the same name.
    """
    return quoted(name, limit=None)


SET_UNDONE = "none of the files was written or replaced"
"""What the message of a failed `write_set` adds: the set was left as it was."""


class OutputError(Exception):
    """A file cannot be written as asked; the message says why, in one line."""


class Target(Enum):
    """What the output's name holds before oms writes it."""

    NEW = "new"
    """Nothing: the file is created."""
    REGULAR = "regular"
    """A regular file, replaced (``--force`` only)."""
    NULL = "null"
    """The null device: written through."""


def check_target(
    path: StrPath, *, option: str, force: bool, inputs: Iterable[StrPath] = ()
) -> Target:
    """Check that ``path`` may be written by ``option``, before any work; `OutputError` if not.

    ``inputs`` are the files the same command reads (`STDIN` for standard input).
    """
    name = os.fspath(path)
    shown = shown_name(name)
    if not name or name.endswith(("/", os.sep)) or os.path.basename(name) in ("", ".", ".."):
        raise OutputError(f"{option}: {shown} names a folder; give a file name")
    if _is_an_input(name, inputs):
        raise OutputError(f"{option}: {shown} is the input file; write the output elsewhere")
    try:
        info = os.lstat(name)
    except FileNotFoundError:
        _check_folder(name, option)
        return Target.NEW
    except OSError as error:  # a loop or a file among the folders, a name too long, no access
        raise cannot_write(option, name, error) from None
    mode = info.st_mode
    if stat.S_ISREG(mode):
        if not force:
            raise exists_error(option, name)
        return Target.REGULAR
    if stat.S_ISCHR(mode) and _is_null_device(info):
        return Target.NULL
    raise _not_replaceable(option, name, mode)


def exists_error(option: str, name: str) -> OutputError:
    """The error for a regular file that is there and may not be replaced without --force."""
    return OutputError(f"{option}: {shown_name(name)} already exists; add --force to replace it")


def cannot_write(option: str, name: str, error: OSError) -> OutputError:
    """The error for a file that cannot be written, with the system's reason."""
    reason = error.strerror or type(error).__name__
    return OutputError(f"{option}: cannot write {shown_name(name)}: {reason}")


def _not_replaceable(option: str, name: str, mode: int) -> OutputError:
    shown = shown_name(name)
    if stat.S_ISLNK(mode):
        try:
            os.stat(name)
        except OSError as error:
            if error.errno == errno.ELOOP:
                return OutputError(
                    f"{option}: {shown} is a symbolic link in a loop, leading to no file"
                )
        return OutputError(f"{option}: {shown} is a symbolic link; oms never replaces one")
    if stat.S_ISDIR(mode):
        return OutputError(f"{option}: {shown} is a folder; give a file name")
    kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
    return OutputError(f"{option}: {shown} is {kind}; oms writes only regular files")


def _check_folder(name: str, option: str) -> None:
    folder = os.path.dirname(name) or os.curdir
    try:
        info = os.stat(folder)
    except OSError as error:
        if error.errno not in (errno.ENOENT, errno.ENOTDIR):
            raise cannot_write(option, name, error) from None
        info = None
    if info is None or not stat.S_ISDIR(info.st_mode):
        raise OutputError(
            f"{option}: cannot write {shown_name(name)}: no such folder {shown_name(folder)}"
        )


def _is_an_input(name: str, inputs: Iterable[StrPath]) -> bool:
    """Whether ``name`` is, by any name or link, a regular file among ``inputs``."""
    try:
        output = os.stat(name)
    except (OSError, ValueError):  # nothing there (or a loop): it cannot be an input
        return False
    for source in inputs:
        try:
            is_stdin = os.fspath(source) == STDIN
            info = os.fstat(sys.stdin.fileno()) if is_stdin else os.stat(source)
        except (OSError, ValueError, AttributeError):  # unreadable: the command will say so
            continue
        if stat.S_ISREG(info.st_mode) and os.path.samestat(info, output):
            return True
    return False


def _is_null_device(info: os.stat_result) -> bool:
    try:
        return os.path.samestat(info, os.stat(os.devnull))
    except OSError:
        return False


def temporary_name(name: str) -> str:
    """A fresh temporary name beside ``name``: ``.NAME.RANDOM.tmp``, NAME cut to fit NAME_MAX."""
    folder, base = os.path.split(name)
    # os.urandom is what `secrets` draws from; `secrets` itself imports hashlib and OpenSSL
    # (about 5 ms of `oms batch`), whose import under low memory logs a traceback of its own.
    token = os.urandom(4).hex()
    temp = f".{base}.{token}.tmp"
    while len(os.fsencode(temp)) > NAME_MAX:
        base = base[:-1]
        temp = f".{base}.{token}.tmp"
    return os.path.join(folder, temp)


class OutputFile:
    """One output file, written whole or not at all; see the module's docstring.

    ``open`` gives a binary stream to write, ``commit`` puts the file in place, ``discard``
    (always, at the end: also after a commit) removes whatever a failed or interrupted run left.
    """

    def __init__(
        self, path: StrPath, *, option: str, force: bool, inputs: Iterable[StrPath] = ()
    ) -> None:
        """Check the name (see `check_target`); nothing is created yet."""
        name = os.fspath(path)
        self.name = name
        self.option = option
        self.force = force
        self.target = check_target(name, option=option, force=force, inputs=inputs)
        self.stream: BinaryIO | None = None
        self.committed = False
        self._descriptor: int | None = None
        self._temp: str | None = None  # a file of ours to remove unless committed
        self._placeholder: str | None = None  # the name taken where there are no hard links

    def __enter__(self) -> OutputFile:
        """The output file; `discard` runs at the end of the block."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Remove what is left of a run that did not commit."""
        self.discard()

    def open(self) -> BinaryIO:
        """Create the temporary file (the null device: open it) and return it for writing."""
        if self.target is Target.NULL:
            try:
                self._descriptor = os.open(self.name, os.O_WRONLY)
            except OSError as error:
                raise cannot_write(self.option, self.name, error) from None
        else:
            self._create_temporary()
        assert self._descriptor is not None  # noqa: S101  (a bug guard, for mypy)
        # The stream takes the descriptor over: both records change with signals held. A Ctrl-C
        # between them once left the descriptor recorded twice, closed twice by `discard`
        # ("Bad file descriptor", exit 2), and the temporary file behind.
        with held.signals():
            self.stream = os.fdopen(self._descriptor, "wb")
            self._descriptor = None  # the stream owns it now
        return self.stream

    def _create_temporary(self) -> None:
        for _ in range(100):
            candidate = temporary_name(self.name)
            try:
                with held.signals():  # created and recorded together: a signal cannot fall between
                    self._descriptor = os.open(
                        candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666
                    )
                    self._temp = candidate
            except FileExistsError:
                continue
            except OSError as error:
                raise cannot_write(self.option, self.name, error) from None
            return
        raise OutputError(
            f"{self.option}: cannot write {shown_name(self.name)}: no free temporary name beside it"
        )

    def commit(self) -> None:
        """Flush and sync the file, then put it in place; `OutputError` if that cannot be done.

        Without --force a file that appeared meanwhile is left as it is, and the run fails.
        """
        self.finish()
        if self.committed:  # the null device: written through, nothing to put in place
            return
        try:
            with held.signals():  # in place and known to be: a signal cannot fall between
                self.place()
        except OSError as error:
            raise cannot_write(self.option, self.name, error) from None

    def finish(self) -> None:
        """Flush, sync and close the temporary file, ready to be put in place (`place`).

        The null device is done then. `OutputError` if the file cannot be finished.
        """
        stream = self.stream
        assert stream is not None  # noqa: S101  (a bug guard: finish follows open)
        try:
            stream.flush()
            if self.target is not Target.NULL:
                if self.force:
                    self._keep_mode(stream.fileno())
                os.fsync(stream.fileno())
            stream.close()
        except OSError as error:
            raise cannot_write(self.option, self.name, error) from None
        self.stream = None
        self.committed = self.target is Target.NULL

    def place(self) -> None:
        """Put the finished file in place (OSError or `OutputError` if not); signals held."""
        self._put_in_place()
        self.committed = True

    def _keep_mode(self, descriptor: int) -> None:
        """With --force: the file replaced must still be a regular file; keep its permissions."""
        try:
            info = os.lstat(self.name)
        except FileNotFoundError:
            return
        if not stat.S_ISREG(info.st_mode):  # it changed while oms worked
            raise _not_replaceable(self.option, self.name, info.st_mode)
        os.fchmod(descriptor, stat.S_IMODE(info.st_mode) & 0o777)

    def _put_in_place(self) -> None:
        temp = self._temp
        assert temp is not None  # noqa: S101  (a bug guard: a temporary file was created)
        if self.force:
            os.replace(temp, self.name)
            self._temp = None
            return
        try:
            os.link(temp, self.name)
        except FileExistsError:
            raise exists_error(self.option, self.name) from None
        except OSError as error:
            if error.errno not in NO_HARD_LINKS:
                raise
            self._replace_a_placeholder(temp)
            return
        os.unlink(temp)
        self._temp = None

    def _replace_a_placeholder(self, temp: str) -> None:
        """Without hard links: take the name with an exclusive create, then rename over it."""
        try:
            os.close(os.open(self.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            raise exists_error(self.option, self.name) from None
        self._placeholder = self.name
        os.replace(temp, self.name)
        self._temp = self._placeholder = None

    def failure(self, error: BaseException) -> BaseException:
        """What a run that ``error`` ended before `commit` raises: one clear account of the file.

        A full disk (or quota, or size limit) becomes an `OutputError` naming this file; anything
        else (Ctrl-C, a signal, bad input) stays as it is, noted that no output file was written
        (for the one line `oms_cli.cli.process` prints).
        """
        if isinstance(error, OSError) and error.errno in WRITE_ERRORS:
            return cannot_write(self.option, self.name, error)
        error.add_note("no output file was written")
        return error

    def discard(self) -> None:
        """Close the file and remove what a run that did not commit left; safe to call twice."""
        if self.stream is not None:
            with contextlib.suppress(OSError):  # a failed last flush: the file goes anyway
                self.stream.close()
            self.stream = None
        if self._descriptor is not None:
            with contextlib.suppress(OSError):  # closed already: the file goes anyway
                os.close(self._descriptor)
            self._descriptor = None
        for leftover in (self._temp, self._placeholder):
            if leftover is not None:
                with contextlib.suppress(OSError):  # gone already: nothing more to do
                    os.unlink(leftover)
        self._temp = self._placeholder = None


def _write_all(output: OutputFile, text: str) -> None:
    """Write ``text`` (UTF-8) to an output file's temporary file; `OutputError` if it cannot be."""
    stream = output.open()
    try:
        stream.write(text.encode("utf-8", errors="backslashreplace"))
    except OSError as error:
        raise cannot_write(output.option, output.name, error) from None


def write_text(
    path: StrPath, text: str, *, option: str, force: bool, inputs: Iterable[StrPath] = ()
) -> None:
    """Write ``text`` (UTF-8) to the file ``path`` whole or not at all; `OutputError` if not."""
    with OutputFile(path, option=option, force=force, inputs=inputs) as output:
        _write_all(output, text)
        output.commit()


def write_set(
    files: Sequence[tuple[StrPath, str]],
    *,
    option: str,
    force: bool,
    inputs: Iterable[StrPath] = (),
) -> None:
    """Write several files (name, UTF-8 text) as one: all of them, or none; `OutputError` if not.

    Every name is checked first, every text goes to a temporary file beside its target, and only
    when all are written whole are they put in place, with signals held. A file replaced (with
    ``--force``) is first kept under a temporary name; if putting any file in place fails, every
    file already placed is taken back: the new ones removed, the replaced ones restored. So a
    failure at any file, even the last, leaves the files as they were before the run, and no new
    one. `write_text` is the same for one file.
    """
    names = [os.fspath(path) for path, _ in files]
    if len(set(names)) != len(names):  # two texts for one file: the set could never be whole
        twice = next(name for name in names if names.count(name) > 1)
        raise OutputError(
            f"{option}: {shown_name(twice)} would be written twice; give another name"
        )
    inputs = tuple(inputs)
    with contextlib.ExitStack() as stack:
        outputs = [
            stack.enter_context(OutputFile(name, option=option, force=force, inputs=inputs))
            for name in names
        ]
        for output, (_, text) in zip(outputs, files, strict=True):
            try:
                _write_all(output, text)
                output.finish()
            except OutputError as error:
                raise OutputError(f"{error}; {SET_UNDONE}") from None
        with held.signals():  # all placed or none: a signal cannot fall between two files
            _place_all(outputs)


def _place_all(outputs: Sequence[OutputFile]) -> None:
    """Put finished files in place, each replaced file kept until all are; all undone on failure."""
    kept: dict[str, str] = {}  # a replaced file's name -> where its old text is kept meanwhile
    placed: list[OutputFile] = []
    for output in outputs:
        if output.committed:  # the null device: nothing to place, nothing to undo
            continue
        try:
            if output.force and os.path.lexists(output.name):
                kept[output.name] = _keep_aside(output.name)
            output.place()
        except (OSError, OutputError) as error:
            for done in reversed(placed):
                _undo(done.name, kept.pop(done.name, None))
            for backup in kept.values():  # the new file was never placed: the old one stays
                with contextlib.suppress(OSError):
                    os.unlink(backup)
            if isinstance(error, OSError):
                error = cannot_write(output.option, output.name, error)
            raise OutputError(f"{error}; {SET_UNDONE}") from None
        placed.append(output)
    for backup in kept.values():
        with contextlib.suppress(OSError):  # a leftover copy, harmless: the set is in place
            os.unlink(backup)


def _keep_aside(name: str) -> str:
    """A second name (a hard link) for a file about to be replaced, so that it can be restored."""
    for _ in range(100):
        backup = temporary_name(name)
        try:
            os.link(name, backup)
        except FileExistsError:
            continue
        except OSError as error:
            if error.errno not in NO_HARD_LINKS:
                raise
            # No hard links: copy the old text aside instead (the file is small: an export).
            with open(name, "rb") as old, open(backup, "xb") as copy:
                copy.write(old.read())
                os.fchmod(copy.fileno(), stat.S_IMODE(os.fstat(old.fileno()).st_mode))
        return backup
    raise OSError(errno.EEXIST, "no free temporary name beside it")


def _undo(name: str, backup: str | None) -> None:
    """Take back one placed file: restore the file it replaced, or remove it if it was new."""
    with contextlib.suppress(OSError):  # best effort: the error that caused the undo is reported
        if backup is not None:
            os.replace(backup, name)
        else:
            os.unlink(name)
