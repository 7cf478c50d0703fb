"""The reference page as the faithfulness tests read it: its prose, its passages and their numbers.

The page is read at test time from the shared reference folder (never copied into this project,
so that no sentence of it lives here); where there is none, as in a fresh clone, the tests that
need it are skipped with the reason, unless `OMS_REQUIRE_REFERENCE=1` (CI) makes that a failure.

A passage is named by an anchor: a few words (fewer than eight, so this file copies no sentence)
that occur exactly once on the page. Its reference numbers
are read from the page itself, by the page's own layout:

- in a paragraph, or in a list item that carries numbers, a statement is cited by the first
  numbers after it on its line, and a statement after a line's last numbers has none: the page
  states it without a reference, which the tool cites as [GARD] (0);
- a list item without numbers takes its list's numbers: those at the end of the line that opens
  the list when it has them (the signs and symptoms), else those of the paragraph that closes it
  when no item of the list has numbers of its own (the four criteria, cited [4] after the list),
  else none (the trazodone item of the treatment list); the line that opens a list without
  numbers of its own (the rule of any 3 of 4) takes the list's numbers.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest

GARD = 0
_MARKS = re.compile(r"(?:\[\d\])+")
_ITEM = re.compile(r"^\s*(?:•|\d+\.)\s")
PAGE_NAME = Path("shared") / "reference" / "gard-oms-2017.txt"
CHECKER_NAME = Path("shared") / "tools" / "copied-sentences"
REQUIRE_REFERENCE = "OMS_REQUIRE_REFERENCE"
"""Set to 1 (`.ci/run` does), a missing reference page or copy checker fails the tests that need
them instead of skipping them: CI always runs them."""


def shared_file(name: Path) -> Path:
    """A file of the project's `shared/` folder, beside the worktree or one of its parents.

    A fresh clone has no `shared/` beside it: then the test that asked is skipped, saying why, so
    that `make test` passes there; with `OMS_REQUIRE_REFERENCE=1` it fails instead, saying why.
    """
    for folder in Path(__file__).resolve().parents:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    reason = (
        f"{name} not found beside this checkout or above it (a fresh clone has no ../shared); "
        "the tests that hold the tool's words to the reference page need it"
    )
    if os.environ.get(REQUIRE_REFERENCE) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_REFERENCE}=1 requires them", pytrace=False)
    pytest.skip(f"{reason}; set {REQUIRE_REFERENCE}=1 to make this a failure")


def page_path() -> Path:
    """Where the reference page is (see `shared_file`: skipped or failed when it is absent)."""
    return shared_file(PAGE_NAME)


def copy_checker() -> Path:
    """Where the shared copy checker is (see `shared_file`: skipped or failed when absent)."""
    return shared_file(CHECKER_NAME)


@cache
def page_lines() -> tuple[str, ...]:
    """The page's prose, line by line, without its closing reference list.

    Runs of spaces, the page's no-break spaces among them, are read as one space.
    """
    text = page_path().read_text(encoding="utf-8")
    prose_lines = text.split("Please see our Disclaimer")[0].splitlines()
    return tuple(re.sub(r"[ \xa0]+", " ", line) for line in prose_lines)


def prose() -> str:
    """The page's prose as one text."""
    return "\n".join(page_lines())


def _numbers(marks: str) -> tuple[int, ...]:
    return tuple(sorted(int(n) for n in re.findall(r"\d", marks)))


def _is_item(line: str) -> bool:
    return bool(_ITEM.match(line))


def _list_numbers(lines: tuple[str, ...], index: int) -> tuple[int, ...]:
    """The numbers of the list that holds the item at ``index`` (see the module docstring)."""
    start = index
    while start > 0 and (_is_item(lines[start - 1]) or not lines[start - 1].strip()):
        start -= 1
    end = index
    while end + 1 < len(lines) and (_is_item(lines[end + 1]) or not lines[end + 1].strip()):
        end += 1
    opening = lines[start - 1].rstrip() if start > 0 else ""
    opening_marks = _MARKS.search(opening[-12:])
    if opening_marks and opening.endswith(opening_marks.group()):
        return _numbers(opening_marks.group())
    items = [line for line in lines[start : end + 1] if _is_item(line)]
    if any(_MARKS.search(item) for item in items):
        return (GARD,)
    closing = _MARKS.search(lines[end + 1]) if end + 1 < len(lines) else None
    return _numbers(closing.group()) if closing else (GARD,)


def locate(anchor: str) -> tuple[int, int]:
    """The line number and column where ``anchor`` occurs; it must occur exactly once."""
    found = [
        (number, match.start())
        for number, line in enumerate(page_lines())
        for match in re.finditer(re.escape(anchor), line)
    ]
    if len(found) != 1:
        raise ValueError(f"anchor {anchor!r} occurs {len(found)} times on the page, not once")
    return found[0]


def numbers_of(anchor: str) -> tuple[int, ...]:
    """The reference numbers the page gives the statement containing ``anchor`` (0: none)."""
    lines = page_lines()
    number, column = locate(anchor)
    line = lines[number]
    after = _MARKS.search(line, column + len(anchor))
    if after:
        return _numbers(after.group())
    if _MARKS.search(line):  # after the line's last numbers: stated without a reference
        return (GARD,)
    if _is_item(line):
        return _list_numbers(lines, number)
    following = number + 1
    while following < len(lines) and not lines[following].strip():
        following += 1
    if line.rstrip().endswith(":") and following < len(lines) and _is_item(lines[following]):
        return _list_numbers(lines, following)  # the line that opens a list: the list's numbers
    return (GARD,)


def sentence_of(anchor: str) -> str:
    """The page's sentence (or list item) that contains ``anchor``, citation marks removed."""
    number, column = locate(anchor)
    line = _MARKS.sub(" ", page_lines()[number])
    starts = [0, *(m.end() for m in re.finditer(r"[.:!?]\s+", line) if m.end() <= column)]
    begin = starts[-1]
    stop = re.search(r"[.!?](\s|$)", line[column:])
    end = column + stop.end() if stop else len(line)
    return " ".join(line[begin:end].split())


WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The words of a text as the copy checks compare them: lower case, letters and digits."""
    return WORD.findall(text.lower())


def _lcs(left: list[str], right: list[str]) -> int:
    """The length of the longest common subsequence of two short word lists."""
    previous = [0] * (len(right) + 1)
    for word in left:
        current = [0]
        for index, other in enumerate(right):
            current.append(
                previous[index] + 1 if word == other else max(previous[index + 1], current[-1])
            )
        previous = current
    return previous[-1]


NEAR_WINDOW = 9
"""Words of the tool's text compared at a time."""
NEAR_SPAN = 11
"""Words of the page compared with them."""
NEAR_SHARED = 7
"""Shared words, in the page's order, that make a near-copy: 7 of 9, within 11 of the page's."""

NAMES = (
    "opsoclonus myoclonus syndrome",
    "opsoclonus myoclonus ataxia",
    "mri with contrast",
    "helical or spiral ct",
    "helical spiral ct",
    "hu anti neuronal nuclear antibodies",
    "epstein barr",
    "coxsackie b",
    "hepatitis c",
    "lyme disease",
)
"""Names of the syndrome, tests, an antibody and infections: each counts as one word, both sides.

They cannot be put in other words, and are named where the page names them (a list of viruses, the
scans to look for a tumour), so counted word by word they would make a near-copy of their own.
Drug names are not among them (issue 23): merged into one word, "adrenocorticotropic hormone" let
a sentence keep the page's frame around the page's drugs ("Treatment can include corticosteroids or
ACTH ...", 8 words of the page with one changed) and pass. Counted word by word, a list of the
page's drugs passes only in a frame of one's own.
"""


def named(text_words: list[str]) -> list[str]:
    """The words with each of the `NAMES` joined into one word (``name0``, ``name1``, ...)."""
    joined = f" {' '.join(text_words)} "
    for number, name in enumerate(sorted(NAMES, key=len, reverse=True)):
        joined = joined.replace(f" {name} ", f" name{number} ")
    return joined.split()


@cache
def _page_index() -> tuple[list[str], dict[str, list[int]], list[frozenset[str]]]:
    # The page's own words: not the name of its publisher (its first line) nor its dates.
    kept = [line for line in page_lines()[1:] if not line.startswith("Last updated")]
    page = named(words("\n".join(kept)))
    where: dict[str, list[int]] = {}
    for index, word in enumerate(page):
        where.setdefault(word, []).append(index)
    spans = [frozenset(page[index : index + NEAR_SPAN]) for index in range(len(page))]
    return page, where, spans


CITATION = re.compile(r"\[(?:\d|GARD)\]")


def near_copies(text: str) -> list[str]:
    """Runs of the text that keep the page's wording with a word or two swapped, added or left out.

    A near-copy: `NEAR_SHARED` of `NEAR_WINDOW` words of the text are words of the page in the
    page's order, within `NEAR_SPAN` words of it. That is stricter than "8 words in the page's
    order allowing one substitution", which it includes. Citation marks are left out (they are not
    words), and each of the `NAMES` counts as one word.
    """
    page, where, spans = _page_index()
    mine = named(words(CITATION.sub(" ", text)))
    found: list[str] = []
    index = 0
    while index <= len(mine) - NEAR_SHARED:
        window = mine[index : index + NEAR_WINDOW]
        if any(
            # Words of the window found in the page's span bound the shared run from above.
            sum(word in spans[start] for word in window) >= NEAR_SHARED
            and _lcs(window, page[start : start + NEAR_SPAN]) >= NEAR_SHARED
            for start in where.get(mine[index], ())
        ):
            found.append(" ".join(window))
            index += NEAR_WINDOW
        else:
            index += 1
    return found
