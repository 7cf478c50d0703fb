"""The README's and the docs' examples are real: each one is run and compared with what it shows.

An example is a ``console`` block after ``<!-- example exit=N -->``: the command, then exactly what
it prints. ``OMS_UPDATE_README=1`` rewrites the shown output from the real one (the exit code must
still match). Python blocks are doctests, run as they stand.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import shutil
from pathlib import Path

import pytest

import oms_cli
from tests.conftest import Invoke

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PAGES = (README, *sorted((ROOT / "docs").glob("*.md")))
EXAMPLE = re.compile(
    r"<!-- example exit=(?P<code>\d+) -->\n```console\n"
    r"\$ (?P<command>(?:printf '(?P<stdin>[^']*)' \| )?oms (?P<args>[^\n]*))\n"
    r"(?P<output>.*?)```",
    re.DOTALL,
)
CHECKED_ELSEWHERE = re.compile(
    r"<!-- example checked by tests/(?P<file>\w+\.py)::(?P<test>\w+) -->"
)
"""A block whose output is partly elided or needs a file made in the test: its own test runs it."""
CONSOLE = re.compile(r"(?P<before>[^\n]*)\n *```console\n *\$ (?P<command>[^\n]*)\n")
PYTHON = re.compile(r"```python\n(.*?)```", re.DOTALL)


def _name(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def _with_examples() -> list[Path]:
    return [page for page in PAGES if EXAMPLE.search(page.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page", _with_examples(), ids=_name)
def test_examples_are_real_output(
    page: Path, cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every `<!-- example -->` block shows exactly what the command prints, and its exit code.

    A command may read answers piped from ``printf '...'``; what is shown is what a person sees:
    standard output and standard error, interleaved. Each runs in a folder of its own holding a
    copy of examples/, so that exports write nothing into the clone and see no earlier file.
    """
    text = page.read_text(encoding="utf-8")
    updated = text
    for number, match in enumerate(EXAMPLE.finditer(text)):
        folder = tmp_path / str(number)
        shutil.copytree(ROOT / "examples", folder / "examples")
        monkeypatch.chdir(folder)
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
            assert result.output == match["output"], f"{_name(page)}: drifted: {match['command']}"
    if updated != text:
        page.write_text(updated, encoding="utf-8")


def test_the_readme_has_examples() -> None:
    """The README shows real output, not only prose."""
    assert README in _with_examples()


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_shown_command_is_checked(page: Path) -> None:
    """A console block that runs `oms` is an example, or names the test that checks it."""
    text = page.read_text(encoding="utf-8")
    for match in CONSOLE.finditer(text):
        command = match["command"]
        if not (command.startswith("oms ") or " | oms " in command):
            continue
        before = match["before"].strip()
        where = CHECKED_ELSEWHERE.fullmatch(before)
        if where is None:
            assert re.fullmatch(r"<!-- example exit=\d+ -->", before), (
                f"{_name(page)}: `{command}` is shown but not checked"
            )
            continue
        test_file = ROOT / "tests" / where["file"]
        assert f"def {where['test']}(" in test_file.read_text(encoding="utf-8"), where.group(0)


def _python_blocks() -> list[Path]:
    return [page for page in PAGES if PYTHON.search(page.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page", _python_blocks(), ids=_name)
def test_python_examples_run(page: Path) -> None:
    """Each page's Python blocks, run as doctests, give the results they show."""
    text = page.read_text(encoding="utf-8")
    blocks = PYTHON.findall(text)
    parser = doctest.DocTestParser()
    test = parser.get_doctest("\n".join(blocks), {}, _name(page), str(page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    prompts = sum(
        line.lstrip().startswith(">>> ") for block in blocks for line in block.splitlines()
    )
    assert (runner.failures, runner.tries) == (0, prompts)


def test_the_library_example_is_in_the_readme_and_its_page() -> None:
    """The README and docs/library.md both show the library at work."""
    assert {README, ROOT / "docs" / "library.md"} <= set(_python_blocks())


def test_readme_starts_with_the_two_commands() -> None:
    """A newcomer's first two commands are `make demo` and `make test`, in that order."""
    text = README.read_text(encoding="utf-8")
    start = text.index("## Start here")
    first_block = text[start:].split("```console\n", 1)[1].split("```", 1)[0]
    assert [line.split()[1] for line in first_block.splitlines()] == ["demo", "test"]
    assert oms_cli.__doc__ is not None


def test_the_readme_is_read_in_two_minutes() -> None:
    """The README stays short (at most about 300 lines); the details live in docs/."""
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 300


LINK = re.compile(r"\]\((?P<target>[^)#\s]+)(?:#[^)\s]*)?\)")


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_links_between_pages_resolve(page: Path) -> None:
    """Every relative link in the README and the docs names a file that exists."""
    text = page.read_text(encoding="utf-8")
    targets = [m["target"] for m in LINK.finditer(text) if "://" not in m["target"]]
    missing = [t for t in targets if not (page.parent / t).exists()]
    assert missing == []


def test_every_docs_page_is_in_the_table_of_contents() -> None:
    """docs/README.md links every page of docs/, so that none is found only by chance."""
    contents = (ROOT / "docs" / "README.md").read_text(encoding="utf-8")
    linked = {m["target"] for m in LINK.finditer(contents)}
    pages = {page.name for page in (ROOT / "docs").glob("*.md")} - {"README.md"}
    assert pages <= linked
