"""Error lines for people: one line, the problem first, a "did you mean", the way to help.

Every error `oms` reports, Click's usage errors included, is one line on standard error::

    oms: error: no such command 'chek' (did you mean 'check'?); see 'oms --help'

The suggestions for commands and options are Typer's and Click's own (``suggest_commands``, and
the options Click's parser names as close); this module only words them. Names that oms itself
reads (topics, cases, batch columns) are matched here, by `closest`.
"""

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

from oms_cli.files.textsafe import quoted, visible

SHOWN = 240
"""Longest message shown: Click's messages can quote a whole argument, however long."""
TYPER_SUGGESTION = ". Did you mean "
"""How Typer adds its "did you mean" for a command to Click's message (``suggest_commands``)."""


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` most likely meant (ignoring case), or None when none is close."""
    by_folded = {choice.casefold(): choice for choice in choices}
    matches = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=0.6)
    return by_folded[matches[0]] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    match = closest(word, choices)
    return f" (did you mean {quoted(match)}?)" if match is not None else ""


def help_hint(command_path: str) -> str:
    """The end of every error line: where help is."""
    return f"; see '{command_path} --help'"


def error_line(message: str, command_path: str) -> str:
    """One error line after ``oms: ``: the message made visible (on one line), the help hint."""
    text = " ".join(visible(line, SHOWN) for line in message.strip().splitlines())
    return f"error: {text}{help_hint(command_path)}"


def unknown_name(kind: str, name: str, valid: Sequence[str]) -> str:
    """The error for a name that is none of ``valid``: the closest one, else every one."""
    match = closest(name, valid)
    if match is not None:
        return f"unknown {kind} {quoted(name)} (did you mean {quoted(match)}?)"
    return f"unknown {kind} {quoted(name)}; choose one of: {', '.join(valid)}"


def _lower_first(text: str) -> str:
    """Click's sentences start with a capital; ours start lower-case, after "oms: error:"."""
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def click_message(error: Any) -> str:  # a Click usage error; typer exports no type for it
    """A Click or Typer usage error as our message: no full stop, one suggestion in brackets.

    An unknown option: Click's parser names the close ones, closest first (``possibilities``).
    An unknown command: Typer adds its suggestions, closest first, as a sentence. Only the
    closest is shown, as for every other name (`did_you_mean`).
    """
    possibilities = getattr(error, "possibilities", None)
    if possibilities:  # Click's NoSuchOption
        return f"{_lower_first(error.message.rstrip('.'))} (did you mean {possibilities[0]}?)"
    text = error.format_message().strip()
    problem, found, suggestions = text.partition(TYPER_SUGGESTION)
    if found:
        first = suggestions.rstrip("?").split(", ")[0]
        return f"{_lower_first(problem.rstrip('.'))} (did you mean {first}?)"
    return _lower_first(text.rstrip("."))
