"""What only a whole process meets: signals, closed pipes, full disks, streams, usage errors.

Every way a run ends from outside the program's logic gets a documented exit code and at most one
line on standard error: Ctrl-C 130, SIGTERM 143, SIGHUP 129, a closed pipe 141 (quietly, as shells
report SIGPIPE), output that cannot be written 2. Mistakes on the command line, Click's and oms's
own, are one line each, exit 2, with Click's or oms's "did you mean" (`Group`); so are the
`oms_cli.errors` any layer raises.
"""

import codecs
import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterator, MutableMapping
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from oms_cli.cli import stopping
from oms_cli.errors import WRITE_ERRORS, Stopped, UsageError, UserError, notice, silence
from oms_cli.exitcodes import ExitCode
from oms_cli.files.textsafe import ASCII_ERRORS, did_you_mean, quoted, visible

SHOWN = 240
"""Longest message shown: Click's messages can quote a whole argument, however long."""


def _ending(error: BaseException) -> int:
    """Say in one line, with the error's notes, why a run ended; give its exit code."""
    notes = "".join(f"; {note}" for note in getattr(error, "__notes__", ()))
    if isinstance(error, UserError):  # said first; a signal lost meanwhile, `run` reports after it
        notice(f"error: {error}{notes}")
        return ExitCode.USAGE
    signum = stopping.signal_of(error)
    if signum is not None:
        stopping.Work.received = None  # reported: not lost
        notice(stopping.ending(signum) + notes)
        return ExitCode(128 + signum)  # as shells report a signal: 130, 143, 129
    silence(sys.stdout)
    if isinstance(error, OSError):
        if error.errno == errno.EPIPE:
            silence(sys.stderr)
            return ExitCode.CLOSED_PIPE
        reason = error.strerror or str(error)
        if isinstance(error.filename, str):
            notice(f"error: {quoted(error.filename, limit=None)}: {reason}{notes}")
        elif error.errno in WRITE_ERRORS:
            notice(f"error: cannot write the output: {reason}{notes}")
        else:
            notice(f"error: {reason}{notes}")
    # A shared library the loader cannot map (an ImportError) is memory running out too.
    elif isinstance(error, MemoryError) or "failed to map segment" in str(error):
        notice(f"error: not enough memory to go on{notes}")
    elif isinstance(error, RecursionError):
        notice(f"error: the input is nested too deeply to be read{notes}")
    elif isinstance(error, ImportError):  # short of memory, or an incomplete installation
        notice(
            f"error: part of Python or oms-cli could not be loaded ({_shown(error)}){notes}; "
            "memory may be short, or the installation is incomplete"
        )
    else:  # the last resort: one line, never a traceback, never 1 or 3 (verdicts)
        notice(f"error: unexpected problem ({_shown(error)}){notes}; please report it as a bug")
    return ExitCode.USAGE


def _shown(error: BaseException) -> str:
    """An exception named for people: its type and message, made visible and cut short."""
    return visible(f"{type(error).__name__}: {error}", SHOWN)


# --- the standard streams -------------------------------------------------------------------------


class _ClosedOutput(io.TextIOBase):
    """Standard output closed before `oms` started (``>&-``): every write, text or bytes, fails."""

    @property
    def buffer(self) -> "_ClosedOutput":
        """Itself: `oms batch` writes bytes."""
        return self

    def writable(self) -> bool:
        """Yes, as far as anyone can tell before writing."""
        return True

    def write(self, data: Any) -> int:
        """Fail like a closed file: the result cannot reach anyone."""
        raise OSError(errno.EBADF, "standard output is closed")


class WholeWrites(io.RawIOBase):
    """A file descriptor written whole or not at all: a short write is written on until it fails.

    Python's buffered writer would drop the rest when a pipe's reader leaves, rather than exit 141.
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


def _set_up_streams() -> None:
    """Standard streams closed at start get stand-ins; standard output is written whole."""
    if sys.stdin is None:  # reads as empty
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115  (open for the process's life)
    if sys.stderr is None:  # there is nowhere to show an error
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115  (as for stdin)
    stream = sys.stdout
    if stream is None:  # fails with a clear message rather than a verdict nobody can read
        sys.stdout = _ClosedOutput()
        return
    if not isinstance(stream, io.TextIOWrapper):
        return
    try:
        descriptor = stream.fileno()
        stream.flush()
    except (OSError, ValueError):  # not a file
        return
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(WholeWrites(descriptor)),
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=stream.line_buffering,
    )


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


def _degrade(error: UnicodeError) -> tuple[str, int]:
    r"""Characters a stream cannot encode: oms's typography as ASCII, others escaped (``\xe9``)."""
    # Never a letter without its accent: two ids such as "José" and "Jose" must not read alike.
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    shown = [_ASCII.get(char) or char.encode("ascii", "backslashreplace").decode() for char in text]
    return "".join(shown), error.end


codecs.register_error(ASCII_ERRORS, _degrade)  # once, for the standard streams and the pager


def _degrade_to_ascii() -> None:
    """Standard output and error that are not UTF-8 never fail with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if not isinstance(stream, io.TextIOWrapper) or not encoding:
            continue
        with contextlib.suppress(LookupError):
            if codecs.lookup(encoding).name == "utf-8":
                continue
        stream.reconfigure(errors=ASCII_ERRORS)


WIDTH_FLOOR = 20
"""The fewest columns any output is laid out for: below it, rich cuts every word to nothing."""


def floor_width(environ: MutableMapping[str, str] = os.environ) -> int | None:
    """Lay every output out for at least `WIDTH_FLOOR` columns; the floor set, or None."""
    # rich and `shutil.get_terminal_size` read COLUMNS before the terminal's size.
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
        with contextlib.suppress(OSError, ValueError):  # not a terminal: it has no width
            yield os.get_terminal_size(descriptor).columns


# --- the command line -----------------------------------------------------------------------------

GIVEN = "oms.given"
"""Key in Click's shared ``Context.meta``: each parameter's text as given."""


def _is_usage_error(error: BaseException) -> bool:
    """Whether ``error`` is Click's error about the command line (typer exports no class of it)."""
    return callable(getattr(error, "format_message", None)) and isinstance(
        getattr(error, "exit_code", None), int
    )


def _lower_first(text: str) -> str:
    """Click's sentences start with a capital; ours start lower-case, after "oms: error:"."""
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _click_message(error: Any, ctx: Any) -> str:  # a Click usage error and its context, or None
    """Click's message in our words: no full stop, the one closest suggestion in brackets."""
    possibilities = getattr(error, "possibilities", None)
    if possibilities:  # an unknown option: Click's parser names the close ones, closest first
        return f"{_lower_first(error.message.rstrip('.'))} (did you mean {possibilities[0]}?)"
    # An unknown command: Typer adds its suggestions, closest first, as a sentence.
    problem, found, suggestions = error.format_message().strip().partition(". Did you mean ")
    if found:
        return f"{_lower_first(problem)} (did you mean {suggestions.rstrip('?').split(', ')[0]}?)"
    message = _lower_first(problem.rstrip("."))
    param = getattr(error, "param", None)
    choices = getattr(getattr(param, "type", None), "choices", None)
    given = ctx.meta.get(GIVEN, {}).get(param.name) if param and choices and ctx else None
    if isinstance(given, str) and choices:  # a value that is none of its choices
        names = [str(getattr(choice, "value", choice)) for choice in choices]
        message += did_you_mean(given, names)
    return message


def _error_line(message: str, command_path: str) -> str:
    """One error line: the message made visible, on one line, then where help is."""
    text = " ".join(visible(line, SHOWN) for line in message.strip().splitlines())
    return f"error: {text}; see '{command_path} --help'"


def _command_path(group: Any) -> str:  # click's Context of the group, or None
    """``oms COMMAND`` while a command runs, else ``oms``: where its help is."""
    if group is not None and group.invoked_subcommand:
        return f"{group.command_path} {group.invoked_subcommand}"
    return "oms"


@contextlib.contextmanager
def _documented_endings(group: Any = None) -> Iterator[None]:  # click's Context of the group
    """Usage errors in one line; signals, failed reads and writes, anything else: a documented exit.

    Typer would make Ctrl-C a silent exit 130 and a closed pipe exit 1 ("criteria not met").
    """
    try:
        yield
    except (typer.Exit, typer.Abort):  # typer's own endings: they pass as they are
        raise
    except UsageError as error:
        notice(_error_line(str(error), _command_path(group)))
        raise typer.Exit(ExitCode.USAGE) from None
    except (KeyboardInterrupt, Stopped, Exception) as error:
        if not _is_usage_error(error):
            raise typer.Exit(_ending(error)) from None
        ctx = getattr(error, "ctx", None)  # none yet for a missing option value: the group's
        path = ctx.command_path if ctx is not None else _command_path(group)
        notice(_error_line(_click_message(error, ctx), path))
        code = getattr(error, "exit_code", ExitCode.USAGE)
        # A plain ClickException exits 1, which for `oms check` means "not met".
        raise typer.Exit(ExitCode.USAGE if code in {1, 2} else code) from None


def _refuse_repeats(command: Any, ctx: Any, name: str, args: list[str]) -> None:  # click's types
    """Exit 2 for an option of one value given twice (Click would keep the last silently).

    Click's own parser counts them (``-fjson``, ``--format=json``); what each parameter was given
    is kept for `_click_message`.
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
        times = order.count(param)
        if param.param_type_name != "option" or param.multiple or param.is_flag or times < 2:
            continue
        shown = "/".join(param.opts + param.secondary_opts)
        sub.fail(f"{shown} given {'twice' if times == 2 else f'{times} times'}; give it once")


class _Screen(io.StringIO):
    """Where help is rendered: for a terminal (colour, unless NO_COLOR) when stdout is one."""

    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        """Whether rich should write for a terminal."""
        return self.terminal


class HelpContext(typer.Context):
    """Click's context, with Typer's rich help returned as text, for Click to write as output."""

    def get_help(self) -> str:
        """The help in Typer's rich layout, without the spaces rich pads its lines with."""
        screen = _Screen(sys.stdout is not None and sys.stdout.isatty())
        with contextlib.redirect_stdout(screen):
            plain = super().get_help()
        text = screen.getvalue() + plain
        return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


class Group(TyperGroup):
    """The `oms` group: every command, and the root's --help and --version, end documented ways."""

    context_class = HelpContext

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:  # click's Context; typer vendors click without exporting its types
        """Parse the root options (which may print --help or --version)."""
        with _documented_endings():
            try:
                return super().make_context(info_name, args, parent, **extra)
            except typer.Exit as done:
                # Typer's completion options exit 1 for a shell they do not support: usage, 2.
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
            _refuse_repeats(command, ctx, name, rest)
        return name, command, rest

    def invoke(self, ctx: Any) -> Any:  # ctx: click's Context
        """Run the command; its endings as `_documented_endings` says."""
        with _documented_endings(ctx):
            stopping.raise_lost()  # a Ctrl-C lost while oms loaded: the command never starts
            return super().invoke(ctx)


def run(app: typer.Typer) -> NoReturn:
    """Run the app as the whole process, and end it with a documented code."""
    code: str | int | None = ExitCode.OK
    try:
        try:
            _set_up_streams()
            floor_width()
            _degrade_to_ascii()
            app(prog_name="oms")
        finally:
            stopping.Work.done = True  # a signal still on its way here raises, and is handled below
    except SystemExit as done:
        code = done.code
    except (KeyboardInterrupt, Stopped, Exception) as error:  # outside a command
        code = _ending(error)
    try:  # here a full disk or a closed pipe can still be reported; at exit, not
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError as error:
        code = _ending(error)
    if stopping.Work.received is not None:  # a signal lost where nothing could raise it again
        code = _ending(stopping.signal_error(stopping.Work.received))
    stopping.release()
    sys.exit(code)
