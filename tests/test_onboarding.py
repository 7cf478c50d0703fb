"""A newcomer's first minutes: `make demo` says what it does, shows a little, says what next."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
OMS = Path(sys.executable).with_name("oms")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_announces_the_install_then_shows_a_short_demo_and_what_next() -> None:
    """As `make` would run it on a fresh clone (-B: as if nothing were installed yet).

    A line saying what the install does and how long it takes comes before it; then the list of
    cases, one case, and a "Try next" line; never the whole walk-through of every case.
    """
    dry = subprocess.run(
        ["make", "-n", "-B", "demo"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    announce = dry.index("Setting up: a virtual environment")
    assert announce < dry.index("-m venv") < dry.index("pip install")
    assert "about a minute" in dry[announce : dry.index("\n", announce)]
    demo = dry[dry.index("pip install") :]
    assert "oms demo --no-pager" in demo
    assert "oms demo scan-pending --no-input --no-pager" in demo
    assert "--all --no-input" not in demo
    assert demo.index("scan-pending") < demo.index("Try next:")


@pytest.mark.skipif(not OMS.exists(), reason=f"console script not installed: {OMS}")
@pytest.mark.parametrize(
    ("words", "offered"),
    [("oms demo sc", ["scan-pending"]), ("oms demo a", ["all-four", "after-infection", "adult"])],
)
def test_shell_completion_offers_demo_case_names(words: str, offered: list[str]) -> None:
    """Tab after `oms demo` completes the case ids (as after `oms info`, the topic ids)."""
    env = {
        **os.environ,
        "_OMS_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    result = subprocess.run([OMS], env=env, capture_output=True, text=True, check=False)
    assert sorted(result.stdout.split()) == sorted(offered)
