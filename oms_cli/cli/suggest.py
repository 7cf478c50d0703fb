"""Error lines for people: one line, the problem first, a "did you mean", the way to help.

Every error `oms` reports, Click's usage errors included, is one line on standard error::

    oms: error: no such command 'chek' (did you mean 'check'?); see 'oms --help'

Loaded only on the error path (`oms_cli.cli.process.fail` and Click's errors): a run that works
never
pays for `difflib` or for this module.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

from oms_cli.files.textsafe import quoted, visible

SHOWN = 240
"""Longest message shown: Click's messages can quote a whole argument, however long. The limit of
`oms_cli.cli.process.USAGE_ERROR_SHOWN`, written out: process imports this module, not the
reverse."""


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


_CHOICE = re.compile(r"^(?P<value>'.*'|\".*\") is not one of ")


def _lower_first(text: str) -> str:
    """Click's sentences start with a capital; ours start lower-case, after "oms: error:"."""
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def click_message(error: Any) -> str:  # a click UsageError; typer vendors click untyped
    """A Click usage error as our message: no trailing full stop, a "did you mean" if one fits."""
    from typer._click.exceptions import BadParameter, NoSuchOption  # noqa: PLC0415  (error path)

    text = error.format_message()
    suggestion = ""
    if isinstance(error, NoSuchOption):
        text = error.message  # without click's list of "possible options": one is enough
        match = closest(error.option_name, error.possibilities or ())
        suggestion = f" (did you mean {match}?)" if match is not None else ""
    elif isinstance(error, BadParameter) and error.param is not None:
        choices = getattr(error.param.type, "choices", None)
        found = _CHOICE.match(error.message)
        if choices and found:
            try:
                value = str(ast.literal_eval(found["value"]))
            except (ValueError, SyntaxError):  # not a plain quoted string: no suggestion
                value = ""
            names = [str(getattr(choice, "value", choice)) for choice in choices]
            suggestion = did_you_mean(value, names)
    return _lower_first(text.strip().rstrip(".")) + suggestion
