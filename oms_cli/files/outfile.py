"""Every file oms writes (``--output``, ``--export``, ``--errors``): whole or not at all.

A temporary file beside the name is put in place when complete, without ``--force`` never over a
file that appeared meanwhile (docs/hazards.md, H7). A problem a user can cause is an `OutputError`.
"""

import contextlib
import errno
import os
import signal
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from typing import BinaryIO, Self

from oms_cli.errors import WRITE_ERRORS, UserError
from oms_cli.files.textsafe import quoted

StrPath = str | os.PathLike[str]
STDIN = "-"  # the name of standard input among a command's inputs
NAME_MAX = 255  # the longest file name (in bytes) on the usual file systems
# What `os.link` fails with on a file system that has no hard links (FAT, some network shares).
NO_HARD_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS})

HELD_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)

_REFUSED = {
    stat.S_IFLNK: "is a symbolic link; oms never replaces one",
    stat.S_IFDIR: "is a folder; give a file name",
    stat.S_IFCHR: "is a character device; oms writes only regular files",
    stat.S_IFBLK: "is a block device; oms writes only regular files",
    stat.S_IFIFO: "is a named pipe (FIFO); oms writes only regular files",
    stat.S_IFSOCK: "is a socket; oms writes only regular files",
}


class OutputError(UserError):
    """A file cannot be written as asked; the message says why, in one line (exit 2)."""


class Target(Enum):
    """What the output's name holds before oms writes it."""

    NEW = "new"
    REGULAR = "regular"  # replaced, with --force only
    NULL = "null"  # the null device, written through: there is nothing there to lose


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold back Ctrl-C, SIGTERM and SIGHUP while the block runs; handle any that came after it.

    A mask is per thread: oms creates its files before it starts any other thread.
    """
    if not hasattr(signal, "pthread_sigmask"):  # no signal masks here (Windows): nothing to hold
        yield
        return
    # Read the mask before blocking: Python runs the handler of a signal that came just before
    # inside the blocking call, and its exception must find the restoring `finally` in force.
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, ())
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _shown(name: str) -> str:
    """A file name for a message: visible, quoted and whole (cut, two long names read as one)."""
    return quoted(name, limit=None)


def cannot_write(option: str, name: str, error: OSError) -> OutputError:
    """The error for a file that cannot be written, with the system's reason."""
    reason = error.strerror or type(error).__name__
    return OutputError(f"{option}: cannot write {_shown(name)}: {reason}")


def _exists(option: str, name: str) -> OutputError:
    return OutputError(f"{option}: {_shown(name)} already exists; add --force to replace it")


def check_target(
    path: StrPath, *, option: str, force: bool, inputs: Iterable[StrPath] = ()
) -> Target:
    """Check that ``path`` may be written, and is none of ``inputs``; `OutputError` if not."""
    name = os.fspath(path)
    shown = _shown(name)
    if os.path.basename(name) in ("", ".", ".."):  # empty, or ending in a separator
        raise OutputError(f"{option}: {shown} names a folder; give a file name")
    if _is_an_input(name, inputs):
        raise OutputError(f"{option}: {shown} is the input file; write the output elsewhere")
    try:
        mode = os.lstat(name).st_mode
    except FileNotFoundError:
        folder = os.path.dirname(name) or os.curdir
        if not os.path.isdir(folder):
            raise OutputError(
                f"{option}: cannot write {shown}: no such folder {_shown(folder)}"
            ) from None
        return Target.NEW
    except OSError as error:  # a loop or a file among the folders, a name too long, no access
        raise cannot_write(option, name, error) from None
    if stat.S_ISREG(mode):
        if not force:
            raise _exists(option, name)
        return Target.REGULAR
    if stat.S_ISCHR(mode) and os.path.samefile(name, os.devnull):
        return Target.NULL
    raise _not_replaceable(option, name, mode)


def _not_replaceable(option: str, name: str, mode: int) -> OutputError:
    refusal = _REFUSED.get(
        stat.S_IFMT(mode), "is not a regular file; oms writes only regular files"
    )
    if stat.S_ISLNK(mode):
        try:
            os.stat(name)
        except OSError as error:
            if error.errno == errno.ELOOP:
                refusal = "is a symbolic link in a loop, leading to no file"
    return OutputError(f"{option}: {_shown(name)} {refusal}")


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


def temporary_name(name: str) -> str:
    """A fresh temporary name beside ``name``: ``.NAME.RANDOM.tmp``, NAME cut to fit NAME_MAX."""
    folder, base = os.path.split(name)
    # 64 random bits: no name is ever tried twice. (`secrets` would load hashlib and OpenSSL.)
    token = os.urandom(8).hex()
    while len(os.fsencode(f".{base}.{token}.tmp")) > NAME_MAX:
        base = base[:-1]
    return os.path.join(folder, f".{base}.{token}.tmp")


class OutputFile:
    """One output file: ``open`` a stream to write, then ``commit``; or ``discard`` what is left."""

    def __init__(
        self, path: StrPath, *, option: str, force: bool, inputs: Iterable[StrPath] = ()
    ) -> None:
        """Check the name (see `check_target`); nothing is created yet."""
        self.name = os.fspath(path)
        self.option = option
        self.force = force
        self.target = check_target(self.name, option=option, force=force, inputs=inputs)
        self.stream: BinaryIO | None = None
        self.committed = False
        self._temp: str | None = None  # a file of ours, removed unless committed

    def __enter__(self) -> Self:
        """The output file; `discard` runs at the end of the block."""
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def open(self) -> BinaryIO:
        """Create the temporary file (the null device: open it) and return it for writing."""
        try:
            with signals_held():  # created and recorded together, for `discard`
                if self.target is Target.NULL:
                    self.stream = open(self.name, "wb")  # noqa: SIM115  (closed by `finish`)
                else:
                    temp = temporary_name(self.name)
                    self.stream = open(temp, "xb")  # noqa: SIM115  (closed by `finish`)
                    self._temp = temp
        except OSError as error:
            raise cannot_write(self.option, self.name, error) from None
        return self.stream

    def commit(self) -> None:
        """Finish the file and put it in place; `OutputError` if that cannot be done."""
        self.finish()
        with signals_held():  # in place and known to be
            self.place()

    def finish(self) -> None:
        """Flush, sync and close the file, ready to be put in place; the null device is done."""
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

    def _keep_mode(self, descriptor: int) -> None:
        """With --force: the file replaced must still be a regular file; keep its permissions."""
        try:
            mode = os.lstat(self.name).st_mode
        except FileNotFoundError:
            return
        if not stat.S_ISREG(mode):  # it changed while oms worked
            raise _not_replaceable(self.option, self.name, mode)
        os.fchmod(descriptor, stat.S_IMODE(mode) & 0o777)

    def place(self, keep: bool = False) -> str | None:
        """Put the finished file in place (signals held); with ``keep``, where its old file is."""
        temp = self._temp
        if self.committed or temp is None:  # the null device: nothing to place
            return None
        kept = None
        try:
            if self.force:
                if keep and os.path.lexists(self.name):
                    kept = _keep_aside(self.name)
                os.replace(temp, self.name)
            else:
                _place_new(temp, self.name)
        except FileExistsError:
            raise _exists(self.option, self.name) from None
        except OSError as error:
            if kept is not None:
                _remove(kept)
            raise cannot_write(self.option, self.name, error) from None
        self._temp = None
        self.committed = True
        return kept

    def failure(self, error: BaseException) -> BaseException:
        """What a run that ``error`` ended before `commit` raises: a full disk names this file.

        Anything else (Ctrl-C, a signal, bad input) gets the note that no output file was written.
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
        if self._temp is not None:
            _remove(self._temp)
            self._temp = None


def _place_new(temp: str, name: str) -> None:
    """Give the file ``temp`` the name ``name``, never over a file; FileExistsError if one is."""
    try:
        os.link(temp, name)
    except OSError as error:
        if error.errno not in NO_HARD_LINKS:
            raise
        open(name, "xb").close()  # no hard links: take the name first, then rename over it
        try:
            os.replace(temp, name)
        except OSError:
            _remove(name)
            raise
    else:
        os.unlink(temp)


def _keep_aside(name: str) -> str:
    """A second name for a file about to be replaced: a hard link, else a copy with its mode."""
    kept = temporary_name(name)
    try:
        os.link(name, kept)
    except OSError as error:
        if error.errno not in NO_HARD_LINKS:
            raise
        with open(name, "rb") as old, open(kept, "xb") as copy:
            copy.write(old.read())  # an export: small
            os.fchmod(copy.fileno(), stat.S_IMODE(os.fstat(old.fileno()).st_mode))
    return kept


def _remove(name: str) -> None:
    with contextlib.suppress(OSError):  # best effort: gone already, or the first error tells
        os.unlink(name)


def write_text(
    path: StrPath, text: str, *, option: str, force: bool, inputs: Iterable[StrPath] = ()
) -> None:
    """Write ``text`` (UTF-8) to the file ``path`` whole or not at all; `OutputError` if not."""
    write_set([(path, text)], option=option, force=force, inputs=inputs)


def write_set(
    files: Sequence[tuple[StrPath, str]],
    *,
    option: str,
    force: bool,
    inputs: Iterable[StrPath] = (),
) -> None:
    """Write several files (name, UTF-8 text) as one: all of them, or none; `OutputError` if not.

    A file that one replaces is kept aside until the files after it are in place, to be put back
    on a failure.
    """
    names = [os.fspath(path) for path, _ in files]
    twice = [name for name in names if names.count(name) > 1]
    if twice:  # two texts for one file: the set could never be whole
        raise OutputError(f"{option}: {_shown(twice[0])} would be written twice; give another name")
    inputs = tuple(inputs)
    undone = "; none of the files was written or replaced" if len(files) > 1 else ""
    with contextlib.ExitStack() as stack:
        outputs = [
            stack.enter_context(OutputFile(name, option=option, force=force, inputs=inputs))
            for name in names
        ]
        try:
            for output, (_, text) in zip(outputs, files, strict=True):
                stream = output.open()
                try:
                    stream.write(text.encode("utf-8", errors="backslashreplace"))
                except OSError as error:
                    raise cannot_write(option, output.name, error) from None
                output.finish()
            with signals_held():  # all placed or none: a signal cannot fall between two files
                _place_all(outputs)
        except OutputError as error:
            raise OutputError(f"{error}{undone}") from None


def _place_all(outputs: Sequence[OutputFile]) -> None:
    """Put finished files in place in order; if one cannot be, put back those placed before it."""
    placed: list[tuple[str, str | None]] = []  # each name placed, and where its old file is kept
    try:
        for output in outputs:
            if not output.committed:  # the null device is written through: nothing to place
                placed.append((output.name, output.place(keep=output is not outputs[-1])))
    except OutputError:
        for name, kept in reversed(placed):
            with contextlib.suppress(OSError):  # best effort: the error that came is told
                if kept is None:
                    os.unlink(name)
                else:
                    os.replace(kept, name)
        raise
    for _, kept in placed:
        if kept is not None:
            _remove(kept)
