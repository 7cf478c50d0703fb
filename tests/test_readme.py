"""The README's examples are real: each one is run and compared with what it shows."""

from __future__ import annotations

import doctest
import os
import re
import shlex
from pathlib import Path

import oms_cli
from tests.conftest import Invoke

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLE = re.compile(
    r"<!-- example exit=(?P<code>\d+) -->\n```console\n"
    r"\$ (?P<command>(?:printf '(?P<stdin>[^']*)' \| )?oms (?P<args>[^\n]*))\n"
    r"(?P<output>.*?)```",
    re.DOTALL,
)


def test_readme_examples_are_real_output(cli: Invoke) -> None:
    """Every `<!-- example -->` block shows exactly what the command prints, and its exit code.

    A command may read answers piped from ``printf '...'``; what is shown is what a person sees:
    standard output and standard error, interleaved.
    """
    text = README.read_text(encoding="utf-8")
    examples = list(EXAMPLE.finditer(text))
    assert examples, "the README has no checked examples"
    updated = text
    for match in examples:
        stdin = match["stdin"].replace("\\n", "\n") if match["stdin"] is not None else None
        result = cli(*shlex.split(match["args"]), input=stdin)
        assert result.exit_code == int(match["code"]), (match["args"], result.stderr)
        if os.environ.get("OMS_UPDATE_README") == "1":
            fresh = (
                f"<!-- example exit={result.exit_code} -->\n```console\n"
                f"$ {match['command']}\n{result.output}```"
            )
            updated = updated.replace(match.group(0), fresh, 1)
        else:
            assert result.output == match["output"], f"README example drifted: {match['command']}"
    if updated != text:
        README.write_text(updated, encoding="utf-8")


def test_readme_python_example_runs() -> None:
    """The library example in the README gives the result it shows."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", text, re.DOTALL)
    assert block is not None
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.group(1), {}, "README", str(README), 0)
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert (runner.failures, runner.tries) == (0, 3)


def test_readme_starts_with_the_two_commands() -> None:
    """A newcomer's first two commands are `make demo` and `make test`, in that order."""
    text = README.read_text(encoding="utf-8")
    start = text.index("## Start here")
    first_block = text[start:].split("```console\n", 1)[1].split("```", 1)[0]
    assert [line.split()[1] for line in first_block.splitlines()] == ["demo", "test"]
    assert oms_cli.__doc__ is not None
