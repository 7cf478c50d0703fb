"""The hazard log names real tests: a control that lost its test would show here."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HAZARDS = ROOT / "docs" / "hazards.md"


def defined_tests() -> set[str]:
    """Every test function defined in the suite."""
    names: set[str] = set()
    for path in (ROOT / "tests").glob("test_*.py"):
        names.update(re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.M))
    return names


def test_every_test_the_hazard_log_names_exists() -> None:
    """Each `test_...` cited in docs/hazards.md is defined in tests/."""
    cited = set(re.findall(r"`(test_\w+)`", HAZARDS.read_text(encoding="utf-8")))
    assert cited, "the hazard log cites no tests"
    assert sorted(cited - defined_tests()) == []


def test_every_hazard_has_a_control_and_tests() -> None:
    """Each hazard in the table has its own section with a control and at least one test."""
    text = HAZARDS.read_text(encoding="utf-8")
    ids = re.findall(r"^\| (H\d+) \|", text, re.M)
    assert len(ids) >= 10
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    by_id = {section.split(":", 1)[0]: section for section in sections}
    assert sorted(by_id) == sorted(ids)
    for hazard_id, section in by_id.items():
        assert "**Control.**" in section, hazard_id
        assert re.search(r"\*\*Tests\.\*\*.*`test_\w+`", section, re.S), hazard_id
