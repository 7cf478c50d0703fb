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
    r"<!-- example exit=(?P<code>\d+) -->\n```console\n\$ oms (?P<args>[^\n]*)\n(?P<output>.*?)```",
    re.DOTALL,
)


def test_readme_examples_are_real_output(cli: Invoke) -> None:
    """Every `<!-- example -->` block shows exactly what the command prints, and its exit code."""
    text = README.read_text(encoding="utf-8")
    examples = list(EXAMPLE.finditer(text))
    assert examples, "the README has no checked examples"
    updated = text
    for match in examples:
        result = cli(*shlex.split(match["args"]))
        assert result.exit_code == int(match["code"]), match["args"]
        if os.environ.get("OMS_UPDATE_README") == "1":
            block = match.group(0)
            fresh = (
                block.replace(match["output"], result.stdout, 1)
                if match["output"]
                else (block[: -len("```")] + result.stdout + "```")
            )
            updated = updated.replace(block, fresh, 1)
        else:
            assert result.stdout == match["output"], f"README example drifted: oms {match['args']}"
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
