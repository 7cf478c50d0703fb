"""What only a whole process meets: signals, closed pipes, full disks, streams, usage errors.

Every way a run can end from outside the program's logic gets a documented exit code and at
most one line on standard error (see the README's exit codes): Ctrl-C 130, SIGTERM 143, SIGHUP
129, a closed pipe 141 (quietly, as shells report SIGPIPE), output that cannot be written 2.
Signals become exceptions, so that every ``finally`` runs and no temporary file is left behind.
Mistakes on the command line, Click's and oms's own, are one line each, exit 2 (`Group`).
"""

import codecs
import contextlib
import errno
import io
import os
import signal
import sys
from collections.abc import Iterator, MutableMapping
from typing import Any, NoReturn, TextIO

import typer
from typer.core import TyperGroup

from oms_cli.cli import stopping, suggest
from oms_cli.cli.stopping import Stopped
from oms_cli.exitcodes import ExitCode
from oms_cli.files.textsafe import quoted, visible

STOP_EXIT: dict[int, ExitCode] = {signal.SIGTERM: ExitCode.TERMINATED}
if hasattr(signal, "SIGHUP"):  # POSIX: the terminal was closed
    STOP_EXIT[signal.SIGHUP] = ExitCode.HUNG_UP


def message_line(text: str) -> str:
    """How every line `oms` writes about itself to standard error reads: ``oms: TEXT``."""
    return f"oms: {text}"


def notice(text: str) -> None:
    """Write ``oms: TEXT`` to standard error; if even that fails, there is nobody left to tell.

    The one writer of these lines: errors (`fail`), endings (`_ending`), files written.
    """
    try:
        sys.stderr.write(message_line(text) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # closed, full, or None (fd 2 closed at start)
        _silence(sys.stderr)


def _silence(stream: TextIO | None) -> bool:
    """Whether a standard stream has become unwritable; if so, point it at the null device.

    After a failed write the stream still holds the text, and Python would try again at exit and
    print "Exception ignored ..." (and exit 120); on the null device that last flush succeeds.
    """
    if stream is None:
        return True
    try:
        stream.flush()
    except (OSError, ValueError):
        pass
    else:
        return False
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
    except (OSError, ValueError):  # no file descriptor (in-process tests): nothing to flush later
        pass
    return True


def _ending(error: KeyboardInterrupt | Stopped | OSError) -> int:
    """The exit code of a run ended by Ctrl-C, a signal, a closed pipe or a failed read or write.

    Says why on standard error in one line, except for a closed pipe: whoever read the output
    stopped reading (``| head -1``), which is not news to them. A command adds to that line by
    attaching a note to the exception on its way out (``error.add_note``, as `oms batch` says
    that no output file was written); every ending, from any signal, gets the same notes.
    """
    notes = "".join(f"; {note}" for note in getattr(error, "__notes__", ()))
    if isinstance(error, KeyboardInterrupt | Stopped):
        stopping.reported()
    if isinstance(error, KeyboardInterrupt):
        notice(f"interrupted{notes}")
        return ExitCode.INTERRUPTED
    if isinstance(error, Stopped):
        notice(f"terminated ({signal.Signals(error.signum).name}){notes}")
        return STOP_EXIT.get(error.signum, 128 + error.signum)
    _silence(sys.stdout)
    if error.errno == errno.EPIPE:
        _silence(sys.stderr)
        return ExitCode.CLOSED_PIPE
    reason = error.strerror or str(error)
    if isinstance(error.filename, str):  # files a command names have their own messages
        notice(f"error: {quoted(error.filename, limit=None)}: {reason}{notes}")  # whole, a name
    elif error.errno in WRITE_ERRORS:
        notice(f"error: cannot write the output: {reason}{notes}")
    else:
        notice(f"error: {reason}{notes}")
    return ExitCode.USAGE


WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
"""Errors only writing can meet: a full disk, a quota, a file-size limit (standard output's, as in
``> /dev/full``, here; an output file's in `oms_cli.files.outfile`, which reads this set)."""


class _ClosedBytes(io.RawIOBase):
    """The bytes under `_ClosedOutput`, which `oms batch` writes (``oms batch ... >&-``)."""

    def writable(self) -> bool:
        """Yes, as far as anyone can tell before writing."""
        return True

    def write(self, data: object) -> int:
        """Fail like a closed file: the result cannot reach anyone."""
        raise OSError(errno.EBADF, "standard output is closed")


class _ClosedOutput(io.TextIOBase):
    """Standard output when it was closed before `oms` started (``oms check ... >&-``)."""

    buffer = _ClosedBytes()

    def write(self, text: str) -> int:
        """Fail like a closed file: the result cannot reach anyone."""
        raise OSError(errno.EBADF, "standard output is closed")


def _stand_in_for_closed_streams() -> None:
    """Streams for standard input, output or error closed before `oms` started (Python's None).

    Input reads as empty; errors go nowhere (there is nowhere to show them); output fails with a
    clear message, rather than a traceback or a verdict nobody can read.
    """
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115  (open for the process's life)
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115  (as for stdin)


class WholeWrites(io.RawIOBase):
    """A file descriptor written whole or not at all: a short write is retried until it fails.

    Python's own buffered writer reports a short write on a pipe (the reader left while oms was
    writing) as written in full, and drops the rest: ``oms quiz --count 50 | head -c 10`` ended
    with 0 although 44 KB of its 110 KB were never written. Here the rest is written again, so the
    reader's leaving ends as every closed pipe does (BrokenPipeError: exit 141).
    """

    def __init__(self, descriptor: int) -> None:
        super().__init__()
        self.descriptor = descriptor

    def writable(self) -> bool:
        """Yes: an output."""
        return True

    def fileno(self) -> int:
        """The descriptor written to (rich asks it for the terminal's size)."""
        return self.descriptor

    def isatty(self) -> bool:
        """Whether the descriptor is a terminal."""
        return os.isatty(self.descriptor)

    def write(self, data: Any) -> int:  # a bytes-like object (typeshed's Buffer is 3.12+)
        """Write all of ``data``, however many calls it takes; OSError if any fails."""
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            done += os.write(self.descriptor, view[done:])
        return done


def _checked_standard_output() -> None:
    """Standard output written whole or not at all (see `WholeWrites`), as it was otherwise."""
    stream = sys.stdout
    if not isinstance(stream, io.TextIOWrapper):
        return
    try:
        descriptor = stream.fileno()
        stream.flush()
    except (OSError, ValueError):  # closed or not a file: `_stand_in_for_closed_streams` has it
        return
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(WholeWrites(descriptor)),
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=stream.line_buffering,
    )


ENDINGS = (KeyboardInterrupt, Stopped, OSError)
"""What can end a run from outside the program's logic; see `_ending`."""


# --- the last resort -----------------------------------------------------------------------------


def _unexpected(error: Exception) -> int:
    """Exit code 2 and one line for an exception nothing else handled: never a traceback.

    Never 1 or 3 either, which are verdicts (Typer would exit 1). MemoryError, RecursionError and
    ImportError get words of their own; anything else is named as a bug to report.
    """
    lost = stopping.Work.received
    if lost is not None:  # a signal's exception, wrapped (Python 3.11 wraps it in __set_name__)
        return _ending(stopping.signal_error(lost))
    notes = "".join(f"; {note}" for note in getattr(error, "__notes__", ()))  # see `_ending`
    # A shared library the loader cannot map (an ImportError) is memory running out too.
    if isinstance(error, MemoryError) or "failed to map segment" in str(error):
        notice(f"error: not enough memory to go on{notes}")
    elif isinstance(error, RecursionError):
        notice(f"error: the input is nested too deeply to be read{notes}")
    else:
        shown = visible(f"{type(error).__name__}: {error}", suggest.SHOWN)
        if isinstance(error, ImportError):  # modules load as commands need them
            # Short of memory, Python can fail to load a module in its own ways (hashlib without
            # its OpenSSL part, for one); otherwise the installation is incomplete.
            notice(
                f"error: part of Python or oms-cli could not be loaded ({shown}){notes}; "
                "memory may be short, or the installation is incomplete"
            )
        else:
            notice(f"error: unexpected problem ({shown}){notes}; please report it as a bug")
    _silence(sys.stdout)
    return ExitCode.USAGE


# --- output on a stream that is not UTF-8 ---------------------------------------------------------

_ASCII = {
    "\u2022": "*",  # bullet
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2212": "-",  # minus
    "\u2018": "'",
    "\u2019": "'",
    "\u2026": "...",
    "\u00a0": " ",  # no-break space
    "\u2500": "-",  # box drawing, light horizontal
    "\u2502": "|",  # box drawing, light vertical
    "\u2192": "->",
    "\u00b7": "-",  # middle dot, between a case's number and its title
    "\u256d": "+",  # box drawing, rounded corners (the panels of --help)
    "\u256e": "+",
    "\u256f": "+",
    "\u2570": "+",
}
"""Typographic characters of oms's own text, and their plain-ASCII stand-ins."""
ASCII_ERRORS = "oms-ascii"
"""The codec error handler of a standard stream that is not UTF-8 (see `_degrade`)."""


def _degrade(error: UnicodeError) -> tuple[str, int]:
    r"""Characters a stream cannot encode, as plain ASCII.

    oms's own typography (bullets, dashes, box lines) has its stand-in; every other character
    is shown as a backslash escape (``é`` as ``\xe9``, which JSON reads back as the same
    character). Never a letter without its accent: "José" and "Jose", two ids in a table, would
    read alike; an escape keeps every two different texts different.
    """
    if not isinstance(error, UnicodeEncodeError):
        raise error
    shown = []
    for char in error.object[error.start : error.end]:
        stand_in = _ASCII.get(char)
        shown.append(stand_in or char.encode("ascii", "backslashreplace").decode())
    return "".join(shown), error.end


codecs.register_error(ASCII_ERRORS, _degrade)  # once, for the standard streams and the pager


def _degrade_to_ascii() -> None:
    """Standard output and error that are not UTF-8 show what they cannot encode as ASCII.

    ``PYTHONIOENCODING=ascii``, or ``LC_ALL=C`` with ``PYTHONUTF8=0``: never a UnicodeEncodeError.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if not isinstance(stream, io.TextIOWrapper) or not encoding:
            continue
        try:
            if codecs.lookup(encoding).name == "utf-8":
                continue
        except LookupError:
            pass
        stream.reconfigure(errors=ASCII_ERRORS)


def _is_usage_error(error: Exception) -> bool:
    """Whether ``error`` is one of Click's or Typer's errors about the command line.

    Told by the interface they document (a message and an exit code), not by class: typer vendors
    click and exports no base class of its errors (only ``typer.BadParameter``).
    """
    return callable(getattr(error, "format_message", None)) and isinstance(
        getattr(error, "exit_code", None), int
    )


def _one_line(error: Exception, group: Any = None) -> typer.Exit:
    """Click's error in the style of every other: one line on standard error (see suggest).

    ``group``: the context of `oms` itself, for errors that carry none of their own (a missing
    option value is found before the command's context exists).
    """
    ctx = getattr(error, "ctx", None)
    path = ctx.command_path if ctx is not None else _command_path(group)
    message = suggest.click_message(error) + _closest_choice(error, ctx)
    notice(suggest.error_line(message, path))  # "oms: " comes from notice
    code = getattr(error, "exit_code", ExitCode.USAGE)
    # A plain ClickException exits 1, which for `oms check` means "not met": it is a usage error.
    return typer.Exit(ExitCode.USAGE if code in {1, 2} else code)


GIVEN = "oms.given"
"""Key in Click's shared ``Context.meta``: each parameter's text as given (see `_repeated`)."""


def _closest_choice(error: Exception, ctx: Any) -> str:  # ctx: click's Context, or None
    """`` (did you mean 'x'?)`` for a value that is none of its parameter's choices, else ``""``.

    Click's message names the value only inside its own sentence; the text as given comes from
    the parse in `_repeated`.
    """
    param = getattr(error, "param", None)
    choices = getattr(getattr(param, "type", None), "choices", None)
    if param is None or not choices or ctx is None:
        return ""
    given = ctx.meta.get(GIVEN, {}).get(param.name)
    if not isinstance(given, str):
        return ""
    return suggest.did_you_mean(
        given, [str(getattr(choice, "value", choice)) for choice in choices]
    )


def _command_path(group: Any) -> str:  # click's Context of the group, or None
    """``oms COMMAND`` while a command runs, else ``oms``: where its help is."""
    if group is not None and group.invoked_subcommand:
        return f"{group.command_path} {group.invoked_subcommand}"
    return "oms"


class UsageMistake(Exception):
    """A mistake on the command line that oms itself found (see `usage_error`)."""


@contextlib.contextmanager
def _documented_endings(group: Any = None) -> Iterator[None]:  # click's Context of the group
    """Usage errors in one line; Ctrl-C, signals, failed reads and writes: a documented exit.

    Typer would make Ctrl-C a silent exit 130 and a closed pipe exit 1, which for `check` means
    "criteria not met".
    """
    try:
        yield
    except UsageMistake as error:
        notice(suggest.error_line(str(error), _command_path(group)))
        raise typer.Exit(ExitCode.USAGE) from None
    except ENDINGS as error:
        raise typer.Exit(_ending(error)) from None
    except (typer.Exit, typer.Abort):  # typer's own endings (RuntimeErrors): they pass as they are
        raise
    except Exception as error:
        if _is_usage_error(error):
            raise _one_line(error, group) from None
        raise typer.Exit(_unexpected(error)) from None  # the last resort: no traceback, exit 2


def _repeated(command: Any, ctx: Any, name: str, args: list[str]) -> None:  # click's types
    """Exit 2 when an option that takes one value is given more than once.

    Click would keep the last value silently (``--from-fhir alice.json --from-fhir bob.json``
    read only bob's file). Click's own parser reads the arguments, so an option is counted as
    Click sees it (``-f json``, ``-fjson``, ``--format=json``), never a value that looks like one.
    What each parameter was given is kept for the error of a value that is not a choice.
    """
    sub = command.context_class(command, info_name=name, parent=ctx)
    try:
        given, _, order = command.make_parser(sub).parse_args(args=list(args))
    except Exception as error:
        if _is_usage_error(error):  # Click reports it as it parses for the command, just after
            return
        raise
    ctx.meta[GIVEN] = given
    for param in dict.fromkeys(order):
        if param.param_type_name != "option" or param.multiple or param.is_flag:
            continue
        times = order.count(param)
        if times > 1:
            shown = "/".join(param.opts + param.secondary_opts)
            sub.fail(f"{shown} given {'twice' if times == 2 else f'{times} times'}; give it once")


class _Screen(io.StringIO):
    """Where help is rendered: a terminal (so in colour, unless NO_COLOR) when stdout is one."""

    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        """Whether rich should write for a terminal: colours and styles."""
        return self.terminal


class HelpContext(typer.Context):
    """Click's context, with the help returned as text, as Click's own help is.

    Typer's rich help prints as it renders; rendered into text instead, it is written by Click
    like any output, so that a closed pipe or a full disk ends as for every other output.
    """

    def get_help(self) -> str:
        """The help in Typer's rich layout, without the spaces rich pads its lines with."""
        screen = _Screen(sys.stdout is not None and sys.stdout.isatty())
        with contextlib.redirect_stdout(screen):
            plain = super().get_help()  # Typer's rich help prints, and returns nothing
        text = screen.getvalue() + plain
        return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


class Group(TyperGroup):
    """The `oms` group: every command, and the root's --help and --version, end documented ways."""

    context_class = HelpContext

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:  # click's Context; typer vendors click without exporting its types
        """Parse the root options (which may print --help or --version); see _documented_endings."""
        with _documented_endings():
            try:
                return super().make_context(info_name, args, parent, **extra)
            except typer.Exit as done:
                # Of the root options only Typer's completion ones exit 1, for a shell it does
                # not support ("Shell sh not supported."): a usage error, documented as 2.
                if done.exit_code == 1:
                    raise typer.Exit(ExitCode.USAGE) from None
                raise

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # ctx: click's Context
        """Parse the root's options; `oms` alone shows the help on standard error (exit 2)."""
        if not args and not ctx.resilient_parsing:
            sys.stderr.write(ctx.get_help() + "\n")
            raise typer.Exit(ExitCode.USAGE)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """The command named first in ``args``; an option of it given twice is a usage error."""
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None and name is not None and not ctx.resilient_parsing:
            command.context_class = HelpContext
            _repeated(command, ctx, name, rest)
        return name, command, rest

    def invoke(self, ctx: Any) -> Any:  # ctx: click's Context
        """Run the command; see `_documented_endings`."""
        with _documented_endings(ctx):
            stopping.raise_lost()  # a Ctrl-C lost while oms loaded: the command never starts
            return super().invoke(ctx)


def fail(message: str, code: ExitCode = ExitCode.USAGE) -> NoReturn:
    """Print a plain one-line error to standard error and exit with a documented code.

    For errors in what a file or the input holds: the message names the file, line and value,
    which is all there is to fix. Mistakes on the command line use `usage_error`.
    """
    notice(f"error: {message}")
    raise typer.Exit(code)


def usage_error(message: str) -> NoReturn:
    """A mistake on the command line: one line, ending with where help is; exit 2.

    The same style as Click's own usage errors (see `oms_cli.cli.suggest`): ``oms: error: MESSAGE;
    see 'oms COMMAND --help'``.
    """
    raise UsageMistake(message)


WIDTH_FLOOR = 20
"""The fewest columns any output is laid out for: below it, rich cuts every word to nothing."""


def floor_width(environ: MutableMapping[str, str] = os.environ) -> int | None:
    """Lay every output out for at least `WIDTH_FLOOR` columns; the floor set, or None.

    The one place a width is bounded. rich (oms's views and Typer's help) and
    `shutil.get_terminal_size` (the questions, the replay line) each read ``COLUMNS`` first and
    then the terminal's size; set to 0, or on a terminal a few columns wide, they printed nothing
    (``COLUMNS=0``) or failed ("invalid width -2"). Below the floor, ``COLUMNS`` is set to it, so
    that every width computed afterwards, by any of them, is the floor: a narrow terminal then
    wraps long lines itself, and nothing is lost.
    """
    given = environ.get("COLUMNS")
    if given is not None and given.isdigit():  # as rich reads it (any digits, "٠" too)
        too_narrow = int(given) < WIDTH_FLOOR
    else:
        too_narrow = any(0 < columns < WIDTH_FLOOR for columns in _terminal_widths())
    if not too_narrow:
        return None
    environ["COLUMNS"] = str(WIDTH_FLOOR)
    return WIDTH_FLOOR


def _terminal_widths() -> Iterator[int]:
    """The widths of the terminals among the standard streams (rich asks each of them)."""
    for descriptor in (0, 1, 2):
        try:
            yield os.get_terminal_size(descriptor).columns
        except (OSError, ValueError):  # not a terminal: it has no width
            continue


def run(app: typer.Typer) -> NoReturn:
    """Run the app as the whole process: what only a whole process meets is handled here.

    Signals become exceptions (so that temporary files are removed), and standard output is
    flushed here, where a full disk or a closed pipe can still be reported with a documented
    code, rather than by Python at exit ("Exception ignored ...", exit 120).
    """
    code: str | int | None = ExitCode.OK
    try:
        try:
            stopping.catch()  # done first of all by `oms_cli.__main__`; again for other callers
            # Inside the ``try``: a signal while the streams are set up ends as any other.
            _stand_in_for_closed_streams()
            _checked_standard_output()
            floor_width()
            _degrade_to_ascii()
            app(prog_name="oms")
        finally:
            stopping.Work.done = True  # a signal still on its way here raises, and is handled below
    except SystemExit as done:
        code = done.code
    except ENDINGS as error:  # outside a command: while parsing, or printing --help or --version
        code = _ending(error)
    except Exception as error:  # the last resort, outside any command
        code = _unexpected(error)
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except ENDINGS as error:
        code = _ending(error)
    lost = stopping.Work.received
    if lost is not None:  # lost where nothing could raise it again: it still ends the run
        code = _ending(stopping.signal_error(lost))
    stopping.release()
    sys.exit(code)
