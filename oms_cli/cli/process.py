"""What only a whole process meets: signals, closed pipes, full disks, streams, the collector.

Every way a run can end from outside the program's logic gets a documented exit code and at
most one line on standard error (see the README's exit codes): Ctrl-C 130, SIGTERM 143, SIGHUP
129, a closed pipe 141 (quietly, as shells report SIGPIPE), output that cannot be written 2.
Signals become exceptions, so that every ``finally`` runs and no temporary file is left behind.
The garbage collector, paused for start-up by `oms_cli.__main__`, is resumed here for long work.
"""

import codecs
import contextlib
import errno
import gc
import io
import os
import signal
import sys
from collections.abc import Iterator
from typing import Any, NoReturn, TextIO

import typer

# typer vendors click (0.26 and later) and names its classes only there.
from typer._click.core import Context
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer._click.globals import get_current_context
from typer.core import TyperGroup

from oms_cli.exitcodes import ExitCode

USAGE_ERROR_SHOWN = 240
"""Longest usage error shown: click's messages can quote a whole argument, however long."""


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
        from oms_cli.files.textsafe import quoted

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
        from oms_cli.files.textsafe import visible

        shown = visible(f"{type(error).__name__}: {error}", USAGE_ERROR_SHOWN)
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
    import unicodedata

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


def _visible(error: ClickException) -> ClickException:
    """Click's usage error with what it quotes from the command line made visible (see textsafe).

    Line by line: the message of `oms` without a command is the whole help.
    """
    from oms_cli.files.textsafe import visible

    lines = error.message.split("\n")
    error.message = "\n".join(visible(line, USAGE_ERROR_SHOWN) for line in lines)
    return error


def _one_line(error: ClickException, group: Any = None) -> typer.Exit:
    """Click's error in the style of every other: one line on standard error (see suggest).

    ``group``: the context of `oms` itself, for errors that carry none of their own (a missing
    option value is found before the command's context exists).
    """
    from oms_cli.cli import suggest

    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        path = ctx.command_path
    elif group is not None and group.invoked_subcommand:
        path = f"{group.command_path} {group.invoked_subcommand}"
    else:
        path = "oms"
    notice(suggest.error_line(suggest.click_message(error), path))  # "oms: " comes from notice
    # A plain ClickException exits 1, which for `oms check` means "not met": it is a usage error.
    return typer.Exit(ExitCode.USAGE if error.exit_code in {1, 2} else error.exit_code)


@contextlib.contextmanager
def _documented_endings(group: Any = None) -> Iterator[None]:  # click's Context of the group
    """Usage errors shown safely; Ctrl-C, signals, failed reads and writes: a documented exit.

    Typer would make Ctrl-C a silent exit 130 and a closed pipe exit 1, which for `check` means
    "criteria not met".
    """
    try:
        yield
    except NoArgsIsHelpError as error:  # `oms` alone: the help, as the message of an error
        raise _visible(error) from None
    except ClickException as error:
        raise _one_line(error, group) from None
    except ENDINGS as error:
        raise typer.Exit(_ending(error)) from None
    except (typer.Exit, typer.Abort):  # typer's own endings (RuntimeErrors): they pass as they are
        raise
    except Exception as error:  # the last resort: no traceback, exit 2
        raise typer.Exit(_unexpected(error)) from None


class HelpContext(Context):
    """Click's context, with the help in Typer's rich layout (see `oms_cli.cli.helpformat`)."""

    def get_help(self) -> str:
        """The help text: panels, columns, and colour on a terminal unless NO_COLOR.

        On a narrow terminal: Click's plain help, no word broken at a hyphen.
        """
        from oms_cli.cli import helpformat

        if not helpformat.wide_enough():
            with helpformat.whole_words():
                return super().get_help()
        colour = helpformat.on_terminal() if self.color is None else self.color
        return helpformat.rich_help(self.command, self, colour)


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
        """Parse the root's options; `oms` alone shows the help, as plain text on standard error."""
        if not args:
            ctx.color = False  # the help becomes an error's message, shown as plain text
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:  # ctx: click's Context
        """Run the command; see `_documented_endings`."""
        with _documented_endings(ctx):
            return super().invoke(ctx)

    lazy: dict[str, Any] = {}  # noqa: RUF012  (replaced per instance by `lazy_group`, never mutated)
    """Commands not built yet, by name: typer's CommandInfo records (see `lazy_group`)."""

    def list_commands(self, ctx: Any) -> list[str]:
        """Every command, built or not, in the order they were registered."""
        return [*self.commands, *(name for name in self.lazy if name not in self.commands)]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """The command named first in ``args``; a name that is none says which one was meant."""
        try:
            return super().resolve_command(ctx, args)
        except UsageError as error:
            if args and args[0] not in self.list_commands(ctx):
                from oms_cli.cli.suggest import did_you_mean

                error.message = error.message.rstrip(".") + did_you_mean(
                    args[0], self.list_commands(ctx)
                )
            raise

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command by name, built on first use."""
        if cmd_name not in self.commands and cmd_name in self.lazy:
            from typer.main import get_command_from_info

            self.commands[cmd_name] = get_command_from_info(
                self.lazy[cmd_name], pretty_exceptions_short=True, rich_markup_mode=None
            )
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            command.context_class = HelpContext
        return command


def lazy_group(app: typer.Typer) -> Any:  # a `Group`: typer types its builders with click's names
    """The app's command group with each command built only when it is used.

    Typer builds every command's parameters at start-up; `oms check` needs only its own, and each
    other command costs about 0.3 ms (benchmarks/README.md). The tests and the README reference
    use typer's usual eager build of the same app, so both paths are exercised.
    """
    from typer.main import get_command, get_command_name

    infos = app.registered_commands
    app.registered_commands = []
    try:
        group = get_command(app)
    finally:
        app.registered_commands = infos
    assert isinstance(group, Group), "the app must use oms_cli.cli.process.Group"  # noqa: S101
    group.lazy = {
        info.name or get_command_name(getattr(info.callback, "__name__", "")): info
        for info in infos
    }
    return group


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
    ctx = get_current_context(silent=True)
    path = ctx.command_path if ctx is not None else "oms"
    fail(f"{message}; see '{path} --help'")


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


def resume_garbage_collection() -> None:
    """Let the garbage collector run again, if `oms_cli.__main__` paused it for start-up.

    For a command whose work grows with its input. What start-up created is frozen first: it
    stays in use to the end, and the collector would otherwise scan it again and again.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


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
            lazy_group(app)(prog_name="oms")
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
