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
import unicodedata
from collections.abc import Iterator
from typing import Any, NoReturn, TextIO

import typer
from typer.core import TyperGroup

from oms_cli.cli import suggest
from oms_cli.exitcodes import ExitCode
from oms_cli.files.textsafe import quoted, visible


class Stopped(BaseException):
    """A signal asked `oms` to stop (SIGTERM, SIGHUP).

    Raised wherever the program is, so that it unwinds like Ctrl-C: every ``finally`` runs, and
    no temporary file is left behind. A BaseException, so that no ``except Exception`` stops it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


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
        notice(f"error: {quoted(error.filename)}: {reason}{notes}")
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


ENDINGS = (KeyboardInterrupt, Stopped, OSError)
"""What can end a run from outside the program's logic; see `_ending`."""


# --- the last resort -----------------------------------------------------------------------------


def _unexpected(error: Exception) -> int:
    """Exit code 2 and one line for an exception nothing else handled: never a traceback.

    Never 1 or 3 either, which are verdicts (Typer would exit 1). MemoryError, RecursionError and
    ImportError get words of their own; anything else is named as a bug to report.
    """
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
}
"""Typographic characters of oms's own text, and their plain-ASCII stand-ins."""
ASCII_ERRORS = "oms-ascii"
"""The codec error handler of a standard stream that is not UTF-8 (see `_degrade`)."""


def _degrade(error: UnicodeError) -> tuple[str, int]:
    """Characters a stream cannot encode, as plain ASCII.

    Each one's stand-in, a letter without its accent, or a backslash escape (which JSON reads
    back as the same character).
    """
    if not isinstance(error, UnicodeEncodeError):
        raise error
    shown = []
    for char in error.object[error.start : error.end]:
        stand_in = _ASCII.get(char)
        if stand_in is None and unicodedata.category(char).startswith("L"):
            stand_in = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        shown.append(stand_in or char.encode("ascii", "backslashreplace").decode())
    return "".join(shown), error.end


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
        codecs.register_error(ASCII_ERRORS, _degrade)
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


class _Work:
    """Whether the command's work is over: after it, a signal has nothing left to interrupt."""

    done = False


def _stop_on_signals() -> None:
    """While the command works, SIGTERM and SIGHUP raise `Stopped` and Ctrl-C KeyboardInterrupt.

    Not where whoever started `oms` ignores them (`nohup oms ...` keeps SIGHUP ignored). Once the
    work is done they pass without effect until `_default_signals`: raised then, between the
    last ``except`` and the exit, an exception would escape as a traceback.
    """

    def stop(signum: int, frame: object) -> None:
        if not _Work.done:
            raise Stopped(signum)

    def interrupt(signum: int, frame: object) -> None:
        if not _Work.done:
            raise KeyboardInterrupt

    _Work.done = False
    for signum in STOP_EXIT:
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, stop)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, interrupt)


def _default_signals() -> None:
    """After the last clean-up: a signal now ends the process as it would any program.

    Python is about to exit; an exception raised while it tears down would only print
    "Exception ignored ...".
    """
    for signum in (signal.SIGINT, *STOP_EXIT):
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, signal.SIG_DFL)


def run(app: typer.Typer) -> NoReturn:
    """Run the app as the whole process: what only a whole process meets is handled here.

    Signals become exceptions (so that temporary files are removed), and standard output is
    flushed here, where a full disk or a closed pipe can still be reported with a documented
    code, rather than by Python at exit ("Exception ignored ...", exit 120).
    """
    _stand_in_for_closed_streams()
    _degrade_to_ascii()
    _stop_on_signals()
    code: str | int | None = ExitCode.OK
    try:
        try:
            app(prog_name="oms")
        finally:
            _Work.done = True  # a signal still on its way here raises, and is handled below
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
    _default_signals()
    sys.exit(code)
