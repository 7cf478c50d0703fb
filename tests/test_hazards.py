"""The hazard log names real tests: a control that lost its test would show here.

Each control in docs/hazards.md cites, as `test_file.py::test_name`, the few tests that would fail
if the control were lost. Only the cited tests are held to their names: renaming any other test
never touches the log.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HAZARDS = ROOT / "docs" / "hazards.md"

MAX_TESTS_PER_CONTROL = 4
"""A control is one design choice. The direct test of the whole command, and one or two of its
mechanism or of a second path (file and pipe, text and JSON), are enough to notice its loss; a
control that needs more bundles several choices and should be split, and a longer list pins
details that belong to the suite, so that renaming them fails the log (issue 24)."""

CITATION = re.compile(r"`(test_\w+\.py)::(test_\w+)`")
CONTROL = re.compile(r"^- \*\*Control\b", re.M)


def log_text() -> str:
    """The hazard log as text."""
    return HAZARDS.read_text(encoding="utf-8")


def sections() -> dict[str, str]:
    """Each hazard's section (`## H1: ...` up to the next heading), by its id."""
    parts = re.split(r"^## ", log_text(), flags=re.M)[1:]
    return {part.split(":", 1)[0]: part for part in parts}


def controls(section: str) -> list[str]:
    """The text of each control of a section: its bullet line and the indented lines after it."""
    items: list[list[str]] = []
    inside = False
    for line in section.splitlines():
        if CONTROL.match(line):
            items.append([line])
            inside = True
        elif inside and line.startswith("  "):
            items[-1].append(line)
        else:
            inside = False
    return ["\n".join(item) for item in items]


def defined(file_name: str) -> set[str]:
    """The test functions defined at the top level of one test file (none if it is missing)."""
    path = ROOT / "tests" / file_name
    if not path.is_file():
        return set()
    return set(re.findall(r"^def (test_\w+)\(", path.read_text(encoding="utf-8"), re.M))


def test_every_cited_test_is_defined_in_the_file_named() -> None:
    """Each `file::name` cited in docs/hazards.md is a test defined in tests/file."""
    cited = CITATION.findall(log_text())
    assert cited, "the hazard log cites no tests"
    missing = sorted(f"{file}::{name}" for file, name in set(cited) if name not in defined(file))
    assert missing == []


def test_every_citation_names_its_file() -> None:
    """A bare `test_name` (the old form) cannot be checked against its file: none is left."""
    bare = re.findall(r"`(test_\w+)`", log_text())
    assert bare == [], "cite a test as `test_file.py::test_name`"


def test_every_hazard_has_a_section_with_controls() -> None:
    """Each hazard of the table has its own section, with at least one control."""
    ids = re.findall(r"^\| (H\d+) \|", log_text(), re.M)
    assert len(ids) >= 10
    by_id = sections()
    assert sorted(by_id) == sorted(ids)
    for hazard_id, section in by_id.items():
        assert controls(section), hazard_id


def test_each_control_cites_a_few_tests() -> None:
    """Every control cites between 1 and MAX_TESTS_PER_CONTROL tests, and every test a control."""
    cited_in_controls = 0
    for hazard_id, section in sections().items():
        for control in controls(section):
            count = len(CITATION.findall(control))
            title = control.splitlines()[0]
            assert 1 <= count <= MAX_TESTS_PER_CONTROL, (hazard_id, title, count)
            cited_in_controls += count
    assert cited_in_controls == len(CITATION.findall(log_text()))


def test_the_control_parser_sees_each_bullet_as_its_own_control() -> None:
    """The check above cannot pass by reading two controls, or none, as one."""
    section = (
        "H0: x\n\n- **Control: a.** text\n  Tests: `test_a.py::test_a`.\n"
        "- **Control: b.** text\n  Tests: `test_b.py::test_b`, `test_b.py::test_c`.\n"
        "- **Residual risk.** none.\n"
    )
    assert [len(CITATION.findall(control)) for control in controls(section)] == [1, 2]
